from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Related, Severity
from listbot.model import Entry, LinkRole
from listbot.rules.base import Context, Rule
from listbot.rules.common import link_span, repeats, same_title, shown_title, subject


def _paper(entry: Entry) -> bool:
    """An arXiv id, or a link to a paper (a PDF, a publisher): one paper, one title."""
    return bool(entry.arxiv_id) or (entry.link is not None and entry.link.role is LinkRole.PAPER)


class IdConflict(Rule):
    """One arXiv id (or one paper's URL) under two different titles: one of them links the wrong paper.

    Usually a copy-paste slip: a new entry reused the link of the entry above.
    Both titles are named, so the reader can tell which one is right.

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
        for later, first in repeats(list(ctx.entries()), ctx.config.urls.tracking_params):
            if not _paper(later) or not later.title or not first.title or same_title(later, first):
                continue
            mine, theirs = shown_title(later), shown_title(first)
            what = (
                f"arXiv {later.arxiv_id}"
                if later.arxiv_id
                else later.link.url
                if later.link
                else "this paper"
            )
            message = (
                f"{what} is linked here as {mine!r} and on line {first.line} as "
                f"{theirs!r}: one of them links the wrong paper"
            )
            related = Related(
                first.line,
                f"{what} is linked here as {theirs!r} and on line {later.line} as {mine!r}: "
                "one of them links the wrong paper",
            )
            span = link_span(later, url=True)
            yield self.report(ctx, span, message, related=related, subject=subject(later))
