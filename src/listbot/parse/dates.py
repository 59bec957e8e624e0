"""Dates as lists write them: ``[2502]``, ``2025.02``, ``(2024.01.18)``, ``24.05.26``,
``2025-08``, ``Mar 2024``, ``June 09, 2026``. Each is read with its form, so rules can
compare it with an arXiv id and fixes can write a corrected date the same way."""

from __future__ import annotations

import re
from collections.abc import Iterator

from listbot.model import DateMark, DatePlace, Span
from listbot.text import word_alternation

# A bracket group that looks like a date tag, well-formed or not: `[2502]`, `[24-08]`, `[250]`.
TAG_LIKE = re.compile(r"\d{2}[-./ _]\d{2}|\d{3}|\d{5,6}|\d{4}[-./]\d{1,2}|\d{4}")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = word_alternation(tuple(_MONTHS))  # the longer name wins: `june` before `jun`
# Numeric dates: 2025.02, 2025-02-14, 2025/02, 24.05.26 (two-digit year needs a day).
_NUMERIC = re.compile(
    r"(?<![\w.\-/])(?:(?P<y4>(?:19|20)\d{2})(?P<s1>[.\-/])(?P<m4>\d{1,2})(?:(?P=s1)(?P<d4>\d{1,2}))?"
    r"|(?P<y2>[12]\d)\.(?P<m2>\d{2})\.(?P<d2>\d{2}))(?![\w/]|-\d|\.\d)"
)
_NAMED = re.compile(
    rf"(?<![\w])(?P<month>{_MONTH_NAMES})\.?(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?)?\s+(?P<year>(?:19|20)\d{{2}})(?!\w)",
    re.IGNORECASE,
)


def _pattern(separator: str, has_day: bool, two_digit_year: bool = False) -> str:
    year = "%y" if two_digit_year else "%Y"
    return separator.join([year, "%m", "%d"] if has_day else [year, "%m"])


def _checked(year: int, month: int, day: int | None) -> tuple[int | None, int | None, int | None]:
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None, None, None
    return year, month, day


_LONG_TAG = re.compile(r"((?:19|20)\d{2})([.\-/])(\d{2})")


def tag_date(text: str, span: Span) -> DateMark:
    """A date-like prefix tag: ``[2502]`` and ``[2025.02]`` parse; ``[24-08]`` or ``[2513]`` do not."""
    if len(text) == 4 and text.isdigit():
        year, month, _ = _checked(2000 + int(text[:2]), int(text[2:]), None)
        return DateMark(f"[{text}]", span, DatePlace.TAG, "[%y%m]", year, month)
    long_form = _LONG_TAG.fullmatch(text)
    if long_form:
        year, month, _ = _checked(int(long_form[1]), int(long_form[3]), None)
        return DateMark(f"[{text}]", span, DatePlace.TAG, f"[%Y{long_form[2]}%m]", year, month)
    return DateMark(f"[{text}]", span, DatePlace.TAG, "[%y%m]")


_YEAR = re.compile(r"(?<![\w.\-/])(?P<year>(?:19|20)\d{2})(?![\w/]|[.\-]\d)")
PLACEHOLDERS = frozenset({"-", "—", "–", "n/a", "na", "tbd", "todo", "?", "/"})


def placeholder(text: str, span: Span) -> DateMark:
    """A date cell left empty on purpose (``-``): the entry is undated, and says so."""
    return DateMark(text, span, DatePlace.CELL, "none")


def find_dates(text: str, start: int, end: int, place: DatePlace, years: bool = False) -> Iterator[DateMark]:
    """Every numeric or named date in ``text[start:end]``, in order; with ``years``, a bare
    year (``ICLR 2022``) counts when nothing more precise is there."""
    found: list[DateMark] = []
    for match in _NUMERIC.finditer(text, start, end):
        if match["y4"]:
            day = int(match["d4"]) if match["d4"] else None
            year, month, day = _checked(int(match["y4"]), int(match["m4"]), day)
            pattern = _pattern(match["s1"], match["d4"] is not None)
        else:
            year, month, day = _checked(2000 + int(match["y2"]), int(match["m2"]), int(match["d2"]))
            pattern = _pattern(".", True, two_digit_year=True)
        span = Span(match.start(), match.end())
        found.append(DateMark(match.group(), span, place, pattern, year, month, day))
    for match in _NAMED.finditer(text, start, end):
        month = _MONTHS[match["month"].lower()]
        day = int(match["day"]) if match["day"] else None
        year, checked_month, day = _checked(int(match["year"]), month, day)
        long_name = len(match["month"]) > 3 and match["month"].lower() != "sept"
        pattern = ("%B" if long_name else "%b") + (" %d," if match["day"] else "") + " %Y"
        span = Span(match.start(), match.end())
        found.append(DateMark(match.group(), span, place, pattern, year, checked_month, day))
    if years and not found:
        for match in _YEAR.finditer(text, start, end):
            found.append(
                DateMark(match.group(), Span(match.start(), match.end()), place, "%Y", int(match["year"]))
            )
    yield from sorted(found, key=lambda mark: mark.span.start)


def render(mark: DateMark, year: int, month: int) -> str | None:
    """``mark``'s form with another year and month; None when the form has a day (unknown)."""
    pattern = mark.pattern
    if "%d" in pattern or pattern.startswith(("%b", "%B")):
        return None
    if pattern == "[%y%m]":
        return f"[{year % 100:02d}{month:02d}]"
    if pattern.startswith("["):
        return f"[{year}{pattern[3]}{month:02d}]"
    separator = pattern[2]
    month_text = f"{month:02d}" if len(mark.text.split(separator)[1]) == 2 else str(month)
    return f"{year}{separator}{month_text}"
