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
                yield from self._trailing(ctx, number, start, line, end, breaks)
                if "\t" in line:
                    yield from self._tabs(ctx, number, start, line, tabs_indent)
            start = end + 1
        if text and not text.endswith("\n"):
            end = len(text)
            fix = ctx.fix("add it", ctx.edit(end, end, "\n"))
            yield self.report(ctx, Span(end, end), "no newline at end of file", fix)

    def _trailing(
        self, ctx: Context, number: int, start: int, line: str, end: int, breaks: tuple[int, ...]
    ) -> Iterator[Diagnostic]:
        stripped = line.rstrip(_BLANKS)
        if len(stripped) == len(line) or _is_hard_break(breaks, end):
            return
        only_spaces = not stripped and "\t" not in line and "\r" not in line
        message = "whitespace-only line" if only_spaces and start > 0 else "trailing whitespace"
        yield self._finding(ctx, number, start, start + len(stripped), end, message, "strip it", "")

    def _tabs(
        self, ctx: Context, number: int, start: int, line: str, tabs_indent: bool
    ) -> Iterator[Diagnostic]:
        """One finding per line, however many stray tabs it holds: a line of a hundred thousand
        tabs is one problem to a reader, and one finding each made ``fix`` quadratic-feeling."""
        body = line.rstrip(_BLANKS)
        indent = len(body) - len(body.lstrip(" \t"))
        edits: list[Edit] = []
        tabs = 0
        index = body.find("\t")
        while index != -1:
            run_end = index
            while run_end < len(body) and body[run_end] == "\t":
                run_end += 1
            leading = index < indent
            if not (leading and tabs_indent):
                # a tab runs to the next multiple of four columns: "  \t" is four columns, not six
                width = len(body[:run_end].expandtabs(4)) - len(body[:index].expandtabs(4))
                replacement = " " * width if leading else " "
                column, end_column = index + 1, run_end + 1
                edits.append(
                    Edit(start + index, start + run_end, replacement, number, column, number, end_column)
                )
                tabs += run_end - index
            index = body.find("\t", run_end)
        if not edits:
            return
        message = "tab character" if tabs == 1 else f"{tabs} tab characters"
        first, last = edits[0], edits[-1]
        yield Diagnostic(
            ctx.doc.path,
            number,
            first.column,
            number,
            last.end_column,
            self.code,
            self.name,
            message,
            self.severity,
            ctx.fix("use spaces", *edits),
        )

    def _finding(
        self,
        ctx: Context,
        number: int,
        line_start: int,
        start: int,
        end: int,
        message: str,
        action: str,
        replacement: str,
    ) -> Diagnostic:
        """A finding on ``[start, end)`` of line ``number`` with its one-edit fix, as ``report``
        and ``ctx.edit`` would make it, positions taken from the line: a file can hold a hundred
        thousand of these, and looking each position up doubled the rule's time."""
        column, end_column = start - line_start + 1, end - line_start + 1
        edit = Edit(start, end, replacement, number, column, number, end_column)
        fix = ctx.fix(action, edit)
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


def _is_hard_break(breaks: tuple[int, ...], end: int) -> bool:
    index = bisect_left(breaks, end)
    return index < len(breaks) and breaks[index] == end
