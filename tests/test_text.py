"""Text helpers: the one-pass link and tag removal agree with the regexes they replace (issue 9)."""

from __future__ import annotations

import os
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listbot.parse import parse
from listbot.pipeline import lint_text
from listbot.text import bracket_links, fold_title, remove_tags, replace_bracket_links

EXAMPLES = settings(
    max_examples=int(os.environ.get("LISTBOT_EXAMPLES", "300")), deadline=None, derandomize=True
)

# The patterns the one-pass readers replace: each tried every `[` or `<` against the rest of the text.
_BRACKET_PATTERNS = {
    True: re.compile(r"!\[[^\]]*\]\([^)]*\)"),  # an image (toc_anchor dropped them)
    None: re.compile(r"!?\[([^\]]*)\]\([^)]*\)"),  # a link or an image (metadata titles)
    False: re.compile(r"\[([^\]]*)\]\([^)]*\)"),  # a link (toc_anchor kept its text)
}
_TAG_PATTERNS = [re.compile(r"<[^>]+>"), re.compile(r"</?\w+[^>]*>")]

_MARKDOWN = st.lists(
    st.sampled_from(["[", "]", "(", ")", "![", "](", "!", "x", " ", "\n", "[a](b)"]), max_size=16
)
_HTML = st.lists(st.sampled_from(["<", ">", "</", "a", "<a", "<b>", "/", " ", "x", "\n", "<>"]), max_size=16)


@pytest.mark.parametrize("image", [True, None, False])
@EXAMPLES
@given(pieces=_MARKDOWN)
def test_bracket_links_are_found_where_the_pattern_finds_them(image: bool | None, pieces: list[str]) -> None:
    text = "".join(pieces)
    pattern = _BRACKET_PATTERNS[image]
    expected = [(m.start(), m.end()) for m in pattern.finditer(text)]
    assert [(start, end) for start, end, _, _ in bracket_links(text, image)] == expected
    replaced = pattern.sub("" if image else r"\1", text)
    assert replace_bracket_links(text, image, keep_body=not image) == replaced


@pytest.mark.parametrize("tag", _TAG_PATTERNS, ids=["any", "named"])
@EXAMPLES
@given(pieces=_HTML)
def test_tags_are_removed_as_the_pattern_removes_them(tag: re.Pattern[str], pieces: list[str]) -> None:
    text = "".join(pieces)
    assert remove_tags(text, tag) == tag.sub("", text)


@pytest.mark.parametrize(
    "text", ["[" * 300_000, "[x](" * 100_000, "![" * 150_000, "[" * 300_000 + "]x", "[]" * 150_000]
)
def test_bracket_links_are_read_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    for image in (True, None, False):
        replace_bracket_links(text, image, keep_body=True)
    assert time.perf_counter() - started < 5  # well under 1 s; the patterns took minutes


def test_a_heading_of_brackets_and_a_title_of_open_tags_are_linted_in_linear_time() -> None:
    # a 20 KB heading of `[` took 2 s in the anchor rule and 80 KB of `<a` in a title 10 s: quadratic
    heading = "[" * 200_000
    title = "<a" * 100_000
    text = f"# List\n\n## {heading}\n\n* [2501] [T {title}](https://arxiv.org/abs/2501.00001)\n"
    started = time.perf_counter()
    doc = parse(text, "l.md")
    assert fold_title(doc.entries[0].title.text if doc.entries[0].title else "") == "t " + "a " * 99_999 + "a"
    lint_text(text)
    assert time.perf_counter() - started < 10
