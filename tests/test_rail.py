"""The render rail's shortcuts: what it accepts without rendering must be what rendering accepts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# --- link targets swapped without a second rendering ----------------------------------------------

URLS = st.sampled_from(
    ["https://a.org/1", "https://a.org/2", "https://a.org/(1)", "https://a.org/a_b", "a.org", "x&y", "a*b"]
)
PIECES = st.sampled_from(
    [
        "[A]({u})",
        "![i]({u})",
        "`{u}`",
        "{u}",
        "<{u}>",
        '[B](https://b.org "{u}")',
        '<a href="{u}">x</a>',
        "[x]({u}](y))",
        "\\[A]({u})",
        "*[A]({u})*",
        "[[A]({u})]",
        "`[A]({u})`",
        "<!-- [A]({u}) -->",
        "[A]: {u}",
    ]
)


@st.composite
def regions(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.tuples(PIECES, URLS), min_size=1, max_size=4))
    joiner = draw(st.sampled_from([" ", "\n", "\n\n", "\n* ", " | "]))
    return "* " + joiner.join(piece.format(u=url) for piece, url in pieces) + "\n"


NEW_URLS = URLS | st.sampled_from(["https://a.org/x)y", "a b", "<x>", "a]b", "`x`", 'a"b'])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=regions(), new=NEW_URLS, pick=st.integers(0, 10), part=st.booleans())
def test_a_swap_accepted_without_rendering_is_one_rendering_accepts(
    text: str, new: str, pick: int, part: bool
) -> None:
    """Whatever link target or piece of one is swapped for whatever text, the shortcut accepts
    only what rendering before and after accepts."""
    doc = parse(text)
    links = [link for link in doc.all_links if not link.html]
    if not links:
        return
    span = links[pick % len(links)].url_span
    if part and span.end - span.start > 2:  # a piece of a destination, or of the text around one
        span = type(span)(span.start + 1, min(len(text), span.end + pick % 3))
    edit = Edit(span.start, span.end, new)
    fix = Fix("use the canonical URL", (edit,), change=Change.HREF)
    regions_ = rail._Regions(doc)
    low, high = regions_.of(edit.start, edit.end)
    if rail._swaps_link_targets(doc, regions_, low, high, [fix]):
        assert rail._simple_check(doc, low, high, [fix]) is None


def test_a_plain_link_target_swap_is_accepted_without_a_second_rendering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "* [2502] [Title](https://arxiv.org/pdf/2502.00001) (Lab)\n"
    doc = parse(text)
    link = doc.entries[0].links[0]
    fix = Fix(
        "abs",
        (Edit(link.url_span.start, link.url_span.end, "https://arxiv.org/abs/2502.00001"),),
        change=Change.HREF,
    )
    diagnostic = Diagnostic("x.md", 1, 1, 1, 1, "LB304", "url-noncanonical", "pdf", Severity.WARNING, fix)
    renders: list[str] = []
    real = rail.render
    monkeypatch.setattr(rail, "render", lambda markdown: renders.append(markdown) or real(markdown))
    assert rail.check(doc, [diagnostic]) == {}
    assert renders == [text.rstrip("\n")]  # the region before, once


def test_a_link_target_also_shown_as_text_is_rendered_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "* [2502] [Title](https://a.org/1) see https://a.org/1\n"
    doc = parse(text)
    link = doc.entries[0].links[0]
    fix = Fix("swap", (Edit(link.url_span.start, link.url_span.end, "https://a.org/2"),), change=Change.HREF)
    diagnostic = Diagnostic("x.md", 1, 1, 1, 1, "LB304", "url-noncanonical", "swap", Severity.WARNING, fix)
    renders: list[str] = []
    real = rail.render
    monkeypatch.setattr(rail, "render", lambda markdown: renders.append(markdown) or real(markdown))
    rail.check(doc, [diagnostic])
    assert len(renders) >= 2


def test_a_piece_of_a_destination_is_never_swapped_unrendered() -> None:
    # "a.org" is link B's whole target and a piece of link A's: swapping the piece would move A
    text = "* [A](https://a.org/1) [B](a.org)\n"
    doc = parse(text)
    start = text.index("a.org")
    fix = Fix("swap", (Edit(start, start + len("a.org"), "b.org"),), change=Change.HREF)
    regions = rail._Regions(doc)
    low, high = regions.of(start, start + 5)
    assert not rail._swaps_link_targets(doc, regions, low, high, [fix])
    assert rail._simple_check(doc, low, high, [fix]) is not None


# --- what GitHub shows, not what the parser's mistune reads ---------------------------------------


def _indent(text: str, lines: list[int], by: str) -> Diagnostic:
    """An indentation fix putting ``by`` before each of the 1-based ``lines``."""
    doc = parse(text)
    edits = tuple(Edit(doc.line_span(n).start, doc.line_span(n).start, by, n, 1, n, 1) for n in lines)
    fix = Fix("indent", edits, change=Change.WHITESPACE)
    return Diagnostic(
        "x.md", lines[0], 1, lines[0], 1, "LB604", "continuation-indent", "lazy", Severity.WARNING, fix
    )


def test_indenting_a_lazy_table_into_its_item_is_refused_as_github_renders_it() -> None:
    # Unindented, the rows are the item's own text after a hard line break; indented, GitHub makes
    # them a table inside the item and the break goes. mistune read both as text, and the rail
    # that rendered with it accepted the fix (a fuzz find, tests/test_fuzz.py FOUND[12]).
    text = "- A description  \n| Date | Title |\n| --- | --- |\n| 2023.01 | Reasoning |\n"
    assert rail.check(parse(text), [_indent(text, [2, 3, 4], "  ")]) == {
        0: "it would change the rendered text beyond what it reports"
    }
    without_break = text.replace("  \n", "\n", 1)  # no break to lose: the same words, now a table
    assert rail.check(parse(without_break), [_indent(without_break, [2, 3, 4], "  ")]) != {}


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("- | a | b |\n  | - | - |\n", "¶a¶b¶"),  # a table inside an item
        ("> | a | b |\n> | - | - |\n", "¶a¶b¶"),  # inside a quote
        ("| a | b |\n| - | - |\n| 1 |\n", "¶a¶b¶1¶"),  # a short row is padded, not dropped
        ("- \t- x\n", "¶x¶"),  # a list in a list, not code
        ("Text  \nmore ![alt](i.png) <br>\n", "¶Text⏎morealt⏎¶"),
    ],
)
def test_the_rail_renders_as_github_does(markdown: str, shown: str) -> None:
    assert rail.render(markdown).text == shown


_HTML_PIECES = ["<![", "CDATA[", "]]>", "<!--", "-->", "<!", "</", "<?", "?>", "<!DOCTYPE", "<script>"]
_HTML_PIECES += ["<style", "<a href=", "<img ", "<svg>", "&#x", "&amp;", "\x00", "\r", "<", ">", "[", "]"]
_HTML_PIECES += ["!", "-", "'", '"', " ", "\n", "\t", "x", "*", "`", "|"]


@pytest.mark.parametrize("markdown", ['<?<!["', "]]>\r<!DOCTYPE_<?<![", "x <![CDATA[ y\n", "<math><![x\n"])
def test_raw_html_the_html_reader_cannot_read_renders_as_text(markdown: str) -> None:
    assert "<![" in rail.render(markdown).text  # Python's HTMLParser asserted on these


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_HTML_PIECES), max_size=40).map("".join))
def test_any_raw_html_renders_without_raising(markdown: str) -> None:
    rendering = rail.render(markdown)
    assert rendering == rail.render(markdown) and rail.BLOCK_BREAK * 2 not in rendering.text
