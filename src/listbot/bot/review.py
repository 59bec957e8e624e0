"""Pure planning: diagnostics + head text + diff -> the review comments to post.

Nothing here talks to GitHub. A diagnostic on a line the pull request added becomes
part of a line comment anchored on its entry (multi-line when the entry spans lines);
all diagnostics of one anchor share one comment, whose ```suggestion block holds
exactly the lines ``listbot fix`` writes there. Diagnostics on untouched lines are
only counted in the summary.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from listbot.bot.suggest import LineMap, suggestion_block
from listbot.diagnostics import Diagnostic, Related, Severity
from listbot.diffmap import DiffMap
from listbot.model import Document

MAX_BODY = 60_000  # GitHub refuses bodies over 65,536 characters; keep a margin
MARKER = "<!-- listbot:fp={} -->"
MARKER_PATTERN = re.compile(r"<!-- listbot:fp=([0-9a-f,]+) -->")
ICON = {Severity.ERROR: ":x:", Severity.WARNING: ":warning:", Severity.INFO: ":information_source:"}


@dataclass(slots=True)
class PlannedComment:
    """One review comment: head lines ``start_line..line`` of ``path`` (RIGHT side)."""

    path: str
    start_line: int | None
    line: int
    body: str
    fingerprints: tuple[str, ...]
    diagnostics: list[Diagnostic]

    @property
    def first_line(self) -> int:
        return self.start_line or self.line

    def payload(self) -> dict[str, object]:
        """The comment as GitHub's create-review API takes it."""
        data: dict[str, object] = {"path": self.path, "line": self.line, "side": "RIGHT", "body": self.body}
        if self.start_line is not None:
            data.update(start_line=self.start_line, start_side="RIGHT")
        return data

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "start_line": self.start_line,
            "side": "RIGHT",
            "body": self.body,
        }


@dataclass(slots=True)
class FilePlan:
    """Everything the bot knows about one reviewed file."""

    path: str
    head_text: str
    fixed_text: str
    diff: DiffMap
    touched: list[Diagnostic] = field(default_factory=list)  # on lines the pull request added
    untouched: list[Diagnostic] = field(default_factory=list)
    comments: list[PlannedComment] = field(default_factory=list)
    unplaceable: list[PlannedComment] = field(default_factory=list)  # GitHub shows no diff to anchor on
    fix_refused: str | None = None


def last_line(diagnostic: Diagnostic) -> int:
    """The last line a diagnostic covers (its end is exclusive)."""
    end = diagnostic.end_line or diagnostic.line
    if end > diagnostic.line and diagnostic.end_column <= 1:
        end -= 1
    return max(end, diagnostic.line)


def _entry_range(doc: Document, line: int) -> tuple[int, int] | None:
    entry = doc.entry_at(line)
    return (entry.line, entry.end_line) if entry else None


def _entry_key(doc: Document, line: int) -> str:
    entry = doc.entry_at(line)
    if entry is not None:
        if entry.link is not None:
            return " ".join(entry.link.text.casefold().split())
        return " ".join(doc.line_text(entry.line).split())
    return " ".join(doc.line_text(line).split()) if line <= len(doc.line_starts) else ""


def fingerprint(doc: Document, diagnostic: Diagnostic) -> str:
    """Stable across pushes: rule, path, entry (by its title) and message; not the line."""
    raw = "\0".join((diagnostic.code, diagnostic.path, _entry_key(doc, diagnostic.line), diagnostic.message))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def anchor(doc: Document, diff: DiffMap, diagnostic: Diagnostic) -> tuple[int, int]:
    """The widest valid range: the whole entry, else the diagnostic's lines, else one added line."""
    first, last = diagnostic.line, last_line(diagnostic)
    candidates = [_entry_range(doc, first), (first, last)]
    for start, end in (c for c in candidates if c is not None):
        if diff.anchor_ok(start, end):
            return start, end
    line = diff.added_in(first, last)[0]
    return line, line


def describe(diagnostic: Diagnostic) -> str:
    fixable = " *(fixable)*" if diagnostic.fixable else ""
    return (
        f"- {ICON[diagnostic.severity]} **{diagnostic.code}** `{diagnostic.name}` "
        f"({diagnostic.severity.value}): {diagnostic.message}{fixable}"
    )


def comment_body(diagnostics: Sequence[Diagnostic], suggestion: list[str] | None, fps: Sequence[str]) -> str:
    count = len(diagnostics)
    lines = [f"**listbot** found {count} problem{'s' if count != 1 else ''} here:", ""]
    lines += [describe(d) for d in diagnostics]
    marker = MARKER.format(",".join(fps))
    if suggestion is not None:
        block = suggestion_block(suggestion)
        with_fix = "\n".join([*lines, "", "What `listbot fix` would write:", "", block, "", marker])
        if len(with_fix) <= MAX_BODY:
            return with_fix
    if any(d.fixable for d in diagnostics):
        lines += ["", "Run `listbot fix` to repair the fixable problems."]
    body = "\n".join([*lines, "", marker])
    return body if len(body) <= MAX_BODY else body[: MAX_BODY - len(marker) - 8] + "\n…\n\n" + marker


def onto_changed_side(doc: Document, diff: DiffMap, diagnostic: Diagnostic) -> Diagnostic:
    """A duplicate flagged on an old entry whose other copy is new is the new entry's problem.

    (The rules flag the later copy; a pull request may add the earlier one.)
    """
    if diagnostic.related is None or diff.touches(diagnostic.line, last_line(diagnostic)):
        return diagnostic
    line, message = diagnostic.related.line, diagnostic.related.message
    end = (_entry_range(doc, line) or (line, line))[1]
    if not diff.touches(line, end):
        return diagnostic
    return replace(
        diagnostic,
        line=line,
        column=1,
        end_line=line,
        end_column=1,
        message=message,
        fix=None,
        related=Related(diagnostic.line, diagnostic.message),
    )


def plan_file(doc: Document, diagnostics: Sequence[Diagnostic], diff: DiffMap, fixed_text: str) -> FilePlan:
    """Split one file's diagnostics into touched/untouched and plan its line comments."""
    plan = FilePlan(path=doc.path, head_text=doc.text, fixed_text=fixed_text, diff=diff)
    groups: dict[tuple[int, int], list[Diagnostic]] = {}
    for diagnostic in (onto_changed_side(doc, diff, d) for d in diagnostics):
        if diff.touches(diagnostic.line, last_line(diagnostic)):
            plan.touched.append(diagnostic)
            groups.setdefault(anchor(doc, diff, diagnostic), []).append(diagnostic)
        else:
            plan.untouched.append(diagnostic)
    line_map = LineMap.build(doc.text, fixed_text)
    for (start, end), group in sorted(groups.items()):
        fps = tuple(sorted({fingerprint(doc, d) for d in group}))
        suggestion = line_map.fixed_lines(start, end) if any(d.fixable for d in group) else None
        body = comment_body(group, suggestion, fps)
        comment = PlannedComment(doc.path, start if start != end else None, end, body, fps, list(group))
        (plan.comments if diff.anchor_ok(start, end) else plan.unplaceable).append(comment)
    return plan


def fingerprints_of(body: str) -> frozenset[str]:
    """The fingerprints a posted comment carries (empty for comments not made by listbot)."""
    match = MARKER_PATTERN.search(body or "")
    return frozenset(match.group(1).split(",")) if match else frozenset()


@dataclass(slots=True)
class Plan:
    """The whole run: per-file plans, the comments to post and those beyond the cap."""

    files: list[FilePlan]
    comments: list[PlannedComment]
    overflow: list[PlannedComment]

    @property
    def touched(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.touched]

    @property
    def untouched(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.untouched]


def cap(files: list[FilePlan], max_comments: int) -> Plan:
    """Keep the first ``max_comments`` comments (in file and line order); the rest overflow."""
    every = [comment for plan in files for comment in plan.comments]
    unplaceable = [comment for plan in files for comment in plan.unplaceable]
    limit = max(max_comments, 0)
    return Plan(files=files, comments=every[:limit], overflow=every[limit:] + unplaceable)
