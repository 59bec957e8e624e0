"""The one summary comment per pull request (also the job summary), as Markdown.

It is found again by its hidden marker and edited in place, so it must render the
same for the same findings: no timestamps, only the head commit it describes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from listbot.bot.review import MAX_BODY, FilePlan, Plan, PlannedComment
from listbot.bot.suggest import fence_for
from listbot.diagnostics import Diagnostic, Severity
from listbot.fixes import unified_diff

SUMMARY_MARKER = "<!-- listbot:summary -->"
DIRTY_MARKER = "<!-- listbot:state=dirty -->"
DIFF_BUDGET = 40_000
LIST_BUDGET = 8_000


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def severity_counts(diagnostics: Sequence[Diagnostic]) -> dict[str, int]:
    counts = Counter(d.severity for d in diagnostics)
    return {
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
        "total": len(diagnostics),
    }


def _headline(plan: Plan, posted: int, was_dirty: bool) -> list[str]:
    touched = plan.touched
    if not touched:
        title = "### :white_check_mark: No problems on the lines this pull request changed"
        note = (
            "All problems listbot reported earlier are fixed. Thank you!"
            if was_dirty
            else ("The added and changed lines pass every listbot check.")
        )
        return [title, "", note]
    counts = severity_counts(touched)
    fixable = sum(d.fixable for d in touched)
    return [
        f"### :x: {_plural(len(touched), 'problem')} on lines this pull request changed",
        "",
        f"{_plural(counts['errors'], 'error')}, {_plural(counts['warnings'], 'warning')}, "
        f"{_plural(counts['infos'], 'info')} · {fixable} fixable with `listbot fix` · "
        f"{_plural(posted, 'comment')} on the diff",
    ]


def _rule_table(plan: Plan) -> list[str]:
    everything = [*plan.touched, *plan.untouched]
    if not everything:
        return []
    names = {d.code: d.name for d in everything}
    touched = Counter(d.code for d in plan.touched)
    elsewhere = Counter(d.code for d in plan.untouched)
    fixable = Counter(d.code for d in everything if d.fixable)
    rows = ["| Rule | Name | On changed lines | Elsewhere | Fixable |", "| --- | --- | ---: | ---: | ---: |"]
    rows += [
        f"| {code} | `{names[code]}` | {touched[code]} | {elsewhere[code]} | {fixable[code]} |"
        for code in sorted(names)
    ]
    return ["", *rows]


def _where(comment: PlannedComment) -> str:
    lines = f"{comment.start_line}-{comment.line}" if comment.start_line else str(comment.line)
    return f"`{comment.path}:{lines}`"


def _comment_list(title: str, comments: Sequence[PlannedComment]) -> list[str]:
    if not comments:
        return []
    items: list[str] = []
    used = 0
    for comment in comments:
        for d in comment.diagnostics:
            item = f"- {_where(comment)} **{d.code}** {d.message}"
            used += len(item)
            if used > LIST_BUDGET:
                items.append("- … (more; run `listbot check` locally for the full list)")
                break
            items.append(item)
        if used > LIST_BUDGET:
            break
    return ["", f"<details><summary>{title} ({len(comments)})</summary>", "", *items, "", "</details>"]


def _fix_diff(file: FilePlan) -> list[str]:
    if file.fixed_text == file.head_text:
        return []
    diff = unified_diff(file.head_text, file.fixed_text, file.path)
    if len(diff) > DIFF_BUDGET:
        diff = diff[:DIFF_BUDGET].rsplit("\n", 1)[0] + "\n… (cut; run `listbot fix --diff` for all of it)\n"
    fence = fence_for(diff)
    return [
        "",
        f"<details><summary>What <code>listbot fix</code> would change in <code>{file.path}</code></summary>",
        "",
        f"{fence}diff",
        diff.rstrip("\n"),
        fence,
        "",
        "</details>",
    ]


def _local_help(paths: Sequence[str]) -> list[str]:
    files = " ".join(paths) or "README_list.md"
    return [
        "",
        "<details><summary>Run listbot locally</summary>",
        "",
        "Install listbot (see its README), then:",
        "",
        "```sh",
        f"listbot check {files}",
        f"listbot fix {files}",
        "listbot rule LB304",
        "```",
        "",
        "`check` lists the problems, `fix` repairs what it can (`--diff` previews), `rule` explains one.",
        "",
        "</details>",
    ]


def render_summary(
    plan: Plan,
    head_sha: str | None,
    posted: int,
    moved: Sequence[PlannedComment] = (),
    notes: Sequence[str] = (),
    was_dirty: bool = False,
) -> str:
    """The summary comment's Markdown (under GitHub's 65,536 characters)."""
    paths = [file.path for file in plan.files]
    where = ", ".join(f"`{path}`" for path in paths) or "no list files"
    commit = f" at commit `{head_sha[:12]}`" if head_sha else ""
    parts = [SUMMARY_MARKER, "## listbot review", "", f"Checked {where}{commit}.", ""]
    parts += _headline(plan, posted, was_dirty)
    if plan.untouched:
        parts += [
            "",
            f"{_plural(len(plan.untouched), 'more problem')} on lines this pull request did not "
            "touch: counted here, not commented on, and they do not fail the check.",
        ]
    parts += ["", *(f"> {note}" for note in notes)] if notes else []
    parts += _rule_table(plan)
    parts += _comment_list("More problems on changed lines, not posted as line comments", plan.overflow)
    parts += _comment_list("Problems that could not be posted as line comments", moved)
    for file in plan.files:
        if file.fix_refused:
            parts += ["", f"> `listbot fix` refuses to change `{file.path}`: {file.fix_refused}"]
        parts += _fix_diff(file)
    parts += _local_help(paths)
    if plan.touched:
        parts.append(DIRTY_MARKER)
    body = "\n".join(parts) + "\n"
    return body if len(body) <= MAX_BODY else body[:MAX_BODY] + "\n\n… (cut)\n"
