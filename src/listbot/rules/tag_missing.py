from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Change, Diagnostic, Severity
from listbot.model import DatePlace, Entry, EntryKind
from listbot.profile import SectionKind
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject
from listbot.urls import id_month

_WHERE = {
    DatePlace.TAG: "a [YYMM] tag",
    DatePlace.LEAD: "a date before the title",
    DatePlace.TRAILER: "a date after the links",
    DatePlace.VENUE: "a date with the venue",
    DatePlace.FIELD: "a date line",
    DatePlace.CELL: "a date in its date column",
}


def insertion_point(text: str, entry: Entry) -> int:
    """Where a date tag goes: after category tags like ``[**RL**]``, before name tags and the
    title, and outside the emphasis or quotes around a title (``**Title**``, ``"Title"``): a tag
    inside them is read as part of the title, and would be inserted again on every run."""
    for tag in entry.prefixes:
        if "*" not in tag.text and "_" not in tag.text:
            return tag.span.start
    if entry.title is None:
        return entry.content_start
    at = entry.title_link.span.start if entry.title_link else entry.title.span.start
    while at > entry.content_start and text[at - 1] in '*_"“':
        at -= 1
    return at


class TagMissing(Rule):
    """An entry of a dated section without the date its neighbours carry.

    Readers scan dated sections by month, and the sort order depends on the date.
    The date is expected where the list writes it (a ``[YYMM]`` tag, a trailer such
    as ``2025.02``, a date column). When the list uses ``[YYMM]`` tags and the entry
    links an arXiv paper, the fix inserts the tag of the month the id was issued in.

    Bad:
        * [2502] [Exploring the Limit of Outcome Reward](https://arxiv.org/abs/2502.06781)
        * [Demystifying Long Chain-of-Thought Reasoning in LLMs](https://arxiv.org/abs/2502.03373)
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
        * [2501] [s1: Simple test-time scaling](https://arxiv.org/abs/2501.19393)

    Good:
        * [2502] [Exploring the Limit of Outcome Reward](https://arxiv.org/abs/2502.06781)
        * [2502] [Demystifying Long Chain-of-Thought Reasoning in LLMs](https://arxiv.org/abs/2502.03373)
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
        * [2501] [s1: Simple test-time scaling](https://arxiv.org/abs/2501.19393)
    """

    code = "LB201"
    name = "tag-missing"
    summary = (
        "an entry of a dated section without the date (`[YYMM]` tag, trailer, column) its neighbours carry"
    )
    severity = Severity.ERROR
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        place = ctx.profile.conventions.date_place
        if place is None:
            return
        for entry in ctx.entries(SectionKind.DATED):
            if entry.date is not None:
                continue
            month = id_month(entry.arxiv_id) if entry.arxiv_id else None
            if place is DatePlace.TAG and entry.kind is EntryKind.ITEM and month and entry.title is not None:
                at = insertion_point(ctx.doc.text, entry)
                tag = f"[{month}]"
                # Broken link syntax moves where the title is read from (inside a bracket that
                # opens no link): a tag put there is not seen, and came back on every pass.
                edit = ctx.edit(at, at, f"{tag} ")
                insert = ctx.fix(f"insert {tag}", edit, change=Change.WORDS, adds=(tag,))
                fix = None if entry.broken else insert
                message = f"entry has no [YYMM] tag; arXiv {entry.arxiv_id} gives {tag}"
                yield self.report(ctx, entry.anchor, message, fix, subject=subject(entry))
            else:
                message = f"entry has no date; its neighbours carry {_WHERE[place]}"
                yield self.report(ctx, entry.anchor, message, subject=subject(entry))
