"""Planning without GitHub: anchors on added lines, grouping, local dry runs, the corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from listbot.bot.context import ToolSource
from listbot.bot.findings import ListFile, review
from listbot.bot.plan import Plan
from listbot.cli import main
from listbot.config import Config, parse_config
from listbot.diffmap import compare
from listbot.pipeline import fix_text
from tests.bot.lists import BAD_TAG_ENTRY, BASE, PDF_ENTRY, SPLIT_ENTRY, SUGGESTION, with_entries


def plan_of(base: str, head: str, max_comments: int = 30, config: Config | None = None) -> Plan:
    item = ListFile("l.md", head, compare(base, head))
    return review([item], config or Config(), False, max_comments, ToolSource())


def test_plan_comments_only_on_added_lines_with_fixer_suggestions() -> None:
    head = with_entries(PDF_ENTRY + BAD_TAG_ENTRY + SPLIT_ENTRY)
    plan = plan_of(BASE, head)
    fixed = fix_text(head, "l.md").text.splitlines()
    assert [(c.start_line, c.line) for c in plan.comments] == [(None, 6), (None, 7), (8, 9)]
    assert "```suggestion\n" + fixed[5] + "\n```" in plan.comments[0].body
    assert "suggestion" not in plan.comments[1].body
    assert "```suggestion\n" + fixed[7] + "\n```" in plan.comments[2].body


def test_an_entry_with_unchanged_lines_gets_a_comment_on_its_added_lines_only() -> None:
    """The pull request adds the second half of a split title: the comment covers that
    line alone, and the join (which would rewrite the unchanged line) is not suggested."""
    first_half = "* [2503] [DAPO: An Open-Source LLM Reinforcement Learning System\n"
    base = with_entries(first_half + "* [2503] [Placeholder Title](https://arxiv.org/abs/2503.14476)\n")
    head = with_entries(SPLIT_ENTRY)
    plan = plan_of(base, head)
    assert compare(base, head).added == {7}
    [comment] = plan.comments
    assert (comment.start_line, comment.line) == (None, 7)
    assert "LB303" in comment.body and "```suggestion" not in comment.body


def test_problems_on_untouched_lines_are_only_counted() -> None:
    base = with_entries(PDF_ENTRY)
    head = base + "\nSee also the [survey](https://example.org/survey).\n"
    plan = plan_of(base, head)
    assert plan.comments == [] and [d.line for d in plan.untouched] == [6]


def test_an_entry_out_of_order_says_where_it_belongs_and_suggests_no_move() -> None:
    late = "* [2503] [A Newer Paper Added Too Low in the Section](https://arxiv.org/abs/2503.00002)\n"
    head = BASE.replace("\n### Reinforcement Learning", late + "\n### Reinforcement Learning")
    plan = plan_of(BASE, head, config=parse_config({"order": "newest"}))
    [comment] = plan.comments
    assert comment.line == 11 and "LB501" in comment.body
    assert "it belongs above 'Exploring the Limit" in comment.body.replace("\\", "")
    assert "```suggestion" not in comment.body  # a move is never a one-click suggestion


def test_a_new_entry_above_its_old_copy_gets_the_duplicate_comment() -> None:
    """The rules flag the later copy; when the pull request adds the earlier one, the bot
    moves the problem onto the added entry (and it fails the check there)."""
    old_copy = "* [2501] [Kimi k1.5: Scaling Reinforcement Learning with LLMs](https://arxiv.org/abs/2501.12599) (Kimi)\n"
    plan = plan_of(BASE, with_entries(old_copy))
    assert [c.line for c in plan.comments] == [6]
    duplicate = next(d for d in plan.touched if d.code == "LB401")
    assert duplicate.line == 6 and duplicate.message == "arXiv 2501.12599 is listed again on line 9"
    assert plan.untouched == []


def test_bodies_are_built_only_for_what_is_shown() -> None:
    from tests.bot.lists import many_bad_entries

    plan = plan_of(BASE, with_entries(many_bad_entries(400)), max_comments=5)
    assert len(plan.comments) == 5 and len(plan.overflow) == 395
    assert all(c.built for c in plan.comments)
    assert sum(c.built for c in plan.overflow) == 100  # what the summary's diff may show


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
    assert data["files"] == {"reviewed": ["README_list.md"], "skipped": []}
    assert main(["pr", "--dry-run", "--base", old, "--head", new, "--fail-on", "warning"]) == 1


def test_base_without_head_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pr", "--dry-run", "--base", _write(tmp_path, "old.md", BASE)]) == 2
    assert capsys.readouterr().err.strip() == "listbot: error: --base and --head go together, with --dry-run"


def test_a_missing_local_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _write(tmp_path, "old.md", BASE)
    assert main(["pr", "--dry-run", "--base", old, "--head", str(tmp_path / "nope.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.md" in err and "Traceback" not in err


def test_missing_repository_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    monkeypatch.delenv("GITHUB_EVENT_PATH", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert main(["pr"]) == 2
    assert capsys.readouterr().err.strip() == (
        "listbot: error: no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY"
    )


def test_cli_start_up_does_not_import_pygithub() -> None:
    code = "import sys, listbot.cli; listbot.cli.build_parser(); print('github' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_local_dry_run_does_not_import_pygithub(tmp_path: Path) -> None:
    old = _write(tmp_path, "old.md", BASE)
    new = _write(tmp_path, "new.md", with_entries(PDF_ENTRY))
    code = (
        "import sys, listbot.cli\n"
        f"code = listbot.cli.main(['pr', '--dry-run', '--base', {old!r}, '--head', {new!r}])\n"
        "print('RESULT', code, 'github' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "RESULT 0 False", result.stdout + result.stderr
    assert '"comments"' in result.stdout  # it did review: the JSON was printed


def test_corpus_histories_comment_only_on_added_lines(corpus: Path) -> None:
    pairs = sorted(corpus.glob("*/history/*/before.md"))[:12]
    if not pairs:
        pytest.skip("no before/after pairs in the corpus")
    for before_path in pairs:
        before = before_path.read_text(encoding="utf-8", errors="replace")
        after = (before_path.parent / "after.md").read_text(encoding="utf-8", errors="replace")
        item = ListFile("README.md", after, compare(before, after))
        plan = review([item], Config(), False, 30, ToolSource())
        lines = after.splitlines()
        for comment in plan.comments + plan.overflow:
            assert all(line in item.diff.added for line in range(comment.first_line, comment.line + 1))
            assert item.diff.anchor_ok(comment.first_line, comment.line), before_path
            assert len(comment.body) < 65_536
            suggestion = SUGGESTION.search(comment.body)
            if suggestion:  # the suggestion differs from the lines it replaces, and only there
                assert (
                    suggestion.group(2).rstrip("\n").split("\n")
                    != lines[comment.first_line - 1 : comment.line]
                )


def test_conventions_come_from_the_base_so_a_pull_request_cannot_flip_them() -> None:
    """Two PDF links added to ten abstract links: learned from the head alone, 10 of 12 is no
    convention and LB304 would vanish; learned from the base, both added links are flagged."""
    second_pdf = "* [2503] [Open-Reasoner-Zero: Scaling Up Reinforcement Learning](https://arxiv.org/pdf/2503.24290) (StepFun)\n"
    head = with_entries(PDF_ENTRY + second_pdf)
    learned_from_head = review(
        [ListFile("l.md", head, compare(BASE, head))], Config(), False, 30, ToolSource()
    )
    assert "LB304" not in {d.code for d in learned_from_head.touched}
    item = ListFile("l.md", head, compare(BASE, head), base_text=BASE)
    plan = review([item], Config(), False, 30, ToolSource())
    assert sorted(d.line for d in plan.touched if d.code == "LB304") == [6, 7]
