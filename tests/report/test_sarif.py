"""SARIF 2.1.0 output: valid against the schema, with help links, related locations and fixes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from listbot.cli import main
from listbot.fixes import rewrite
from listbot.pipeline import lint_text

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"  # the OASIS schema (2.1.0-rtm.5)

LIST = """# Papers

## Reasoning
* [2503] [DAPO: An Open-Source LLM Reinforcement Learning System at Scale](https://arxiv.org/pdf/2503.14476) (ByteDance)
* [2503] [Understanding R1-Zero-Like Training: A Critical Perspective](https://arxiv.org/abs/2503.20783) (Sea AI Lab)
* [2503] [SWEET-RL: Training Multi-Turn LLM Agents on Collaborative Reasoning](https://arxiv.org/abs/2503.15478) (Meta)
* [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)  (SJTU)
* [2502] [Demystifying Long Chain-of-Thought Reasoning in LLMs](https://arxiv.org/abs/2502.03373) (CMU)
* [2502] [Process Reinforcement through Implicit Rewards](https://arxiv.org/abs/2502.01456) (Tsinghua)
* [2501] [Kimi k1.5: Scaling Reinforcement Learning with LLMs](https://arxiv.org/abs/2501.12599) (Kimi)
* [2501] [Kimi k1.5: Scaling Reinforcement Learning with LLMs](https://arxiv.org/abs/2501.12599) (Kimi)
* [2412] [Offline Reinforcement Learning for LLM Multi-Step Reasoning](https://arxiv.org/abs/2502.16145) (UCSD)
* [2411] [VinePPO: Unlocking RL Potential For LLM Reasoning](https://arxiv.org/abs/2410.01679) (Mila)
* [2409] [Training Language Models to Self-Correct via Reinforcement Learning](https://arxiv.org/abs/2409.12917) (DeepMind)
"""
CONFIG = "[rules.tag-mismatch]\nlater = true  # a tag later than the arXiv month: an unsafe fix\n"


@pytest.fixture()
def sarif(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> dict:
    (tmp_path / "LIST.md").write_text(LIST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "sarif", "LIST.md"]) == 1
    return json.loads(capsys.readouterr().out)


def test_the_log_is_valid_sarif_2_1_0(sarif: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1


def test_the_driver_names_its_home_and_each_rule_links_its_reference(sarif: dict) -> None:
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://github.com/listbot-dev/listbot"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = {
        re.sub(r"[^\w\- ]", "", line[4:].strip().lower()).replace(" ", "-")
        for line in readme.splitlines()
        if line.startswith("### LB")
    }
    for rule in driver["rules"]:
        uri = rule["helpUri"]
        assert uri.startswith("https://github.com/listbot-dev/listbot#"), uri
        assert uri.split("#", 1)[1] in headings, f"{uri} names no heading of the rule reference"
        assert "Bad:" in rule["help"]["markdown"] and rule["shortDescription"]["text"]


def test_results_point_at_their_rule_and_carry_related_locations(sarif: dict) -> None:
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert {r["ruleId"] for r in results} >= {"LB203", "LB304", "LB401", "LB602"}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    (duplicate,) = [r for r in results if r["ruleId"] == "LB401"]
    assert duplicate["locations"][0]["physicalLocation"]["region"]["startLine"] == 11
    (related,) = duplicate["relatedLocations"]
    assert related["physicalLocation"]["region"] == {"startLine": 10}
    assert "line 11" in related["message"]["text"]


def _apply(text: str, replacements: list[dict]) -> str:
    """Apply SARIF replacements (1-based lines, code-point columns, end exclusive) to ``text``."""
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    for replacement in sorted(
        replacements,
        key=lambda r: (r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"]),
        reverse=True,
    ):
        region = replacement["deletedRegion"]
        start = offset(region["startLine"], region["startColumn"])
        end = offset(region["endLine"], region["endColumn"])
        text = text[:start] + replacement["insertedContent"]["text"] + text[end:]
    return text


def test_each_fix_does_what_listbot_fix_would(sarif: dict) -> None:
    """Line and column positions of the replacements name exactly the fixer's edits."""
    diagnostics = {(d.code, d.line): d for d in lint_text(LIST, "LIST.md")}
    fixed = [r for r in sarif["runs"][0]["results"] if "fixes" in r]
    assert {r["ruleId"] for r in fixed} >= {"LB304", "LB401", "LB602", "LB203"}
    unsafe = [r for r in fixed if "unsafe" in r["fixes"][0]["description"]["text"]]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in unsafe] == [13]
    for result in fixed:
        line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        diagnostic = diagnostics[(result["ruleId"], line)]
        (change,) = result["fixes"][0]["artifactChanges"]
        assert change["artifactLocation"]["uri"] == "LIST.md"
        assert _apply(LIST, change["replacements"]) == rewrite(LIST, [diagnostic.fix])
