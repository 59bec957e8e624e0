"""Which lines a diff added, and which anchors GitHub accepts for review comments.

Used by the bot (a pull request's patch) and by the link checker (``git diff --cached``).

GitHub accepts a review comment on the RIGHT side only on a line inside a hunk of the
pull request's diff (an added line or a context line); a multi-line comment must start
and end inside the same hunk. This module answers those questions from a patch parsed
with ``unidiff`` (GitHub's ``patch`` field, the compare API's diff, ``git diff``), or
from two versions of a file compared here.

The local comparison never uses difflib's "autojunk" heuristic, which treats frequent
lines as junk in long files and then reports unchanged lines as added. Its cost is
bounded: the common head and tail are set aside first, and a large middle is split on
lines that occur once in each version (patience diff) before difflib sees the pieces.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from unidiff import PatchedFile, PatchSet
from unidiff.errors import UnidiffParseError

CONTEXT = 3  # context lines around a hunk, as GitHub shows them
PAIR_BUDGET = 3_000_000  # line pairs difflib may visit in one comparison (about a second)
SPLIT_BUDGET = 16  # times the input's length: lines counted while splitting on unique lines

Block = tuple[int, int, int]  # (start in old, start in new, length) of equal lines


@dataclass(frozen=True, slots=True)
class Hunk:
    """The head-side lines of one hunk: ``first..last`` (1-based, inclusive)."""

    first: int
    last: int

    def holds(self, start: int, end: int) -> bool:
        return self.first <= start <= end <= self.last


@dataclass(slots=True)
class DiffMap:
    """Head-side facts of one file's diff. No hunks: no line comment can be anchored."""

    added: set[int] = field(default_factory=set)
    hunks: list[Hunk] = field(default_factory=list)
    _sorted: list[int] = field(default_factory=list, repr=False)

    def _lines(self) -> list[int]:
        if len(self._sorted) != len(self.added):
            self._sorted = sorted(self.added)
        return self._sorted

    def touches(self, first: int, last: int) -> bool:
        """Did the pull request add or change any head line in ``first..last``?"""
        lines = self._lines()
        index = bisect_left(lines, first)
        return index < len(lines) and lines[index] <= last

    def anchor_ok(self, start: int, end: int) -> bool:
        """May a RIGHT-side comment span head lines ``start..end``?"""
        return start <= end and any(hunk.holds(start, end) for hunk in self.hunks)

    def added_in(self, first: int, last: int) -> list[int]:
        lines = self._lines()
        return lines[bisect_left(lines, first) : bisect_left(lines, last + 1)]

    def added_runs(self, first: int, last: int) -> list[tuple[int, int]]:
        """Runs of consecutive added lines in ``first..last``, each inside one hunk when
        hunks are known (a run is what one review comment may cover)."""
        runs: list[tuple[int, int]] = []
        for line in self.added_in(first, last):
            if runs and runs[-1][1] == line - 1 and (not self.hunks or self.anchor_ok(runs[-1][0], line)):
                runs[-1] = (runs[-1][0], line)
            else:
                runs.append((line, line))
        return runs


def from_patch(patch: str | None, path: str = "file") -> DiffMap:
    """Parse a GitHub ``patch`` (hunks without file headers) or a unified diff of one file."""
    if patch is None or not patch.strip():
        return DiffMap()
    text = patch if patch.startswith(("--- ", "diff ")) else f"--- a/{path}\n+++ b/{path}\n{patch}"
    patched = _parse(text)
    return _collect(list(patched) if patched is not None else [])


def from_full_diff(diff: str, path: str) -> DiffMap | None:
    """The part of a diff of many files (``git diff``, GitHub's diff media type) about
    ``path``; None when the diff holds no section for it (or cannot be read)."""
    patched = _parse(diff)
    if patched is None:
        return None
    files = [f for f in patched if _name(f.target_file) == path]
    return _collect(files) if files else None


def _parse(text: str) -> PatchSet | None:
    try:
        return PatchSet(text if text.endswith("\n") else text + "\n")
    except UnidiffParseError:
        return None


def _collect(files: list[PatchedFile]) -> DiffMap:
    result = DiffMap()
    for patched_file in files:
        for hunk in patched_file:
            numbers = [
                (line.target_line_no, line.is_added) for line in hunk if line.target_line_no is not None
            ]
            result.added.update(number for number, added in numbers if added)
            if numbers:
                result.hunks.append(Hunk(numbers[0][0], numbers[-1][0]))
    return result


def _name(target: str) -> str:
    return target[2:] if target.startswith("b/") else target


# --- comparing two versions here ------------------------------------------------------------------


class _TooCostly(Exception):
    """difflib would look at more line pairs than the budget allows."""


class _BoundedMatcher(difflib.SequenceMatcher):  # type: ignore[type-arg]
    """difflib without autojunk that gives up, instead of running for minutes, when the
    line pairs it would visit exceed a budget (many repeated lines in a long region)."""

    def __init__(self, old: list[str], new: list[str], budget: list[int]) -> None:
        super().__init__(None, old, new, autojunk=False)
        self._budget = budget
        counts = Counter(new)
        self._visits = [0]
        for line in old:  # prefix sums of how many new lines each old line could pair with
            self._visits.append(self._visits[-1] + counts[line])

    def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None):  # type: ignore[no-untyped-def]
        high = len(self._visits) - 1 if ahi is None else ahi
        self._budget[0] -= self._visits[high] - self._visits[alo]
        if self._budget[0] < 0:
            raise _TooCostly
        return super().find_longest_match(alo, ahi, blo, bhi)


def matching_blocks(old: list[str], new: list[str]) -> list[Block]:
    """Equal runs of lines between two versions, in order (no autojunk; bounded work).

    difflib compares each region while its budget lasts (the usual case: a pull request
    adds a few entries, and the answer is exactly difflib's). When it would not, the
    region loses its common head and tail, then splits on lines found once in each
    version; what has no such line left counts as replaced.
    """
    blocks: list[Block] = []
    pending = [(0, len(old), 0, len(new))]
    budget = [PAIR_BUDGET]  # line pairs difflib may still visit, over all regions
    splits = SPLIT_BUDGET * (len(old) + len(new) + 1)  # lines counted while splitting
    while pending:
        a_low, a_high, b_low, b_high = pending.pop()
        if a_low == a_high or b_low == b_high:
            continue
        try:
            matcher = _BoundedMatcher(old[a_low:a_high], new[b_low:b_high], budget)
            blocks += [(a_low + i, b_low + j, n) for i, j, n in matcher.get_matching_blocks() if n]
            continue
        except _TooCostly:
            pass
        head = _common_head(old, new, a_low, a_high, b_low, b_high)
        tail = _common_tail(old, new, a_low + head, a_high, b_low + head, b_high)
        if head or tail:
            blocks += [(a_low, b_low, head)] if head else []
            blocks += [(a_high - tail, b_high - tail, tail)] if tail else []
            pending.append((a_low + head, a_high - tail, b_low + head, b_high - tail))
            continue
        splits -= (a_high - a_low) + (b_high - b_low)
        anchors = _unique_anchors(old, new, (a_low, a_high, b_low, b_high)) if splits > 0 else []
        edges = [(a_low - 1, b_low - 1), *anchors, (a_high, b_high)]
        for (i, j), (next_i, next_j) in pairwise(edges) if anchors else ():
            if i >= a_low:
                blocks.append((i, j, 1))
            pending.append((i + 1, next_i, j + 1, next_j))
    return sorted(blocks)


def _common_head(old: list[str], new: list[str], a_low: int, a_high: int, b_low: int, b_high: int) -> int:
    count = 0
    while a_low + count < a_high and b_low + count < b_high and old[a_low + count] == new[b_low + count]:
        count += 1
    return count


def _common_tail(old: list[str], new: list[str], a_low: int, a_high: int, b_low: int, b_high: int) -> int:
    count = 0
    while (
        a_high - count > a_low
        and b_high - count > b_low
        and old[a_high - count - 1] == new[b_high - count - 1]
    ):
        count += 1
    return count


def _unique_anchors(
    old: list[str], new: list[str], region: tuple[int, int, int, int]
) -> list[tuple[int, int]]:
    """Lines found exactly once in each side, kept in an order both sides agree on (the
    longest increasing run, by patience sorting). None: the region counts as replaced."""
    a_low, a_high, b_low, b_high = region
    old_counts, new_counts = Counter(old[a_low:a_high]), Counter(new[b_low:b_high])
    where = {line: index for index, line in enumerate(new[b_low:b_high], b_low) if new_counts[line] == 1}
    pairs = [
        (index, where[line])
        for index, line in enumerate(old[a_low:a_high], a_low)
        if old_counts[line] == 1 and line in where
    ]
    return _increasing(pairs)


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by first) increasing in second."""
    tails: list[int] = []  # tails[k]: second value ending the best run of length k+1
    ends: list[int] = []  # index into pairs of that run's end
    previous = [-1] * len(pairs)
    for index, (_, second) in enumerate(pairs):
        k = bisect_left(tails, second)
        if k == len(tails):
            tails.append(second)
            ends.append(index)
        else:
            tails[k], ends[k] = second, index
        previous[index] = ends[k - 1] if k else -1
    chain, index = [], ends[-1] if ends else -1
    while index != -1:
        chain.append(pairs[index])
        index = previous[index]
    return chain[::-1]


def split_lines(text: str | None) -> list[str]:
    """Lines without their line breaks (``\\n`` text), as line numbers count them."""
    return (text or "").splitlines()


def compare(base: str | None, head: str) -> DiffMap:
    """The lines ``head`` added to ``base`` and the hunks GitHub would show (3 lines of context)."""
    old, new = split_lines(base), split_lines(head)
    result = DiffMap()
    hunk_first = hunk_last = None
    cursor_new = 0
    for _, j, size in [*matching_blocks(old, new), (len(old), len(new), 0)]:
        if j > cursor_new:
            result.added.update(range(cursor_new + 1, j + 1))
            first, last = max(1, cursor_new + 1 - CONTEXT), min(len(new), j + CONTEXT)
            if hunk_last is not None and first <= hunk_last + 1:
                hunk_last = max(hunk_last, last)
            else:
                if hunk_first is not None and hunk_last is not None:
                    result.hunks.append(Hunk(hunk_first, hunk_last))
                hunk_first, hunk_last = first, last
        cursor_new = j + size
    if hunk_first is not None and hunk_last is not None:
        result.hunks.append(Hunk(hunk_first, hunk_last))
    return result
