from __future__ import annotations

import re
from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.model import Span
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
        code = ctx.doc.code_spans

        def in_code(offset: int) -> bool:
            return any(span.start <= offset < span.end for span in code)

        for match in _TRAILING.finditer(text):
            if match.start() == match.end() or in_code(match.start()):
                continue
            if (
                match.start() > 0
                and text[match.start() - 1] == "\n"
                and "\t" not in match.group()
                and "\r" not in match.group()
            ):
                message = "whitespace-only line"
            else:
                message = "trailing whitespace"
            span = Span(match.start(), match.end())
            yield self.report(ctx, span, message, ctx.fix("strip it", ctx.edit(span.start, span.end, "")))
        for match in _TAB.finditer(text):
            if in_code(match.start()) or _TRAILING.match(text, match.start()):
                continue
            leading = match.start() == 0 or text[match.start() - 1] == "\n"
            replacement = "    " * len(match.group()) if leading else " "
            edit = ctx.edit(match.start(), match.end(), replacement)
            yield self.report(
                ctx, Span(match.start(), match.end()), "tab character", ctx.fix("use spaces", edit)
            )
        if text and not text.endswith("\n"):
            end = len(text)
            yield self.report(
                ctx, Span(end, end), "no newline at end of file", ctx.fix("add it", ctx.edit(end, end, "\n"))
            )
