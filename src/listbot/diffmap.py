"""Which lines a diff added, and which anchors GitHub accepts for review comments.

Used by the bot (a pull request's patch) and by the link checker (``git diff --cached``).

GitHub accepts a review comment on the RIGHT side only on a line inside a hunk of the
pull request's diff (an added line or a context line); a multi-line comment must start
and end inside the same hunk. This module answers those questions from a patch, parsed
with ``unidiff``: GitHub's ``patch`` field (hunks only) or a local ``difflib`` diff.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from unidiff import PatchSet
from unidiff.errors import UnidiffParseError


@dataclass(frozen=True, slots=True)
class Hunk:
    """The head-side lines of one hunk: ``first..last`` (1-based, inclusive)."""

    first: int
    last: int

    def holds(self, start: int, end: int) -> bool:
        return self.first <= start <= end <= self.last


@dataclass(slots=True)
class DiffMap:
    """Head-side facts of one file's diff."""

    added: set[int] = field(default_factory=set)
    hunks: list[Hunk] = field(default_factory=list)
    known: bool = True  # False when GitHub sent no patch (a diff too large to show)

    def touches(self, first: int, last: int) -> bool:
        """Did the pull request add or change any head line in ``first..last``?"""
        return any(line in self.added for line in range(first, last + 1))

    def anchor_ok(self, start: int, end: int) -> bool:
        """May a RIGHT-side comment span head lines ``start..end``?"""
        return start <= end and any(hunk.holds(start, end) for hunk in self.hunks)

    def added_in(self, first: int, last: int) -> list[int]:
        return [line for line in range(first, last + 1) if line in self.added]


def from_patch(patch: str | None, path: str = "file") -> DiffMap:
    """Parse a GitHub ``patch`` (hunks without file headers) or a full unified diff."""
    if patch is None:
        return DiffMap(known=False)
    if not patch.strip():
        return DiffMap()
    text = patch if patch.startswith("--- ") else f"--- a/{path}\n+++ b/{path}\n{patch}"
    if not text.endswith("\n"):
        text += "\n"
    try:
        patched = PatchSet(text)
    except UnidiffParseError:
        return DiffMap(known=False)
    result = DiffMap()
    for patched_file in patched:
        for hunk in patched_file:
            _add_hunk(result, hunk)
    return result


def _add_hunk(result: DiffMap, hunk: object) -> None:
    lines = [line for line in hunk if line.target_line_no is not None]  # type: ignore[attr-defined]
    result.added.update(line.target_line_no for line in lines if line.is_added)
    if lines:
        result.hunks.append(Hunk(lines[0].target_line_no, lines[-1].target_line_no))


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def local_patch(base: str | None, head: str, path: str) -> str:
    """The unified diff GitHub would show between two local versions of a file."""
    before = _lines(base or "")
    return "".join(difflib.unified_diff(before, _lines(head), f"a/{path}", f"b/{path}", n=3))
