"""The one summary comment per pull request (also the job summary), as Markdown.

Short by design (a few thousand characters on a typical pull request): the verdict in
one line, the problems on added lines by rule, one line for older problems elsewhere,
the fix diff of the added lines only, and how to run listbot locally. It is found again
by its first line and edited in place, so it renders the same for the same findings.
Whatever happens, it stays under GitHub's limit: it is cut at a line boundary outside
any code fence, and its state marker is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from listbot.bot import escape
from listbot.bot.context import ToolSource
from listbot.bot.plan import Plan, PlannedComment
from listbot.diagnostics import Diagnostic, Severity, fails
from listbot.text import plural

SUMMARY_MARKER = "<!-- listbot:summary -->"
DIRTY_MARKER = "<!-- listbot:state=dirty -->"
CLEAN_MARKER = "<!-- listbot:state=clean -->"
LIMIT = 60_000  # GitHub refuses comments over 65,536 characters
LIST_BUDGET = 1_500  # characters for the list of problems not posted as line comments
DIFF_BUDGET = 3_000  # characters for the fix diff
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def severity_counts(diagnostics: Sequence[Diagnostic]) -> dict[str, int]:
    counts = Counter(d.severity for d in diagnostics)
    return {
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
        "total": len(diagnostics),
    }


def _counted(diagnostics: Sequence[Diagnostic]) -> str:
    counts = severity_counts(diagnostics)
    parts = [
        plural(counts["errors"], "error"),
        plural(counts["warnings"], "warning"),
        plural(counts["infos"], "info"),
    ]
    return ", ".join(part for part in parts if not part.startswith("0 "))


def verdict(plan: Plan, fail_on: str, was_dirty: bool) -> str:
    """One line: a green check when the check passes, a cross when it fails."""
    touched = plan.touched
    if not touched:
        thanks = " Everything listbot reported earlier is fixed. Thank you!" if was_dirty else ""
        clean = "no problems on the lines this pull request added"
        return f":white_check_mark: **listbot passes**: {clean}.{thanks}"
    if fails(touched, fail_on):
        return f":x: **listbot fails**: {_counted(touched)} on the lines this pull request added."
    return (
        f":white_check_mark: **listbot passes** with {_counted(touched)} on the lines this pull request "
        f"added (not blocking: the check fails on `{fail_on}`)."
    )


def _files_line(plan: Plan, head_sha: str | None) -> list[str]:
    commit = f" at `{head_sha[:12]}`" if head_sha else ""
    reviewed = ", ".join(escape.code(f.path) for f in plan.files)
    lines = [f"Reviewed {reviewed}{commit}." if reviewed else f"No changed file to review{commit}."]
    if plan.skipped:
        shown = [f"{escape.code(path)} ({escape.text(why)})" for path, why in plan.skipped[:10]]
        more = f" and {len(plan.skipped) - 10} more" if len(plan.skipped) > 10 else ""
        lines.append(f"Not reviewed: {', '.join(shown)}{more}.")
    return ["", " ".join(lines)]


def _rule_table(plan: Plan, tool: ToolSource) -> list[str]:
    touched = plan.touched
    if not touched:
        return []
    counts = Counter((d.code, d.name) for d in touched)
    rows = ["| Rule | Problems on added lines |", "| --- | ---: |"]
    for (code, name), count in sorted(counts.items()):
        url = tool.rule_url(code, name)
        label = f"[{code} `{name}`]({url})" if url else f"{code} `{name}`"
        rows.append(f"| {label} | {count} |")
    return ["", *rows]


def _where(comment: PlannedComment) -> str:
    lines = f"{comment.first_line}-{comment.line}" if comment.start_line else str(comment.line)
    return escape.code(f"{comment.path}:{lines}")


def _comment_list(title: str, comments: Sequence[PlannedComment]) -> list[str]:
    items: list[str] = []
    used = 0
    problems = [(comment, d) for comment in comments for d in comment.diagnostics]
    for index, (comment, d) in enumerate(problems):
        item = f"- {_where(comment)} **{d.code}** {escape.text(d.message, 300)}"
        used += len(item) + 1
        if used > LIST_BUDGET:
            items.append(f"- … and {len(problems) - index} more (`listbot check` lists them all)")
            break
        items.append(item)
    if not items:
        return []
    return ["", f"<details><summary>{title} ({len(problems)})</summary>", "", *items, "", "</details>"]


def _elsewhere(plan: Plan) -> list[str]:
    count = len(plan.untouched)
    if not count:
        return []
    older = "older problem" if count == 1 else "older problems"
    return ["", f"{count} {older} elsewhere in the list; not blocking."]


def _notes(plan: Plan, notes: Sequence[str]) -> list[str]:
    lines = [f"> {escape.clean(note, 500)}" for note in notes]
    added = plan.added_suppressions
    if added:
        where = ", ".join(escape.code(f"{path}:{s.line}") for path, s in added[:5])
        lines.append(
            f"> This pull request adds {plural(len(added), 'suppression comment')} ({where}). Only "
            "suppressions already on the base branch are honoured; what they cover is reported above."
        )
    return ["", *lines] if lines else []


def fix_diff(comments: Sequence[PlannedComment], budget: int = DIFF_BUDGET) -> tuple[str, int]:
    """The suggestions of ``comments`` as one unified diff of the added lines (safe fixes
    only: what ``listbot fix`` would write there), cut at a hunk; and how many were left out."""
    shown = [c for c in comments if c.suggestion is not None and not c.suggestion.judgement]
    pieces: list[str] = []
    shift: Counter[str] = Counter()
    used, left_out, path = 0, 0, None
    for comment in sorted(shown, key=lambda c: (c.path, c.first_line)):
        suggestion = comment.suggestion
        assert suggestion is not None
        old, new = comment.old_lines, suggestion.lines
        start = comment.first_line
        hunk = [f"@@ -{start},{len(old)} +{start + shift[comment.path]},{len(new)} @@"]
        hunk += [f"-{line}" for line in old] + [f"+{line}" for line in new]
        if comment.path != path:
            hunk = [f"--- a/{comment.path}", f"+++ b/{comment.path}", *hunk]
        text = "\n".join(hunk)
        shift[comment.path] += len(new) - len(old)
        if used + len(text) > budget:
            left_out += 1
            continue
        pieces.append(text)
        used += len(text) + 1
        path = comment.path
    return "\n".join(pieces), left_out


def _diff_part(plan: Plan) -> list[str]:
    diff, left_out = fix_diff([*plan.comments, *plan.overflow])
    if not diff:
        return []
    fence = escape.fence_for(diff)
    more = (
        [f"{plural(left_out, 'more change')} not shown: `listbot fix --diff` shows all.", ""]
        if left_out
        else []
    )
    return [
        "",
        "<details><summary>What <code>listbot fix</code> would change on the added lines</summary>",
        "",
        f"{fence}diff",
        escape.clean_block(diff),
        fence,
        "",
        *more,
        "</details>",
    ]


def _local_help(plan: Plan, tool: ToolSource) -> list[str]:
    files = " ".join(_shell_word(f.path) for f in plan.files) or "README.md"
    codes = sorted({d.code for d in plan.touched})
    install = tool.install_command()
    commands = [install] if install else []
    commands += [f"listbot check {files}", f"listbot fix {files}"]
    commands += [f"listbot rule {codes[0]}"] if codes else []
    where = "" if install else "Install listbot from its repository (see its README), then:"
    return [
        "",
        "<details><summary>Run listbot locally</summary>",
        "",
        *([where, ""] if where else []),
        "```sh",
        *commands,
        "```",
        "",
        "</details>",
    ]


def _shell_word(path: str) -> str:
    clean = escape.clean(path, 200)
    return clean if re.fullmatch(r"[\w./-]+", clean) else "'" + clean.replace("'", "'\\''") + "'"


@dataclass(slots=True)
class SummaryParts:
    """What a run adds to the plan for the summary: posting results and notes."""

    head_sha: str | None = None
    fail_on: str = "error"
    tool: ToolSource = field(default_factory=ToolSource)
    moved: Sequence[PlannedComment] = ()
    notes: Sequence[str] = ()
    was_dirty: bool = False


def render_summary(plan: Plan, parts: SummaryParts) -> str:
    """The summary comment's Markdown (always under :data:`LIMIT` characters)."""
    lines = [SUMMARY_MARKER, "## listbot review", "", verdict(plan, parts.fail_on, parts.was_dirty)]
    lines += _files_line(plan, parts.head_sha)
    lines += _rule_table(plan, parts.tool)
    lines += _notes(plan, parts.notes)
    lines += _comment_list("More problems on added lines, not posted as line comments", plan.overflow)
    lines += _comment_list("Problems that could not be posted as line comments", parts.moved)
    lines += _elsewhere(plan)
    lines += _diff_part(plan)
    lines += _local_help(plan, parts.tool)
    state = DIRTY_MARKER if plan.touched else CLEAN_MARKER
    return fit("\n".join(lines), state)


def fit(body: str, state: str, limit: int = LIMIT) -> str:
    """``body`` and the state marker within ``limit`` characters: cut at a line boundary
    outside any code fence, open ``<details>`` closed, the marker kept last."""
    whole = f"{body.rstrip()}\n{state}\n"
    if len(whole) <= limit:
        return whole
    note = "\n\n… (cut: the summary is too long; `listbot check` lists everything)"
    room = limit - len(state) - len(note) - 64
    kept, safe, fence, details, used = [], 0, None, 0, 0
    safe_details = 0
    for line in body.split("\n"):
        used += len(line) + 1
        if used > room:
            break
        kept.append(line)
        fence = _fence_state(line, fence)
        if fence is None:
            details += line.count("<details") - line.count("</details>")
            safe, safe_details = len(kept), max(details, 0)
    closing = ["", "</details>"] * safe_details
    return "\n".join([*kept[:safe], *closing]) + f"{note}\n{state}\n"


def _fence_state(line: str, fence: str | None) -> str | None:
    """The open fence after ``line`` (None: outside any fence)."""
    match = _FENCE.match(line)
    if match is None:
        return fence
    run = match.group(1)
    if fence is None:
        return run
    closes = run[0] == fence[0] and len(run) >= len(fence) and not line.strip()[len(run) :].strip()
    return None if closes else fence
