from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject


class LinkMissing(Rule):
    """An entry with no link, where its neighbours have one.

    In a list of papers or resources every entry points somewhere. Only entries
    written like their neighbours are checked (a dated tag, a bold title), so
    prose bullets are not mistaken for entries. (Bare URLs are LB305; broken link
    syntax is LB302.)

    Bad:
        * [2502] [Exploring the Limit of Outcome Reward](https://arxiv.org/abs/2502.06781)
        * [2502] Demystifying Long Chain-of-Thought Reasoning in LLMs
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)

    Good:
        * [2502] [Exploring the Limit of Outcome Reward](https://arxiv.org/abs/2502.06781)
        * [2502] [Demystifying Long Chain-of-Thought Reasoning in LLMs](https://arxiv.org/abs/2502.03373)
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
    """

    code = "LB301"
    name = "link-missing"
    summary = "an entry with no link, where its neighbours have one"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry in ctx.entries():
            resources = [link for link in entry.links if not link.image]
            if not resources and not entry.bare_urls and not entry.broken:
                yield self.report(ctx, entry.anchor, "entry has no link", subject=subject(entry))
