from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.rules.base import Context, Rule
from listbot.rules.common import repeats, same_title


class IdConflict(Rule):
    """One arXiv id under two different titles: one of them links the wrong paper.

    Usually a copy-paste slip: a new entry reused the link of the entry above.

    Bad:
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
        * [2502] [BOLT: Bootstrap Long Chain-of-Thought](https://arxiv.org/abs/2502.03387)

    Good:
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
        * [2502] [BOLT: Bootstrap Long Chain-of-Thought](https://arxiv.org/abs/2502.03860)
    """

    code = "LB403"
    name = "id-conflict"
    summary = "one arXiv id under two different titles: one of them links the wrong paper"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for later, first in repeats(ctx.doc, ctx.config.urls.tracking_params):
            if later.arxiv_id and not same_title(later, first):
                assert later.link is not None and first.link is not None
                title = first.link.text.strip()
                message = f"arXiv {later.arxiv_id} is also linked on line {first.line} as {title!r}"
                other = later.link.text.strip()
                related = (
                    first.line,
                    f"arXiv {later.arxiv_id} is also linked on line {later.line} as {other!r}",
                )
                yield self.report(ctx, later.link.url_span, message, related=related)
