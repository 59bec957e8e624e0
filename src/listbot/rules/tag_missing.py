from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.model import Entry, SectionKind
from listbot.rules.base import Context, Rule
from listbot.rules.common import entries
from listbot.urls import id_month


def insertion_point(entry: Entry) -> int:
    """Where a date tag goes: after category tags like ``[**RL**]``, before name tags."""
    for tag in entry.prefixes:
        if "*" not in tag.text and "_" not in tag.text:
            return tag.span.start
    assert entry.link is not None
    return entry.link.span.start


class TagMissing(Rule):
    """An entry of a dated section without a ``[YYMM]`` tag.

    Readers scan dated sections by month, and the sort order depends on the
    tag. When the entry links an arXiv paper, the fix inserts the tag of the
    month the identifier was issued in.

    Bad:
        * [2502] [Exploring the Limit of Outcome Reward](https://arxiv.org/abs/2502.06781)
        * [Demystifying Long Chain-of-Thought Reasoning in LLMs](https://arxiv.org/abs/2502.03373)

    Good:
        * [2502] [Exploring the Limit of Outcome Reward](https://arxiv.org/abs/2502.06781)
        * [2502] [Demystifying Long Chain-of-Thought Reasoning in LLMs](https://arxiv.org/abs/2502.03373)
    """

    code = "LB201"
    name = "tag-missing"
    summary = "an entry of a dated section without a `[YYMM]` tag"
    severity = Severity.ERROR
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry in entries(ctx.doc, SectionKind.DATED):
            if entry.date_like:
                continue
            span = entry.bullet_span
            month = id_month(entry.arxiv_id) if entry.arxiv_id else None
            if month and entry.link:
                at = insertion_point(entry)
                fix = ctx.fix(f"insert [{month}]", ctx.edit(at, at, f"[{month}] "))
                message = f"entry has no [YYMM] tag; arXiv {entry.arxiv_id} gives [{month}]"
                yield self.report(ctx, span, message, fix)
            else:
                yield self.report(ctx, span, "entry has no [YYMM] tag")
