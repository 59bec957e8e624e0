"""Top-level blocks with their source offsets, from mistune's block parser.

mistune decides the block structure (headings, lists, code, HTML, quotes,
paragraphs) but records no positions, so a subclass notes the offsets of each
top-level match. It does not parse the inside of list items and quotes a second
time: items are split from their source lines afterwards (:mod:`.items`), which
keeps a 10,000-entry list fast. GFM tables (a mistune plugin) are found here in
paragraph blocks: a header row followed by a delimiter row.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import ClassVar

from mistune.block_parser import BlockParser
from mistune.core import BlockState
from mistune.helpers import BLOCK_TAGS, PRE_TAGS

from listbot.parse.listblock import parse_top_level_list
from listbot.text import occurrences

_MAX_NESTING = 20
_DELIMITER_ROW = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


@dataclass(frozen=True, slots=True)
class Block:
    """One top-level block: ``kind`` is mistune's token type (plus ``table``)."""

    kind: str
    start: int
    end: int


def trim_closing_hashes(text: str) -> str:
    """An ATX heading's text without its closing ``#`` sequence, as mistune's
    ``(\\s+|^)#+\\s*$`` substitution trims it, in linear time (that regex backtracks
    quadratically over a long run of blanks inside a heading)."""
    body = text.rstrip()
    head = body.rstrip("#")
    if head == body:
        return text
    if not head:
        return ""
    return head.rstrip() if head[-1].isspace() else text


# CommonMark's HTML blocks of types 1 to 6 as mistune writes them, plus a tag name right before
# ``>`` or ``/>``: mistune asks for a blank after the name, so ``</details>`` right under a list
# item did not end the list (GitHub shows the bullets below it as the HTML block's text).
_OPENING = "|".join(BLOCK_TAGS + PRE_TAGS)  # types 1 and 6
_CLOSING = "|".join(BLOCK_TAGS)  # type 6 only: `</pre>` starts no block
_TAG_END = r"(?=[ \t>\n]|/>|$)"
_BLOCK_HTML = (
    rf"^ {{0,3}}(?:</?(?:{_OPENING})(?:[ \t]+|\n|$)"
    rf"|<(?:{_OPENING}){_TAG_END}|</(?:{_CLOSING}){_TAG_END}"
    r"|<!--|<\?|<![A-Z]|<!\[CDATA\[)"
)


class LinearBlockParser(BlockParser):
    """mistune's block parser with a linear-time ATX heading (the same tokens), and HTML blocks
    that end a list item or a quote where CommonMark ends them."""

    SPECIFICATION: ClassVar[dict[str, str]] = {**BlockParser.SPECIFICATION, "block_html": _BLOCK_HTML}

    def parse_atx_heading(self, m: re.Match[str], state: BlockState) -> int:
        level = len(m.group("atx_1"))
        text = trim_closing_hashes(m.group("atx_2").strip(string.whitespace))
        state.append_token({"type": "heading", "text": text, "attrs": {"level": level}, "style": "atx"})
        return m.end() + 1


class _PositionedBlockParser(LinearBlockParser):
    """A block parser that records ``(kind, start, end)`` of each top-level block."""

    def __init__(self) -> None:
        super().__init__(max_nested_level=_MAX_NESTING)
        self.root: BlockState | None = None
        self.spans: list[tuple[str, int, int]] = []

    def parse(self, state: BlockState, rules: list[str] | None = None) -> None:
        # Only the top level matters: list items and quotes are read from their lines.
        if state is self.root:
            super().parse(state, rules)

    def parse_method(self, m: re.Match[str], state: BlockState) -> int | None:  # type: ignore[override]
        if state is not self.root:
            return super().parse_method(m, state)
        before, recorded = len(state.tokens), len(self.spans)
        end = super().parse_method(m, state)
        if end is None:
            return None
        kind = state.tokens[before]["type"] if len(state.tokens) > before else "paragraph"
        if m.lastgroup == "setex_heading" and kind == "paragraph":
            kind = "setext_heading"
        # A list is only known to end when the next block has been parsed (and recorded).
        nested = [start for _, start, _ in self.spans[recorded:]]
        self.spans.append((kind, m.start(), min([end, *nested])))
        return end

    def _parse_plain_paragraph(self, state: BlockState, sc: re.Pattern[str]) -> bool:
        # mistune walks a paragraph line by line only when it starts with a letter; from any other
        # line (a table row, `**Title**`) it searches the rest of the text for the next block, trying
        # every position: 0.2 s over a 1 MB table. Every block rule is anchored at a line start, so
        # trying only the line starts finds the same block; what follows is mistune's loop body for
        # a block found by search (tests/test_listblock.py holds the two to the same blocks).
        walked = super()._parse_plain_paragraph(state, sc)  # type: ignore[misc]
        if walked or state is not self.root:
            return bool(walked)
        src, cursor, limit = state.src, state.cursor, state.cursor_max
        found = None
        position = src.find("\n", cursor) + 1
        while 0 < position < limit and (found := sc.match(src, position)) is None:
            position = src.find("\n", position) + 1
        if found is None:  # no block below: the rest is a paragraph
            state.add_paragraph(src[cursor:limit])
            state.cursor = limit
            return True
        state.add_paragraph(src[cursor:position])
        state.cursor = position
        end = self.parse_method(found, state)
        if not end:
            end = state.find_line_end()
            state.add_paragraph(state.get_text(end))
        state.cursor = end
        return True

    def parse_list(self, m: re.Match[str], state: BlockState) -> int:
        if state is self.root:
            return parse_top_level_list(self, m, state)
        return super().parse_list(m, state)

    def _parse_indent_code_fast(self, state: BlockState) -> int | None:
        # mistune 3.4 reads indented code before its rule scan, past parse_method: record it too,
        # or its lines would be taken for a paragraph (entries and links inside code).
        start, before = state.cursor, len(state.tokens)
        if state.src[start : start + 1] not in (" ", "\t"):
            return None  # indented code starts with a blank: skip mistune's line copy
        end: int | None = super()._parse_indent_code_fast(state)  # type: ignore[misc]
        if state is self.root and end is not None and len(state.tokens) > before:
            self.spans.append((state.tokens[before]["type"], start, end))
        return end


def line_starts(text: str) -> list[int]:
    starts = occurrences(text, "\n", after=True)
    starts.insert(0, 0)
    return starts


def top_level_blocks(text: str) -> list[Block]:
    """Cover the whole text with blocks, paragraphs filling the gaps, tables split out."""
    parser = _PositionedBlockParser()
    state = BlockState()
    state.process(text if text.endswith("\n") else text + "\n")
    parser.root = state
    parser.parse(state)
    blocks: list[Block] = []
    cursor, limit = 0, len(text)
    for kind, start, end in sorted(parser.spans, key=lambda item: item[1]):
        start, end = min(start, limit), min(end, limit)
        if start < cursor:
            continue
        if start > cursor:
            blocks.extend(_paragraph_or_table(text, cursor, start))
        if kind == "paragraph":
            blocks.extend(_paragraph_or_table(text, start, end))
        elif kind == "setext_heading":
            blocks.extend(_setext(text, blocks, start, end))
        else:
            blocks.append(Block(kind, start, end))
        cursor = end
    if cursor < limit:
        blocks.extend(_paragraph_or_table(text, cursor, limit))
    return blocks


def _setext(text: str, blocks: list[Block], start: int, end: int) -> list[Block]:
    """An underline after a paragraph makes it a heading; after a table it is a rule."""
    if blocks and blocks[-1].kind == "paragraph":
        return [Block("heading", blocks.pop().start, end)]
    underline = text[start:end].strip()
    kind = "thematic_break" if underline.startswith("-") and len(underline) >= 3 else "paragraph"
    return [Block(kind, start, end)]


def _paragraph_or_table(text: str, start: int, end: int) -> list[Block]:
    """A paragraph block, split where a GFM table (header + delimiter row) starts and ends."""
    if "|" not in text[start:end] or "-" not in text[start:end]:
        return [Block("paragraph", start, end)]
    lines = _lines_of(text, start, end)
    blocks: list[Block] = []
    cursor, index = start, 0
    while index + 1 < len(lines):
        line_start, line = lines[index]
        if "|" in line and is_delimiter_row(lines[index + 1][1]) and _cells_agree(line, lines[index + 1][1]):
            if line_start > cursor:
                blocks.append(Block("paragraph", cursor, line_start))
            last = index + 2
            while last < len(lines) and lines[last][1].strip() and "|" in lines[last][1]:
                last += 1
            table_end = lines[last][0] if last < len(lines) else end
            blocks.append(Block("table", line_start, table_end))
            cursor, index = table_end, last
            continue
        index += 1
    if cursor < end:
        blocks.append(Block("paragraph", cursor, end))
    return blocks


def is_delimiter_row(line: str) -> bool:
    """A GFM table's delimiter row (``| --- | :-: |``)."""
    return _DELIMITER_ROW.match(line) is not None


def _cells_agree(header: str, delimiter: str) -> bool:
    return len(split_row(header)) == len(split_row(delimiter))


def _lines_of(text: str, start: int, end: int) -> list[tuple[int, str]]:
    lines, cursor = [], start
    while cursor < end:
        stop = text.find("\n", cursor, end)
        stop = end if stop == -1 else stop
        lines.append((cursor, text[cursor:stop]))
        cursor = stop + 1
    return lines


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def split_row(line: str) -> list[str]:
    """The cells of a table row (outer pipes dropped, escaped pipes kept)."""
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return _CELL_SPLIT.split(stripped)


def cell_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) offsets of each cell's text in the row ``text[start:end]`` (trimmed)."""
    body_start, body_end = row_body(text, start, end)
    if "\\" in text[body_start:body_end]:
        return _cells_between_unescaped_pipes(text, body_start, body_end)
    spans: list[tuple[int, int]] = []
    cursor = body_start  # no escaped pipe: every pipe splits (the usual row, split a third faster)
    for cell in text[body_start:body_end].split("|"):
        cell_end = cursor + len(cell)
        cell_start = cell_end - len(cell.lstrip(" \t"))
        spans.append((cell_start, max(cell_start, cursor + len(cell.rstrip(" \t")))))
        cursor = cell_end + 1
    return spans


def row_body(text: str, start: int, end: int) -> tuple[int, int]:
    """The row ``text[start:end]`` without its blanks and outer pipes."""
    line = text[start:end]
    body_start = start + len(line) - len(line.lstrip())
    body_end = max(body_start, start + len(line.rstrip()))  # a blank row: empty, not inverted
    if body_start < body_end and text[body_start] == "|":
        body_start += 1
    if body_end > body_start and text[body_end - 1] == "|" and text[body_end - 2 : body_end] != "\\|":
        body_end -= 1
    return body_start, body_end


def _cells_between_unescaped_pipes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in _CELL_SPLIT.finditer(text, start, end):
        spans.append(_trim(text, cursor, match.start()))
        cursor = match.end()
    spans.append(_trim(text, cursor, end))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    return start, end


def heading_parts(text: str, start: int, end: int) -> tuple[int, str]:
    """Level and title of an ATX or setext heading block (linear: no backtracking regex)."""
    block = text[start:end].rstrip("\n")
    first, _, rest = block.partition("\n")
    stripped = first.lstrip(" ")
    if stripped.startswith("#") and not rest:
        level = len(stripped) - len(stripped.lstrip("#"))
        title = stripped[level:].strip(" \t")
        closing = title.rstrip("#")
        if closing != title and (not closing or closing[-1] in " \t"):
            title = closing.strip(" \t")
        return min(level, 6), title
    lines = block.split("\n")
    level = 1 if lines[-1].strip().startswith("=") else 2
    return level, " ".join(line.strip() for line in lines[:-1])
