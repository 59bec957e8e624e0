"""Which lines a diff added, and which anchors GitHub accepts for review comments.

Used by the bot (a pull request's patch) and by the link checker (``git diff --cached``).

GitHub accepts a review comment on the RIGHT side only on a line inside a hunk of the
pull request's diff (an added line or a context line); a multi-line comment must start
and end inside the same hunk. This module answers those questions from a patch parsed
with ``unidiff`` (GitHub's ``patch`` field, the compare API's diff, ``git diff``), or
from two versions of a file compared here.

The local comparison is :func:`listbot.linediff.matching_blocks`: no difflib "autojunk"
(which reports unchanged lines of long files as added), and bounded work.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from unidiff import PatchedFile, PatchSet
from unidiff.errors import UnidiffParseError

from listbot.linediff import matching_blocks

__all__ = ["DiffMap", "Hunk", "compare", "from_full_diff", "from_patch", "matching_blocks"]

CONTEXT = 3  # context lines around a hunk, as GitHub shows them


@dataclass(frozen=True, slots=True)
class Hunk:
    """The head-side lines of one hunk: ``first..last`` (1-based, inclusive)."""

    first: int
    last: int

    def holds(self, start: int, end: int) -> bool:
        return self.first <= start <= end <= self.last


@dataclass(frozen=True, slots=True)
class DiffMap:
    """Head-side facts of one file's diff. No hunks: no line comment can be anchored.

    Immutable, so what is derived from the added lines and hunks (sorted lines, runs, hunk
    starts) is made once, when it is built."""

    added: frozenset[int] = frozenset()
    hunks: tuple[Hunk, ...] = ()
    _lines: list[int] = field(init=False, repr=False, compare=False)
    _hunk_firsts: list[int] | None = field(init=False, repr=False, compare=False)  # None: out of order
    _runs: list[tuple[int, int]] = field(init=False, repr=False, compare=False)  # of every added line
    _run_ends: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_field = object.__setattr__  # a frozen dataclass sets its own fields this way
        set_field(self, "added", frozenset(self.added))
        set_field(self, "hunks", tuple(self.hunks))
        set_field(self, "_lines", sorted(self.added))
        in_order = all(a.last < b.first for a, b in zip(self.hunks, self.hunks[1:], strict=False))
        set_field(self, "_hunk_firsts", [hunk.first for hunk in self.hunks] if in_order else None)
        set_field(self, "_runs", self._runs_in(self._lines))
        set_field(self, "_run_ends", [end for _, end in self._runs])

    def touches(self, first: int, last: int) -> bool:
        """Did the pull request add or change any head line in ``first..last``?"""
        lines = self._lines
        index = bisect_left(lines, first)
        return index < len(lines) and lines[index] <= last

    def anchor_ok(self, start: int, end: int) -> bool:
        """May a RIGHT-side comment span head lines ``start..end``?"""
        if start > end or not self.hunks:
            return False
        if self._hunk_firsts is None:  # hunks out of order (two sections of one file): look at each
            return any(hunk.holds(start, end) for hunk in self.hunks)
        index = bisect_right(self._hunk_firsts, start) - 1
        return index >= 0 and self.hunks[index].holds(start, end)

    def added_in(self, first: int, last: int) -> list[int]:
        lines = self._lines
        return lines[bisect_left(lines, first) : bisect_left(lines, last + 1)]

    def added_runs(self, first: int, last: int) -> list[tuple[int, int]]:
        """Runs of consecutive added lines in ``first..last``, each inside one hunk when
        hunks are known (a run is what one review comment may cover). The runs of the whole
        file are made once: made for each comment, a pull request adding one paragraph of
        thousands of lines took minutes (issue 9)."""
        index = bisect_left(self._run_ends, first)
        runs = []
        while index < len(self._runs) and self._runs[index][0] <= last:
            start, end = self._runs[index]
            runs.append((max(start, first), min(end, last)))
            index += 1
        return runs

    def _runs_in(self, lines: list[int]) -> list[tuple[int, int]]:
        runs: list[tuple[int, int]] = []
        for line in lines:
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
    added: set[int] = set()
    hunks: list[Hunk] = []
    for patched_file in files:
        for hunk in patched_file:
            numbers = [
                (line.target_line_no, line.is_added) for line in hunk if line.target_line_no is not None
            ]
            added.update(number for number, is_added in numbers if is_added)
            if numbers:
                hunks.append(Hunk(numbers[0][0], numbers[-1][0]))
    return DiffMap(frozenset(added), tuple(hunks))


def _name(target: str) -> str:
    return target[2:] if target.startswith("b/") else target


# --- comparing two versions here ------------------------------------------------------------------


def split_lines(text: str | None) -> list[str]:
    """Lines without their line breaks (``\\n`` text), as line numbers count them."""
    return (text or "").splitlines()


def compare(base: str | None, head: str) -> DiffMap:
    """The lines ``head`` added to ``base`` and the hunks GitHub would show (3 lines of context)."""
    old, new = split_lines(base), split_lines(head)
    added: set[int] = set()
    hunks: list[Hunk] = []
    hunk_first = hunk_last = None
    cursor_new = 0
    for _, j, size in [*matching_blocks(old, new), (len(old), len(new), 0)]:
        if j > cursor_new:
            added.update(range(cursor_new + 1, j + 1))
            first, last = max(1, cursor_new + 1 - CONTEXT), min(len(new), j + CONTEXT)
            if hunk_last is not None and first <= hunk_last + 1:
                hunk_last = max(hunk_last, last)
            else:
                if hunk_first is not None and hunk_last is not None:
                    hunks.append(Hunk(hunk_first, hunk_last))
                hunk_first, hunk_last = first, last
        cursor_new = j + size
    if hunk_first is not None and hunk_last is not None:
        hunks.append(Hunk(hunk_first, hunk_last))
    return DiffMap(frozenset(added), tuple(hunks))
