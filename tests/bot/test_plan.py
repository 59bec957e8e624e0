"""The pure parts: diff maps, line mapping for suggestions, fences, local dry runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from listbot.bot.analyse import FileInput, analyse
from listbot.bot.suggest import LineMap, fence_for, suggestion_block
from listbot.cli import main
from listbot.config import Config
from listbot.diffmap import from_patch, local_patch
from listbot.pipeline import fix_text
from tests.bot.lists import BAD_TAG_ENTRY, BASE, PDF_ENTRY, SPLIT_ENTRY, SUGGESTION, with_entries


def test_diff_map_knows_added_lines_and_hunks() -> None:
    head = with_entries(PDF_ENTRY)
    diff = from_patch(local_patch(BASE, head, "l.md"), "l.md")
    assert diff.added == {6}
    assert diff.anchor_ok(3, 9) and not diff.anchor_ok(1, 6)
    assert not diff.touches(7, 12)


def test_missing_patch_means_no_line_comments() -> None:
    diff = from_patch(None)
    assert not diff.known and not diff.touches(1, 100) and not diff.anchor_ok(1, 1)


def test_fence_outgrows_backtick_runs() -> None:
    assert fence_for("plain") == "```"
    assert fence_for("a ```` b") == "`````"
    block = suggestion_block(["x ``` y"])
    assert block.startswith("````suggestion\n") and block.endswith("\n````")


def test_line_map_keeps_neighbouring_fixes_apart() -> None:
    head = "a1\nb2\nc3\nc4\nd5\n"
    fixed = "A1\nB2\nC3 c4\nd5\n"
    lines = LineMap.build(head, fixed)
    assert lines.fixed_lines(1, 1) == ["A1"]
    assert lines.fixed_lines(3, 4) == ["C3 c4"]
    assert lines.fixed_lines(3, 3) is None  # the merge straddles line 4
    assert lines.fixed_lines(5, 5) is None  # unchanged


def test_insertion_after_a_range_belongs_to_it() -> None:
    lines = LineMap.build("a\nb\n", "a\n\nb\n")
    assert lines.fixed_lines(1, 1) == ["a", ""]
    assert lines.fixed_lines(2, 2) is None


def test_plan_comments_only_on_added_lines_with_fixer_suggestions() -> None:
    head = with_entries(PDF_ENTRY + BAD_TAG_ENTRY + SPLIT_ENTRY)
    plan = analyse([FileInput("l.md", BASE, head, local_patch(BASE, head, "l.md"))], Config(), False, 30)
    fixed = fix_text(head, "l.md").text.splitlines()
    assert [(c.start_line, c.line) for c in plan.comments] == [(None, 6), (None, 7), (8, 9)]
    assert "```suggestion\n" + fixed[5] + "\n```" in plan.comments[0].body
    assert "suggestion" not in plan.comments[1].body
    assert "```suggestion\n" + fixed[7] + "\n```" in plan.comments[2].body


def test_problems_on_untouched_lines_are_only_counted() -> None:
    base = with_entries(PDF_ENTRY)
    head = base + "\nSee also the [survey](https://example.org/survey).\n"
    plan = analyse([FileInput("l.md", base, head, local_patch(base, head, "l.md"))], Config(), False, 30)
    assert plan.comments == [] and [d.line for d in plan.untouched] == [6]


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_local_dry_run_prints_review_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "old.md", BASE)
    new = _write(tmp_path, "new.md", with_entries(PDF_ENTRY + SPLIT_ENTRY))
    code = main(["pr", "--dry-run", "--base", old, "--head", new, "--path", "README_list.md"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0  # warnings only: the default fail-on is error
    assert data["review"]["event"] == "COMMENT"
    assert [(c["path"], c["start_line"], c["line"], c["side"]) for c in data["review"]["comments"]] == [
        ("README_list.md", None, 6, "RIGHT"),
        ("README_list.md", 7, 8, "RIGHT"),
    ]
    assert data["summary"].startswith("<!-- listbot:summary -->")
    assert main(["pr", "--dry-run", "--base", old, "--head", new, "--fail-on", "warning"]) == 1


def test_base_without_head_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pr", "--dry-run", "--base", _write(tmp_path, "old.md", BASE)]) == 2
    assert "--base and --head go together" in capsys.readouterr().err


def test_missing_repository_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    monkeypatch.delenv("GITHUB_EVENT_PATH", raising=False)
    assert main(["pr"]) == 2
    assert capsys.readouterr().err.strip() == (
        "listbot: error: no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY"
    )


def test_cli_start_up_does_not_import_pygithub() -> None:
    code = "import sys, listbot.cli; listbot.cli.build_parser(); print('github' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def _corpus_pairs(corpus: Path, limit: int) -> list[Path]:
    return sorted(corpus.glob("*/history/*/before.md"))[:limit]


def test_corpus_histories_anchor_only_on_added_lines(corpus: Path) -> None:
    pairs = _corpus_pairs(corpus, 12)
    if not pairs:
        pytest.skip("no before/after pairs in the corpus")
    for before_path in pairs:
        before = before_path.read_text(encoding="utf-8", errors="replace")
        after = (before_path.parent / "after.md").read_text(encoding="utf-8", errors="replace")
        patch = local_patch(before, after, "README.md")
        plan = analyse([FileInput("README.md", before, after, patch)], Config(), False, 30)
        diff = from_patch(patch, "README.md")
        fixed = "\n" + fix_text(after, "README.md").text
        for comment in plan.comments + plan.overflow:
            suggestion = SUGGESTION.search(comment.body)
            if suggestion:  # a contiguous run of whole lines of what `listbot fix` writes
                assert "\n" + suggestion.group(2) in fixed, before_path
            assert diff.anchor_ok(comment.first_line, comment.line), before_path
            assert diff.touches(comment.first_line, comment.line), before_path
            assert len(comment.body) < 65_536


def test_a_new_entry_above_its_old_copy_gets_the_duplicate_comment() -> None:
    """The rules flag the later copy; when the pull request adds the earlier one, the bot
    moves the problem onto the added entry (and it fails the check there)."""
    old_copy = "* [2501] [Kimi k1.5: Scaling Reinforcement Learning with LLMs](https://arxiv.org/abs/2501.12599) (Kimi)\n"
    head = with_entries(old_copy)
    plan = analyse([FileInput("l.md", BASE, head, local_patch(BASE, head, "l.md"))], Config(), False, 30)
    assert [c.line for c in plan.comments] == [6]
    duplicate = next(d for d in plan.touched if d.code == "LB401")
    assert duplicate.line == 6 and duplicate.message == "arXiv 2501.12599 is listed again on line 8"
    assert [d.code for d in plan.untouched] == []
