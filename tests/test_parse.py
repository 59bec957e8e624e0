"""Positions, structure and entry fields recovered from mistune's block parse."""

from __future__ import annotations

import mistune
import pytest

from listbot.model import SectionKind
from listbot.parse import parse
from tests.helpers import md

SEEDLIKE = md("""
    # Title
    [![Badge](https://img.shields.io/x)](https://awesome.re)

    ## Papers

    ### Outcome
    * [2502] [Demystifying Long CoT](https://arxiv.org/abs/2502.03373) (IN.AI)
    * [**RL**] [2505] [Name] [Title two](https://www.alphaxiv.org/abs/2505.00001v2) (note)

    - [2501] [Blank lines between](https://arxiv.org/pdf/2501.00002)

    <!-- * [2501] [Commented out](https://arxiv.org/abs/2501.99999) -->

    ```
    * [2501] [In code](https://arxiv.org/abs/2501.88888)
    ```

    ## Video
    * [[LLM+RL] Nested brackets](https://bilibili.com/v) ([Chinese](https://b.org/c))
    * ![Stars](https://img.shields.io/y) [TinyZero](https://github.com/a/b)
""")


def test_sections_have_levels_lines_and_parents():
    doc = parse(SEEDLIKE)
    titles = [(s.title, s.level, s.line, s.parent) for s in doc.sections]
    assert titles == [
        ("", 0, 1, None),
        ("Title", 1, 1, None),
        ("Papers", 2, 4, 1),
        ("Outcome", 3, 6, 2),
        ("Video", 2, 18, 1),
    ]


def test_entries_are_top_level_items_not_comments_or_code():
    doc = parse(SEEDLIKE)
    assert [e.line for e in doc.entries] == [7, 8, 10, 19, 20]
    assert all("Commented" not in (e.link.text if e.link else "") for e in doc.entries)


def test_entry_fields():
    doc = parse(SEEDLIKE)
    first, second, third, nested, badge = doc.entries
    assert (first.bullet, first.date_tag.text, first.arxiv_id) == ("*", "2502", "2502.03373")
    assert [t.text for t in second.prefixes] == ["**RL**", "2505", "Name"]
    assert second.arxiv_id == "2505.00001" and second.link.text == "Title two"
    assert third.bullet == "-" and third.arxiv_id == "2501.00002"
    assert nested.link.text == "[LLM+RL] Nested brackets" and len(nested.links) == 2
    assert badge.link.text == "TinyZero" and badge.links[0].image


def test_link_spans_point_at_the_source():
    doc = parse(SEEDLIKE)
    link = doc.entries[0].link
    assert doc.slice(link.url_span) == "https://arxiv.org/abs/2502.03373"
    assert doc.position(link.span.start) == (7, 10)
    assert doc.slice(link.text_span) == "Demystifying Long CoT"


def test_section_kinds_are_inferred():
    doc = parse(SEEDLIKE)
    kinds = {s.title: s.kind for s in doc.sections}
    assert kinds["Outcome"] is SectionKind.DATED and kinds["Video"] is SectionKind.LINKS
    assert kinds["Papers"] is SectionKind.PROSE


def test_continuation_lines_and_sub_items_belong_to_their_entry():
    doc = parse(
        "## P\n* [2502] [A\nsplit](https://x.org/a) (note\n  more)\n  * sub-item\n\n  para\n* [2501] [B](https://x.org/b)\n"
    )
    first, second = doc.entries
    assert (first.line, first.end_line, second.line) == (2, 7, 8)
    assert first.link.text == "A\nsplit"
    assert doc.position(first.head.end)[0] == 4


def test_setext_headings_and_thematic_breaks():
    doc = parse("Title\n=====\n\nSub\n---\n* [A](https://a.org)\n\n---\n* [B](https://b.org)\n")
    assert [(s.title, s.level) for s in doc.sections[1:]] == [("Title", 1), ("Sub", 2)]
    assert [e.line for e in doc.entries] == [6, 9]


def test_crlf_text_is_normalised_by_the_reader_not_the_parser():
    from listbot.source import decode

    source = decode(b"## P\r\n* [2502] [A](https://arxiv.org/abs/2502.00001)\r\n", "x.md")
    doc = parse(source.text)
    assert doc.entries[0].line == 2 and doc.slice(doc.entries[0].link.url_span).endswith("00001")


def test_code_fence_inside_an_item_stays_in_the_item():
    doc = parse("## L\n* [A](https://a.org)\n  ```\n  * [B](https://b.org)\n  ```\n* [C](https://c.org)\n")
    assert [e.link.text for e in doc.entries] == ["A", "C"]


def test_reference_style_links_are_not_primary_links():
    doc = parse("## L\n* [A][ref]\n\n[ref]: https://a.org\n")
    assert doc.entries[0].link is None and doc.entries[0].prefixes[0].text == "A"


def test_deep_nesting_and_long_lines_parse():
    deep = "".join("  " * i + "* item\n" for i in range(60))
    long_line = "* [" + "x" * 200_000 + "](https://a.org)\n"
    assert len(parse(deep).entries) == 1
    assert parse(long_line).entries[0].link.url == "https://a.org"


def _mistune_links(text: str) -> list[str]:
    urls: list[str] = []

    def walk(tokens: list[dict]) -> None:
        for token in tokens:
            if token["type"] == "link":
                urls.append(token["attrs"]["url"])
            walk(token.get("children") or [])

    walk(mistune.create_markdown(renderer=None)(text))
    return urls


@pytest.mark.parametrize(
    "name", ["Sun-Haoyuan23__Awesome-RL-based-Reasoning-MLLMs", "hu-zijing__Awesome-Multimodal-RL"]
)
def test_entry_links_agree_with_mistunes_inline_parser(corpus, name):
    """Our position-keeping scanner finds the same entry links mistune's full parse does."""
    text = (corpus / name / "README.md").read_text(encoding="utf-8")
    doc = parse(text)
    ours = {link.url for entry in doc.entries for link in entry.links if not link.image}
    theirs = set(_mistune_links(text))
    assert ours, "no entries found"
    missing = {url for url in ours if url not in theirs and url.replace("&amp;", "&") not in theirs}
    assert len(missing) <= len(ours) * 0.01, sorted(missing)[:5]
