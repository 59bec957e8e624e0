"""The summary comment: a one-line verdict, short, and cut only where Markdown allows."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest

from listbot.bot.context import ToolSource
from listbot.bot.findings import ListFile, review
from listbot.bot.plan import Plan
from listbot.bot.summary import CLEAN_MARKER, DIRTY_MARKER, SUMMARY_MARKER, SummaryParts, fit, render_summary
from listbot.config import Config
from listbot.diffmap import compare
from tests.bot.lists import (
    BAD_TAG_ENTRY,
    BASE,
    CLEAN_ENTRY,
    PDF_ENTRY,
    SPLIT_ENTRY,
    many_bad_entries,
    with_entries,
)

OLD_PROBLEM = "* [2412] [ An Old Entry With Blanks In Its Title ](https://arxiv.org/abs/2412.00001)\n"


def plan_of(base: str, head: str, max_comments: int = 30) -> Plan:
    return review([ListFile("l.md", head, compare(base, head))], Config(), False, max_comments, ToolSource())


def summary_of(base: str, head: str, fail_on: str = "error", **more: object) -> str:
    return render_summary(plan_of(base, head), SummaryParts(fail_on=fail_on, **more))  # type: ignore[arg-type]


def verdict_line(summary: str) -> str:
    return summary.split("\n")[3]


def fences_balanced(markdown: str) -> bool:
    open_fence = None
    for line in markdown.split("\n"):
        match = re.match(r"^(`{3,})", line)
        if match and open_fence is None:
            open_fence = match.group(1)
        elif match and open_fence and match.group(1).startswith(open_fence) and not line.strip("`"):
            open_fence = None
    return open_fence is None


def test_the_verdict_is_one_line_and_green_when_the_check_passes() -> None:
    clean = summary_of(BASE, with_entries(CLEAN_ENTRY))
    assert verdict_line(clean).startswith(":white_check_mark: **listbot passes**: no problems")
    assert clean.endswith(CLEAN_MARKER + "\n")
    warnings = summary_of(BASE, with_entries(PDF_ENTRY))
    assert verdict_line(warnings).startswith(":white_check_mark: **listbot passes** with 1 warning")
    failing = summary_of(BASE, with_entries(BAD_TAG_ENTRY))
    assert verdict_line(failing) == ":x: **listbot fails**: 1 error on the lines this pull request added."
    assert failing.endswith(DIRTY_MARKER + "\n")
    assert verdict_line(summary_of(BASE, with_entries(PDF_ENTRY), fail_on="warning")).startswith(":x:")


def test_older_problems_are_one_line_and_their_fixes_are_not_shown() -> None:
    base = BASE.replace("### Reinforcement Learning\n", "### Reinforcement Learning\n" + OLD_PROBLEM)
    summary = summary_of(base, with_entries(PDF_ENTRY, base))
    assert "\n1 older problem elsewhere in the list; not blocking.\n" in summary
    assert "An Old Entry" not in summary  # neither listed nor in the fix diff
    assert "+* [2503] [Understanding R1-Zero-Like Training" in summary  # the added line's fix is


def test_a_clean_pull_request_on_an_untidy_list_shows_no_diff() -> None:
    base = BASE.replace("### Reinforcement Learning\n", "### Reinforcement Learning\n" + OLD_PROBLEM)
    summary = summary_of(base, with_entries(CLEAN_ENTRY, base))
    assert "```diff" not in summary and ":white_check_mark:" in summary


def test_rule_rows_link_to_the_reference_and_only_found_rules_are_advertised() -> None:
    tool = ToolSource("https://github.com/acme/listbot", "v1")
    summary = summary_of(BASE, with_entries(PDF_ENTRY + SPLIT_ENTRY), tool=tool)
    assert "| [LB303 `title-split`](https://github.com/acme/listbot#lb303-title-split) | 1 |" in summary
    assert 'pip install "git+https://github.com/acme/listbot@v1"' in summary
    assert "listbot rule LB303" in summary and "LB202" not in summary
    clean = summary_of(BASE, with_entries(CLEAN_ENTRY), tool=tool)
    assert "listbot rule" not in clean


def test_outside_the_action_the_install_command_names_the_package_and_version() -> None:
    from listbot import __version__

    tool = ToolSource.find({})
    summary = summary_of(BASE, with_entries(PDF_ENTRY), tool=tool)
    assert f'pip install "listbot-lint=={__version__}"' in summary


def test_a_typical_pull_request_gets_a_short_summary() -> None:
    summary = summary_of(BASE, with_entries(PDF_ENTRY + BAD_TAG_ENTRY + SPLIT_ENTRY))
    assert summary.startswith(SUMMARY_MARKER + "\n") and len(summary) < 2_000


def test_the_summary_diff_shows_the_added_lines_as_written_and_as_fixed() -> None:
    summary = summary_of(BASE, with_entries(PDF_ENTRY + SPLIT_ENTRY))
    diff = summary.split("```diff\n", 1)[1].split("\n```", 1)[0].splitlines()
    assert diff[:4] == ["--- a/l.md", "+++ b/l.md", "@@ -6,1 +6,1 @@", "-" + PDF_ENTRY.rstrip("\n")]
    assert diff[4] == "+" + PDF_ENTRY.rstrip("\n").replace("/pdf/", "/abs/")
    old_split, new_split = SPLIT_ENTRY.rstrip("\n").split("\n"), " ".join(SPLIT_ENTRY.split("\n")).rstrip()
    assert diff[5:] == ["@@ -7,2 +7,1 @@", *(f"-{line}" for line in old_split), f"+{new_split}"]


def test_ten_thousand_problems_stay_far_under_the_limit() -> None:
    plan = plan_of(BASE, with_entries(many_bad_entries(10_000)))
    summary = render_summary(plan, SummaryParts())
    assert len(summary) < 8_000 and fences_balanced(summary)
    assert "more change" in summary  # the diff says what it left out


def test_a_cut_lands_outside_fences_closes_details_and_keeps_the_state() -> None:
    body = "\n".join(
        [
            SUMMARY_MARKER,
            "intro",
            "<details><summary>diff</summary>",
            "",
            "```diff",
            *(["+x" * 40] * 400),
            "```",
            "",
            "</details>",
            "tail",
        ]
    )
    cut = fit(body, DIRTY_MARKER, limit=5_000)
    assert len(cut) <= 5_000
    assert cut.endswith(DIRTY_MARKER + "\n") and cut.startswith(SUMMARY_MARKER)
    assert fences_balanced(cut) and "```diff" not in cut  # the fence could not fit: cut before it
    assert cut.count("<details>") == cut.count("</details>")
    assert fit("short", CLEAN_MARKER) == f"short\n{CLEAN_MARKER}\n"


def test_a_cut_keeps_a_fence_that_fits_whole() -> None:
    body = "\n".join(["a", "```", "code", "```", *(["filler line"] * 1000)])
    cut = fit(body, CLEAN_MARKER, limit=2_000)
    assert "```\ncode\n```" in cut and fences_balanced(cut) and len(cut) <= 2_000


def test_corpus_summaries_are_short(corpus: Path) -> None:
    pairs = sorted(corpus.glob("*/history/*/before.md"))[::4]
    if not pairs:
        pytest.skip("no history folders in the corpus")
    lengths = []
    for before_path in pairs:
        before = before_path.read_text(encoding="utf-8", errors="replace")
        after = (before_path.parent / "after.md").read_text(encoding="utf-8", errors="replace")
        plan = review(
            [ListFile("README.md", after, compare(before, after))], Config(), False, 30, ToolSource()
        )
        summary = render_summary(plan, SummaryParts())
        assert fences_balanced(summary) and summary.count("<details>") == summary.count("</details>")
        lengths.append(len(summary))
    assert statistics.median(lengths) < 4_000 and max(lengths) < 20_000
