"""Map a range of head lines onto the fully fixed text, for ```suggestion blocks.

The fixed text is what ``listbot fix`` writes for the whole file. A suggestion may
replace head lines ``a..b`` only when every change the fixer made there lies inside
that range (a change that straddles its edge would be cut in half); an insertion
right after the range belongs to it, one right before it belongs to the line above.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

Opcode = tuple[str, int, int, int, int]
MAX_REFINE = 2_500  # tokens; beyond this only same-length blocks are split line by line
_TOKEN = re.compile(r"\n|[^\S\n]+|\S+")


@dataclass(frozen=True, slots=True)
class LineMap:
    """The line-level edit script from head lines to fixed lines."""

    head: list[str]
    fixed: list[str]
    opcodes: list[Opcode]

    @classmethod
    def build(cls, head_text: str, fixed_text: str) -> LineMap:
        head, fixed = head_text.splitlines(), fixed_text.splitlines()
        matcher = difflib.SequenceMatcher(None, head, fixed, autojunk=False)
        opcodes: list[Opcode] = []
        for opcode in matcher.get_opcodes():
            opcodes.extend(_refine(opcode, head, fixed) if opcode[0] == "replace" else [opcode])
        return cls(head, fixed, opcodes)

    def _straddles(self, start: int, end: int) -> bool:
        for tag, i1, i2, _, _ in self.opcodes:
            if tag == "equal" or i1 == i2:
                continue
            if i1 < end and i2 > start and (i1 < start or i2 > end):
                return True
        return False

    def _boundary(self, index: int) -> int:
        candidates = []
        for tag, i1, i2, j1, j2 in self.opcodes:
            if tag == "equal" and i1 <= index <= i2:
                candidates.append(j1 + index - i1)
            elif tag != "equal" and index in (i1, i2):
                candidates.append(j2 if index == i2 else j1)
        return max(candidates, default=len(self.fixed))

    def fixed_lines(self, first: int, last: int) -> list[str] | None:
        """The fixed replacement of head lines ``first..last`` (1-based), or None when
        the range cannot carry a self-contained suggestion or nothing changes there."""
        start, end = first - 1, last
        if self._straddles(start, end):
            return None
        replacement = self.fixed[self._boundary(start) : self._boundary(end)]
        if replacement == self.head[start:end]:
            return None
        return replacement


def _tokens(lines: list[str]) -> list[str]:
    return _TOKEN.findall("\n".join(lines))


def _cuts(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Line boundaries inside a replaced block that survive the fix: a line break of the
    old lines that a word-level diff keeps as a line break of the new lines."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    if len(old_tokens) + len(new_tokens) > MAX_REFINE:
        return [(k, k) for k in range(1, len(old))] if len(old) == len(new) else []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_line = [0] * (len(old_tokens) + 1)
    for index, token in enumerate(old_tokens):
        old_line[index + 1] = old_line[index] + (token == "\n")
    new_line = [0] * (len(new_tokens) + 1)
    for index, token in enumerate(new_tokens):
        new_line[index + 1] = new_line[index] + (token == "\n")
    cuts = []
    for a, b, size in matcher.get_matching_blocks():
        for offset in range(size):
            if old_tokens[a + offset] == "\n":
                cuts.append((old_line[a + offset] + 1, new_line[b + offset] + 1))
    return cuts


def _refine(opcode: Opcode, head: list[str], fixed: list[str]) -> list[Opcode]:
    """Split a multi-line 'replace' where whole lines still correspond, so that a fix on
    one entry does not glue it to its neighbour's fix."""
    _, i1, i2, j1, j2 = opcode
    pieces: list[Opcode] = []
    start_i, start_j = i1, j1
    for cut_i, cut_j in _cuts(head[i1:i2], fixed[j1:j2]):
        pieces.append(("replace", start_i, i1 + cut_i, start_j, j1 + cut_j))
        start_i, start_j = i1 + cut_i, j1 + cut_j
    pieces.append(("replace", start_i, i2, start_j, j2))
    return [_tag(piece, head, fixed) for piece in pieces]


def _tag(opcode: Opcode, head: list[str], fixed: list[str]) -> Opcode:
    _, i1, i2, j1, j2 = opcode
    if head[i1:i2] == fixed[j1:j2]:
        return ("equal", i1, i2, j1, j2)
    if i1 == i2:
        return ("insert", i1, i2, j1, j2)
    return ("delete", i1, i2, j1, j2) if j1 == j2 else ("replace", i1, i2, j1, j2)


def fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run inside ``text`` (at least three)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def suggestion_block(lines: list[str]) -> str:
    text = "\n".join(lines)
    fence = fence_for(text)
    inner = f"{text}\n" if lines else ""
    return f"{fence}suggestion\n{inner}{fence}"
