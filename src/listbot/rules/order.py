from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from listbot.diagnostics import Diagnostic, Fix, Severity
from listbot.model import Entry
from listbot.rules.base import Context, Rule
from listbot.rules.common import valid_month


def _month(entry: Entry) -> str | None:
    tag = entry.date_tag
    return tag.text if tag and valid_month(tag.text) else None


class Order(Rule):
    """Entries of a dated section out of its sort order.

    Dated sections go newest first (``order = "newest"``); a section can say
    ``"oldest"`` or ``"none"`` in ``[[tool.listbot.sections]]``. Each entry
    that is out of place is flagged. The fix is a stable sort of whole entries
    (continuation lines and sub-items move with their entry) within one list,
    made only when every entry of that list has a valid tag.

    Bad:
        * [2502] [Provably Optimal Distributional RL](https://arxiv.org/abs/2502.20548)
        * [2503] [DAST: Difficulty-Adaptive Slow-Thinking](https://arxiv.org/abs/2503.04472)

    Good:
        * [2503] [DAST: Difficulty-Adaptive Slow-Thinking](https://arxiv.org/abs/2503.04472)
        * [2502] [Provably Optimal Distributional RL](https://arxiv.org/abs/2502.20548)
    """

    code = "LB501"
    name = "order"
    summary = "entries of a dated section out of its sort order"
    severity = Severity.WARNING
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for section in ctx.doc.sections:
            if section.order == "none" or not section.entries:
                continue
            newest = section.order == "newest"
            block_entries = [ctx.doc.entries[i] for i in section.entries]
            for _, group in groupby(block_entries, key=lambda entry: entry.block):
                yield from self._check_block(ctx, list(group), newest)

    def _check_block(self, ctx: Context, block: list[Entry], newest: bool) -> Iterator[Diagnostic]:
        fix = self._sort_fix(ctx, block, newest)
        previous: Entry | None = None
        for entry in block:
            month = _month(entry)
            if month is None:
                continue
            before = _month(previous) if previous else None
            if previous and before and (month > before if newest else month < before):
                word, opposite = ("newer", "older") if newest else ("older", "newer")
                message = f"[{month}] is {word} than [{before}] above it (line {previous.line})"
                seen_from_above = f"[{before}] is {opposite} than [{month}] below it (line {entry.line})"
                related = (previous.line, seen_from_above)
                yield self.report(ctx, entry.bullet_span, message, fix, related=related)
            previous = entry

    def _sort_fix(self, ctx: Context, block: list[Entry], newest: bool) -> Fix | None:
        """One fix for the whole list, or None when some entry has no valid tag to sort by."""
        months = [_month(entry) for entry in block]
        if None in months:
            return None
        order = sorted(range(len(block)), key=lambda i: months[i], reverse=newest)  # type: ignore[arg-type,return-value]
        if order == list(range(len(block))):
            return None
        text = ctx.doc.text
        edits = [
            ctx.edit(slot.span.start, slot.span.end, text[block[i].span.start : block[i].span.end])
            for slot, i in zip(block, order, strict=True)
            if slot is not block[i]
        ]
        return ctx.fix("sort the entries", *edits)
