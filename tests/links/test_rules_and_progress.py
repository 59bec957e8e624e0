"""The LB7xx rules (ordinary rules that read the link checker's outcomes) and the progress display."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from listbot.config import Config
from listbot.docs import _sections
from listbot.links.progress import LinkProgress
from listbot.outcomes import Outcome, Verdict
from listbot.parse import parse
from listbot.pipeline import Run, analyse
from listbot.rules import ALL_RULES

LINK_RULES = [rule for rule in ALL_RULES if rule.network == "links"]
LIST = "## Links\n* [A](https://a.org/x)\n* [B](https://b.org/y#part)\n* [C](https://c.org/z)\n* [D](https://d.org)\n"


def test_link_rules_are_ordinary_rules_that_need_the_network():
    assert [(rule.code, rule.name, rule.severity.value, rule.fixable) for rule in LINK_RULES] == [
        ("LB701", "link-dead", "error", False),
        ("LB702", "link-redirect", "warning", True),
        ("LB703", "link-unreachable", "warning", False),
    ]
    for rule in LINK_RULES:
        about, bad, good = _sections(rule)  # the format the rule reference is generated from
        assert about and bad and good


def test_they_turn_outcomes_into_diagnostics_and_run_only_with_the_network():
    outcomes = {
        "https://a.org/x": Outcome(Verdict.DEAD, "404 Not Found"),
        "https://b.org/y": Outcome(Verdict.REDIRECT, "permanent redirect", "https://b.org/new"),
        "https://c.org/z": Outcome(Verdict.UNREACHABLE, "timed out after 1 s"),
        "https://d.org": Outcome(Verdict.ALIVE),
    }
    doc = parse(LIST, "l.md")
    found = analyse(doc, Run(Config(), network=frozenset({"links"})), outcomes)
    assert [(d.line, d.code, d.message) for d in found] == [
        (2, "LB701", "https://a.org/x: 404 Not Found"),
        (3, "LB702", "https://b.org/y#part redirects permanently to https://b.org/new#part"),
        (4, "LB703", "https://c.org/z: timed out after 1 s"),
    ]
    assert found[1].fix.edits[0].content == "https://b.org/new#part"
    assert analyse(doc, Run(Config()), outcomes) == []  # offline runs never run them


def test_progress_bar_counts_done_and_dead_then_prints_one_summary(capsys: pytest.CaptureFixture[str]):
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100)
    progress = LinkProgress(total=3, cached=1, mode="always", console=console)
    progress.add_cached(Outcome(Verdict.ALIVE))
    progress.add(Outcome(Verdict.DEAD, "404 Not Found"))
    progress.add(Outcome(Verdict.SKIPPED, "private"))
    progress.close()
    assert "2/2" in buffer.getvalue() and "1 dead" in buffer.getvalue()
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert summary.startswith(
        "listbot links: 3 links (1 cached), 1 dead, 0 redirected, 0 unreachable, 1 skipped"
    )


def test_no_bar_without_a_terminal(capsys: pytest.CaptureFixture[str]):
    progress = LinkProgress(total=2, cached=0, mode="auto")  # pytest's stderr is not a terminal
    assert progress._bar is None
    progress.add(Outcome(Verdict.ALIVE))
    progress.close()
    assert capsys.readouterr().err.count("\n") == 1
