"""listbot fix --diff's unified diff: what `patch` applies, with no autojunk."""

from __future__ import annotations

import difflib
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from listbot.linediff import SPLIT_FIRST, unified_diff


def test_a_file_of_repeated_lines_diffs_only_the_changed_line() -> None:
    """difflib's autojunk treats lines repeated in a long file as junk: for this change it
    removes and re-adds 150 unchanged lines."""
    before = "- [x](u)\n" * 300
    after = "- [x](u)\n" * 150 + "* new entry\n" + "- [x](u)\n" * 150
    diff = unified_diff(before, after, "README.md")
    assert diff.count("\n-") == 0 and diff.count("\n+") == 2  # the +++ header and the one line
    assert "+* new entry\n" in diff


def test_a_missing_final_newline_is_marked_as_git_does() -> None:
    diff = unified_diff("a\nb", "a\nc", "x.md")
    assert (
        diff
        == "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
    )


def test_no_change_is_no_diff() -> None:
    assert unified_diff("a\n", "a\n", "x.md") == ""


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs the patch program")
def test_patch_applies_every_diff(tmp_path: Path) -> None:
    rng = random.Random(5)
    for _ in range(60):
        lines = [rng.choice("abcdef") + "\n" for _ in range(rng.randint(1, 30))]
        changed = list(lines)
        for _ in range(rng.randint(1, 5)):
            if rng.random() < 0.5 and changed:
                del changed[rng.randrange(len(changed))]
            else:
                changed.insert(rng.randint(0, len(changed)), rng.choice("abcdefg") + "\n")
        before, after = "".join(lines), "".join(changed)
        after = after.rstrip("\n") if rng.random() < 0.3 else after
        (tmp_path / "x.md").write_text(before)
        diff = unified_diff(before, after, "x.md")
        if before == after:
            continue
        subprocess.run(["patch", "-s", "-p1", "x.md"], input=diff, text=True, cwd=tmp_path, check=True)
        assert (tmp_path / "x.md").read_text() == after


def _difflib_diff(before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), "a/x.md", "b/x.md", n=3
    )
    return "".join(lines)


def test_a_long_file_is_split_before_difflib_and_diffs_as_difflib_does() -> None:
    """Over SPLIT_FIRST lines a side the file is split on unique lines first: for a pull request's
    few added and removed lines that is difflib's own answer."""
    rows = [
        f"| 2025-01-{day % 28 + 1:02d} | Paper {day} | [pdf](https://x.org/{day}.pdf) |\n"
        for day in range(3000)
    ]
    changed = [
        *rows[:100],
        "| new | row |\n",
        *rows[100:2000],
        *rows[2001:2900],
        "| another |\n",
        *rows[2900:],
    ]
    assert len(rows) > SPLIT_FIRST
    before, after = "".join(rows), "".join(changed)
    assert unified_diff(before, after, "x.md") == _difflib_diff(before, after)


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs the patch program")
def test_a_long_reordered_file_gets_a_diff_that_patch_applies(tmp_path: Path) -> None:
    rng = random.Random(9)
    rows = [f"| row {number} |\n" for number in range(3000)] + ["| same |\n"] * 50
    changed = list(rows)
    for _ in range(400):  # rows moved, as a sort moves them
        changed.insert(rng.randrange(len(changed)), changed.pop(rng.randrange(len(changed))))
    before, after = "".join(rows), "".join(changed)
    (tmp_path / "x.md").write_text(before)
    diff = unified_diff(before, after, "x.md")
    subprocess.run(["patch", "-s", "-p1", "x.md"], input=diff, text=True, cwd=tmp_path, check=True)
    assert (tmp_path / "x.md").read_text() == after
