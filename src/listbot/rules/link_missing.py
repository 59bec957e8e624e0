from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.rules.base import Context, Rule
from listbot.rules.common import listed_entries


class LinkMissing(Rule):
    """An entry with no Markdown link.

    In a dated or link section every entry points somewhere. (Bare URLs are
    LB305; broken link syntax is LB302.)

    Bad:
        * [2502] Demystifying Long Chain-of-Thought Reasoning in LLMs

    Good:
        * [2502] [Demystifying Long Chain-of-Thought Reasoning in LLMs](https://arxiv.org/abs/2502.03373)
    """

    code = "LB301"
    name = "link-missing"
    summary = "an entry with no Markdown link"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry in listed_entries(ctx.doc):
            if entry.link is None and not entry.bare_urls and not entry.broken:
                yield self.report(ctx, entry.bullet_span, "entry has no link")
