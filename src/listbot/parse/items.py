"""List items split from the source lines of a list block, nested items included.

mistune tells where a list block starts and ends; this module finds its items
(and their sub-items) in one pass over the lines, as CommonMark nests them: a
line belongs to the innermost open item whose content column it reaches; a
non-blank line right after a paragraph line continues it lazily, whatever its
indentation. Tabs advance to the next multiple of four columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from listbot.text import leading_columns

BULLET = re.compile(r"[ \t]*([*+-]|\d{1,9}[.)])(?=[ \t\n]|$)")


@dataclass(slots=True)
class Item:
    """A list item: 0-based lines ``first..last``, its first paragraph ``first..head_last``."""

    first: int
    last: int
    head_last: int
    column: int  # the bullet's column (tabs expanded)
    bullet: str
    bullet_start: int  # offsets of the bullet marker
    bullet_end: int
    content_start: int  # offset of the first character after the bullet and its blanks
    content_column: int
    children: list[Item] = field(default_factory=list)
    head_open: bool = True


def _bullet_item(text: str, line_start: int, line: str, number: int) -> Item | None:
    match = BULLET.match(line)
    if match is None:
        return None
    column, index = leading_columns(line)
    marker_end = match.end(1)
    after = line[marker_end:]
    blanks = len(after) - len(after.lstrip(" \t"))
    width = blanks if 0 < blanks <= 4 and after.strip() else 1
    content_index = marker_end + (blanks if after.strip() else len(after))
    return Item(
        first=number,
        last=number,
        head_last=number,
        column=column,
        bullet=match.group(1),
        bullet_start=line_start + index,
        bullet_end=line_start + marker_end,
        content_start=line_start + min(content_index, len(line)),
        content_column=column + len(match.group(1)) + width,
    )


def split_items(text: str, starts: list[int], first: int, last: int) -> list[Item]:
    """The top-level items of the list block on 0-based lines ``first..last``."""
    roots: list[Item] = []
    stack: list[Item] = []
    previous_blank = True
    for number in range(first, last + 1):
        line_start = starts[number]
        line_end = starts[number + 1] - 1 if number + 1 < len(starts) else len(text)
        line = text[line_start:line_end]
        if not line.strip():
            if stack:  # only the innermost item can still be in its first paragraph
                stack[-1].head_open = False
            previous_blank = True
            continue
        item = _bullet_item(text, line_start, line, number)
        column = leading_columns(line)[0]
        if item is not None and (not stack or column < stack[-1].content_column + 4):
            while stack and stack[-1].content_column > column:
                _close(stack)
            if stack:
                stack[-1].children.append(item)
                stack[-1].head_open = False
            else:
                roots.append(item)
            stack.append(item)
        elif stack:
            if previous_blank:
                while len(stack) > 1 and stack[-1].content_column > column:
                    _close(stack)
            top = stack[-1]
            if top.head_open and not previous_blank:
                top.head_last = number
        previous_blank = False
        if stack:
            stack[-1].last = number
    while stack:
        _close(stack)
    return roots


def _close(stack: list[Item]) -> None:
    """Pop the innermost open item; its parent ends no earlier than it does."""
    closed = stack.pop()
    if stack:
        stack[-1].last = max(stack[-1].last, closed.last)
