"""The render rail's shortcuts: what it accepts without rendering must be what rendering accepts."""

from __future__ import annotations

import pytest

from listbot import rail
from listbot.diagnostics import Change, Diagnostic, Edit, Fix, Severity
from listbot.parse import parse


def _strip_trailing(text: str, line: int) -> Diagnostic:
    """A whitespace fix removing the blanks at the end of 1-based ``line``."""
    doc = parse(text)
    span = doc.line_span(line)
    body = text[span.start : span.end].rstrip(" \t")
    edit = Edit(span.start + len(body), span.end, "", line, len(body) + 1, line, span.end - span.start + 1)
    fix = Fix("strip it", (edit,), change=Change.WHITESPACE)
    return Diagnostic("x.md", line, 1, line, 1, "LB603", "whitespace", "trailing", Severity.WARNING, fix)


def _no_rendering(markdown: str) -> rail.Rendering:
    raise AssertionError(f"rendered {markdown!r}")


@pytest.mark.parametrize(
    "text",
    [
        "* [A](https://a.org) \n* [B](https://b.org)\n",  # one space: no break
        "* [A](https://a.org) \t\n* [B](https://b.org)\n",  # a tab last: no break
        "Some text   \n\nMore\n",  # a blank line follows
        "Last line   \n",  # nothing follows
        "Last line  ",  # nor here, without a final newline
    ],
)
def test_trailing_blanks_that_break_nothing_are_accepted_without_rendering(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rail, "render", _no_rendering)
    assert rail.check(parse(text), [_strip_trailing(text, 1)]) == {}


@pytest.mark.parametrize(
    "text",
    [
        "**A Title**  \n*A. Author*\n",  # two spaces before more text: a hard break
        "**A Title** \t  \n*A. Author*\n",
        "A title\\ \nmore text\n",  # stripping makes a backslash break
    ],
)
def test_trailing_blanks_that_make_or_unmake_a_break_are_rendered_and_refused(text: str) -> None:
    assert rail.check(parse(text), [_strip_trailing(text, 1)]) == {
        0: "it would change the rendered text beyond what it reports"
    }
