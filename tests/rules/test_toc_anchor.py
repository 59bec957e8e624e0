from listbot.rules.toc_anchor import github_slug
from tests.helpers import problems

TOC = """\
# L
- [Papers](#papers)
- [Slides and Discussion](#slides-and-discussion)
- [Video](#videos)
- [Why](#why-)

## Papers
x
## Slides and Discussion
x
## Video
x
## Why ?
x
"""


def test_anchor_without_heading_is_flagged():
    assert problems(TOC, "LB106") == [(4, 11)]


def test_github_slug_rules():
    assert github_slug("Why ?") == "why-"
    assert (
        github_slug("Search algorithms (Monte Carlo Tree Search)")
        == "search-algorithms-monte-carlo-tree-search"
    )
    assert github_slug("X_PO") == "x_po"
    assert github_slug("视频 Video") == "视频-video"


def test_repeated_headings_get_numbered_anchors():
    source = "- [b](#a-1)\n- [c](#a-2)\n\n## A\nx\n## A\nx\n"
    assert problems(source, "LB106") == [(2, 7)]


def test_toc_is_not_a_list_of_entries():
    from listbot.parse import parse

    doc = parse(TOC)
    assert doc.entries == ()
    assert any(link.url == "#videos" for link in doc.other_links)


def test_html_anchors_and_emoji_headings_count():
    source = '- [A](#Custom-Anchor)\n- [B](#️-overview)\n- [C](#awesome-list-)\n\n<div id="Custom-Anchor"></div>\n\n## 🗺️ Overview\n\n# Awesome List [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n'
    assert problems(source, "LB106") == []
