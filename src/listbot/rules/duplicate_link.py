from __future__ import annotations

import re
from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.model import Document, Entry
from listbot.rules.base import Context, Rule
from listbot.rules.common import fold_title, repeats, same_title
from listbot.urls import identity


def _normalised(doc: Document, entry: Entry, tracking: list[str]) -> tuple[str, ...]:
    """An entry as it reads after fixing: tags, folded title, link identity, spaced notes."""
    assert entry.link is not None
    rest = doc.text[entry.link.span.end : entry.span.end]
    return (
        *(tag.text for tag in entry.prefixes),
        fold_title(entry.link.text),
        identity(entry.link.url, tracking),
        re.sub(r"\s+", " ", rest).strip(),
    )


class DuplicateLink(Rule):
    """The same paper twice: the same canonical URL, or the same arXiv id under any URL form.

    The first entry wins; later copies are flagged. When a copy is identical to
    the first once both are fixed (same tags, title, link and notes), the fix
    removes it; otherwise a person has to choose.

    Bad:
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/pdf/2502.03387)
        * [2502] [LIMO: Less is More for Reasoning](https://www.alphaxiv.org/abs/2502.03387v1)

    Good:
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
    """

    code = "LB401"
    name = "duplicate-link"
    summary = "the same paper twice: same canonical URL or same arXiv id, across the whole list"
    severity = Severity.ERROR
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        doc, tracking = ctx.doc, ctx.config.urls.tracking_params
        for later, first in repeats(doc, tracking):
            if later.arxiv_id and not same_title(later, first):
                continue  # one id, two titles: LB403
            assert later.link is not None
            fix = None
            if _normalised(doc, later, tracking) == _normalised(doc, first, tracking):
                end = min(len(doc.text), later.span.end + 1)
                fix = ctx.fix("remove the repeated entry", ctx.edit(later.span.start, end, ""))
            what = f"arXiv {later.arxiv_id}" if later.arxiv_id else later.link.url
            message = f"{what} is already listed on line {first.line}"
            related = (first.line, f"{what} is listed again on line {later.line}")
            yield self.report(ctx, later.link.span, message, fix, related=related)
