"""The list this repository guards, and real public lists from the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from listbot.cli import main
from listbot.config import load_config
from listbot.pipeline import fix_text, lint_text
from listbot.source import read_source

ROOT = Path(__file__).resolve().parents[1]


def test_readme_list_is_clean_with_the_projects_config(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["check", "README_list.md"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    "name",
    [
        "Sun-Haoyuan23__Awesome-RL-based-Reasoning-MLLMs",
        "Osilly__Awesome-Interleaving-Reasoning",
        "hu-zijing__Awesome-Multimodal-RL",
        "TsinghuaC3I__Awesome-RL-for-LRMs",
    ],
)
def test_real_lists_lint_and_fix_to_a_fixed_point(corpus, name):
    source = read_source(corpus / name / "README.md")
    config = load_config(start=Path("/"))
    result = fix_text(source.text, source.path, config)
    assert fix_text(result.text, source.path, config).text == result.text
    assert not [d for d in lint_text(result.text, source.path, config) if d.fixable]


def test_known_defects_of_a_real_list_are_found(corpus):
    """hu-zijing's list has a link split over two lines and tag/id mismatches (corpus README)."""
    text = read_source(corpus / "hu-zijing__Awesome-Multimodal-RL" / "README.md").text
    codes = {d.code for d in lint_text(text)}
    assert {"LB203", "LB303"} <= codes
