from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from pydantic import Field

from listbot.diagnostics import Diagnostic, Edit
from listbot.model import Span, covers
from listbot.rules.base import Context, Rule, RuleOptions

_BLANKS = " \t\r\f\v"


class WhitespaceOptions(RuleOptions):
    hard_breaks: bool = Field(
        True, description="accept two trailing spaces (or a backslash) that break a line before more text"
    )


class Whitespace(Rule):
    """Trailing whitespace, whitespace-only lines, stray tabs, a missing final newline.

    Invisible characters make noisy diffs and confuse editors. Two or more
    trailing spaces before a continuation line are a hard line break and are
    kept; tabs that indent nested lists are kept when the list indents with tabs.
    The fix strips trailing blanks (a stray carriage return included), turns a tab
    into spaces, and ends the file with a newline. Code blocks are left alone.

    Bad:
        * [2502] [Title](https://arxiv.org/abs/2502.05253)␠

    Good:
        * [2502] [Title](https://arxiv.org/abs/2502.05253)
    """

    code = "LB603"
    name = "whitespace"
    summary = "trailing whitespace (not a hard break), whitespace-only lines, stray tabs, no final newline"
    fixable = True
    Options = WhitespaceOptions

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        doc = ctx.doc
        text = doc.text
        breaks = doc.hard_breaks if ctx.options.hard_breaks else ()
        tabs_indent = ctx.profile.conventions.indent != "spaces"
        start = 0
        for number, line in enumerate(text.split("\n"), start=1):
            end = start + len(line)
            if line and (line[-1] in _BLANKS or "\t" in line) and not covers(doc.code_spans, start):
                trailing = self._trailing(ctx, number, start, line, end, breaks)
                if trailing is not None:
                    yield trailing
                if "\t" in line.rstrip(_BLANKS):  # a line of blanks has no stray tab, only trailing ones
                    yield from self._tabs(ctx, number, start, line, tabs_indent)
            start = end + 1
        if text and not text.endswith("\n"):
            end = len(text)
            fix = ctx.fix("add it", ctx.edit(end, end, "\n"))
            yield self.report(ctx, Span(end, end), "no newline at end of file", fix)

    def _trailing(
        self, ctx: Context, number: int, start: int, line: str, end: int, breaks: tuple[int, ...]
    ) -> Diagnostic | None:
        stripped = line.rstrip(_BLANKS)
        if len(stripped) == len(line) or _is_hard_break(breaks, end):
            return None
        only_spaces = not stripped and "\t" not in line and "\r" not in line
        message = "whitespace-only line" if only_spaces and start > 0 else "trailing whitespace"
        edit = _edit(number, start, len(stripped), len(line), "")
        return self._finding(ctx, number, message, "strip it", edit)

    def _tabs(
        self, ctx: Context, number: int, start: int, line: str, tabs_indent: bool
    ) -> Iterator[Diagnostic]:
        """One finding per line, however many stray tabs it holds: a line of a hundred thousand
        tabs is one problem to a reader, and one finding each made ``fix`` quadratic-feeling."""
        body = line.rstrip(_BLANKS)
        indent = len(body) - len(body.lstrip(" \t"))
        edits: list[Edit] = []
        first = body.find("\t", 0, indent)
        if first != -1 and not tabs_indent:
            # tabs run to the next multiple of four columns ("  \t" is four, not six); the
            # blanks before the first tab are spaces, one column each
            last = body.rfind("\t", 0, indent) + 1
            edits.append(_edit(number, start, first, last, body[:last].expandtabs(4)[first:]))
        index = body.find("\t", indent)
        while index != -1:
            run_end = index
            while run_end < len(body) and body[run_end] == "\t":
                run_end += 1
            edits.append(_edit(number, start, index, run_end, " "))
            index = body.find("\t", run_end)
        if edits:
            tabs = body.count("\t", edits[0].column - 1, edits[-1].end_column - 1)
            message = "tab character" if tabs == 1 else f"{tabs} tab characters"
            yield self._finding(ctx, number, message, "use spaces", *edits)

    def _finding(self, ctx: Context, number: int, message: str, action: str, *edits: Edit) -> Diagnostic:
        """A finding on line ``number`` from its first edit to its last, with their fix, as
        ``report`` and ``ctx.edit`` would make it, positions taken from the line: a file can hold
        a hundred thousand of these, and looking each position up doubled the rule's time."""
        column, end_column = edits[0].column, edits[-1].end_column
        fix = ctx.fix(action, *edits)
        return Diagnostic(
            ctx.doc.path,
            number,
            column,
            number,
            end_column,
            self.code,
            self.name,
            message,
            self.severity,
            fix,
        )


def _edit(number: int, line_start: int, start: int, end: int, replacement: str) -> Edit:
    """Replace columns ``[start, end)`` (0-based, in the line) of line ``number``."""
    return Edit(line_start + start, line_start + end, replacement, number, start + 1, number, end + 1)


def _is_hard_break(breaks: tuple[int, ...], end: int) -> bool:
    index = bisect_left(breaks, end)
    return index < len(breaks) and breaks[index] == end
