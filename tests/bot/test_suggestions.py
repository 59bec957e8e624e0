"""One-click suggestions: each comment's own fixes, on exactly its lines, and nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from listbot.bot.context import ToolSource
from listbot.bot.findings import ListFile, review
from listbot.bot.plan import JUDGEMENT, Plan
from listbot.bot.suggestion import suggest
from listbot.config import Config, parse_config
from listbot.diagnostics import Change, Diagnostic, Fix, Severity, edit_at
from listbot.diffmap import compare
from listbot.parse import parse
from listbot.pipeline import lint_text
from listbot.text import title_key
from listbot.urls import identity
from tests.bot.lists import BASE, CLEAN_ENTRY, PDF_ENTRY, SPLIT_ENTRY, SUGGESTION, with_entries

DUPLICATE = (
    "* [2502] [Process Reinforcement through Implicit Rewards](https://arxiv.org/abs/2502.01456) (Tsinghua)\n"
)
LATE_TAG = "* [2503] [Late Tag Paper on Reasoning Models](https://arxiv.org/abs/2501.04519)\n"


def plan_of(base: str, head: str) -> Plan:
    return review([ListFile("l.md", head, compare(base, head))], Config(), False, 30, ToolSource())


def apply_all(head: str, plan: Plan) -> str:
    """Every suggestion of the review applied, bottom up, as a contributor would click them."""
    lines = head.split("\n")
    for comment in sorted(plan.comments, key=lambda c: c.line, reverse=True):
        if comment.suggestion is not None:
            lines[comment.first_line - 1 : comment.line] = comment.suggestion.lines
    return "\n".join(lines)


def readings(text: str) -> tuple[set[str], set[str]]:
    doc = parse(text, "l.md")
    titles = {title_key(e.title.text) for e in doc.entries if e.title is not None}
    return titles, {identity(link.url) for link in doc.all_links}


def test_a_suggestion_carries_only_its_own_comments_fixes() -> None:
    head = with_entries(PDF_ENTRY + SPLIT_ENTRY)
    plan = plan_of(BASE, head)
    first, second = plan.comments
    assert first.suggestion is not None and second.suggestion is not None
    assert first.suggestion.lines == [PDF_ENTRY.replace("/pdf/", "/abs/").rstrip("\n")]
    assert [d.code for d in first.suggestion.fixed] == ["LB304"]
    assert [d.code for d in second.suggestion.fixed] == ["LB303"]


def test_an_entry_out_of_order_gets_its_own_fix_but_never_the_sort() -> None:
    late = PDF_ENTRY
    head = BASE.replace("\n### Reinforcement Learning", late + "\n### Reinforcement Learning")
    plan = review(
        [ListFile("l.md", head, compare(BASE, head))],
        parse_config({"order": "newest"}),
        False,
        30,
        ToolSource(),
    )
    [comment] = plan.comments
    assert sorted(d.code for d in comment.diagnostics) == ["LB304", "LB501"]
    assert comment.suggestion is not None
    assert [d.code for d in comment.suggestion.fixed] == ["LB304"]
    assert comment.suggestion.lines == [late.replace("/pdf/", "/abs/").rstrip("\n")]
    assert apply_all(head, plan).index("/abs/2503.20783") > head.index("### Reward Models")


def test_a_repeated_entry_is_removed_by_an_empty_suggestion() -> None:
    head = BASE.replace("* [2501] [Kimi", DUPLICATE + "* [2501] [Kimi")
    plan = plan_of(BASE, head)
    [comment] = plan.comments
    assert comment.suggestion is not None and comment.suggestion.lines == []
    assert "```suggestion\n```" in comment.body and "repeats one that stays" in comment.body
    assert apply_all(head, plan) == BASE


def test_a_deletion_is_never_suggested_for_anything_but_a_duplicate() -> None:
    doc = parse(with_entries(PDF_ENTRY), "l.md")
    diagnostics = [d for d in lint_text(doc.text, "l.md") if d.line == 6]
    suggestion = suggest(doc, diagnostics, 6, 6)
    assert suggestion is not None and suggestion.lines  # a fix, not a removal
    assert suggest(doc, [], 6, 6) is None  # no diagnostics of its own: nothing to suggest


def test_an_unsafe_fix_is_offered_as_needing_a_judgement() -> None:
    plan = plan_of(BASE, with_entries(LATE_TAG))
    [comment] = plan.comments
    assert comment.suggestion is not None and comment.suggestion.judgement
    assert comment.suggestion.lines == [LATE_TAG.replace("[2503]", "[2501]").rstrip("\n")]
    assert f"**{JUDGEMENT}**" in comment.body and "set the date to \\[2501\\]" in comment.body
    assert "--unsafe-fixes" in comment.body


def test_a_reorder_is_never_suggested_even_within_the_lines() -> None:
    head = with_entries(CLEAN_ENTRY + PDF_ENTRY)
    doc = parse(head, "l.md")
    first, second = doc.line_span(6), doc.line_span(7)
    swap = Fix(
        "sort the entries",
        (
            edit_at(doc, first.start, first.end, doc.slice(second)),
            edit_at(doc, second.start, second.end, doc.slice(first)),
        ),
        change=Change.REORDER,
    )
    order = Diagnostic("l.md", 7, 1, 7, 2, "LB501", "order", "out of order", Severity.WARNING, swap)
    assert suggest(doc, [order], 6, 7) is None


def test_lines_with_invisible_characters_get_no_suggestion() -> None:
    sneaky = PDF_ENTRY.replace("Training", "Train\u202eing")
    plan = plan_of(BASE, with_entries(sneaky))
    [comment] = plan.comments
    assert "LB304" in comment.body and comment.suggestion is None and "```suggestion" not in comment.body


def test_a_suggestion_never_reaches_past_its_lines() -> None:
    """An edit on the line break that ends the commented lines (a join with the next,
    unchanged line) cannot be expressed by a suggestion: none is offered."""
    doc = parse(with_entries(SPLIT_ENTRY), "l.md")
    [split] = [d for d in lint_text(doc.text, "l.md") if d.code == "LB303"]
    assert suggest(doc, [split], 6, 7) is not None
    assert suggest(doc, [split], 6, 6) is None
    assert suggest(doc, [split], 7, 7) is None


def test_applying_every_suggestion_fixes_those_problems_and_loses_nothing() -> None:
    head = with_entries(PDF_ENTRY + SPLIT_ENTRY + LATE_TAG).replace(
        "* [2501] [Kimi", DUPLICATE + "* [2501] [Kimi"
    )
    plan = plan_of(BASE, head)
    applied = apply_all(head, plan)
    fixed = {(d.code, d.subject) for c in plan.comments if c.suggestion for d in c.suggestion.fixed}
    assert len(fixed) == 4
    left = {(d.code, d.subject) for d in lint_text(applied, "l.md")}
    assert not fixed & left
    before_titles, before_links = readings(head)
    after_titles, after_links = readings(applied)
    assert before_titles == after_titles and before_links == after_links


def test_corpus_reviews_lose_no_title_and_no_link_when_applied(corpus: Path) -> None:
    pairs = sorted(corpus.glob("*/history/*/before.md"))[::6]
    if not pairs:
        pytest.skip("no history folders in the corpus")
    checked = 0
    for before_path in pairs:
        before = before_path.read_text(encoding="utf-8", errors="replace")
        after = (before_path.parent / "after.md").read_text(encoding="utf-8", errors="replace")
        plan = review(
            [ListFile("README.md", after, compare(before, after))], Config(), False, 30, ToolSource()
        )
        if not any(c.suggestion for c in plan.comments):
            continue
        checked += 1
        applied = apply_all(after, plan)
        assert readings(after)[0] <= readings(applied)[0], before_path
        for comment in plan.comments:
            match = SUGGESTION.search(comment.body)
            assert (match is None) == (comment.suggestion is None)
    assert checked
