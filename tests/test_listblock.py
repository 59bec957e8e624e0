"""listbot's own copies of two mistune loops, the list-extent loop (parse/listblock.py) and the
paragraph walk (``_parse_plain_paragraph`` in parse/blocks.py), against mistune's own: every
top-level block, its kind and its offsets, must come out the same, on hand-picked edge cases,
on generated lists of every shape, and on every list of the corpus."""

from __future__ import annotations

import os
import re
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from mistune.block_parser import BlockParser
from mistune.core import BlockState

from listbot.parse import blocks
from listbot.parse.blocks import top_level_blocks
from tests.shapes import mutated_lists

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


class _MistuneLists(blocks._PositionedBlockParser):
    """The positioned parser with mistune's own ``parse_list`` and paragraph walk at the top level."""

    def parse_list(self, m: re.Match[str], state: BlockState) -> int:
        return BlockParser.parse_list(self, m, state)

    def _parse_plain_paragraph(self, state: BlockState, sc: re.Pattern[str]) -> bool:
        return bool(BlockParser._parse_plain_paragraph(self, state, sc))  # type: ignore[attr-defined]


def _mistune_blocks(text: str) -> list[blocks.Block]:
    with patch.object(blocks, "_PositionedBlockParser", _MistuneLists):
        return top_level_blocks(text)


EDGE_CASES = [
    "-\n1.\n\n* [2501]\n*\n+\n\n2)\n",
    "- a\n- b\n\n  c\n- d\n",
    "* a\n  * b\n\tc\n* d\n",
    "1. a\n2. b\n3) c\n",
    "2. a\n3. b\n",
    "para\n2. not a list\n- a list\n",
    "para\n-\n",
    "- a\n```\ncode\n```\n- b\n",
    "- a\n  ```\n  code\n- b\n",
    "- a\n# heading\n- b\n",
    "- a\n> quote\n- b\n",
    "- a\n<details>\n- b\n</details>\n- c\n",
    "- a\n</details>\n- b\n- c\n",
    "- a\n<span>x</span>\n- b\n",
    "- a\n***\n- b\n",
    "- a\n- - -\n- b\n",
    "-\n\n  text\n",
    "-   \n  text\n",
    "-\n\n\n- b\n",
    "-      indented code\n  more\n",
    "-      indented code\n\n  more\n",
    "  10. a\n\n    11. b\n",
    "- \ta\n\t- b\n\t\t- c\n",
    "  - a\n - b\n- c\n   - d\n",
    "- a\n\n\n    b\n",
    "- a\n  \r\n  b\n",
    "- a\n\v\n- b\n",
    "+ a\n- b\n* c\n",
    "- a\n    - b\n        - c\n",
    "10. a\n11. b\n",
    "1234567890. not a list\n",
    "- a\nlazy line\n- b\n",
    "- a\n\nnot lazy\n- b\n",
    "- a\n| x | y |\n| --- | --- |\n| 1 | 2 |\n",
    "- a",
    "-",
    "- a\n<!-- comment\n- b\n-->\n- c\n",
    "| a | b | c |\n| --- | --- | --- |\n| 1 | 2 | 3 |\n- after\n# heading\n",
    "**Title** [Paper](u)\n- Authors\n\n**Next**\n1. a\n2. b\n",
    "(note) text\n\u00a0\nmore\n> quote\n",
    "[ref]: https://x\n[Title][ref]\n    code?\n---\n",
    "`code` text\n \t \ntext\n\n<div>\n",
    '*emphasis*\n===\n"quoted"\n---\n| x |\n',
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_end_where_mistune_ends_them(text: str) -> None:
    assert top_level_blocks(text) == _mistune_blocks(text)


@settings(
    max_examples=int(os.environ.get("LISTBOT_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=mutated_lists())
def test_generated_lists_end_where_mistune_ends_them(text: str) -> None:
    assert top_level_blocks(text) == _mistune_blocks(text)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
def test_every_corpus_list_ends_where_mistune_ends_it(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(CORPUS.rglob("*.md"))
    assert len(files) > 100
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert top_level_blocks(text) == _mistune_blocks(text), path
