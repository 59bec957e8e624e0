"""Where a top-level list ends, decided as mistune 3 decides it, without building its items.

mistune's list parser collects each item's lines, then builds the item's source and parses it
again. listbot reads items from their source lines (:mod:`.items`), so only the extent matters;
mistune's way costs two regex compilations and several string copies per item, which made a
file of 200,000 one-line lists take seconds. This is the same line loop with the patterns
compiled once. ``tests/test_listblock.py`` checks it against mistune's own parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from listbot.text import leading_columns

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState

_LINE_HAS_TEXT = re.compile(r"\s*\S")
_BLANK_LINE = re.compile(r"[ \t\v\f]*\n")
_BREAK_RULES = ("thematic_break", "fenced_code", "atx_heading", "block_quote", "block_html", "list")
_BULLETS = {".": r"\d{1,9}\.", ")": r"\d{1,9}\)", "*": r"\*", "+": r"\+", "-": "-"}


@dataclass(frozen=True, slots=True)
class _Marker:
    spaces: str
    marker: str
    text: str


def parse_top_level_list(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    """mistune's ``parse_list`` for a list at the top level: the same end, a childless token."""
    first = _Marker(m.group("list_1"), m.group("list_2"), m.group("list_3"))
    ordered = len(first.marker) > 1
    if not first.text.strip() or (ordered and int(first.marker[:-1]) != 1):
        end_pos = state.append_paragraph()  # such an item cannot interrupt a paragraph
        if end_pos:
            return end_pos
    token: dict[str, Any] = {"type": "list", "children": [], "bullet": first.marker[-1]}
    state.cursor = m.end() + 1
    item: _Marker | None = first
    bullet = _BULLETS[first.marker[-1]]
    while item is not None:
        item, stop = _item_lines(block, bullet, item, state)
        if stop is not None:
            token_index, end_pos = stop
            state.tokens.insert(token_index, token)
            return end_pos
    state.append_token(token)
    return state.cursor


def _item_lines(
    block: BlockParser, bullet: str, item: _Marker, state: BlockState
) -> tuple[_Marker | None, tuple[int, int] | None]:
    """Consume one item's lines: the next item's marker, or where a block that ended the list ends."""
    leading_width = len(item.spaces) + len(item.marker)
    has_text, continue_width = _continue_width(item.text, leading_width)
    item_re = _item_pattern(bullet, min(leading_width, 3))
    break_sc = _break_pattern(type(block), leading_width)  # type: ignore[arg-type]  # a class is hashable
    src, cursor_max = state.src, state.cursor_max
    collected_text = False
    previous_blank = False
    while state.cursor < cursor_max:
        next_pos = src.find("\n", state.cursor)
        next_pos = cursor_max if next_pos == -1 else next_pos + 1
        raw_line = src[state.cursor : next_pos]
        if _BLANK_LINE.match(raw_line):
            previous_blank = True
            state.cursor = next_pos
            continue
        continued = leading_columns(raw_line)[0] >= continue_width
        if continued:
            if previous_blank and not has_text and not collected_text:
                break  # an item can begin with at most one blank line
        else:
            found = break_sc.match(src, state.cursor)
            kind = found.lastgroup if found else None
            if kind != "thematic_break" and (next_item := item_re.match(_expand_leading_tabs(raw_line))):
                state.cursor = next_pos
                return _Marker(next_item.group(1), next_item.group(2), next_item.group(3)), None
            if found is not None and kind == "list":
                break
            if found is not None:
                token_index = len(state.tokens)
                end_pos = block.parse_method(found, state)
                if end_pos:
                    return None, (token_index, end_pos)
            if previous_blank:
                break
        collected_text = collected_text or bool(raw_line.strip())
        previous_blank = False
        state.cursor = next_pos
    return None, None


def _continue_width(text: str, leading_width: int) -> tuple[bool, int]:
    """Whether the item's first line has text, and the column its continuation lines reach."""
    if not _LINE_HAS_TEXT.match(text):
        return False, leading_width + 1
    indent = leading_columns(text, leading_width)[0] - leading_width
    return True, leading_width + (1 if indent >= 5 else indent)


def _expand_leading_tabs(line: str) -> str:
    if "\t" not in line:
        return line
    body = line.lstrip(" \t")
    return " " * leading_columns(line)[0] + body


@lru_cache(maxsize=64)
def _item_pattern(bullet: str, leading_width: int) -> re.Pattern[str]:
    return re.compile(rf"^( {{0,{leading_width}}})({bullet})([ \t]*|[ \t][^\n]+)$")


@lru_cache(maxsize=64)
def _break_pattern(parser: type[BlockParser], leading_width: int) -> re.Pattern[str]:
    """The blocks that can end an item, as mistune's ``_compile_list_break_sc`` builds them from
    the parser class's rules (listbot's parsers add none at run time)."""
    specification = parser.SPECIFICATION
    rules = [name for name in _BREAK_RULES if name in specification]
    if "fenced_directive" in specification:
        rules.insert(1, "fenced_directive")
    pairs = [(name, specification[name]) for name in rules]
    if leading_width < 3:
        pairs = [(name, spec.replace(" {0,3}", f" {{0,{leading_width}}}", 1)) for name, spec in pairs]
    regex = "|".join(rf"(?P<{name}>(?<=\n){spec})" for name, spec in pairs)
    return re.compile(regex, re.M)
