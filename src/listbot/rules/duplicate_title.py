from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.rules.base import Context, Rule
from listbot.rules.common import fold_title, listed_entries
from listbot.urls import identity


class DuplicateTitle(Rule):
    """The same title under a different link.

    Titles are compared with case, punctuation and spacing folded. Often the
    same paper is listed once as a preprint and once as a venue PDF.

    Bad:
        * [2402] [DeepSeekMath](https://arxiv.org/abs/2402.03300)
        * [2402] [DeepSeekMath](https://example.org/deepseekmath.pdf)

    Good:
        * [2402] [DeepSeekMath](https://arxiv.org/abs/2402.03300)
    """

    code = "LB402"
    name = "duplicate-title"
    summary = "the same title (case, punctuation and spacing folded) under a different link"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        tracking = ctx.config.urls.tracking_params
        seen: dict[str, tuple[str, int]] = {}
        for entry in listed_entries(ctx.doc):
            if entry.link is None:
                continue
            title = fold_title(entry.link.text)
            if not title:
                continue
            key = identity(entry.link.url, tracking)
            if title in seen and seen[title][0] != key:
                message = f"title already listed on line {seen[title][1]} with another link"
                related = (seen[title][1], f"title listed again on line {entry.line} with another link")
                yield self.report(ctx, entry.link.text_span, message, related=related)
            seen.setdefault(title, (key, entry.line))
