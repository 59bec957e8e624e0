"""Applying fixes: text edits, repeated to a fixed point, with a guard against loss.

Like mdformat's render check, nothing is written unless the fixed text still has
every entry title and every URL it had, except what an applied fix reported
(a duplicate it removed, a URL it rewrote).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from listbot.config import Config
from listbot.diagnostics import Applicability, Diagnostic, Edit
from listbot.engine import lint_document
from listbot.model import Document
from listbot.parse import parse
from listbot.rules.common import fold_title
from listbot.urls import identity

MAX_PASSES = 12


class FixRefused(Exception):
    """The fixed text would lose content that no diagnostic reported."""


@dataclass(slots=True)
class FixResult:
    text: str
    fixed: list[Diagnostic] = field(default_factory=list)  # what was repaired, in order
    remaining: list[Diagnostic] = field(default_factory=list)  # what the fixed text still has
    first_pass: int = 0  # fixed[:first_pass] carry positions in the original text

    @property
    def changed(self) -> bool:
        return bool(self.fixed)


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one point: their order would be a guess
    return a.start < b.end and b.start < a.end


def apply_fixes(
    text: str, diagnostics: Sequence[Diagnostic], unsafe: bool = False
) -> tuple[str, list[Diagnostic]]:
    """Apply every fix that does not overlap an earlier one; return the text and the applied."""
    chosen: list[Diagnostic] = []
    taken: list[Edit] = []  # sorted by start, never overlapping each other
    fixes = [
        (d, d.fix) for d in diagnostics if d.fix and (unsafe or d.fix.applicability is Applicability.SAFE)
    ]
    for diagnostic, fix in sorted(
        fixes, key=lambda pair: (min(e.start for e in pair[1].edits), pair[0].code)
    ):
        edits = sorted(fix.edits, key=lambda e: e.start)
        if any(_overlaps(a, b) for a, b in pairwise(edits)) or any(_clashes(taken, e) for e in edits):
            continue
        for edit in edits:
            insort(taken, edit, key=lambda e: e.start)
        chosen.append(diagnostic)
    return _rewrite(text, taken), chosen


def _clashes(taken: list[Edit], edit: Edit) -> bool:
    """Whether ``edit`` overlaps one of ``taken`` (sorted, non-overlapping): only neighbours can."""
    index = bisect_left(taken, edit.start, key=lambda e: e.start)
    if index > 0 and _overlaps(taken[index - 1], edit):
        return True
    while index < len(taken) and taken[index].start <= edit.end:
        if _overlaps(taken[index], edit):
            return True
        index += 1
    return False


def _rewrite(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` (sorted by start) applied, in one pass."""
    pieces, cursor = [], 0
    for edit in edits:
        pieces += [text[cursor : edit.start], edit.content]
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _titles(doc: Document) -> set[str]:
    return {fold_title(entry.link.text) for entry in doc.entries if entry.link}


def _identities(doc: Document) -> set[str]:
    return {identity(link.url) for link in doc.all_links if link.url}


def _touched_urls(doc: Document, applied: list[Diagnostic]) -> set[str]:
    """Identities of the URLs that the applied fixes edited (touching counts)."""
    edits = sorted((edit for d in applied for edit in d.fix.edits), key=lambda e: e.start)  # type: ignore[union-attr]
    touched = set()
    for link in doc.all_links:
        index = bisect_right(edits, link.url_span.end, key=lambda e: e.start) - 1
        if index >= 0 and edits[index].end >= link.url_span.start:
            touched.add(identity(link.url))
    return touched


def fix_text(
    text: str,
    path: str = "<text>",
    config: Config | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    unsafe: bool = False,
    extra: Sequence[Diagnostic] = (),
    passes: int = MAX_PASSES,
) -> FixResult:
    """Fix ``text`` until no fixable diagnostic is left (or nothing more can be applied).

    ``extra`` are diagnostics from outside the offline rules (the link checker's
    LB702) for the original text; they take part in the first pass only. A fix can
    bring out a new problem (removing a duplicate can make a section dated), so
    fixing repeats, up to ``passes`` times.
    """
    config = config or Config()
    original = parse(text, path)
    result = FixResult(text=text)
    allowed_urls: set[str] = set()
    doc = original
    diagnostics = lint_document(doc, config, select, ignore) + list(extra)
    for _ in range(passes):
        new_text, applied = apply_fixes(doc.text, diagnostics, unsafe)
        if not applied or new_text == doc.text:
            break
        allowed_urls |= _touched_urls(doc, applied)
        result.first_pass = result.first_pass or len(applied)
        result.fixed.extend(applied)
        doc = parse(new_text, path)
        diagnostics = lint_document(doc, config, select, ignore)
    result.text = doc.text
    result.remaining = diagnostics
    _guard(original, doc, allowed_urls)
    return result


def _guard(before: Document, after: Document, allowed_urls: set[str]) -> None:
    lost_titles = _titles(before) - _titles(after)
    if lost_titles:
        raise FixRefused(f"{before.path}: fixing would lose the entry titled {sorted(lost_titles)[0]!r}")
    lost_urls = _identities(before) - _identities(after) - allowed_urls
    if lost_urls:
        raise FixRefused(f"{before.path}: fixing would lose the link {sorted(lost_urls)[0]!r}")


def unified_diff(before: str, after: str, path: str) -> str:
    """What fixing changed, as ``listbot fix --diff`` prints it (and the bot's summary shows it)."""
    import difflib

    name = path.lstrip("/")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(lines)
