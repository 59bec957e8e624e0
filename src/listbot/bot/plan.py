"""Planning the review: diagnostics + added lines -> the line comments to post.

Nothing here talks to GitHub. A diagnostic on a line the pull request added becomes
part of a line comment anchored on the added lines of its entry, and only those: when
an entry spans unchanged lines too, the comment sits on the run of added lines that
holds the problem. All diagnostics of one anchor share one comment. Diagnostics on
lines the pull request did not touch are only counted in the summary.

Work is bounded: however many problems a pull request brings, comment bodies and
suggestions are built only for the comments that are posted and for the first few
that the summary shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from listbot.bot import escape
from listbot.bot.context import ToolSource
from listbot.bot.fingerprint import fingerprints, marker
from listbot.bot.suggestion import Suggestion, suggest
from listbot.decide import Suppression
from listbot.diagnostics import Applicability, Change, Diagnostic, Fix, Related, Severity, edit_at
from listbot.diffmap import DiffMap
from listbot.model import Document, Entry
from listbot.text import plural

MAX_BODY = 60_000  # GitHub refuses bodies over 65,536 characters; keep a margin
MAX_LISTED = 20  # problems listed in one comment
SUMMARY_SUGGESTIONS = 100  # comments beyond the posted ones whose fixes the summary's diff shows
ICON = {Severity.ERROR: ":x:", Severity.WARNING: ":warning:", Severity.INFO: ":information_source:"}
JUDGEMENT = "needs a judgement"
UNSAFE = Applicability.UNSAFE


@dataclass(slots=True)
class PlannedComment:
    """One review comment on head lines ``first_line..line`` of ``path`` (RIGHT side)."""

    path: str
    first_line: int
    line: int
    diagnostics: list[Diagnostic]
    suppressions: list[str]  # suppression comments the pull request adds here, as written
    fingerprints: list[str]  # appended to once per problem (a tuple would be copied each time)
    old_lines: list[str] = field(default_factory=list)  # the head lines it covers, once built
    body: str = ""
    suggestion: Suggestion | None = None
    built: bool = False

    @property
    def start_line(self) -> int | None:
        return self.first_line if self.first_line != self.line else None

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
    doc: Document
    diff: DiffMap
    touched: list[Diagnostic] = field(default_factory=list)  # on lines the pull request added
    untouched: list[Diagnostic] = field(default_factory=list)
    comments: list[PlannedComment] = field(default_factory=list)  # anchored in GitHub's diff
    unplaceable: list[PlannedComment] = field(default_factory=list)  # no diff from GitHub to anchor on
    added_suppressions: list[Suppression] = field(default_factory=list)


@dataclass(slots=True)
class Plan:
    """The whole run: per-file plans, the comments to post and those beyond the cap."""

    files: list[FilePlan]
    comments: list[PlannedComment]
    overflow: list[PlannedComment]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why it was not reviewed)

    @property
    def touched(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.touched]

    @property
    def untouched(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.untouched]

    @property
    def added_suppressions(self) -> list[tuple[str, Suppression]]:
        return [(f.path, s) for f in self.files for s in f.added_suppressions]


# --- which lines ------------------------------------------------------------------------------------


def onto_changed_side(doc: Document, diff: DiffMap, diagnostic: Diagnostic) -> Diagnostic:
    """A problem flagged on an old entry because of a new one (a duplicate, an entry out
    of order) is the new entry's: the rules flag the later copy, and a pull request may
    add the earlier one. It moves there, with the message as seen from there. The old
    entry's fix stays behind, except that removing a repeated entry works from either
    side when the two read exactly alike."""
    if diagnostic.related is None or diff.touches(diagnostic.line, diagnostic.last_line):
        return diagnostic
    line, message = diagnostic.related.line, diagnostic.related.message
    entry = doc.entry_at(line)
    end = entry.end_line if entry is not None else line
    if not diff.touches(line, end):
        return diagnostic
    return replace(
        diagnostic,
        line=line,
        column=1,
        end_line=line,
        end_column=1,
        message=message,
        fix=_mirrored_removal(doc, diagnostic, entry),
        related=Related(diagnostic.line, diagnostic.message),
    )


def _mirrored_removal(doc: Document, diagnostic: Diagnostic, new: Entry | None) -> Fix | None:
    """The removal of the new copy instead of the old one, when both are the same text."""
    fix, old = diagnostic.fix, doc.entry_at(diagnostic.line)
    if fix is None or fix.change is not Change.DUPLICATE or new is None or old is None:
        return None
    kept = doc.slice(old.span)
    if doc.slice(new.span) != kept:
        return None
    edit = edit_at(doc, new.span.start, min(len(doc.text), new.span.end + 1), "")
    return replace(fix, edits=(edit,), keeps=kept)


def anchor(doc: Document, diff: DiffMap, first: int, last: int) -> tuple[int, int]:
    """The run of added lines, within the entry around ``first..last``, that a comment
    about those lines covers (the first run that meets them)."""
    entry = doc.entry_at(first)
    low, high = (min(entry.line, first), max(entry.end_line, last)) if entry is not None else (first, last)
    runs = diff.added_runs(low, high)
    meeting = [run for run in runs if run[0] <= last and run[1] >= first]
    return (meeting or runs)[0]


# --- comment bodies ---------------------------------------------------------------------------------


def _rule(diagnostic: Diagnostic, tool: ToolSource) -> str:
    url = tool.rule_url(diagnostic.code, diagnostic.name)
    name = f"`{diagnostic.name}`"
    return f"**{diagnostic.code}** [{name}]({url})" if url else f"**{diagnostic.code}** {name}"


def problem_line(diagnostic: Diagnostic, tool: ToolSource, fixed: bool = False) -> str:
    note = " *(the suggestion below fixes it)*" if fixed else ""
    return (
        f"- {ICON[diagnostic.severity]} {_rule(diagnostic, tool)} ({diagnostic.severity.value}): "
        f"{escape.text(diagnostic.message)}{note}"
    )


def _suppression_note(written: str) -> str:
    return (
        f"- :information_source: This pull request adds a suppression, {escape.code(written, 200)}. "
        "Only suppressions already on the base branch are honoured, so listbot still reports what it "
        "would hide; a maintainer decides whether to keep it."
    )


def _suggestion_part(suggestion: Suggestion) -> list[str]:
    if suggestion.judgement:
        unsafe = "; ".join(
            sorted(
                {
                    escape.text(d.fix.message)
                    for d in suggestion.fixed
                    if d.fix and d.fix.applicability is UNSAFE
                }
            )
        )
        intro = (
            f"Suggested change, which **{JUDGEMENT}** ({unsafe}): `listbot fix` makes it only with "
            "`--unsafe-fixes`. Check that it is right before you apply it."
        )
    elif not suggestion.lines:
        intro = "Suggested change: remove this entry, which repeats one that stays."
    else:
        intro = "Suggested change, as `listbot fix` would make it on these lines:"
    return ["", intro, "", suggestion.block()]


def comment_body(comment: PlannedComment, tool: ToolSource) -> str:
    diagnostics = comment.diagnostics
    fixed = {id(d) for d in comment.suggestion.fixed} if comment.suggestion else set()
    count = len(diagnostics)
    where = "these lines" if comment.start_line else "this line"
    head = f"**listbot** found {plural(count, 'problem')} on {where}:" if count else "**listbot** note:"
    lines = [head, ""]
    lines += [problem_line(d, tool, id(d) in fixed) for d in diagnostics[:MAX_LISTED]]
    if count > MAX_LISTED:
        lines.append(f"- … and {count - MAX_LISTED} more (`listbot check` lists them all)")
    lines += [_suppression_note(s) for s in comment.suppressions]
    tail = ["", marker(comment.fingerprints)]
    if comment.suggestion is not None:
        with_fix = "\n".join([*lines, *_suggestion_part(comment.suggestion), *tail])
        if len(with_fix) <= MAX_BODY:
            return with_fix
        comment.suggestion = None
    return "\n".join([*lines, *tail])


def build(comment: PlannedComment, doc: Document, tool: ToolSource) -> PlannedComment:
    """Fill in the lines it covers, the suggestion and the body (once; only for comments that are shown)."""
    if not comment.built:
        comment.old_lines = [doc.line_text(n) for n in range(comment.first_line, comment.line + 1)]
        comment.suggestion = suggest(doc, comment.diagnostics, comment.first_line, comment.line)
        comment.body = comment_body(comment, tool)
        comment.built = True
    return comment


# --- one file -----------------------------------------------------------------------------------------


def _suppression_print(path: str, written: str, index: int) -> str:
    import hashlib

    raw = "\0".join(("suppression", path, " ".join(written.casefold().split()), str(index)))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def plan_file(
    doc: Document,
    diagnostics: Sequence[Diagnostic],
    diff: DiffMap,
    added_suppressions: Sequence[Suppression] = (),
) -> FilePlan:
    """Split one file's diagnostics into touched and untouched, and group the touched
    ones (with the suppressions the pull request adds) into comments by anchor."""
    plan = FilePlan(doc.path, doc, diff, added_suppressions=list(added_suppressions))
    prints = fingerprints(doc, diagnostics)
    groups: dict[tuple[int, int], PlannedComment] = {}
    anchors: dict[tuple[int, int], tuple[int, int]] = {}  # several findings on the same lines

    def group(first: int, last: int) -> PlannedComment:
        key = anchors.get((first, last))
        if key is None:
            key = anchors[first, last] = anchor(doc, diff, first, last)
        if key not in groups:
            groups[key] = PlannedComment(doc.path, key[0], key[1], [], [], [])
        return groups[key]

    for original in diagnostics:
        diagnostic = onto_changed_side(doc, diff, original)
        if not diff.touches(diagnostic.line, diagnostic.last_line):
            plan.untouched.append(diagnostic)
            continue
        plan.touched.append(diagnostic)
        comment = group(diagnostic.line, diagnostic.last_line)
        comment.diagnostics.append(diagnostic)
        comment.fingerprints.append(prints[id(original)])
    for index, suppression in enumerate(added_suppressions):
        written = doc.slice(suppression.span)
        comment = group(suppression.line, suppression.line)
        comment.suppressions.append(written)
        comment.fingerprints.append(_suppression_print(doc.path, written, index))
    for key in sorted(groups):
        comment = groups[key]
        (plan.comments if diff.anchor_ok(*key) else plan.unplaceable).append(comment)
    return plan


def cap(files: list[FilePlan], max_comments: int, tool: ToolSource) -> Plan:
    """Keep the first ``max_comments`` comments (in file and line order); the rest overflow.
    Bodies and suggestions are built for the kept ones and the first overflowing ones."""
    every = [comment for plan in files for comment in plan.comments]
    unplaceable = [comment for plan in files for comment in plan.unplaceable]
    limit = max(max_comments, 0)
    plan = Plan(files=files, comments=every[:limit], overflow=every[limit:] + unplaceable)
    docs = {file.path: file.doc for file in files}
    for comment in [*plan.comments, *plan.overflow[:SUMMARY_SUGGESTIONS]]:
        build(comment, docs[comment.path], tool)
    return plan
