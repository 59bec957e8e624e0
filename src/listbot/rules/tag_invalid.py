from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.model import DateMark, DatePlace
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject


def precision(mark: DateMark) -> str:
    """How precise a date's form is: ``day``, ``month`` or ``year``."""
    if "%d" in mark.pattern:
        return "day"
    return "month" if mark.month is not None else "year"


class TagInvalid(Rule):
    """A malformed date, a month outside 01-12, a date in the future, or a less precise form.

    Tags are four digits, year then month: ``[2502]`` is February 2025. Other forms
    (``2025.02``, ``2025-02-14``, ``Mar 2024``) are read too. "The future" is after the
    current month (or ``today = "YYYY-MM"`` in the config). A date less precise than
    the list's own form (``March 2026`` where entries write ``June 09, 2026``) is
    flagged as well.

    Bad:
        * [24-08] [Title](https://arxiv.org/abs/2408.08152)
        * [2513] [Title](https://arxiv.org/abs/2501.00001)

    Good:
        * [2408] [Title](https://arxiv.org/abs/2408.08152)
    """

    code = "LB202"
    name = "tag-invalid"
    summary = (
        "a malformed date (`[24-08]`, `[250]`), a month outside 01-12, a future date, a less precise form"
    )
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        today = ctx.config.today_yymm()
        dated = [entry for entry in ctx.entries() if entry.date is not None]
        usual = Counter((e.date.place, precision(e.date)) for e in dated if e.date and e.date.valid)  # type: ignore[union-attr]
        places = {place: _Usual(place, usual) for place, _ in usual}
        for entry in dated:
            mark = entry.date
            assert mark is not None
            problem = self._problem(mark, today, places.get(mark.place))
            if problem:
                yield self.report(ctx, mark.span, problem, subject=subject(entry))

    @staticmethod
    def _problem(mark: DateMark, today: str, usual: _Usual | None) -> str | None:
        if mark.placeholder:
            return None
        if not mark.valid:
            if mark.place is DatePlace.TAG and len(mark.text) == 6 and mark.text[1:5].isdigit():
                return f"date tag {mark.text} has month {mark.text[3:5]}, not 01-12"
            expected = "[YYMM]" if mark.place is DatePlace.TAG else "a real date"
            return f"malformed date {mark.text}; expected {expected}"
        now = (2000 + int(today[:2]), int(today[2:]))
        if (mark.year or 0, mark.month or 0) > now:
            return f"date {mark.text} is in the future (now {today})"
        rare = usual is not None and usual.total >= 5 and usual.counts.get("month", 0) * 10 < usual.total
        if rare and usual.precision == "day" and precision(mark) == "month":  # type: ignore[union-attr]
            return f"date {mark.text} has no day, unlike the other entries' dates"
        return None


class _Usual:
    """How precise the valid dates written in one place are, counted once per document."""

    def __init__(self, place: DatePlace, usual: Counter[tuple[DatePlace, str]]) -> None:
        same_place = {form: count for form, count in usual.items() if form[0] is place}
        self.counts = {form[1]: count for form, count in same_place.items()}
        self.total = sum(same_place.values())
        self.precision = max(same_place, key=same_place.__getitem__)[1] if same_place else None
