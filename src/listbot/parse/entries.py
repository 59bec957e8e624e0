"""Reading one candidate entry (a list item, paragraph, table row or ``<details>``
block) into its parts, as its author wrote them, and deciding which candidates are
entries.

The head of a candidate (its first paragraph, or its row) is read left to right:
a lead of decorations (emoji, bracket tags such as ``[2502]`` or ``[**RL**]``, a
code-span venue, a parenthesised venue or date), then the title (a link's text,
bold or italic text, a quoted title, or the plain text before the first label
link), then links, dates and notes. Generic link labels ("Paper", "pdf",
"Code"...) are never titles.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from listbot.model import (
    BareUrl,
    DateMark,
    DatePlace,
    Entry,
    EntryKind,
    Link,
    LinkRole,
    Span,
    Tag,
    Title,
    TitleSource,
)
from listbot.parse.dates import PLACEHOLDERS, TAG_LIKE, find_dates, placeholder, tag_date
from listbot.parse.inline import Inline, make_link, scan
from listbot.text import fold_title, is_generic_label, word_alternation
from listbot.urls import arxiv_id

_HTML_TAG_AT = re.compile(
    r"<(?:br|/?p|/?b|/?strong|/?em|/?i|/?span|/?sup|/?sub|/?center|/?font)\b[^<>]*>", re.I
)
_EMPHASIS_OPEN = re.compile(r"(\*\*|__|\*|_)(?=\S)")
_PLAIN_STOP = re.compile(r"\[|!\[|<a\s|<img\s|<?https?://|\s[-–—]\s|\s\|\s", re.I)
_TRAILING_PUNCTUATION = " \t\n.,:;|-–—"
_ORG_SUFFIX = re.compile(r"\(@[^()]*\)\s*$")
VENUES = (
    *("ICLR", "NeurIPS", "NIPS", "ICML", "ACL", "EMNLP", "NAACL", "EACL", "AACL", "COLING", "CVPR"),
    *("ICCV", "ECCV", "AAAI", "IJCAI", "KDD", "WWW", "SIGIR", "TPAMI", "TMLR", "JMLR", "COLM", "CoRL"),
    *("RSS", "ICRA", "IROS", "TACL", "Nature", "Science", "PNAS", "WACV", "BMVC", "MICCAI", "ICASSP"),
    *("Interspeech", "UAI", "AISTATS", "CHI", "UIST", "IJCNLP", "CIKM", "WSDM", "RecSys", r"ACM\s?MM"),
    *("TKDE", "TNNLS", "TIP", "TMM", "TCSVT", "IJCV", "ICDE", "VLDB", "SIGMOD", "OSDI", "SOSP", "NSDI"),
    *("MLSys", "ISCA", "MICRO", "ASPLOS", "HPCA", "DAC", "ICCAD", "EuroSys", "Findings", "Workshop"),
    *("Journal", "Conference", "Transactions", "Proceedings", "Neurocomputing"),
)
_VENUE = re.compile(rf"\b({word_alternation(VENUES)})", re.I)
_NEWS_LEAD = re.compile(
    r"[\W_]*(?:\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?|\d{2}[-./]\d{2}[-./]\d{2})\s*[:：\-–]\s"
)
_DATE_FIELD = re.compile(r"\bdate\s*[:：]", re.I)


@dataclass(slots=True)
class Unit:
    """A candidate entry: where it is and how it is written."""

    kind: EntryKind
    start: int  # the first line's start
    end: int  # the end of the last line (its line break excluded)
    head_end: int  # the end of its first paragraph (or row)
    content_start: int  # after the bullet, or the start
    line: int
    end_line: int
    block: int
    depth: int = 0
    bullet: str = ""
    bullet_span: Span | None = None
    indent: int = 0
    cells: tuple[tuple[int, int], ...] = ()  # table rows: each cell's span
    columns: tuple[str, ...] = ()  # table rows: each column's role
    title_span: tuple[int, int] | None = None  # a title found outside the head (amusi's bold line)


@dataclass(slots=True)
class Reading:
    """What a unit holds, before deciding whether it is an entry."""

    unit: Unit
    inline: Inline
    prefixes: list[Tag] = field(default_factory=list)
    title: Title | None = None
    link: Link | None = None
    date: DateMark | None = None
    venue: str | None = None
    news: bool = False
    prose: bool = False  # a sentence follows the title: a definition or a note, not an entry
    year_only: DateMark | None = None
    name: str | None = None

    @property
    def resource_links(self) -> list[Link]:
        return [link for link in self.inline.links if not link.image and link.role is not LinkRole.ANCHOR]

    @property
    def anchors(self) -> int:
        return sum(1 for link in self.inline.links if link.role is LinkRole.ANCHOR)

    @property
    def strong(self) -> bool:
        """A title and something to follow: the mark of an entry."""
        linked = bool(self.resource_links) or bool(self.inline.bare_urls) or bool(self.inline.broken)
        named = self.title is not None or bool(self.inline.broken)  # broken syntax can hide the title
        return named and linked and not self.news and not self.prose

    @property
    def signature(self) -> tuple[str, bool]:
        source = self.title.source.value if self.title else "none"
        return source, self.date is not None and self.date.place is DatePlace.TAG

    def entry(self, section: int) -> Entry:
        unit, inline = self.unit, self.inline
        return Entry(
            kind=unit.kind,
            span=Span(unit.start, unit.end),
            line=unit.line,
            end_line=unit.end_line,
            head=Span(unit.content_start, unit.head_end),
            content_start=unit.content_start,
            title=self.title,
            link=self.link,
            links=tuple(inline.links),
            bare_urls=tuple(inline.bare_urls),
            arxiv_id=_arxiv_id(self.link, inline.links, unit.head_end, inline.bare_urls),
            date=self.date,
            venue=self.venue,
            name=self.name or _short_name(self.prefixes, self.title),
            prefixes=tuple(self.prefixes),
            broken=tuple(item for item in inline.broken if item[0].start < unit.head_end)
            if inline.broken
            else (),
            indent=unit.indent,
            bullet=unit.bullet,
            bullet_span=unit.bullet_span,
            depth=unit.depth,
            section=section,
            block=unit.block,
        )


_TAG_MARKUP = re.compile(r"</?\w+[^<>]*>")


def _short_name(prefixes: list[Tag], title: Title | None) -> str | None:
    """``[2502] [LIMO] [LIMO: Less is More](url)``: the last plain tag before a linked title."""
    if title is None or title.source is not TitleSource.LINK or not prefixes:
        return None
    plain = [tag.text for tag in prefixes if not TAG_LIKE.fullmatch(tag.text) and "*" not in tag.text]
    return plain[-1] if plain else None


def _arxiv_id(link: Link | None, links: list[Link], head_end: int, bare: list[BareUrl]) -> str | None:
    """The main link's arXiv id, else the first paper link's in the head, else a bare URL's."""
    if link is not None and not link.image:
        found = arxiv_id(link.url)
        if found:
            return found
    for candidate in links:
        if candidate.span.start < head_end and not candidate.image and candidate.role is LinkRole.PAPER:
            found = arxiv_id(candidate.url)
            if found:
                return found
    for url in bare:
        found = arxiv_id(url.url)
        if found:
            return found
    return None


# --- reading ---------------------------------------------------------------------------------------


def read(text: str, unit: Unit) -> Reading:
    """Read a unit's parts; rows are read cell by cell."""
    if unit.kind is EntryKind.ITEM:
        if not text[unit.content_start : unit.end].strip(" \t\n"):
            return Reading(unit=unit, inline=Inline())  # a bullet with nothing after it
        if unit.end == unit.head_end:
            simple = _read_simple(text, unit)
            if simple is not None:
                return simple
    return read_in_general(text, unit)


def read_in_general(text: str, unit: Unit) -> Reading:
    """The reading of any unit (:func:`read` takes a shortcut for the common one-line shape)."""
    inline = scan(text, unit.content_start, unit.end)
    reading = Reading(unit=unit, inline=inline)
    if unit.kind is EntryKind.ROW:
        _read_row(text, reading)
    elif unit.kind is EntryKind.DETAILS:
        _read_details(text, reading)
    else:
        _read_head(text, reading, unit.content_start, unit.head_end)
        if unit.title_span is not None and reading.title is None:
            start, end = unit.title_span
            reading.title = _emphasis_title(text, start, end) or reading.title
        if reading.date is None and unit.end > unit.head_end:
            reading.date = _field_date(text, unit.head_end, unit.end) or _trailer_date(
                text, reading, unit.head_end, unit.end
            )
    reading.link = _main_link(reading)
    return reading


# The shape most paper lists write every entry in, one line: `[2502] [Title](url) (note) (note)`.
# No markup, code, HTML, escapes or other brackets: where this matches, the general reading below
# comes to what _read_simple builds directly (tests/test_fuzz.py compares the two).
_SIMPLE = re.compile(
    r"\[(?P<tag>[0-9]{4})\][ \t]+"
    r"\[(?P<title>[^\[\]\n\\`<>*_!]+)\]"
    r"\((?P<url>https?://[^\s()<>\\\[\]`'\"]+)\)"
    r"(?:[ \t]*\([^()\[\]\n\\`<>*_!:]*\))*[ \t]*"
)


def _read_simple(text: str, unit: Unit) -> Reading | None:
    """A one-line entry in the common shape, read without the general scanner (about a third
    of the time); None for anything else, which the general reading takes."""
    match = _SIMPLE.fullmatch(text, unit.content_start, unit.end)
    if match is None:
        return None
    open_title, close_title = match.start("title") - 1, match.end("title")
    url_start, url_end = match.span("url")
    link = make_link(
        match["title"],
        match["url"],
        Span(open_title, url_end + 1),
        Span(open_title + 1, close_title),
        Span(url_start, url_end),
        image=False,
    )
    if (
        link.label
        or link.role is LinkRole.ANCHOR
        or not link.text.strip()
        or not fold_title(_visible(link.text))
    ):
        return None  # a label or no title: the general reading decides
    tag_start, tag_end = match.start("tag") - 1, match.end("tag") + 1
    inline = Inline(links=[link], pairs={tag_start: tag_end - 1, open_title: close_title})
    tag = Tag(match["tag"], Span(tag_start, tag_end))
    reading = Reading(unit=unit, inline=inline, prefixes=[tag], link=link)
    reading.date = tag_date(tag.text, tag.span)
    reading.title = Title(link.text, link.text_span, TitleSource.LINK)
    venue = _VENUE.search(text, url_end + 1, unit.end)  # the notes: _venue_after's one piece
    reading.venue = venue.group() if venue else None
    return reading


def _skip_decorations(text: str, position: int, end: int, images: dict[int, int]) -> int:
    """Past blanks, emoji, `<br>`-like tags and leading images (badges before a title)."""
    while position < end:
        char = text[position]
        if char in " \t\n" or _is_symbol(char):
            position += 1
        elif position in images:
            position = images[position]
        elif char == "<" and (tag := _HTML_TAG_AT.match(text, position, end)):
            position = tag.end()
        else:
            break
    return position


def _is_symbol(char: str) -> bool:
    return (not char.isascii() and unicodedata.category(char)[0] in "SMC") or char in "•·"


def _lead(text: str, reading: Reading, position: int, end: int) -> int:
    """Read tags, a code-span venue and parenthesised groups before the title."""
    inline = reading.inline
    codes = {span.start: span.end for span in inline.code}
    link_starts = {link.span.start for link in inline.links}
    images = {link.span.start: link.span.end for link in inline.links if link.image}
    broken = {span.start for span, _ in inline.broken}
    strays = {span.start for span, problem in inline.broken if problem.startswith("unbalanced")}
    while True:
        position = _skip_decorations(text, position, end, images)
        if position >= end:
            return position
        char = text[position]
        if position in strays:  # `[Unbalanced [Title](url)`: the stray bracket is not the title
            position += 1
        elif char == "[" and position in inline.pairs and position not in link_starts:
            close = inline.pairs[position]
            inner = text[position + 1 : close]
            if "](" in inner or "\n" in inner or close - position > 120 or position in broken:
                return position
            reading.prefixes.append(Tag(inner, Span(position, close + 1)))
            position = close + 1
        elif char == "`" and position in codes:
            venue = text[position : codes[position]].strip("` ")
            reading.venue = reading.venue or venue
            position = codes[position]
        elif text.startswith(("**(", "__("), position) and _group_end(text, position + 2, end):
            position += 2  # `**(Arxiv 23.12.01) Title**`: the bold wraps the date too
        elif char == "(" or text.startswith("\\(", position):
            group_end = _group_end(text, position, end)
            if group_end is None:
                return position
            group = Span(position, group_end)
            _lead_group(text, reading, group)
            position = group_end
        else:
            return position


def _group_end(text: str, position: int, end: int) -> int | None:
    """End of a short parenthesised group on one line (``(ICML 2024)``, ``\\(Arxiv 24.05.13)``)."""
    limit = min(end, position + 80)
    close = text.find(")", position, limit)
    if close == -1 or "\n" in text[position:close] or "[" in text[position:close]:
        return None
    return close + 1


def _lead_group(text: str, reading: Reading, group: Span) -> None:
    inner = text[group.start : group.end]
    date = next(find_dates(text, group.start, group.end, DatePlace.LEAD, years=True), None)
    if date is not None and reading.date is None:
        if date.month is None:
            reading.year_only = reading.year_only or date  # `(ICLR 2022)`: used if nothing finer follows
        else:
            reading.date = date
    if _VENUE.search(inner) and reading.venue is None:
        reading.venue = inner.strip("\\()* ")


def _read_head(text: str, reading: Reading, start: int, end: int) -> None:
    position = _lead(text, reading, start, end)
    tag = next((tag for tag in reading.prefixes if TAG_LIKE.fullmatch(tag.text)), None)
    if tag is not None:
        reading.date = tag_date(tag.text, tag.span)
    else:
        venue_tag = next((tag for tag in reading.prefixes if _VENUE.search(tag.text)), None)
        if venue_tag is not None:
            reading.venue = reading.venue or venue_tag.text
    reading.news = bool(_NEWS_LEAD.match(text, start, end)) and tag is None
    title_end = position
    title = _title_at(text, reading, position, end)
    if title is not None:
        reading.title = title
        title_end = title.span.end
    if reading.date is None:
        reading.date = _trailer_date(text, reading, title_end, end)
    if reading.date is None or (reading.date.month is None and reading.year_only is not None):
        reading.date = reading.year_only or reading.date
    if reading.venue is None:
        reading.venue = _venue_after(text, reading, title_end, end)
    if title is not None and title.source is not TitleSource.LINK:
        reading.prose = _sentence_follows(text, reading, title_end, end)


def _title_at(text: str, reading: Reading, position: int, end: int) -> Title | None:
    """The title that starts at ``position``, in whichever way the entry writes it."""
    inline = reading.inline
    links = {link.span.start: link for link in inline.links if not link.image}
    broken = next((span for span, _ in inline.broken if span.start == position), None)
    if broken is not None and text[position] == "[" and position in inline.pairs:  # `[Title] (url)`
        close = inline.pairs[position]
        if fold_title(text[position + 1 : close]):
            return Title(text[position + 1 : close], Span(position + 1, close), TitleSource.PLAIN)
    opener = _EMPHASIS_OPEN.match(text, position, end)
    if opener and position + len(opener.group(1)) in links:  # `**[Title](url)**`
        position += len(opener.group(1))
    link = links.get(position)
    if link is not None and not link.text.strip():
        return Title("", link.text_span, TitleSource.LINK)  # `[](url)`: an entry whose title is missing
    if link is not None:
        if link.label or link.role is LinkRole.ANCHOR or not fold_title(_visible(link.text)):
            return _plain_title(text, reading, position, end) if not link.label else None
        return Title(link.text, link.text_span, TitleSource.LINK)
    if opener:
        return _emphasis_title(text, position, end, reading)
    if text.startswith(('"', "“"), position):
        return _quoted_title(text, position, end)
    return _plain_title(text, reading, position, end)


_MARKS = re.compile(r"[*_`]+")


def _visible(text: str) -> str:
    return _MARKS.sub("", text) if "*" in text or "_" in text or "`" in text else text


def _emphasis_title(text: str, position: int, end: int, reading: Reading | None = None) -> Title | None:
    opener = _EMPHASIS_OPEN.match(text, position, end)
    if opener is None:
        return None
    mark = opener.group(1)
    close = text.find(mark, opener.end(), end)
    while close != -1 and mark in ("*", "_") and text.startswith(mark * 2, close):
        close = text.find(mark, close + 2, end)  # `*a **b** c*`: skip the inner bold
    if close == -1 or close == opener.end():
        return None
    inner = Span(opener.end(), close)
    inner_text = text[inner.start : inner.end]
    after = close + len(mark)
    quoted = re.match(r"\s*[:：]?\s*([\"“])", text[after : min(end, after + 8)])
    if quoted and reading is not None and len(inner_text) <= 40:  # `**Acronym**: "Title"`
        reading.prefixes.append(Tag(inner_text, Span(position, after)))
        return _quoted_title(text, after + quoted.start(1), end)
    if is_generic_label(inner_text) or not fold_title(inner_text):
        return None
    return Title(inner_text.strip(), _trimmed(text, inner.start, inner.end), TitleSource.EMPHASIS)


def _quoted_title(text: str, position: int, end: int) -> Title | None:
    closing = "”" if text[position] == "“" else '"'
    close = text.find(closing, position + 1, end)
    if close == -1 or not fold_title(text[position + 1 : close]):
        return None
    span = _trimmed(text, position + 1, close)
    title = text[span.start : span.end].rstrip(",.")
    return Title(title, Span(span.start, span.start + len(title)), TitleSource.QUOTED)


def _plain_title(text: str, reading: Reading, position: int, end: int) -> Title | None:
    """The text before the first link or label: ``Title [[paper](url)]``, ``(Venue) Title [Paper](url)``."""
    stop = _PLAIN_STOP.search(text, position, end)
    title_end = stop.start() if stop else end
    newline = text.find("\n", position, title_end)
    if newline != -1:
        title_end = newline
    raw = text[position:title_end]
    raw = _ORG_SUFFIX.sub("", raw).rstrip(_TRAILING_PUNCTUATION)
    if not raw.strip() or not any(char.isalpha() for char in raw) or is_generic_label(raw):
        return None
    if stop is not None and not _labels_follow(reading, title_end, end):
        return None  # a sentence with a link in it, not a title before its labels
    span = _trimmed(text, position, position + len(raw))
    return Title(text[span.start : span.end], span, TitleSource.PLAIN)


def _labels_follow(reading: Reading, position: int, end: int) -> bool:
    """After a plain title, the next link is a label (or a badge): not a sentence with a link in it."""
    following = [link for link in reading.inline.links if position <= link.span.start < end]
    bare = [url for url in reading.inline.bare_urls if position <= url.span.start < end]
    if following:
        first = following[0]
        return first.label or first.image
    return bool(bare)


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " \t\n":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return Span(start, end)


def _outside_links(reading: Reading, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of ``[start, end)`` outside links and code spans."""
    taken = sorted(
        [
            *(link.span for link in reading.inline.links),
            *(url.span for url in reading.inline.bare_urls),
            *reading.inline.code,
        ],
        key=lambda span: span.start,
    )
    pieces, cursor = [], start
    for span in taken:
        if span.end <= cursor or span.start >= end:
            continue
        if span.start > cursor:
            pieces.append((cursor, span.start))
        cursor = max(cursor, span.end)
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


_ASIDES = re.compile(r"\*[^*\n]+\*|_[^_\n]+_|\([^()\n]*\)|\[[^\[\]\n]*\]")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _sentence_follows(text: str, reading: Reading, start: int, end: int) -> bool:
    """Prose after a bold or plain title (``**Term**: The model's process...``) marks a
    definition or a note; authors in italics, venues in parentheses and links do not count."""
    words = 0
    for piece_start, piece_end in _outside_links(reading, start, end):
        words += len(_WORD.findall(_ASIDES.sub(" ", text[piece_start:piece_end])))
    return words >= 12


def _trailer_date(text: str, reading: Reading, start: int, end: int) -> DateMark | None:
    """The first date after the title outside links: ``], 2025.02.``, ``(2024.01.18)``,
    ``*IROS, Mar 2024*``, or a bare year (``IROS, 2024.``) when there is nothing finer."""
    pieces = _outside_links(reading, start, end)
    for years in (False, True):
        for piece_start, piece_end in pieces:
            for mark in find_dates(text, piece_start, piece_end, DatePlace.TRAILER, years=years):
                in_italics = text.rfind("*", piece_start, mark.span.start) != -1
                if in_italics:
                    return DateMark(
                        mark.text, mark.span, DatePlace.VENUE, mark.pattern, mark.year, mark.month, mark.day
                    )
                return mark
    return None


def _venue_after(text: str, reading: Reading, start: int, end: int) -> str | None:
    for piece_start, piece_end in _outside_links(reading, start, end):
        match = _VENUE.search(text, piece_start, piece_end)
        if match:
            return match.group()
    for link in reading.inline.links:
        if link.image and link.role is LinkRole.BADGE and _VENUE.search(link.url.rsplit("/", 1)[-1]):
            return link.url.rsplit("/", 1)[-1]
    return None


def _field_date(text: str, start: int, end: int) -> DateMark | None:
    """A date in a labelled sub-item: ``- 📅 Date: June 09, 2026``."""
    match = _DATE_FIELD.search(text, start, end)
    if match is None:
        return None
    line_end = text.find("\n", match.end(), end)
    return next(find_dates(text, match.end(), end if line_end == -1 else line_end, DatePlace.FIELD), None)


def _main_link(reading: Reading) -> Link | None:
    """The title's link; else the paper link; else the first link that is not a badge or anchor."""
    if reading.title is not None and reading.title.source is TitleSource.LINK:
        span = reading.title.span
        return next(link for link in reading.inline.links if link.text_span is span or link.text_span == span)
    head_end = reading.unit.head_end
    candidates = [link for link in reading.resource_links if link.span.start < head_end]
    paper = next((link for link in candidates if link.role is LinkRole.PAPER), None)
    if paper is not None:
        return paper
    return next((link for link in candidates if link.role is not LinkRole.BADGE), None)


# --- table rows and <details> blocks -----------------------------------------------------------


def _read_row(text: str, reading: Reading) -> None:
    unit = reading.unit
    for (start, end), role in zip(unit.cells, unit.columns, strict=False):
        if start >= end:
            continue
        if role == "title":
            position = _lead(text, reading, start, end)
            title = _title_at(text, reading, position, end)
            if title is None:
                raw = _ORG_SUFFIX.sub("", text[position:end]).strip(_TRAILING_PUNCTUATION)
                if raw and fold_title(raw) and not is_generic_label(raw):
                    span = _trimmed(text, position, position + len(raw))
                    title = Title(text[span.start : span.end], span, TitleSource.CELL)
            elif title.source is TitleSource.PLAIN:
                title = Title(title.text, title.span, TitleSource.CELL)
            reading.title = title
        elif role == "date":
            cell = text[start:end].strip(" *_`")
            if cell.lower() in PLACEHOLDERS:
                reading.date = placeholder(cell, Span(start, end))
            else:
                reading.date = next(find_dates(text, start, end, DatePlace.CELL, years=True), None)
        elif role == "name":
            name = text[start:end].strip(" *_`")
            if name and name not in ("-", "—"):
                reading.name = _TAG_MARKUP.sub("", name).strip()
        elif role == "venue":
            venue = text[start:end].strip(" *_`")
            reading.venue = venue if venue and venue not in ("-", "—") else None


_SUMMARY = re.compile(r"<summary>", re.I)
_SUMMARY_END = re.compile(r"<a\s|</summary>", re.I)


def summary_body(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the first ``<summary>`` of ``text[start:end]`` holds its text: up to a link or its
    end tag. One lazy pattern tried every ``<summary>`` against the rest of the entry: 64 KB of
    unclosed ``<summary>`` lines took 5 s (issue 9)."""
    opened = _SUMMARY.search(text, start, end)
    closed = _SUMMARY_END.search(text, opened.end(), end) if opened is not None else None
    return (opened.end(), closed.start()) if opened is not None and closed is not None else None


def _read_details(text: str, reading: Reading) -> None:
    """The title a ``<details>`` entry writes in its ``<summary>``."""
    body = summary_body(text, reading.unit.start, reading.unit.end)
    if body is None:
        return
    span = _trimmed(text, *body)
    title_text = text[span.start : span.end]
    if fold_title(title_text) and not is_generic_label(title_text):
        reading.title = Title(title_text, span, TitleSource.SUMMARY)


# --- deciding --------------------------------------------------------------------------------------


def decide(readings: list[Reading]) -> list[bool]:
    """Which readings of one group (siblings of a list, paragraphs of a section) are entries.

    An entry has a title and a link (or broken link syntax). A candidate without a link
    is an entry only when the group's entries are written like it (same title form and
    date tag): it is then a paper whose link is missing, not prose.
    """
    strong = [reading.strong for reading in readings]
    if not any(strong):
        return strong
    if sum(reading.anchors for reading in readings) * 2 > sum(
        len(reading.inline.links) for reading in readings
    ):
        return [False] * len(readings)  # a table of contents
    majority = Counter(r.signature for r, is_strong in zip(readings, strong, strict=True) if is_strong)
    (source, tagged), count = majority.most_common(1)[0]
    decided = []
    for reading, is_strong in zip(readings, strong, strict=True):
        if is_strong:
            decided.append(True)
            continue
        looks_alike = (
            reading.title is not None
            and not reading.news
            and count >= 2
            and reading.signature[1] == tagged
            and (tagged or reading.signature[0] == source != TitleSource.PLAIN.value)
        )
        decided.append(looks_alike)
    return decided
