"""Rule cases written as lists, pycodestyle-style: add a case without writing Python.

Each ``tests/cases/*.md`` file is a small list. A line that must raise problems ends with
``<!-- expect: LB304 -->`` (several codes: ``<!-- expect: LB304 LB602 -->``, a code twice
if it is raised twice); every other line must raise nothing. The comments, with one space
before them, are cut out before linting (the line numbers stay), so the rules never see them. An optional first
line ``<!-- config: {"select": ["LB5"]} -->`` gives the config as JSON (the keys of
``[tool.listbot]``). Every case must also fix to a text that fixing leaves alone.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from listbot.config import parse_config
from listbot.diagnostics import Applicability
from listbot.pipeline import fix_text, lint_text

CASES = sorted((Path(__file__).parent / "cases").glob("*.md"))
EXPECT = re.compile(r" ?<!-- expect: ([A-Z0-9 ,]+) -->")  # one space before it goes too
CONFIG = re.compile(r"\A<!-- config: (.*) -->\n")


def read_case(path: Path) -> tuple[str, dict[str, object], Counter[tuple[int, str]]]:
    """The list as listbot sees it, its config and the (line, code) pairs it must raise."""
    text = path.read_text(encoding="utf-8")
    config: dict[str, object] = {}
    header = CONFIG.match(text)
    if header:
        config = json.loads(header[1])
        text = "\n" + text[header.end() :]  # keep the line numbers
    expected: Counter[tuple[int, str]] = Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        for match in EXPECT.finditer(line):
            expected.update((number, code) for code in re.split(r"[\s,]+", match[1].strip()))
    return EXPECT.sub("", text), config, expected


def test_there_are_cases() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_each_line_raises_exactly_what_it_says(path: Path) -> None:
    text, config, expected = read_case(path)
    found = Counter((d.line, d.code) for d in lint_text(text, path.name, parse_config(config)))
    missing, unexpected = expected - found, found - expected
    assert not missing and not unexpected, (
        f"{path.name}: missing {sorted(missing.elements())}, unexpected {sorted(unexpected.elements())}"
    )


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_each_case_fixes_to_a_fixed_point(path: Path) -> None:
    text, config, _ = read_case(path)
    once = fix_text(text, path.name, parse_config(config))
    assert fix_text(once.text, path.name, parse_config(config)).text == once.text
    safe_left = [d for d in once.remaining if d.fix is not None and d.fix.applicability is Applicability.SAFE]
    assert not safe_left, path.name
