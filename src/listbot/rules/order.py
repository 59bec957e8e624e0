from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from itertools import groupby

from listbot.diagnostics import Change, Diagnostic, Fix, Related, Severity
from listbot.model import Entry, EntryKind
from listbot.rules.base import Context, Rule
from listbot.rules.common import shown_title, subject


def _dated(entry: Entry) -> bool:
    """Whether the entry has a date to sort by (a year and a month)."""
    mark = entry.date
    return mark is not None and mark.year is not None and mark.month is not None


def _later(a: Entry, b: Entry) -> bool:
    """Whether ``a``'s date is after ``b``'s: by day when both write a day, else by month."""
    return sort_key(a, b) > sort_key(b, a)


def sort_key(entry: Entry, other: Entry | None = None) -> tuple[int, ...]:
    """An entry's date as a sortable tuple; the day counts when ``other`` (if given) has one too."""
    mark = entry.date
    assert mark is not None and mark.year is not None and mark.month is not None
    with_day = mark.day is not None and (
        other is None or (other.date is not None and other.date.day is not None)
    )
    return (mark.year, mark.month, mark.day or 0) if with_day else (mark.year, mark.month)


class Order(Rule):
    """Entries of a sorted section out of its order.

    A section's order is learned from its entries (newest first, oldest first, or
    unsorted: then nothing is flagged) or set in ``[[tool.listbot.sections]]``
    (``order = "newest"``). Dates are compared by month, in whatever form the list
    writes them. Each entry out of place is flagged with where it belongs. The fix
    is a stable sort of whole entries (continuation lines and sub-items move with
    their entry) within one list or table, made only when every entry of it has a
    valid date.

    Bad:
        * [2504] [VAPO: Efficient and Reliable RL](https://arxiv.org/abs/2504.05118)
        * [2502] [Provably Optimal Distributional RL](https://arxiv.org/abs/2502.20548)
        * [2503] [DAST: Difficulty-Adaptive Slow-Thinking](https://arxiv.org/abs/2503.04472)
        * [2501] [Kimi k1.5](https://arxiv.org/abs/2501.12599)
        * [2412] [Process Reinforcement through Implicit Rewards](https://arxiv.org/abs/2412.01981)
        * [2411] [Marco-o1](https://arxiv.org/abs/2411.14405)

    Good:
        * [2504] [VAPO: Efficient and Reliable RL](https://arxiv.org/abs/2504.05118)
        * [2503] [DAST: Difficulty-Adaptive Slow-Thinking](https://arxiv.org/abs/2503.04472)
        * [2502] [Provably Optimal Distributional RL](https://arxiv.org/abs/2502.20548)
        * [2501] [Kimi k1.5](https://arxiv.org/abs/2501.12599)
        * [2412] [Process Reinforcement through Implicit Rewards](https://arxiv.org/abs/2412.01981)
        * [2411] [Marco-o1](https://arxiv.org/abs/2411.14405)
    """

    code = "LB501"
    name = "order"
    summary = "entries of a sorted section out of its order (newest or oldest first)"
    severity = Severity.WARNING
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for section, profile in zip(ctx.doc.sections, ctx.profile.sections, strict=True):
            if profile.order == "none" or not section.entries:
                continue
            newest = profile.order == "newest"
            entries = ctx.doc.section_entries(section)
            for _, group in groupby(entries, key=lambda entry: entry.block):
                yield from self._check_block(ctx, list(group), newest)

    def _check_block(self, ctx: Context, block: list[Entry], newest: bool) -> Iterator[Diagnostic]:
        fix: Fix | None = None
        previous: Entry | None = None
        places: _Places | None = None
        for entry in block:  # every `previous` is dated
            if not _dated(entry):
                continue
            if previous and (_later(entry, previous) if newest else _later(previous, entry)):
                fix = fix or self._sort_fix(ctx, block, newest)
                places = places or _Places(block, newest)
                word, opposite = ("newer", "older") if newest else ("older", "newer")
                shown, shown_before = entry.date.text, previous.date.text  # type: ignore[union-attr]
                message = (
                    f"{shown} is {word} than {shown_before} above it (line {previous.line}); "
                    f"{places.belongs(entry)}"
                )
                related = Related(  # the bot moves the problem here when the upper entry is the new one
                    previous.line,
                    f"{shown_before} is {opposite} than {shown} below it (line {entry.line}); "
                    f"{places.belongs(previous)}",
                )
                yield self.report(ctx, entry.anchor, message, fix, related=related, subject=subject(entry))
            previous = entry

    def _sort_fix(self, ctx: Context, block: list[Entry], newest: bool) -> Fix | None:
        """One fix for the whole list, or None when some entry has no valid date to sort by."""
        if not all(_dated(entry) and entry.kind in (EntryKind.ITEM, EntryKind.ROW) for entry in block):
            return None
        days = all(entry.date is not None and entry.date.day is not None for entry in block)
        keys = [sort_key(entry) if days else (entry.date.year, entry.date.month) for entry in block]  # type: ignore[union-attr]
        order = sorted(range(len(block)), key=lambda i: keys[i], reverse=newest)
        text = ctx.doc.text
        edits = [
            ctx.edit(slot.span.start, slot.span.end, text[block[i].span.start : block[i].span.end])
            for slot, i in zip(block, order, strict=True)
            if slot is not block[i]
        ]
        return ctx.fix("sort the entries", *edits, change=Change.REORDER)


class _Places:
    """Where an entry out of place belongs: above the first entry of its list that it should
    precede. Running extremes of the dates (the oldest so far, for a newest-first list) are
    bisected, so each entry costs a logarithm, not a scan of the list (a list with many entries
    out of place made that quadratic). Dates compare by day only when both entries write one,
    so entries with and without a day keep their own extremes."""

    def __init__(self, block: list[Entry], newest: bool) -> None:
        self.block = block
        self.newest = newest
        self.runs: dict[str, tuple[list[int], list[tuple[int, ...]]]] = {
            "any": ([], []),
            "day": ([], []),
            "month": ([], []),
        }
        for position, entry in enumerate(block):
            mark = entry.date
            if mark is None or mark.yymm is None:
                continue
            month = (mark.year or 0, mark.month or 0)
            self._add("any", position, month)
            if mark.day is not None:
                self._add("day", position, (*month, mark.day))
            else:
                self._add("month", position, month)

    def _add(self, run: str, position: int, key: tuple[int, ...]) -> None:
        positions, extremes = self.runs[run]
        if extremes:
            key = min(extremes[-1], key) if self.newest else max(extremes[-1], key)
        positions.append(position)
        extremes.append(key)

    def _first(self, run: str, key: tuple[int, ...]) -> int:
        """The first position whose date ``key`` should precede (len(block) when none)."""
        positions, extremes = self.runs[run]
        if self.newest:
            index = bisect_left(extremes, True, key=lambda extreme: extreme < key)
        else:
            index = bisect_left(extremes, True, key=lambda extreme: extreme > key)
        return positions[index] if index < len(positions) else len(self.block)

    def belongs(self, entry: Entry) -> str:
        mark = entry.date
        assert mark is not None and mark.year is not None and mark.month is not None
        month = (mark.year, mark.month)
        if mark.day is None:
            position = self._first("any", month)
        else:
            position = min(self._first("day", (*month, mark.day)), self._first("month", month))
        if position < len(self.block):
            other = self.block[position]
            title = shown_title(other, 60) or other.date.text  # type: ignore[union-attr]
            return f"it belongs above {title!r} (line {other.line})"
        return "it belongs at the end of this list"
