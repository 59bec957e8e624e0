from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject


class UrlBare(Rule):
    """A bare URL where a ``[title](url)`` link belongs.

    An entry's title is its link text; a bare URL leaves readers guessing what
    it points at. Lists that write bare URLs on purpose (``- Paper: https://...``
    under a bold title, in most entries) are left alone.

    Bad:
        * [2502] Demystifying Long CoT https://arxiv.org/abs/2502.03373

    Good:
        * [2502] [Demystifying Long Chain-of-Thought Reasoning in LLMs](https://arxiv.org/abs/2502.03373)
    """

    code = "LB305"
    name = "url-bare"
    summary = "a bare URL where a `[title](url)` link belongs"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.profile.conventions.bare_urls:
            return
        for entry in ctx.entries():
            if entry.link is None and entry.bare_urls:
                bare = entry.bare_urls[0]
                if any(span.start <= bare.span.start <= span.end for span, _ in entry.broken):
                    continue  # the URL of a broken link: LB302 says what to repair
                message = f"bare URL {bare.url}; write it as [title]({bare.url})"
                yield self.report(ctx, bare.span, message, subject=subject(entry))
