"""Text -> Document: the only package that uses mistune.

:mod:`.blocks` finds the top-level blocks and their offsets, :mod:`.items` splits
list blocks into (nested) items, :mod:`.inline` scans links with positions,
:mod:`.entries` reads each candidate (item, paragraph, table row, ``<details>``)
and decides which are entries, :mod:`.dates` reads dates in their many forms.
This module walks the blocks in order and assembles the immutable document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from listbot.model import Document, Entry, EntryKind, Link, LinkRole, Section, Span, covers
from listbot.parse.blocks import Block, cell_spans, heading_parts, line_starts, split_row, top_level_blocks
from listbot.parse.entries import Reading, Unit, decide, read
from listbot.parse.inline import scan
from listbot.parse.items import Item, split_items
from listbot.text import remove_tags

__all__ = ["parse"]

_HTML_ANCHOR = re.compile(
    r"<(?:a|div|span|p|h[1-6]|section|img)\b[^<>]*?\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']", re.I
)
_NOT_ENTRIES = re.compile(
    r"^\W*(news|updates?|latest updates?|what'?s new|change ?log|citation|citing|cite|bibtex|"
    r"contribut\w*|acknowledge?ments?|license|contact|star history|stargazers|"
    r"(table of )?contents|toc)\b",
    re.I,
)
_HTML_HEADING = re.compile(r"\s*<h([1-6])\b[^>]*>(.*?)</h\1\s*>\s*$", re.I | re.S)
# Blocks of empty anchor tags only. The `id=` is looked ahead for, and the tag then read once: trying
# each `id=` of a tag that never closed against the rest of it was quadratic (issue 9).
_ANCHOR_ONLY = re.compile(r"\s*(?:<(a|span|div|p)\b(?=[^<>]*\b(?:id|name)\s*=)[^<>]*+>\s*</\1\s*>\s*)+", re.I)
_BREAK_CANDIDATE = re.compile(r"(?:  |\\)\n")
_BARE_BULLET = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]*")
_LABELLED_LINE = re.compile(r"[ \t]*[-*+][ \t]+[^\n:：]{1,40}[:：].*")
_NAME_HEADER = re.compile(r"paper|name|model|method|work", re.I)
_COLUMN_ROLES = (
    ("date", re.compile(r"date|time|published|year|month|日期|时间", re.I)),
    ("title", re.compile(r"title|论文|题目|name of|paper name", re.I)),
    ("venue", re.compile(r"venue|conf|publication|journal|pub\b|会议|期刊", re.I)),
    ("name", re.compile(r"^\W*(?:name|abbr\w*|short\s*name|model|method)\W*$", re.I)),
)


@dataclass(slots=True)
class _SectionDraft:
    index: int
    title: str
    level: int
    line: int
    span: Span
    parent: int | None
    entries: list[Entry] = field(default_factory=list)
    has_content: bool = False
    prose_items: int = 0
    lists_entries: bool = True
    rank: float = 0.0  # nesting order: the level, half a level less for an HTML heading


class _Builder:
    """Walks the top-level blocks once, collecting sections, entries and other links."""

    def __init__(self, text: str, path: str, blocks: list[Block]) -> None:
        self.text = text
        self.path = path
        self.blocks = blocks
        self.starts = line_starts(text)
        headings = [
            heading_parts(text, block.start, block.end) for block in blocks if block.kind == "heading"
        ]
        empty = sum(1 for _, title in headings if not title)
        self.spacers = empty >= 3  # empty headings used throughout to space the list out
        self.run_start: int | None = None  # the first block of the current run of entry blocks
        self.run_kind = ""
        self.sections = [_SectionDraft(0, "", 0, 1, Span(0, 0), None)]
        self.open_levels: list[int] = []  # indices of the enclosing headings, outermost first
        self.other_links: list[Link] = []
        self.code_spans: list[Span] = []

    # --- positions ---

    def line_of(self, offset: int) -> int:
        """1-based line of an offset."""
        return bisect_right(self.starts, offset)

    def line_end(self, line_index: int) -> int:
        """End offset (line break excluded) of the 0-based line."""
        return self.starts[line_index + 1] - 1 if line_index + 1 < len(self.starts) else len(self.text)

    def last_line(self, start: int, end: int) -> int:
        """0-based last non-blank line of ``[start, end)``."""
        stop = start + len(self.text[start:end].rstrip(" \t\n"))
        return self.line_of(max(start, stop - 1)) - 1

    # --- blocks ---

    def walk(self) -> None:
        index = 0
        while index < len(self.blocks):
            index += self.add(self.blocks[index], index)

    def add(self, block: Block, ordinal: int) -> int:
        """Add one block (and a block it owns); return how many blocks were used."""
        kind = block.kind
        if kind == "heading":
            level, title = heading_parts(self.text, block.start, block.end)
            self.run_start = None
            if title or not self.spacers:
                self.add_section(block, level, title, html="<h" in title.lower())
            return 1
        if kind not in ("list", "paragraph", "blank_line"):
            self.run_start = None
        section = self.sections[-1]
        if kind != "blank_line" and not _ANCHOR_ONLY.fullmatch(self.text, block.start, block.end):
            section.has_content = True  # a lone `<a name="x"></a>` is a target, not content
        if kind == "list":
            self.add_list(block, self.run(ordinal, "list"))
        elif kind == "table":
            self.add_table(block, ordinal)
        elif kind == "paragraph":
            follower = self.labelled_list_after(ordinal)
            self.add_paragraph(block, self.run(ordinal, "paragraph"), follower)
            return 1 if follower is None else follower - ordinal + 1
        elif kind in ("fenced_code", "block_code", "indent_code"):
            self.code_spans.append(Span(block.start, block.end))
        elif kind in ("block_html", "raw_html") and (
            heading := _HTML_HEADING.match(self.text, block.start, block.end)
        ):
            self.add_section(block, int(heading[1]), remove_tags(heading[2]).strip(), html=True)
        elif kind in ("block_html", "raw_html") and "<summary" in self.text[block.start : block.end].lower():
            self.add_details(block, ordinal)
        elif kind not in ("blank_line", "thematic_break"):
            self.other_links.extend(scan(self.text, block.start, block.end).links)
        return 1

    def add_section(self, block: Block, level: int, title: str, html: bool = False) -> None:
        """A heading opens a section. An HTML heading (``<h3 id="x">Topic</h3>``) ranks half a level
        above Markdown headings of its level: lists write their topics that way over ``### 2025``."""
        rank = level - 0.5 if html else float(level)
        while self.open_levels and self.sections[self.open_levels[-1]].rank >= rank:
            self.open_levels.pop()
        parent = self.open_levels[-1] if self.open_levels else None
        index = len(self.sections)
        draft = _SectionDraft(
            index, title, level, self.line_of(block.start), Span(block.start, block.end), parent
        )
        draft.lists_entries = not _NOT_ENTRIES.match(title)
        draft.rank = rank
        self.sections.append(draft)
        self.open_levels.append(index)
        self.other_links.extend(scan(self.text, block.start, block.end).links)

    def add_group(self, readings: list[Reading]) -> None:
        """Decide which readings of one group are entries; the rest are prose."""
        section = self.sections[-1]
        decisions = decide(readings) if section.lists_entries else [False] * len(readings)
        for reading, is_entry in zip(readings, decisions, strict=True):
            if is_entry:
                section.entries.append(reading.entry(section.index))
            else:
                section.prose_items += 1
                self.other_links.extend(reading.inline.links)

    # --- lists ---

    def run(self, ordinal: int, kind: str) -> int:
        """The ordinal of the first block of a run of blocks of one kind separated only by blank
        lines: a group of entries (a change of bullet starts a new Markdown list, not a new group;
        paragraph entries follow one another)."""
        if self.run_start is None or self.run_kind != kind:
            self.run_start, self.run_kind = ordinal, kind
        return self.run_start

    def add_list(self, block: Block, ordinal: int) -> None:
        first = self.line_of(block.start) - 1
        last = self.last_line(block.start, block.end)
        if first == last and self.bare_line(first):  # a list of one bare bullet: no items to split
            self.sections[-1].prose_items += 1
            return
        groups: list[tuple[list[Item], int]] = [(split_items(self.text, self.starts, first, last), 0)]
        while groups:  # a worklist, not recursion: nesting can be deep
            items, depth = groups.pop()
            readings = []
            for item in items:
                if self.bare(item):
                    self.sections[-1].prose_items += 1
                    continue
                unit = self.item_unit(item, depth, ordinal)
                if item.children:
                    head = scan(self.text, unit.content_start, unit.head_end)
                    if not (any(not link.image for link in head.links) or head.bare_urls):
                        groups.append((item.children, depth + 1))  # a category: its sub-items are the entries
                        self.other_links.extend(head.links)
                        continue
                readings.append(read(self.text, unit))
            self.add_group(readings)

    def bare(self, item: Item) -> bool:
        """A bullet with nothing after it, which cannot be an entry."""
        return not item.children and item.first == item.last and self.bare_line(item.first)

    def bare_line(self, line_index: int) -> bool:
        """The 0-based line holds a bullet and blanks only."""
        start, end = self.starts[line_index], self.line_end(line_index)
        return _BARE_BULLET.fullmatch(self.text, start, end) is not None

    def item_unit(self, item: Item, depth: int, ordinal: int) -> Unit:
        return Unit(
            kind=EntryKind.ITEM,
            start=self.starts[item.first],
            end=self.line_end(item.last),
            head_end=self.line_end(item.head_last),
            content_start=item.content_start,
            line=item.first + 1,
            end_line=item.last + 1,
            block=ordinal,
            depth=depth,
            bullet=item.bullet,
            bullet_span=Span(item.bullet_start, item.bullet_end),
            indent=item.column,
        )

    # --- paragraphs and <details> ---

    def labelled_list_after(self, ordinal: int) -> int | None:
        """The index of a list of ``- Paper: url`` lines that belongs to a title paragraph."""
        text, blocks = self.text, self.blocks
        block = blocks[ordinal]
        body = text[block.start : block.end].strip()
        if "\n" in body or not body.startswith(("**", "__")) or "](" in body:
            return None
        index = ordinal + 1
        while index < len(blocks) and blocks[index].kind == "blank_line":
            index += 1
        if index >= len(blocks) or blocks[index].kind != "list":
            return None
        lines = [line for line in text[blocks[index].start : blocks[index].end].split("\n") if line.strip()]
        if all(_LABELLED_LINE.fullmatch(line) for line in lines) and any("://" in line for line in lines):
            return index
        return None

    def add_paragraph(self, block: Block, ordinal: int, follower: int | None) -> None:
        last = self.last_line(block.start, block.end)
        title_span = None
        if follower is not None:  # a title paragraph whose links are the list below it
            title_span = (block.start, self.line_end(last))
            list_block = self.blocks[follower]
            last = self.last_line(list_block.start, list_block.end)
        unit = self.block_unit(EntryKind.PARAGRAPH, block, ordinal, last, title_span)
        if block.start < unit.end:
            self.add_group([read(self.text, unit)])

    def add_details(self, block: Block, ordinal: int) -> None:
        last = self.last_line(block.start, block.end)
        self.add_group([read(self.text, self.block_unit(EntryKind.DETAILS, block, ordinal, last))])

    def block_unit(
        self,
        kind: EntryKind,
        block: Block,
        ordinal: int,
        last: int,
        title_span: tuple[int, int] | None = None,
    ) -> Unit:
        """A unit from the block's start to the end of line ``last`` (0-based), read whole."""
        end = self.line_end(last)
        return Unit(
            kind=kind,
            start=block.start,
            end=end,
            head_end=end,
            content_start=block.start,
            line=self.line_of(block.start),
            end_line=last + 1,
            block=ordinal,
            title_span=title_span,
        )

    # --- tables ---

    def add_table(self, block: Block, ordinal: int) -> None:
        first = self.line_of(block.start) - 1
        last = self.last_line(block.start, block.end)
        headers = split_row(self.text[self.starts[first] : self.line_end(first)])
        columns = _column_roles(headers)
        self.other_links.extend(scan(self.text, self.starts[first], self.line_end(first)).links)
        if len(headers) < 3:  # a key-value or note table, not a table of papers
            self.other_links.extend(scan(self.text, block.start, block.end).links)
            return
        readings = []
        for number in range(first + 2, last + 1):
            start, end = self.starts[number], self.line_end(number)
            if not self.text[start:end].strip():
                continue
            cells = tuple(cell_spans(self.text, start, end))
            unit = Unit(
                kind=EntryKind.ROW,
                start=start,
                end=end,
                head_end=end,
                content_start=start,
                line=number + 1,
                end_line=number + 1,
                block=ordinal,
                cells=cells,
                columns=_fill_title_column(self.text, columns, headers, cells),
            )
            readings.append(read(self.text, unit))
        self.add_group(readings)

    # --- the document ---

    def demote_stray_paragraphs(self) -> None:
        """A paragraph is an entry only where paragraphs are the section's way of listing:
        among list items or table rows, a lone paragraph is an example or a note."""
        every = [entry for draft in self.sections for entry in draft.entries]
        rare = sum(entry.kind is EntryKind.PARAGRAPH for entry in every) * 5 < len(every)
        for draft in self.sections:
            paragraphs = [entry for entry in draft.entries if entry.kind is EntryKind.PARAGRAPH]
            if paragraphs and (rare or len(paragraphs) * 2 < len(draft.entries)):
                draft.entries = [entry for entry in draft.entries if entry.kind is not EntryKind.PARAGRAPH]
                draft.prose_items += len(paragraphs)
                self.other_links.extend(link for entry in paragraphs for link in entry.links)

    def document(self) -> Document:
        self.demote_stray_paragraphs()
        entries: list[Entry] = sorted(
            (entry for draft in self.sections for entry in draft.entries), key=lambda entry: entry.line
        )
        position = {id(entry): index for index, entry in enumerate(entries)}
        sections = tuple(
            Section(
                index=draft.index,
                title=draft.title,
                level=draft.level,
                line=draft.line,
                span=draft.span,
                parent=draft.parent,
                entries=tuple(sorted(position[id(entry)] for entry in draft.entries)),
                has_content=draft.has_content,
                prose_items=draft.prose_items,
            )
            for draft in self.sections
        )
        return Document(
            path=self.path,
            text=self.text,
            line_starts=tuple(self.starts),
            sections=sections,
            entries=tuple(entries),
            other_links=tuple(sorted(self.other_links, key=lambda link: link.span.start)),
            code_spans=tuple(self.code_spans),
            html_anchors=frozenset(match.group(1) for match in _HTML_ANCHOR.finditer(self.text)),
            hard_breaks=tuple(_hard_breaks(self.text, self.starts, self.code_spans)),
        )


def _column_roles(header: list[str]) -> list[str]:
    roles = []
    for cell in header:
        role = next((name for name, pattern in _COLUMN_ROLES if pattern.search(cell)), "other")
        roles.append(role)
    return roles


def _fill_title_column(
    text: str, columns: list[str], headers: list[str], cells: tuple[tuple[int, int], ...]
) -> tuple[str, ...]:
    """With no ``Title`` header, the title is the cell linking a title (``[Title](url)``), else the
    column headed Paper, Name, Model or Method, else the one holding the longest text."""
    roles = list(columns) + ["other"] * (len(cells) - len(columns))
    if "title" in roles:
        return tuple(roles)
    free = [index for index, role in enumerate(roles) if role == "other" and index < len(cells)]
    for index in free:
        start, end = cells[index]
        links = scan(text, start, end).links
        if any(not link.label and not link.image and link.role is not LinkRole.ANCHOR for link in links):
            roles[index] = "title"
            return tuple(roles)
    for index in free:
        if index < len(headers) and _NAME_HEADER.search(headers[index]):
            roles[index] = "title"
            return tuple(roles)
    widths = [(cells[index][1] - cells[index][0], index) for index in free]
    if widths and max(widths)[0] > 0:
        roles[max(widths)[1]] = "title"
    return tuple(roles)


def _hard_breaks(text: str, starts: list[int], code: list[Span]) -> list[int]:
    """Offsets of line ends that break a line: two trailing spaces or a backslash, then more text."""
    found = []
    for candidate in _BREAK_CANDIDATE.finditer(text):  # only lines ending in "  " or a backslash
        end = candidate.end() - 1
        index = bisect_right(starts, end) - 1
        line = text[starts[index] : end]
        if not line.strip():
            continue
        following = text[starts[index + 1] : starts[index + 2] - 1 if index + 2 < len(starts) else len(text)]
        if not following.strip() or following.lstrip().startswith(("#", "```", "~~~")):
            continue
        if re.match(r"[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]", following):
            continue
        if covers(code, starts[index]):
            continue
        found.append(end)
    return found


def parse(text: str, path: str = "<text>") -> Document:
    """Parse a Markdown list into a :class:`Document` with exact source positions."""
    builder = _Builder(text, path, top_level_blocks(text))
    builder.walk()
    return builder.document()
