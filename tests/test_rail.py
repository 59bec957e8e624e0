"""The render rail's shortcuts: what it accepts without rendering must be what rendering accepts."""

from __future__ import annotations

import re
import time
from collections import Counter
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from listbot import rail
from listbot.diagnostics import Change, Diagnostic, Edit, Fix, Severity
from listbot.parse import parse
from listbot.pipeline import fix_text
from tests.helpers import CORPUS
from tests.shapes import mutated_lists


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


@pytest.mark.parametrize("markdown", ['<?<!["', "]]>\r<!DOCTYPE_<?<![", "x <![CDATA[ y\n", "<a b='"])
def test_raw_html_that_never_closes_renders_without_raising(markdown: str) -> None:
    assert rail.render(markdown) == rail.render(markdown)  # Python's HTMLParser asserted on two


def test_raw_html_reads_as_a_browser_reads_it() -> None:
    # one tag, `<summary` its attribute; a block comment that never closes hides the rest
    assert rail.render("<details\n<summary> Seen</summary>\n").text == "¶Seen¶"
    assert rail.render("Seen\n\n<!-- hidden\n\nand hidden\n").text == "¶Seen¶"
    assert rail.render("<a title='x>y' href=x>Seen</a> too\n").text == "¶Seentoo¶"
    # inline, cmark-gfm does not take an unclosed tag for HTML: GitHub shows it as text
    assert rail.render("Seen <a href='x' shown\n").text == "¶Seen<ahref='x'shown¶"


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_HTML_PIECES), max_size=40).map("".join))
def test_any_raw_html_renders_without_raising(markdown: str) -> None:
    rendering = rail.render(markdown)
    assert rendering == rail.render(markdown) and rail.BLOCK_BREAK * 2 not in rendering.text


# --- the one-pass HTML reading ----------------------------------------------------------------------


class _ReferenceReader(HTMLParser):
    """What the rail read rendered HTML with before: Python's HTMLParser, quadratic on a run of
    unclosed comments (`<!--` 100,000 times took 112 s). Kept as the reference for well-formed HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.hrefs: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.hrefs[value] += 1
            elif name == "alt" and tag == "img" and value:
                self.text.append(value)
        if tag == "br":
            self.text.append(rail.HARD_BREAK)
        elif tag in rail._BLOCK_TAGS:
            self.text.append(rail.BLOCK_BREAK)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in rail._BLOCK_TAGS:
            self.text.append(rail.BLOCK_BREAK)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _shown(text: list[str]) -> str:
    visible = re.sub(r"\s+", "", "".join(text))
    return re.sub(rail.BLOCK_BREAK + "+", rail.BLOCK_BREAK, visible)


def _both_readings(markdown: str) -> tuple[tuple[str, Counter[str]], tuple[str, Counter[str]]]:
    html = rail._html(markdown)
    reference = _ReferenceReader()
    reference.feed(html.replace("<![", "&lt;!["))
    reference.close()
    text, hrefs = rail._read_html(html)
    return (_shown(text), hrefs), (_shown(reference.text), reference.hrefs)


# Markup that never closes: a browser hides the rest of the page, HTMLParser shows it as text.
_UNCLOSED = re.compile(r"<(?:[A-Za-z/?!][^>]*|!--(?:(?!-->).)*)\Z", re.S)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_lists())
def test_the_one_pass_reading_reads_generated_lists_as_htmlparser_does(markdown: str) -> None:
    assume(_UNCLOSED.search(rail._html(markdown)) is None)
    ours, reference = _both_readings(markdown)
    assert ours == reference


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not present")
def test_the_one_pass_reading_reads_every_corpus_list_as_htmlparser_does() -> None:
    for path in sorted(CORPUS.rglob("*.md")):
        ours, reference = _both_readings(path.read_text(encoding="utf-8", errors="replace"))
        assert ours == reference, path


@pytest.mark.parametrize(
    "piece",
    ["<!--", "<?", "<!X", "<a ", "<a <", '<a b="', "<a b='c", "<a b=", '<img alt="', "*a", "`a", "| x |\n"],
)
def test_a_long_run_of_unclosed_markup_renders_in_linear_time(piece: str) -> None:
    started = time.perf_counter()
    rail.render(piece * 100_000)
    assert time.perf_counter() - started < 5  # HTMLParser: `<!--` took 112 s, `<?` and `<!X` minutes


def test_a_lone_surrogate_renders_as_a_replacement_character() -> None:
    # only a library caller's text can hold one (files and the API are decoded strictly); cmark-gfm
    # takes UTF-8, which cannot encode it
    assert rail.render("a\ud800b\n").text == "¶a���b¶"
    text = (
        "## P\n\n* [2501] [A\ud800 title](https://arxiv.org/abs/2501.00001)  \n* [2502] [B](https://b.org) \n"
    )
    assert "\ud800" in fix_text(text).text
