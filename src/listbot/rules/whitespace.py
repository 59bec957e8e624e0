from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from listbot.diagnostics import Diagnostic
from listbot.model import Span, covers
from listbot.rules.base import Context, Rule

_TRAILING = re.compile(r"[ \t\r\f\v]+$", re.MULTILINE)
_TAB = re.compile(r"\t+")


class Whitespace(Rule):
    """Trailing whitespace, tabs, and a missing final newline.

    Invisible characters make noisy diffs and confuse editors. The fix strips
    trailing blanks (a stray carriage return included), turns a leading tab
    into four spaces and any other tab into one space, and ends the file with
    a newline. Code blocks are left alone.

    Bad:
        * [2502] [Title](https://arxiv.org/abs/2502.05253)␠␠

    Good:
        * [2502] [Title](https://arxiv.org/abs/2502.05253)
    """

    code = "LB603"
    name = "whitespace"
    summary = "trailing whitespace, tabs, missing final newline"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        text = ctx.doc.text

        def in_code(offset: int) -> bool:
            return covers(ctx.doc.code_spans, offset)

        for start, line in _lines(text):
            stripped = line.rstrip(" \t\r\f\v")
            if len(stripped) == len(line) or in_code(start):
                continue
            span = Span(start + len(stripped), start + len(line))
            only_spaces = not stripped and "\t" not in line and "\r" not in line
            message = "whitespace-only line" if only_spaces and start > 0 else "trailing whitespace"
            yield self.report(ctx, span, message, ctx.fix("strip it", ctx.edit(span.start, span.end, "")))
        if "\t" in text:
            yield from self._tabs(ctx, text, in_code)
        if text and not text.endswith("\n"):
            end = len(text)
            fix = ctx.fix("add it", ctx.edit(end, end, "\n"))
            yield self.report(ctx, Span(end, end), "no newline at end of file", fix)

    def _tabs(self, ctx: Context, text: str, in_code: Callable[[int], bool]) -> Iterator[Diagnostic]:
        for match in _TAB.finditer(text):
            if in_code(match.start()) or _TRAILING.match(text, match.start()):
                continue
            leading = match.start() == 0 or text[match.start() - 1] == "\n"
            replacement = "    " * len(match.group()) if leading else " "
            span = Span(match.start(), match.end())
            edit = ctx.edit(span.start, span.end, replacement)
            yield self.report(ctx, span, "tab character", ctx.fix("use spaces", edit))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for each line, without its line break."""
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1
