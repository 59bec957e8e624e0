from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.model import SectionKind
from listbot.rules.base import Context, Rule
from listbot.rules.common import entries, valid_month
from listbot.urls import id_month


class TagMismatch(Rule):
    """A date tag that disagrees with the entry's arXiv identifier.

    An arXiv id says when the paper first appeared: ``2412.13389`` is December
    2024. A tag *earlier* than that is impossible (error; the fix sets it from
    the id). A tag *later* than that is often a venue or revision date
    (warning; its fix is unsafe and runs only with ``--unsafe-fixes``).

    Bad:
        * [2412] [Reasoning with Reinforced Functional Token Tuning](https://arxiv.org/abs/2502.13389)

    Good:
        * [2502] [Reasoning with Reinforced Functional Token Tuning](https://arxiv.org/abs/2502.13389)
    """

    code = "LB203"
    name = "tag-mismatch"
    summary = "a tag that disagrees with the entry's arXiv id (`[2502]` on `2412.13389`)"
    severity = Severity.ERROR
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry in entries(ctx.doc, SectionKind.DATED):
            tag = entry.date_tag
            if tag is None or not valid_month(tag.text) or not entry.arxiv_id:
                continue
            month = id_month(entry.arxiv_id)
            if month is None or month == tag.text:
                continue
            edit = ctx.edit(tag.span.start, tag.span.end, f"[{month}]")
            if tag.text < month:
                message = f"tag [{tag.text}] is before arXiv {entry.arxiv_id} appeared ([{month}])"
                yield self.report(ctx, tag.span, message, ctx.fix(f"set tag to [{month}]", edit))
            else:
                message = f"tag [{tag.text}] is later than arXiv {entry.arxiv_id} ([{month}]); a venue date?"
                fix = ctx.fix(f"set tag to [{month}]", edit, unsafe=True)
                yield self.report(ctx, tag.span, message, fix, Severity.WARNING)
