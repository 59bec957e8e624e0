from __future__ import annotations

from listbot.config import parse_config
from listbot.diagnostics import Severity
from listbot.decide import is_selected
from listbot.pipeline import lint_text
from tests.helpers import md

SOURCE = md("""
    ## Papers
    * [2502] [A](https://arxiv.org/pdf/2502.00001)
    <!-- listbot: ignore LB304 -->
    * [2502] [B](https://arxiv.org/pdf/2502.00002)
    * [2502] [C](https://arxiv.org/pdf/2502.00003) <!-- listbot: ignore -->
    <!-- listbot: disable LB304 -->
    * [2502] [D](https://arxiv.org/pdf/2502.00004)
    <!-- listbot: enable LB304 -->
    * [2502] [E](https://arxiv.org/pdf/2502.00005)
""")


def lines(config: dict | None = None, **kwargs) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in lint_text(SOURCE, config=parse_config(config or {}), **kwargs)]


def test_prefix_selection_longest_match_wins():
    assert is_selected("LB304", ["LB"], ["LB3"]) is False
    assert is_selected("LB304", ["LB304"], ["LB3"]) is True
    assert is_selected("LB304", ["LB3"], ["LB3"]) is False
    assert is_selected("LB304", ["url-noncanonical"], []) is True


def test_inline_suppression_comments():
    assert [line for line, code in lines() if code == "LB304"] == [2, 9]


def test_select_and_ignore_from_cli_and_config():
    assert lines(select=["LB5"]) == []
    assert lines({"ignore": ["LB3"]}) == []
    assert lines(ignore=["LB304"]) == []


def test_per_section_ignore():
    config = {"sections": [{"match": "papers", "ignore": ["LB304"]}]}
    assert lines(config) == []


def test_severity_override():
    found = lint_text(SOURCE, config=parse_config({"severity": {"LB304": "error"}}))
    assert {d.severity for d in found} == {Severity.ERROR}


def test_section_kind_override_turns_rules_on():
    source = "## Talks\n* [A talk](https://a.org)\n* [B talk](https://b.org)\n"
    config = parse_config({"sections": [{"match": "talks", "kind": "dated"}]})
    assert {d.code for d in lint_text(source, config=config)} == {"LB201"}
