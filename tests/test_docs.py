"""The rule reference: generated from the rules, in sync with README.md, complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from listbot.docs import END, START, _sections, rules_markdown
from listbot.rules import ALL_RULES

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_rule_reference_is_in_sync():
    text = README.read_text(encoding="utf-8")
    generated = text.split(START, 1)[1].split(END, 1)[0]
    assert generated == "\n" + rules_markdown(), "run: python -m listbot.docs README.md"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_every_rule_documents_itself(rule):
    about, bad, good = _sections(rule)
    assert rule.code.startswith("LB") and len(rule.code) == 5
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert about and bad and good and bad != good


def test_codes_and_names_are_unique():
    assert len({r.code for r in ALL_RULES}) == len({r.name for r in ALL_RULES}) == len(ALL_RULES)


def _lint_example(rule, example: str) -> list[str]:
    from listbot.config import parse_config
    from listbot.pipeline import lint_text

    heading = "" if example.lstrip().startswith(("#", "*", "-")) and "## " in example else "## Papers\n"
    text = heading + example.replace("␠", " ") + "\n"
    select = ["LB"] if rule.code.startswith("LB9") else [rule.code]  # LB9xx judge the other rules' comments
    found = lint_text(text, config=parse_config({"today": "2026-11"}), select=select)
    return [d.message for d in found if d.code == rule.code]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_the_examples_do_what_they_say(rule):
    """The docs do not lie: Bad triggers the rule it documents, Good is clean."""
    if getattr(rule, "network", False):
        pytest.skip("a link rule: its examples need the network (tests/links checks them on loopback)")
    _, bad, good = _sections(rule)
    assert _lint_example(rule, bad), "the Bad example does not trigger the rule"
    assert _lint_example(rule, good) == []
