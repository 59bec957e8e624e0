"""The fixer: choosing edits, fixed points, the render rail, the loss guard, and properties over
generated lists of every shape."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings

from listbot.config import parse_config
from listbot.diagnostics import Change, Diagnostic, Edit, Fix, Severity
from listbot.fixes import FixRefused, choose_fixes, rewrite
from listbot.pipeline import fix_text, lint_text
from tests.shapes import lists, undeclared_losses

CONFIG = parse_config({"today": "2026-11"})


def _diag(start: int, end: int, content: str, code: str = "LB000", fix: Fix | None = None) -> Diagnostic:
    fix = fix or Fix("f", (Edit(start, end, content),))
    return Diagnostic("p", 1, 1, 1, 1, code, "n", "m", Severity.WARNING, fix)


def test_diagnostics_compare_and_hash_by_value() -> None:
    """They are plain dataclasses (frozen ones cost four times as much to build) that library
    users can still put in a set, as when they were frozen."""
    first, again = (
        lint_text("* [2502] [T](https://arxiv.org/pdf/2502.03373) \n"),
        lint_text("* [2502] [T](https://arxiv.org/pdf/2502.03373) \n"),
    )
    assert first and first == again
    assert len(set(first) | set(again)) == len(first)


def test_overlapping_fixes_wait_for_the_next_pass():
    chosen = choose_fixes([_diag(0, 3, "X"), _diag(2, 4, "Y"), _diag(4, 6, "Z")])
    assert rewrite("abcdef", [d.fix for d in chosen]) == "XdZ" and len(chosen) == 2


def test_two_insertions_at_one_offset_are_not_both_applied():
    chosen = choose_fixes([_diag(3, 3, "X"), _diag(3, 3, "Y")])
    assert rewrite("abcdef", [d.fix for d in chosen]) == "abcXdef"


def test_a_fix_shared_by_many_diagnostics_is_applied_once():
    shared = Fix("sort", (Edit(0, 1, "b"), Edit(2, 3, "a")), change=Change.REORDER)
    chosen = choose_fixes([_diag(0, 0, "", fix=shared) for _ in range(500)])
    assert len(chosen) == 1


def test_fix_reaches_a_fixed_point_across_rules():
    """Trim, canonical URL, spacing and whitespace first; then the sort that needed them."""
    source = (
        "## P\n"
        "* [2505] [B](https://arxiv.org/abs/2505.00002) (Lab)\n"
        "* [2504] [C](https://arxiv.org/abs/2504.00003) (Lab)\n"
        "* [2502] [A  ](https://arxiv.org/abs/2502.00001v2?)(X)  \n"
        "* [2503] [D](https://arxiv.org/abs/2503.00004) (Lab)\n"
        "* [2501] [E](https://arxiv.org/abs/2501.00005) (Lab)\n"
        "* [2412] [F](https://arxiv.org/abs/2412.00006) (Lab)\n"
    )
    result = fix_text(source, config=CONFIG)
    assert result.text == (
        "## P\n"
        "* [2505] [B](https://arxiv.org/abs/2505.00002) (Lab)\n"
        "* [2504] [C](https://arxiv.org/abs/2504.00003) (Lab)\n"
        "* [2503] [D](https://arxiv.org/abs/2503.00004) (Lab)\n"
        "* [2502] [A](https://arxiv.org/abs/2502.00001) (X)\n"
        "* [2501] [E](https://arxiv.org/abs/2501.00005) (Lab)\n"
        "* [2412] [F](https://arxiv.org/abs/2412.00006) (Lab)\n"
    )
    assert not [d for d in result.remaining if d.fixable]
    assert fix_text(result.text, config=CONFIG).text == result.text


def test_the_rail_refuses_a_fix_that_changes_more_than_it_declares(monkeypatch):
    """A rule that claims a whitespace fix but deletes a word: the fix is dropped, the problem stays."""
    from listbot.rules.whitespace import Whitespace

    real = Whitespace.check

    def lying(self, ctx):
        for diagnostic in real(self, ctx):
            edit = diagnostic.fix.edits[0]
            wider = Edit(edit.start - 4, edit.end, "", edit.line, edit.column, edit.end_line, edit.end_column)
            yield (
                Diagnostic(**{**diagnostic.__dict__, "fix": Fix("strip", (wider,))})
                if False
                else type(diagnostic)(
                    diagnostic.path,
                    diagnostic.line,
                    diagnostic.column,
                    diagnostic.end_line,
                    diagnostic.end_column,
                    diagnostic.code,
                    diagnostic.name,
                    diagnostic.message,
                    diagnostic.severity,
                    Fix("strip", (wider,)),
                )
            )

    monkeypatch.setattr(Whitespace, "check", lying)
    source = "## P\n* [A title](https://a.org/x) note \n* [B](https://b.org)\n"
    result = fix_text(source, config=CONFIG, select=["LB603"])
    assert result.text == source
    (refused,) = result.refused
    assert refused.code == "LB603" and refused.fix is None
    assert "rendered text" in refused.fix_refused


def test_the_rail_refuses_removing_a_hard_break():
    source = "## P\n- **A Title**  \n  *A. Author*. [[pdf](https://arxiv.org/pdf/2501.00001)], 2025.01.\n"
    result = fix_text(source, config=CONFIG)
    assert "**A Title**  \n" in result.text


def test_a_wide_whitespace_only_line_is_stripped_not_refused():
    # mistune reads five blanks as an indented code block: the rail used to refuse stripping them
    text = "## P\n\n* [2501] [A](https://arxiv.org/abs/2501.00001)\n      \n\nText\n\t \t\n\nMore\n"
    result = fix_text(text, config=CONFIG)
    assert not result.refused
    assert result.text == "## P\n\n* [2501] [A](https://arxiv.org/abs/2501.00001)\n\n\nText\n\n\nMore\n"


def test_fixing_a_heading_full_of_blanks_is_fast():
    text = (
        "# List\n\n## Papers" + " " * 100_000 + "on RL \n\n* [2501] [A](https://arxiv.org/abs/2501.00001)\n"
    )
    started = time.perf_counter()
    result = fix_text(text, config=CONFIG)
    assert time.perf_counter() - started < 30  # linear: 0.3 s; the quadratic trim took 43 s for 40 KB
    assert result.text.count("\n") == text.count("\n") and "on RL\n" in result.text


def _rewrite_then_replace(monkeypatch, old: str, new: str) -> None:
    """Make every fix pass also replace ``old`` by ``new``: a fixer bug the guard must catch."""
    import listbot.fixes as fixes

    real = fixes.rewrite
    monkeypatch.setattr(fixes, "rewrite", lambda text, chosen: real(text, chosen).replace(old, new))


def test_guard_refuses_a_fix_that_loses_an_entry(monkeypatch):
    source = "## P\n* [2502] [A](https://example.org/a?utm_source=x)\n* [2502] [B](https://arxiv.org/abs/2502.00002)\n"
    _rewrite_then_replace(monkeypatch, "* [2502] [B](https://arxiv.org/abs/2502.00002)\n", "")
    with pytest.raises(FixRefused, match="lose the entry titled 'b'"):
        fix_text(source, config=CONFIG)


def test_guard_refuses_a_fix_that_moves_an_entry_under_another_item(monkeypatch):
    # the rail renders the fixed lines alone, where "  * [B]" reads as "* [B]": only the
    # parse of the whole fixed text shows B moved under the category above it
    source = (
        "## P\n* Category\n  * [A](https://a.org/1?utm_source=x)\n"
        "* [B](https://b.org/2)\n* [C](https://c.org/3)\n"
    )
    _rewrite_then_replace(monkeypatch, "* [B]", "  * [B]")
    with pytest.raises(FixRefused, match="move the entry titled 'b' to another depth"):
        fix_text(source, config=CONFIG)


def test_removing_a_copy_at_another_depth_is_not_a_move():
    source = (
        "## P\n* [2501] [A](https://a.org/1)\n* [2501] [B](https://b.org/1)\n"
        "* Category\n  * [2501] [A](https://a.org/1)\n  * [2501] [C](https://c.org/1)\n"
    )
    result = fix_text(source, config=CONFIG)
    assert result.text == source.replace("  * [2501] [A](https://a.org/1)\n", "")
    assert [d.code for d in result.fixed] == ["LB401"]


def test_a_linkless_entry_read_as_prose_after_a_duplicate_goes_is_not_lost():
    # "- **Reasoning**" is an entry (a paper without its link) only while two linked siblings are
    # written like it; removing the identical duplicate leaves one, its words all in place (fuzzing)
    authors = "  *A. Author*. [[pdf](https://arxiv.org/abs/2301.00000)], 2023.01.\n"
    source = f"## S\n\n- **Reasoning Reasoning**  \n{authors}- **Reasoning**\n- **Reasoning Reasoning**  \n{authors}"
    result = fix_text(source, config=CONFIG)
    assert result.text == f"## S\n\n- **Reasoning Reasoning**  \n{authors}- **Reasoning**\n"
    assert [d.code for d in result.fixed] == ["LB401"]


def test_a_fix_that_lost_to_a_refused_one_is_still_applied():
    # the copy below differs by a hard break: the rail refuses removing it, and the tracking
    # parameters inside it, whose fix overlapped the removal, were left in place (fuzzing)
    link = "[[pdf](https://www.bilibili.com/video/BV1?spm_id_from=1.2&vd_source=ab)], 2019.01."
    source = f"## S\n\n- **Reasoning**  \n  *A. Author*. {link}\n- **Reasoning**\n  *A. Author*. {link}\n"
    result = fix_text(source, config=CONFIG)
    assert "spm_id_from" not in result.text and result.text.count("- **Reasoning**") == 2
    assert [d.code for d in result.refused] == ["LB401"]


def _retitle(source: str, old: str, new: str) -> Diagnostic:
    """A declared title rewrite, as LB801 makes for a retitled paper."""
    start = source.index(old)
    line = source[:start].count("\n") + 1
    column = start - source.rfind("\n", 0, start)
    edit = Edit(start, start + len(old), new, line, column, line, column + len(old))
    fix = Fix("use the current title", (edit,), change=Change.WORDS, removes=(old,), adds=(new,))
    return Diagnostic(
        "t.md",
        line,
        column,
        line,
        column + len(old),
        "LB801",
        "paper-mismatch",
        "retitled",
        Severity.WARNING,
        fix,
    )


def test_guard_allows_a_declared_title_rewrite_and_nothing_more(monkeypatch):
    source = "## P\n* [2502] [Old Name of A](https://arxiv.org/abs/2502.00001)\n* [2502] [B](https://arxiv.org/abs/2502.00002)\n"
    retitle = _retitle(source, "Old Name of A", "New Name of A")
    assert "[New Name of A](" in fix_text(source, config=CONFIG, extra=[retitle]).text
    _rewrite_then_replace(monkeypatch, "[B]", "[C]")
    with pytest.raises(FixRefused, match="lose the entry titled 'b'"):
        fix_text(source, config=CONFIG, extra=[retitle])


def test_guard_refuses_a_fix_that_loses_a_link(monkeypatch):
    source = "## P\n* [2502] [A](https://example.org/a?utm_source=x)\n* [B](https://example.org/b) ([x](https://x.org))\n"
    _rewrite_then_replace(monkeypatch, "https://x.org", "#")
    with pytest.raises(FixRefused, match=r"lose the link 'x\.org/'"):
        fix_text(source, config=CONFIG)


# --- properties over generated lists of every shape ---------------------------------------------

PROPERTY = settings(
    max_examples=int(__import__("os").environ.get("LISTBOT_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY
@given(lists())
def test_fix_is_idempotent(text: str) -> None:
    once = fix_text(text, config=CONFIG).text
    assert fix_text(once, config=CONFIG).text == once


@PROPERTY
@given(lists())
def test_fix_never_loses_a_rendered_word_or_line_break_it_did_not_declare(text: str) -> None:
    lost_words, lost_breaks = undeclared_losses(text, fix_text(text, config=CONFIG))
    assert not lost_words and not lost_breaks


@PROPERTY
@given(lists())
def test_no_safe_fix_is_left_undone_unless_refused(text: str) -> None:
    result = fix_text(text, config=CONFIG)
    left = {d.code for d in lint_text(result.text, config=CONFIG) if d.fixable}
    assert left <= {d.code for d in result.refused}
