"""Line diffs without difflib's "autojunk", at bounded cost (pure: no third-party imports).

difflib's autojunk heuristic treats lines that are frequent in a long file as junk and
then reports unchanged lines as changed: a paper list repeats `</details>`, blank and
`---` lines hundreds of times. Without it difflib can take minutes on such files, so
:func:`matching_blocks` bounds the work: the common head and tail are set aside first,
and a large middle is split on lines that occur once in each version (patience diff)
before difflib sees the pieces. The bot's added lines and ``listbot fix --diff`` both
come from here.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from itertools import pairwise

PAIR_BUDGET = 500_000  # line pairs difflib may visit in one comparison (about a quarter second)
SPLIT_BUDGET = 16  # times the input's length: lines counted while splitting on unique lines
# Regions longer than this on both sides are split before difflib sees them: difflib looks at
# every line of a region once per block it finds, so on 12,000 reordered table rows it spent
# the whole budget (a quarter second) before giving up.
SPLIT_FIRST = 2_000

Block = tuple[int, int, int]  # (start in old, start in new, length) of equal lines


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
    adds a few entries, and the answer is exactly difflib's). When it would not, or the
    region is longer than ``SPLIT_FIRST`` lines on both sides, the region loses its common
    head and tail, then splits on lines found once in each version; what has no such line
    left counts as replaced.
    """
    blocks: list[Block] = []
    pending = [(0, len(old), 0, len(new))]
    budget = [PAIR_BUDGET]  # line pairs difflib may still visit, over all regions
    splits = SPLIT_BUDGET * (len(old) + len(new) + 1)  # lines counted while splitting
    while pending:
        a_low, a_high, b_low, b_high = pending.pop()
        if a_low == a_high or b_low == b_high:
            continue
        if min(a_high - a_low, b_high - b_low) <= SPLIT_FIRST:
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
    return _joined(sorted(blocks))


def _joined(blocks: list[Block]) -> list[Block]:
    """Adjacent equal runs as one (difflib's opcodes and hunks expect it: split on unique
    lines, a long unchanged stretch comes as one block per line)."""
    joined: list[Block] = []
    for i, j, n in blocks:
        if joined and joined[-1][0] + joined[-1][2] == i and joined[-1][1] + joined[-1][2] == j:
            joined[-1] = (joined[-1][0], joined[-1][1], joined[-1][2] + n)
        else:
            joined.append((i, j, n))
    return joined


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


def unified_diff(before: str, after: str, path: str, context: int = 3) -> str:
    """``diff -u`` of two texts (as ``git diff`` writes it), from :func:`matching_blocks`."""
    if before == after:
        return ""  # nothing to compare: difflib would still index every line
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    blocks = [difflib.Match(*block) for block in matching_blocks(old, new)]
    # get_grouped_opcodes() reads the blocks from here (difflib's cache, not in its stubs)
    matcher.matching_blocks = [*blocks, difflib.Match(len(old), len(new), 0)]  # type: ignore[attr-defined]
    name = path.lstrip("/")
    out: list[str] = []
    for group in matcher.get_grouped_opcodes(context):
        if not out:
            out += [f"--- a/{name}\n", f"+++ b/{name}\n"]
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in old[i1:i2]]
                continue
            out += ["-" + line for line in old[i1:i2]]
            out += ["+" + line for line in new[j1:j2]]
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)


def _range(start: int, stop: int) -> str:
    """A hunk's line range as unified diffs write it (``3,4``; ``3`` for one line; ``2,0`` for none)."""
    length = stop - start
    first = start + 1 if length else start
    return str(first) if length == 1 else f"{first},{length}"
