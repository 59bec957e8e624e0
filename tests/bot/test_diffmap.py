"""Which lines a pull request added: GitHub's patches, whole diffs, and local comparisons."""

from __future__ import annotations

import difflib
import random
import time
from dataclasses import replace
from pathlib import Path

import pytest

from listbot import linediff
from listbot.diffmap import DiffMap, Hunk, compare, from_full_diff, from_patch, matching_blocks
from tests.bot.fake_github import github_patch


def reference(before: str, after: str, autojunk: bool = False) -> set[int]:
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=autojunk)
    return {
        j + 1
        for tag, _, _, j1, j2 in matcher.get_opcodes()
        if tag in ("insert", "replace")
        for j in range(j1, j2)
    }


def is_common_subsequence(old: list[str], new: list[str], blocks: list[tuple[int, int, int]]) -> bool:
    last_i = last_j = 0
    for i, j, size in blocks:
        if i < last_i or j < last_j or old[i : i + size] != new[j : j + size]:
            return False
        last_i, last_j = i + size, j + size
    return True


def test_a_github_patch_gives_added_lines_and_hunks() -> None:
    base = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
    head = "a\nb\nNEW\nc\nd\ne\nf\ng\nh\ni\nj\nEND\n"
    diff = from_patch(github_patch(base, head), "l.md")
    assert diff.added == {3, 12}
    assert diff.hunks == (Hunk(1, 6), Hunk(9, 12))
    assert diff.anchor_ok(3, 3) and diff.anchor_ok(12, 12) and not diff.anchor_ok(5, 10)
    assert diff.added_runs(1, 12) == [(3, 3), (12, 12)]


def test_no_patch_means_no_lines_and_no_anchors() -> None:
    diff = from_patch(None)
    assert not diff.added and not diff.hunks
    assert not diff.touches(1, 100) and not diff.anchor_ok(1, 1)


def test_a_whole_diff_gives_the_section_of_one_file() -> None:
    whole = (
        "diff --git a/other.md b/other.md\n--- a/other.md\n+++ b/other.md\n@@ -1,1 +1,2 @@\n x\n+y\n"
        "diff --git a/list.md b/list.md\n--- a/list.md\n+++ b/list.md\n@@ -1,2 +1,3 @@\n a\n+b\n c\n"
    )
    found = from_full_diff(whole, "list.md")
    assert found is not None and found.added == {2} and found.hunks == (Hunk(1, 3),)
    assert from_full_diff(whole, "missing.md") is None
    assert from_full_diff("not a diff at all", "list.md") is None


def test_local_comparison_matches_difflib_without_autojunk_on_repeated_lines() -> None:
    rng = random.Random(5)
    pool = ["", "| --- | --- |", "| Loss | PPO |", "  - Code: [GitHub](https://github.com/x)"]
    for _ in range(20):
        before = [f"* [{n}] Paper" if n % 3 else rng.choice(pool) for n in range(300)]
        after = before[:]
        for _ in range(3):
            at = rng.randrange(len(after))
            after[at:at] = ["* [2503] [New](https://arxiv.org/abs/2503.00001)", rng.choice(pool)]
        old, new = "\n".join(before), "\n".join(after)
        assert compare(old, new).added == reference(old, new)


def test_hunks_carry_three_lines_of_context_and_merge_when_close() -> None:
    base = "".join(f"line {n}\n" for n in range(1, 21))
    head = base.replace("line 5\n", "line 5\nnew A\n").replace("line 8\n", "line 8\nnew B\n")
    head = head.replace("line 20\n", "line 20\nnew C\n")
    diff = compare(base, head)
    assert diff.added == {6, 10, 23}
    assert diff.hunks == (Hunk(3, 13), Hunk(20, 23))
    assert diff.hunks == from_patch(github_patch(base, head)).hunks  # what GitHub would show


def test_a_new_file_is_all_added() -> None:
    diff = compare(None, "a\nb\n")
    assert diff.added == {1, 2} and diff.hunks == (Hunk(1, 2),)


def test_pathological_repetition_is_bounded_and_still_a_valid_diff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Alternating lines make difflib's work explode; the budget makes it give up and the
    region is split on unique lines (or counted as replaced) instead."""
    visits: list[int] = []
    original = linediff._BoundedMatcher.find_longest_match

    def counting(self, *args):  # type: ignore[no-untyped-def]
        visits.append(1)
        return original(self, *args)

    monkeypatch.setattr(linediff._BoundedMatcher, "find_longest_match", counting)
    old = ["x", "z"] * 3000 + [f"unique {n}" for n in range(50)]
    new = ["x", "y"] * 3000 + [f"unique {n}" for n in range(50)]
    blocks = matching_blocks(old, new)
    assert is_common_subsequence(old, new, blocks)
    assert (len(old) - 50, len(new) - 50, 50) in blocks  # the unique tail still matches
    assert len(visits) < 2_000  # difflib alone would make thousands of passes over the region


def test_shuffled_lines_give_a_valid_diff() -> None:
    rng = random.Random(1)
    old = [f"* entry {n}" for n in range(3000)] + [""] * 3000
    new = old[:]
    rng.shuffle(new)
    blocks = matching_blocks(old, new)
    assert is_common_subsequence(old, new, blocks)
    added = compare("\n".join(old), "\n".join(new)).added
    matched = {j + 1 + k for _, j, size in blocks for k in range(size)}
    assert added == set(range(1, len(new) + 1)) - matched


def test_real_commits_where_autojunk_reports_unchanged_lines(corpus: Path) -> None:
    """A corpus commit where difflib's default marks 17 unchanged table lines as added."""
    folder = corpus / "TsinghuaC3I__Awesome-RL-for-LRMs" / "history" / "13bd3611c2"
    if not folder.is_dir():
        pytest.skip("corpus commit not present")
    before, after = (folder / "before.md").read_text(), (folder / "after.md").read_text()
    with_autojunk = reference(before, after, autojunk=True)
    assert with_autojunk - reference(before, after)  # the heuristic's mistake is real here
    assert compare(before, after).added == reference(before, after)


def test_every_corpus_commit_matches_difflib_without_autojunk(corpus: Path) -> None:
    pairs = sorted(corpus.glob("*/history/*/before.md"))
    if not pairs:
        pytest.skip("no history folders in the corpus")
    for before_path in pairs:
        before = before_path.read_text(encoding="utf-8", errors="replace")
        after = (before_path.parent / "after.md").read_text(encoding="utf-8", errors="replace")
        assert compare(before, after).added == reference(before, after), before_path


def _runs_the_long_way(diff: DiffMap, first: int, last: int) -> list[tuple[int, int]]:
    """added_runs as it was before issue 9's third session: walked for each comment."""
    runs: list[tuple[int, int]] = []
    for line in sorted(n for n in diff.added if first <= n <= last):
        if (
            runs
            and runs[-1][1] == line - 1
            and (not diff.hunks or _anchor_the_long_way(diff, runs[-1][0], line))
        ):
            runs[-1] = (runs[-1][0], line)
        else:
            runs.append((line, line))
    return runs


def _anchor_the_long_way(diff: DiffMap, start: int, end: int) -> bool:
    return start <= end and any(hunk.holds(start, end) for hunk in diff.hunks)


@pytest.mark.parametrize("source", ["compare", "patch", "two sections"])
def test_runs_and_anchors_made_once_answer_as_the_walk_for_each_comment(source: str) -> None:
    rng = random.Random(11)
    for _ in range(40):
        base = [rng.choice("abcdefgh") for _ in range(rng.randint(0, 60))]
        head = list(base)
        for _ in range(rng.randint(1, 12)):
            head.insert(rng.randint(0, len(head)), rng.choice("xyz"))
        before, after = "\n".join(base) + "\n", "\n".join(head) + "\n"
        diff = (
            compare(before, after) if source == "compare" else from_patch(github_patch(before, after), "l.md")
        )
        if source == "two sections" and diff.hunks:
            diff = replace(
                diff, hunks=(*diff.hunks[1:], diff.hunks[0])
            )  # out of order: two sections of a file
        for first in range(0, len(head) + 2):
            for last in range(first, min(first + 8, len(head) + 2)):
                assert diff.added_runs(first, last) == _runs_the_long_way(diff, first, last)
                assert diff.anchor_ok(first, last) == _anchor_the_long_way(diff, first, last)


def test_a_pull_request_of_one_long_paragraph_places_its_comments_in_linear_time() -> None:
    # each comment walked every added line of its entry: 5,000 lines of `[a](` took 23 s (issue 9)
    diff = compare("", "[a](\n" * 100_000)
    started = time.perf_counter()
    for line in range(1, 100_001, 7):
        diff.added_runs(1, 100_000)[0]
        diff.anchor_ok(line, line + 3)
    assert time.perf_counter() - started < 5
