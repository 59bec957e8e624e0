"""Applying fixes: text edits, checked by the render rail, repeated to a fixed point.

Each pass applies every chosen fix that does not overlap an earlier one, after
:mod:`listbot.rail` has checked that it changes no more of the rendered list than
it declares (a refused fix is dropped, and its diagnostic says why). A last guard
compares the entries before and after: nothing is written if a real title or a
link that no applied fix named would be lost.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from operator import itemgetter

from listbot.diagnostics import Applicability, Change, Diagnostic, Edit, Fix
from listbot.model import Document
from listbot.text import title_key
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
    refused: list[Diagnostic] = field(default_factory=list)  # fixes the render check refused

    @property
    def changed(self) -> bool:
        return bool(self.fixed)

    @property
    def unsafe_left(self) -> int:
        """Remaining problems that ``--unsafe-fixes`` would fix."""
        return sum(1 for d in self.remaining if d.fix and d.fix.applicability is Applicability.UNSAFE)


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one point: their order would be a guess
    return a.start < b.end and b.start < a.end


def _clashes(taken: list[Edit], starts: list[int], edit: Edit) -> bool:
    """Whether ``edit`` overlaps one of ``taken`` (sorted by ``starts``, never overlapping each
    other): only neighbours can."""
    index = bisect_left(starts, edit.start)
    if index > 0 and _overlaps(taken[index - 1], edit):
        return True
    while index < len(taken) and taken[index].start <= edit.end:
        if _overlaps(taken[index], edit):
            return True
        index += 1
    return False


def _after_all(taken: list[Edit], edit: Edit) -> bool:
    """Whether ``edit`` starts at or after the end of every taken edit (the last one by start
    ends last: they never overlap) without being a second insertion at one point."""
    if not taken:
        return True
    last = taken[-1]
    return edit.start >= last.end and not _overlaps(last, edit)


def choose_fixes(diagnostics: Sequence[Diagnostic], unsafe: bool = False) -> list[Diagnostic]:
    """One diagnostic per fix (a fix shared by several, like a sort, counts once), in text
    order, skipping any whose edits overlap an earlier choice."""
    chosen: list[Diagnostic] = []
    taken: list[Edit] = []  # sorted by start, never overlapping each other
    starts: list[int] = []  # their starts, to bisect without a key function
    seen: set[int] = set()
    candidates = []
    firsts: dict[int, int] = {}  # by fix: one sort fix of thousands of edits serves every LB501 of its list
    for d in diagnostics:
        fix = d.fix
        if fix and fix.edits and (unsafe or fix.applicability is Applicability.SAFE):
            own = fix.edits
            if len(own) == 1:
                first = own[0].start
            elif id(fix) in firsts:
                first = firsts[id(fix)]
            else:
                first = firsts[id(fix)] = min(edit.start for edit in own)
            candidates.append((first, d.code, d))
    candidates.sort(key=itemgetter(0, 1))
    for _, _, diagnostic in candidates:
        fix = diagnostic.fix
        assert fix is not None
        if id(fix) in seen:
            continue
        seen.add(id(fix))
        if len(fix.edits) == 1 and _after_all(taken, fix.edits[0]):  # the usual case, in text order
            starts.append(fix.edits[0].start)
            taken.append(fix.edits[0])
            chosen.append(diagnostic)
            continue
        edits = sorted(fix.edits, key=lambda e: e.start) if len(fix.edits) > 1 else fix.edits
        if any(_overlaps(a, b) for a, b in pairwise(edits)) or any(_clashes(taken, starts, e) for e in edits):
            continue
        for edit in edits:
            index = bisect_right(starts, edit.start)
            starts.insert(index, edit.start)
            taken.insert(index, edit)
        chosen.append(diagnostic)
    return chosen


def rewrite(text: str, fixes: Sequence[Fix]) -> str:
    """``text`` with the non-overlapping edits of ``fixes`` applied, in one pass."""
    edits = sorted((edit for fix in fixes for edit in fix.edits), key=lambda e: e.start)
    pieces, cursor = [], 0
    for edit in edits:
        pieces += [text[cursor : edit.start], edit.content]
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _sharing(diagnostics: Sequence[Diagnostic], applied: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Every diagnostic repaired by the applied fixes (all those sharing one sort fix)."""
    fixes = {id(d.fix) for d in applied}
    return [d for d in diagnostics if d.fix is not None and id(d.fix) in fixes]


def fix_document(
    doc: Document,
    analyse: Callable[[Document], list[Diagnostic]],
    reparse: Callable[[str], Document],
    unsafe: bool = False,
    passes: int = MAX_PASSES,
    found: list[Diagnostic] | None = None,
) -> FixResult:
    """Fix ``doc`` until no fixable diagnostic is left (or nothing more can be applied).

    ``analyse`` lints a document (rules, then the config's decisions); ``reparse``
    parses a fixed text. A fix can bring out a new problem (removing a duplicate can
    make a section sorted), so fixing repeats, up to ``passes`` times. ``found`` is
    ``analyse(doc)`` when the caller has it already.
    """
    from listbot import rail

    original = doc
    result = FixResult(text=doc.text)
    allowed: set[str] = set()
    retitled: set[str] = set()
    removed: set[tuple[str, int]] = set()
    diagnostics = analyse(doc) if found is None else found
    refusals: dict[int, str] = {}
    for _ in range(passes):
        chosen = choose_fixes(diagnostics, unsafe)
        refused = rail.check(doc, chosen)
        refusals = {id(chosen[index].fix): reason for index, reason in refused.items()}
        if refused:  # the fixes that lost to a refused one for the same text get their turn
            chosen = choose_fixes([d for d in diagnostics if id(d.fix) not in refusals], unsafe)
            refused = rail.check(doc, chosen)
            refusals |= {id(chosen[index].fix): reason for index, reason in refused.items()}
        applied = [d for index, d in enumerate(chosen) if index not in refused]
        if not applied:
            break
        new_text = rewrite(doc.text, [d.fix for d in applied])  # type: ignore[misc]
        if new_text == doc.text:
            break
        allowed |= _touched_urls(doc, applied)
        retitled |= _rewritten_titles(doc, applied)
        removed |= _removed_copies(doc, applied)
        repaired = _sharing(diagnostics, applied)
        result.first_pass = result.first_pass or len(repaired)
        result.fixed.extend(repaired)
        doc = reparse(new_text)
        diagnostics = analyse(doc)
    result.text = doc.text
    result.remaining = [_refused(d, refusals) for d in diagnostics]
    result.refused = [d for d in result.remaining if d.fix_refused]
    _guard(original, doc, allowed, retitled, removed)
    return result


def _refused(diagnostic: Diagnostic, refusals: dict[int, str]) -> Diagnostic:
    reason = refusals.get(id(diagnostic.fix)) if diagnostic.fix is not None else None
    if reason is None:
        return diagnostic
    return replace(diagnostic, fix=None, fix_refused=f"not fixed automatically: {reason}")


def _titles(doc: Document) -> set[tuple[str, int]]:
    """The titles of the entries that carry a link (or broken link syntax), with their depth.
    A linkless entry is an entry only while its siblings are written like it: removing a
    duplicate sibling can make it read as prose with every word still in place. The rail guards
    its words and breaks. The depth catches a fix that moves an entry under another item: the
    rail renders the fixed lines, which read the same at any depth."""
    return {
        (title_key(entry.title.text), entry.depth)
        for entry in doc.entries
        if entry.title is not None and (entry.links or entry.bare_urls or entry.broken)
    }


def _identities(doc: Document) -> set[str]:
    return {identity(link.url) for link in doc.all_links if link.url}


def _touched_urls(doc: Document, applied: list[Diagnostic]) -> set[str]:
    """Identities of the URLs that the applied fixes edited (touching counts) or removed."""
    edits = sorted((edit for d in applied for edit in d.fix.edits), key=lambda e: e.start)  # type: ignore[union-attr]
    edit_starts = [edit.start for edit in edits]
    links = sorted(doc.all_links, key=lambda link: link.span.start)
    link_starts = [link.span.start for link in links]
    touched = set()
    for link in links:
        index = bisect_right(edit_starts, link.url_span.end) - 1
        if index >= 0 and edits[index].end >= link.url_span.start:
            touched.add(identity(link.url))
    for diagnostic in applied:
        if diagnostic.fix is not None and diagnostic.fix.change is Change.DUPLICATE:
            edit = diagnostic.fix.edits[0]  # the links that start inside the removed entry
            first, last = bisect_left(link_starts, edit.start), bisect_left(link_starts, edit.end)
            touched |= {identity(link.url) for link in links[first:last]}
    return touched


def _rewritten_titles(doc: Document, applied: list[Diagnostic]) -> set[str]:
    """Keys of the titles that an applied fix declares it rewrites (a WORDS fix whose edits
    fall inside the title, such as LB801 writing a retitled paper's current title)."""
    edits = [
        edit for d in applied if d.fix is not None and d.fix.change is Change.WORDS for edit in d.fix.edits
    ]
    if not edits:
        return set()
    return {
        title_key(entry.title.text)
        for entry in doc.entries
        if entry.title is not None
        and any(entry.title.span.start <= e.start and e.end <= entry.title.span.end for e in edits)
    }


def _removed_copies(doc: Document, applied: list[Diagnostic]) -> set[tuple[str, int]]:
    """Titles and depths of the entries that an applied duplicate fix removes (a copy may sit at
    another depth than the one that stays)."""
    starts = [entry.span.start for entry in doc.entries]  # entries are in text order
    removed = set()
    for d in applied:
        if d.fix is None or d.fix.change is not Change.DUPLICATE:
            continue
        edit = d.fix.edits[0]
        for entry in doc.entries[bisect_left(starts, edit.start) : bisect_left(starts, edit.end)]:
            if entry.title is not None and entry.span.end <= edit.end:
                removed.add((title_key(entry.title.text), entry.depth))
    return removed


def _guard(
    before: Document,
    after: Document,
    allowed_urls: set[str],
    retitled: set[str],
    removed: set[tuple[str, int]],
) -> None:
    after_titles = _titles(after)
    lost = sorted(item for item in _titles(before) - after_titles - removed if item[0] not in retitled)
    if lost:
        title = lost[0][0]
        if any(key == title for key, _ in after_titles):
            raise FixRefused(f"{before.path}: fixing would move the entry titled {title!r} to another depth")
        raise FixRefused(f"{before.path}: fixing would lose the entry titled {title!r}")
    lost_urls = _identities(before) - _identities(after) - allowed_urls
    if lost_urls:
        raise FixRefused(f"{before.path}: fixing would lose the link {sorted(lost_urls)[0]!r}")


def unified_diff(before: str, after: str, path: str) -> str:
    """What fixing changed, as ``listbot fix --diff`` prints it (no difflib autojunk: see
    :mod:`listbot.linediff`)."""
    from listbot.linediff import unified_diff as diff

    return diff(before, after, path)
