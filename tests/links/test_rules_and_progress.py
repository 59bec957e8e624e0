"""The LB7xx catalogue entries (for `listbot rules`) and the progress display."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from listbot.docs import _sections
from listbot.links.outcome import Outcome, Verdict
from listbot.links.progress import LinkProgress
from listbot.links.rules import LINK_RULES


def test_link_rules_have_codes_names_and_documented_examples():
    assert [(rule.code, rule.name, rule.severity.value, rule.fixable) for rule in LINK_RULES] == [
        ("LB701", "link-dead", "error", False),
        ("LB702", "link-redirect", "warning", True),
        ("LB703", "link-unreachable", "warning", False),
    ]
    for rule in LINK_RULES:
        about, bad, good = _sections(rule)  # the format the rule reference is generated from
        assert about and bad and good


def test_the_offline_engine_gets_nothing_from_link_rules():
    for rule in LINK_RULES:
        assert list(rule().check(None)) == []
        assert rule.Options.model_validate({}) is not None


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
