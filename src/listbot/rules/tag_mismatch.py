from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from listbot.diagnostics import Change, Diagnostic, Severity
from listbot.model import DateMark, DatePlace
from listbot.parse.dates import render
from listbot.rules.base import Context, Rule, RuleOptions
from listbot.rules.common import subject
from listbot.urls import id_month


class TagMismatchOptions(RuleOptions):
    later: Literal["warn", "ignore"] = Field(
        "warn", description='a date later than the arXiv id (often a venue date): "warn" or "ignore"'
    )


class TagMismatch(Rule):
    """A date that disagrees with the entry's arXiv identifier.

    An arXiv id says when the paper first appeared: ``2412.13389`` is December
    2024. A date *earlier* than that is impossible (error; the fix sets it from
    the id, in the list's own form). A date *later* than that is often a venue or
    revision date (warning; its fix is unsafe and runs only with
    ``--unsafe-fixes``; only ``[YYMM]`` tags are compared this way, since other dates
    are often venue or release dates). Every date form is checked for the first
    case (``[2502]``, ``2025.02``, table cells, ``*ACL, Jun 2021*``), allowing for a
    paper submitted on the last days of a month and numbered in the next. Forms
    with a day are reported without a fix, since the day is unknown.

    Bad:
        * [2412] [Reasoning with Reinforced Functional Token Tuning](https://arxiv.org/abs/2502.13389)

    Good:
        * [2502] [Reasoning with Reinforced Functional Token Tuning](https://arxiv.org/abs/2502.13389)
    """

    code = "LB203"
    name = "tag-mismatch"
    summary = "a date that disagrees with the entry's arXiv id (`[2412]` on `2502.13389`)"
    severity = Severity.ERROR
    fixable = True
    Options = TagMismatchOptions

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        later_too = ctx.options.later == "warn"
        for entry in ctx.entries():
            mark = entry.date
            if mark is None or not entry.arxiv_id:
                continue
            yymm = mark.yymm
            month = id_month(entry.arxiv_id)
            if yymm is None or month is None or month == yymm:
                continue
            year, number = 2000 + int(month[:2]), int(month[2:])
            shown = render(mark, year, number)
            fix = None
            early = yymm < month and not _boundary(mark, entry.arxiv_id, month)
            if early and _arxiv_dated(ctx, mark, month):
                if shown:
                    fix = ctx.fix(
                        f"set the date to {shown}",
                        ctx.edit(mark.span.start, mark.span.end, shown),
                        change=Change.WORDS,
                        removes=(mark.text,),
                        adds=(shown,),
                    )
                appeared = _month_name(month)
                message = f"{_noun(mark)} {mark.text} is before arXiv {entry.arxiv_id} appeared ({appeared})"
                yield self.report(ctx, mark.span, message, fix, subject=subject(entry))
            elif later_too and yymm > month and mark.place is DatePlace.TAG:
                if shown:
                    fix = ctx.fix(
                        f"set the date to {shown}",
                        ctx.edit(mark.span.start, mark.span.end, shown),
                        unsafe=True,
                        change=Change.WORDS,
                        removes=(mark.text,),
                        adds=(shown,),
                    )
                appeared = _month_name(month)
                message = f"{_noun(mark)} {mark.text} is later than arXiv {entry.arxiv_id} ({appeared})"
                message += "; a venue date?"
                yield self.report(ctx, mark.span, message, fix, Severity.WARNING, subject=subject(entry))


def _months_before(mark: DateMark, month: str) -> int:
    return (2000 + int(month[:2]) - (mark.year or 0)) * 12 + int(month[2:]) - (mark.month or 0)


def _arxiv_dated(ctx: Context, mark: DateMark, month: str) -> bool:
    """A venue's date (``*FAccT, Jun 2022*``) may precede the arXiv posting by a few months;
    an arXiv date may not, and nor may a venue date half a year or more before it."""
    if mark.place is not DatePlace.VENUE:
        return True
    italic = ctx.doc.text.rfind("*", 0, mark.span.start)
    venue = ctx.doc.text[italic + 1 : mark.span.start].lower()
    return "arxiv" in venue or "preprint" in venue or _months_before(mark, month) >= 6


def _noun(mark: DateMark) -> str:
    return "tag" if mark.place is DatePlace.TAG else "date"


def _month_name(yymm: str) -> str:
    return f"[{yymm}]"


def _previous(yymm: str) -> str:
    year, month = int(yymm[:2]), int(yymm[2:])
    return f"{year - 1:02d}12" if month == 1 else f"{year:02d}{month - 1:02d}"


def _boundary(mark: DateMark, identifier: str, month: str) -> bool:
    """Submitted at the end of one month, numbered in the next: ``2024.08.31`` for ``2409.00487``.

    An id's number counts the month's submissions, so a low number means its first days.
    """
    if mark.yymm != _previous(month):
        return False
    number = int(identifier.partition(".")[2] or 0) if identifier.partition(".")[2].isdigit() else None
    if number is None:
        return False
    if mark.day is not None:  # submitted on the last days of the month, in the first days of the next
        return mark.day >= 25 and number < 5000
    return number < 1000  # without a day: only the very first numbers of the month
