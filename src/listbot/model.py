"""The typed model of a curated paper list: plain data, no I/O, no parsing.

Offsets are indices into the document's normalised text (``\\n`` line breaks);
:class:`Document` turns them into 1-based line and column numbers.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum


class SectionKind(StrEnum):
    """What a section's entries are expected to look like."""

    DATED = "dated"  # papers: `* [YYMM] [Title](url) (note)`
    LINKS = "links"  # resources: `* [Name](url) - description`
    PROSE = "prose"  # bullets of text; no entry rules apply


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of offsets in the document text."""

    start: int
    end: int


def covers(spans: list[Span], offset: int) -> bool:
    """Whether ``offset`` falls in one of ``spans`` (sorted by start, not overlapping)."""
    index = bisect_right(spans, offset, key=lambda span: span.start) - 1
    return index >= 0 and offset < spans[index].end


@dataclass(frozen=True, slots=True)
class Link:
    """An inline Markdown link ``[text](url)`` (or image ``![text](url)``)."""

    text: str
    url: str
    span: Span  # the whole link, brackets included
    text_span: Span  # inside the square brackets
    url_span: Span  # inside the parentheses
    image: bool = False


@dataclass(frozen=True, slots=True)
class BareUrl:
    """A URL written without link syntax (plain text or ``<autolink>``)."""

    url: str
    span: Span


@dataclass(frozen=True, slots=True)
class Tag:
    """A bracketed group before the title: ``[2502]``, ``[**RL**]``, ``[Name]``."""

    text: str  # between the brackets
    span: Span  # brackets included

    @property
    def is_date(self) -> bool:
        return len(self.text) == 4 and self.text.isdigit()


@dataclass(slots=True)
class Entry:
    """One top-level list item: its first line, continuation lines and sub-items."""

    span: Span  # from the bullet's line start to the end of its last line
    line: int  # 1-based line of the bullet
    end_line: int  # 1-based last line (no trailing blank lines)
    indent: int  # spaces before the bullet
    bullet: str  # "*", "-", "+" or "1." style marker
    bullet_span: Span
    content_start: int  # offset of the first character after the bullet's spaces
    head: Span  # the entry's first paragraph (bullet line + lazy continuation lines)
    prefixes: list[Tag] = field(default_factory=list)  # bracket groups before the link
    date_like: Tag | None = None  # the first prefix that looks like a date, well-formed or not
    link: Link | None = None  # the primary (first non-image) link
    links: list[Link] = field(default_factory=list)  # every link in the entry, in order
    bare_urls: list[BareUrl] = field(default_factory=list)
    arxiv_id: str | None = None
    broken: list[tuple[Span, str]] = field(default_factory=list)  # (where, what) syntax trouble
    section: int = 0  # index into Document.sections
    block: int = 0  # which top-level list it is in (the ordinal of that block in the document)

    @property
    def date_tag(self) -> Tag | None:
        """The ``[YYMM]`` tag: the date-like prefix, when it is four digits."""
        return self.date_like if self.date_like is not None and self.date_like.is_date else None


@dataclass(slots=True)
class Section:
    """A heading and everything under it up to the next heading of any level."""

    index: int
    title: str
    level: int  # 0 for the preamble before the first heading
    line: int  # 1-based line of the heading (1 for the preamble)
    span: Span  # the heading line(s) itself
    parent: int | None
    entries: list[int] = field(default_factory=list)  # indices into Document.entries
    has_content: bool = False  # any block (list, prose, code, html) besides blank lines
    kind: SectionKind = SectionKind.PROSE
    order: str = "none"  # "newest", "oldest" or "none"


@dataclass(slots=True)
class Document:
    """A parsed list: its text, sections, entries and every link outside entries."""

    path: str
    text: str
    line_starts: list[int]
    sections: list[Section] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    other_links: list[Link] = field(default_factory=list)  # links outside entries
    code_spans: list[Span] = field(default_factory=list)  # fenced/indented code blocks

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset; the column counts characters."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_span(self, line: int) -> Span:
        """Span of a 1-based line, without its line break."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return Span(start, end)

    def line_text(self, line: int) -> str:
        span = self.line_span(line)
        return self.text[span.start : span.end]

    def entry_at(self, line: int) -> Entry | None:
        """The entry whose lines include ``line`` (entries are in line order)."""
        index = bisect_right(self.entries, line, key=lambda entry: entry.line) - 1
        if index >= 0 and line <= self.entries[index].end_line:
            return self.entries[index]
        return None

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    @property
    def all_links(self) -> list[Link]:
        """Every link in the document: entry links, then links elsewhere."""
        links = [link for entry in self.entries for link in entry.links]
        return links + self.other_links
