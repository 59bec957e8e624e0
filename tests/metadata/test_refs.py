"""PaperRefs from parsed lists, and findings filed so that entries find them again after fixes."""

from __future__ import annotations

from listbot.metadata.model import Finding, PaperRef, RunStats
from listbot.metadata.refs import answers_from, code_place, paper_key, refs_of, split_refs
from listbot.parse import parse

TABLE = """\
# Papers

| Title | Venue | Date | Code |
| --- | --- | --- | --- |
| [**Comparison Visual Instruction Tuning**](https://arxiv.org/abs/2406.09240) | arXiv | 2024-06-13 | [Github](https://github.com/a/b) |
| [**Other Paper**](https://arxiv.org/abs/2406.09241) | CVPR 2024 | 2024-06-12 | [![Stars](https://img.shields.io/github/stars/a/c)](https://github.com/a/c) |
"""


def test_table_rows_give_titles_without_markup_code_links_and_real_venues() -> None:
    first, second = refs_of(parse(TABLE, "t.md"))
    assert (first.title, first.arxiv_id, first.code_url) == (
        "Comparison Visual Instruction Tuning",
        "2406.09240",
        "https://github.com/a/b",
    )
    assert not first.has_venue  # "arXiv" is where it is, not where it was published
    assert second.has_venue and second.code_url == "https://github.com/a/c"
    assert second.badge_links == (("https://img.shields.io/github/stars/a/c", "https://github.com/a/c"),)


def test_the_code_link_is_a_plain_link_before_a_linked_badge_and_bare_urls_count() -> None:
    doc = parse(
        "# Papers\n\n"
        "* [2501] [A](https://arxiv.org/abs/2501.00001) [![S](https://img.shields.io/github/stars/x/badge)]"
        "(https://github.com/x/badge) [code](https://github.com/x/code)\n"
        "* [2501] [B](https://arxiv.org/abs/2501.00002) code: https://github.com/y/bare\n",
        "t.md",
    )
    places = [code_place(entry) for entry in doc.entries]
    assert [place.url if place else None for place in places] == [
        "https://github.com/x/code",
        "https://github.com/y/bare",
    ]


def test_split_refs_asks_each_paper_and_repository_once() -> None:
    refs = [
        PaperRef(0, "A", "2501.00001", "https://github.com/x/a"),
        PaperRef(1, "A", "2501.00001", "https://github.com/X/A/tree/main"),
        PaperRef(2, "B", "2501.00001", None),  # the same id under another title: its own check
    ]
    parts = split_refs(refs)
    assert [(p.arxiv_id, p.title, p.code_url) for p in parts] == [
        ("2501.00001", "A", None),
        (None, None, "https://github.com/x/a"),
        ("2501.00001", "B", None),
    ]
    assert [p.key for p in parts] == [0, 1, 2]
    assert split_refs(refs, papers=False) == [PaperRef(0, None, None, "https://github.com/x/a")]


def test_findings_stay_with_what_they_are_about_after_a_fix() -> None:
    text = "# Papers\n\n* [2305] [Let's Verify](https://arxiv.org/abs/2305.20050) [code](https://github.com/o/old)\n"
    doc = parse(text, "t.md")
    parts = split_refs(refs_of(doc))
    retitle = Finding(0, "LB801", "retitled", "warning", ("title", "Let's Verify Step by Step"), unsafe=True)
    withdrawn = Finding(0, "LB803", "withdrawn", "warning")
    moved = Finding(1, "LB811", "moved", "warning", ("code_url", "https://github.com/n/new"))
    archived = Finding(1, "LB812", "archived", "info")
    answers = answers_from(parts, [retitle, withdrawn, moved, archived], RunStats())
    (entry,) = doc.entries
    assert answers.paper_findings(entry) == (retitle, withdrawn)
    assert answers.code_findings(entry) == (moved, archived)
    fixed = parse(
        text.replace("Let's Verify]", "Let's Verify Step by Step]").replace("o/old", "n/new"), "t.md"
    ).entries[0]
    assert answers.paper_findings(fixed) == (withdrawn,)  # the retitle is done, the withdrawal holds
    assert answers.code_findings(fixed) == (archived,)
    assert paper_key(fixed) != paper_key(entry)
    assert (answers.paper_count, answers.repo_count) == (1, 1)
