"""The typed model of a curated list: plain immutable data, no I/O, no parsing.

A :class:`Document` holds sections (headings) and entries (one paper or resource
each, whatever shape the list writes them in: a list item, a paragraph, a table
row, a ``<details>`` block). Offsets are indices into the document's normalised
text (``\\n`` line breaks); :meth:`Document.position` turns them into 1-based
line and column numbers. Nothing here is decided by configuration: what a
section's sort order or kind is comes from :mod:`listbot.profile`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of offsets in the document text."""

    start: int
    end: int


def covers(spans: list[Span] | tuple[Span, ...], offset: int) -> bool:
    """Whether ``offset`` falls in one of ``spans`` (sorted by start, not overlapping)."""
    index = bisect_right(spans, offset, key=lambda span: span.start) - 1
    return index >= 0 and offset < spans[index].end


class LinkRole(StrEnum):
    """What a link points at, from its host and its label."""

    PAPER = "paper"  # arXiv, OpenReview, ACL Anthology, DOI, proceedings, a PDF
    CODE = "code"  # GitHub, GitLab, a Hugging Face model or space
    PROJECT = "project"  # a project page or website
    VIDEO = "video"
    BADGE = "badge"  # a shields.io-style image, or a link wrapping one
    IMAGE = "image"
    ANCHOR = "anchor"  # `#heading` inside the document
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Link:
    """A link: ``[text](url)``, ``![alt](src)``, ``<a href>`` or ``<img src>``."""

    text: str
    url: str
    span: Span  # the whole link, brackets (or tag) included
    text_span: Span  # the text between the brackets (or between <a> and </a>)
    url_span: Span  # the URL itself
    image: bool = False
    html: bool = False  # written as an HTML tag
    label: bool = False  # the text is a generic label ("Paper", "[pdf]", "Code"), not a title
    role: LinkRole = LinkRole.OTHER


@dataclass(frozen=True, slots=True)
class BareUrl:
    """A URL written without link syntax (plain text or ``<autolink>``)."""

    url: str
    span: Span
    role: LinkRole = LinkRole.OTHER


@dataclass(frozen=True, slots=True)
class Tag:
    """A bracketed group before the title: ``[2502]``, ``[**RL**]``, ``[Name]``."""

    text: str  # between the brackets
    span: Span  # brackets included


class TitleSource(StrEnum):
    """Where an entry's title was found."""

    LINK = "link"  # the text of its main link: `[Title](url)`
    EMPHASIS = "emphasis"  # `**Title**`, `*Title*`
    QUOTED = "quoted"  # `"Title"`
    PLAIN = "plain"  # the text before the links: `Title [[paper](url)]`
    CELL = "cell"  # the title column of a table row
    SUMMARY = "summary"  # the `<summary>` of a `<details>` block


@dataclass(frozen=True, slots=True)
class Title:
    """An entry's title as written (markup inside it kept), and where it is."""

    text: str
    span: Span
    source: TitleSource


class DatePlace(StrEnum):
    """Where an entry's date is written."""

    TAG = "tag"  # a bracket group before the title: `[2502]`
    LEAD = "lead"  # a group that opens the entry: `(Arxiv 24.05.26)`
    TRAILER = "trailer"  # after the links: `, 2025.02.` / `(2024.01.18)`
    VENUE = "venue"  # inside a venue note: `*IROS, Mar 2024*`
    FIELD = "field"  # a labelled sub-item: `📅 Date: June 09, 2026`
    CELL = "cell"  # the date column of a table row


@dataclass(frozen=True, slots=True)
class DateMark:
    """A date as an entry writes it, with the form it uses (for checks and fixes).

    ``pattern`` is a strftime-like description of the form (``[%y%m]``, ``%Y.%m``,
    ``%Y-%m-%d``, ``%b %Y``); a date-like text that does not parse has ``year`` None.
    """

    text: str
    span: Span
    place: DatePlace
    pattern: str
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def valid(self) -> bool:
        """A real date (a year at least): not malformed like ``[24-08]``, not a ``-`` placeholder."""
        return self.year is not None

    @property
    def placeholder(self) -> bool:
        """A date column left empty on purpose (``-``)."""
        return self.pattern == "none"

    @property
    def yymm(self) -> str | None:
        """``"2502"`` for February 2025: the form arXiv ids and seed tags share."""
        if self.year is None or self.month is None:
            return None
        return f"{self.year % 100:02d}{self.month:02d}"


class EntryKind(StrEnum):
    ITEM = "item"  # a list item
    PARAGRAPH = "paragraph"  # a paragraph under a heading
    ROW = "row"  # a table row
    DETAILS = "details"  # a `<details>` block


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper or resource of the list, with the parts its author wrote."""

    kind: EntryKind
    span: Span  # from the first line's start to the end of the last line
    line: int  # 1-based first line
    end_line: int  # 1-based last line (no trailing blank lines)
    head: Span  # the entry's first paragraph: where its title and links are read
    content_start: int  # the first character after the bullet (the span's start otherwise)
    title: Title | None
    link: Link | None  # the main link: the title's link, else the paper link, else the first link
    links: tuple[Link, ...]  # every link of the entry (sub-items included), in order
    bare_urls: tuple[BareUrl, ...] = ()
    arxiv_id: str | None = None  # the paper's arXiv id (from the main link, else any paper link)
    date: DateMark | None = None
    venue: str | None = None
    name: str | None = None  # a short name: `[2502] [LIMO] [Title](url)`, a table's Name column
    prefixes: tuple[Tag, ...] = ()  # bracket groups before the title
    broken: tuple[tuple[Span, str], ...] = ()  # (where, what) broken link syntax in the head
    indent: int = 0  # columns before the bullet (tabs count as 4)
    bullet: str = ""  # "*", "-", "+" or "1." for list items
    bullet_span: Span | None = None
    depth: int = 0  # 0 for a top-level item; 1 under a category parent...
    section: int = 0  # index into Document.sections
    block: int = 0  # which list, table or paragraph run it belongs to (ordinal in the document)

    @property
    def title_link(self) -> Link | None:
        """The link whose text is the title (`[Title](url)`), if the title is written that way."""
        if self.title is not None and self.title.source is TitleSource.LINK:
            return self.link
        return None

    @property
    def anchor(self) -> Span:
        """Where a diagnostic about the whole entry points: its bullet, else its title, else its start."""
        if self.bullet_span is not None:
            return self.bullet_span
        if self.title is not None:
            return self.title.span
        return Span(self.span.start, self.span.start)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it up to the next heading of any level."""

    index: int
    title: str
    level: int  # 0 for the preamble before the first heading
    line: int  # 1-based line of the heading (1 for the preamble)
    span: Span  # the heading line(s) itself
    parent: int | None
    entries: tuple[int, ...] = ()  # indices into Document.entries
    has_content: bool = False  # any block (list, prose, code, html) besides blank lines
    prose_items: int = 0  # list items and paragraphs that were read as prose, not entries


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed list: its text, sections, entries and every link outside entries."""

    path: str
    text: str
    line_starts: tuple[int, ...]
    sections: tuple[Section, ...]
    entries: tuple[Entry, ...]
    other_links: tuple[Link, ...] = ()  # links outside entries (prose, headings, TOC)
    code_spans: tuple[Span, ...] = ()  # fenced/indented code blocks
    html_anchors: frozenset[str] = frozenset()  # ids and names defined by HTML tags
    hard_breaks: tuple[int, ...] = ()  # line-end offsets where trailing spaces or `\\` break a line

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

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def entry_at(self, line: int) -> Entry | None:
        """The entry whose lines include ``line`` (entries are in line order)."""
        index = bisect_right(self.entries, line, key=lambda entry: entry.line) - 1
        if index >= 0 and line <= self.entries[index].end_line:
            return self.entries[index]
        return None

    def section_at(self, line: int) -> Section:
        index = bisect_right(self.sections, line, key=lambda section: section.line) - 1
        return self.sections[max(index, 0)]

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def section_entries(self, section: Section) -> list[Entry]:
        return [self.entries[index] for index in section.entries]

    @property
    def all_links(self) -> list[Link]:
        """Every link in the document: entry links, then links elsewhere."""
        links = [link for entry in self.entries for link in entry.links]
        return links + list(self.other_links)
