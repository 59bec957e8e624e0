"""Text -> Document. The only module that uses mistune.

mistune's block parser decides the block structure (headings, lists, code,
HTML, paragraphs) but records no source positions, so a subclass notes the
offsets of each top-level match. List items are then split from the source
lines of each list block, and each entry's first paragraph is read by a small
inline scanner that keeps positions (links, bracket groups, bare URLs).
mistune does not parse the inside of list items and quotes a second time (the
subclass skips child parses), which keeps a 10,000-entry list fast; nested items
belong to their top-level entry.
"""

from __future__ import annotations

import re

from mistune.block_parser import BlockParser
from mistune.core import BlockState

from listbot.model import (
    BareUrl,
    Document,
    Entry,
    Link,
    Section,
    SectionKind,
    Span,
    Tag,
    covers,
)
from listbot.urls import arxiv_id

_BULLET = re.compile(r"( {0,3})([*+-]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*")
_NESTED_BULLET = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")
TAG_LIKE = re.compile(r"\d{2}[-./ _]\d{2}|\d{3}|\d{5,6}|\d{4}[-./]\d{1,2}|\d{4}")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_MAX_NESTING = 20


class _PositionedBlockParser(BlockParser):
    """A block parser that records ``(kind, start, end)`` of each top-level block."""

    def __init__(self) -> None:
        super().__init__(max_nested_level=_MAX_NESTING)
        self.root: BlockState | None = None
        self.spans: list[tuple[str, int, int]] = []

    def parse(self, state: BlockState, rules: list[str] | None = None) -> None:
        # Only the top level matters here: list items and quotes are read from the source
        # lines afterwards, so their contents are not parsed a second time.
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


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def _top_level_blocks(text: str) -> list[tuple[str, int, int]]:
    """Cover the whole text with (kind, start, end) blocks, paragraphs filling the gaps."""
    parser = _PositionedBlockParser()
    state = BlockState()
    state.process(text if text.endswith("\n") else text + "\n")
    parser.root = state
    parser.parse(state)
    blocks: list[tuple[str, int, int]] = []
    cursor = 0
    limit = len(text)
    for kind, start, end in sorted(parser.spans, key=lambda item: item[1]):
        start, end = min(start, limit), min(end, limit)
        if start < cursor:
            continue
        if start > cursor:
            blocks.append(("paragraph", cursor, start))
        if kind == "setext_heading" and blocks and blocks[-1][0] == "paragraph":
            kind, start = "heading", blocks.pop()[1]
        blocks.append((kind, start, end))
        cursor = end
    if cursor < limit:
        blocks.append(("paragraph", cursor, limit))
    return blocks


def _heading(text: str, start: int, end: int) -> tuple[int, str]:
    """Level and title of an ATX or setext heading block."""
    lines = text[start:end].rstrip("\n").split("\n")
    atx = _ATX.match(lines[0])
    if atx and len(lines) == 1:
        title = _CLOSING_HASHES.sub("", atx.group(2) or "").strip()
        return len(atx.group(1)), title
    level = 1 if lines[-1].strip().startswith("=") else 2
    return level, " ".join(line.strip() for line in lines[:-1])


_BRACKET_TOKENS = re.compile(r"\\.|`+|[\[\]]", re.DOTALL)


def _matching_brackets(text: str, start: int, end: int) -> tuple[dict[int, int], list[int]]:
    """Pair ``[``/``]`` in one pass, skipping escapes and code spans; also return strays."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    strays: list[int] = []
    skip_to = start
    for match in _BRACKET_TOKENS.finditer(text, start, end):
        index = match.start()
        if index < skip_to:
            continue
        token = match.group()
        if token == "[":
            stack.append(index)
        elif token == "]":
            if stack:
                pairs[stack.pop()] = index
            else:
                strays.append(index)
        elif token[0] == "`":
            close = text.find(token, match.end(), end)
            if close != -1:
                skip_to = close + len(token)
    return pairs, strays + stack


_SPACED_DESTINATION = re.compile(r"[ \t]+\(\s*(?:https?://|www\.)")  # `[text] (url)`
_SIMPLE_DESTINATION = re.compile(r"[^\s()<\\]*\)")


def _url_end(text: str, open_paren: int, end: int) -> int | None:
    """Index of the ``)`` closing a link destination that opens at ``open_paren``."""
    index = open_paren + 1
    simple = _SIMPLE_DESTINATION.match(text, index, end)
    if simple:
        return simple.end() - 1
    if index < end and text[index] == "<":
        close = text.find(">", index, end)
        if close == -1 or text.find(")", close, end) == -1:
            return None
        return text.find(")", close, end)
    depth = 0
    while index < end:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
        elif char == "\n" or (char in " \t" and not _title_follows(text, index, end)):
            return None
        elif char in " \t":
            close = text.find(")", index, end)
            return close if close != -1 else None
        index += 1
    return None


def _title_follows(text: str, index: int, end: int) -> bool:
    rest = text[index:end].lstrip(" \t")
    return rest[:1] in ('"', "'", "(")


def _link_at(text: str, open_bracket: int, close_bracket: int, close_paren: int) -> Link:
    image = open_bracket > 0 and text[open_bracket - 1] == "!"
    start = open_bracket - 1 if image else open_bracket
    destination = text[close_bracket + 2 : close_paren]
    url = destination.split()[0] if destination.strip() else ""
    url_start = close_bracket + 2 + (len(destination) - len(destination.lstrip()))
    if url.startswith("<") and ">" in url:
        url = url[1 : url.index(">")]
        url_start += 1
    return Link(
        text=text[open_bracket + 1 : close_bracket],
        url=url,
        span=Span(start, close_paren + 1),
        text_span=Span(open_bracket + 1, close_bracket),
        url_span=Span(url_start, url_start + len(url)),
        image=image,
    )


def scan_inline(text: str, start: int, end: int) -> tuple[list[Link], list[BareUrl], list[tuple[Span, str]]]:
    """Find links, bare URLs and broken link syntax in ``text[start:end]``."""
    pairs, strays = _matching_brackets(text, start, end)
    links: list[Link] = []
    broken: list[tuple[Span, str]] = []
    covered: list[Span] = []
    index = start
    for open_bracket in sorted(pairs):
        if open_bracket < index:
            continue
        close = pairs[open_bracket]
        after = close + 1
        if after < end and text[after] == "(":
            close_paren = _url_end(text, after, end)
            if close_paren is None:
                broken.append((Span(open_bracket, end), "link destination is not closed by `)`"))
                covered.append(Span(open_bracket, end))
                index = end
                continue
            link = _link_at(text, open_bracket, close, close_paren)
            links.append(link)
            covered.append(link.span)
            index = close_paren + 1
        elif _SPACED_DESTINATION.match(text, after, end):
            paren = text.index("(", after)
            close_paren = _url_end(text, paren, end)
            stop = close_paren + 1 if close_paren is not None else end
            broken.append((Span(open_bracket, stop), "space between `]` and `(` breaks the link"))
            covered.append(Span(open_bracket, stop))
            index = stop
    for stray in strays:
        if not covers(covered, stray):
            broken.append((Span(stray, stray + 1), f"unbalanced `{text[stray]}`"))
    bare = _bare_urls(text, start, end, covered)
    return links, bare, broken


def _bare_urls(text: str, start: int, end: int, covered: list[Span]) -> list[BareUrl]:
    found: list[BareUrl] = []
    inside_links = sum(text.count("://", span.start, span.end) for span in covered)
    if text.count("://", start, end) == inside_links:  # the common case: every URL is linked
        return found
    for pattern, group in ((_AUTOLINK, 1), (_BARE_URL, 0)):
        taken = sorted([*covered, *(bare.span for bare in found)], key=lambda span: span.start)
        for match in pattern.finditer(text, start, end):
            if not covers(taken, match.start()):
                found.append(BareUrl(url=match.group(group), span=Span(match.start(), match.end())))
    return sorted(found, key=lambda bare: bare.span.start)


def _prefixes(text: str, start: int, end: int, links: list[Link]) -> list[Tag]:
    """Bracket groups (``[2502]``, ``[**RL**]``, ``[Name]``) before the first link."""
    first_link = next((link.span.start for link in links if not link.image), end)
    tags: list[Tag] = []
    index = start
    while index < first_link:
        while index < first_link and text[index] in " \t":
            index += 1
        if index >= first_link or text[index] != "[":
            break
        close = text.find("]", index, first_link)
        if close == -1 or "\n" in text[index:close]:
            break
        tags.append(Tag(text=text[index + 1 : close], span=Span(index, close + 1)))
        index = close + 1
    return tags


def _entry_spans(text: str, line_starts: list[int], first: int, last: int) -> list[tuple[int, int]]:
    """Split lines ``first..last`` (0-based, inclusive) of a list block into items."""
    items: list[tuple[int, int]] = []
    content_column = -1
    for number in range(first, last + 1):
        line = text[
            line_starts[number] : line_starts[number + 1] - 1 if number + 1 < len(line_starts) else len(text)
        ]
        match = _BULLET.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if match and (content_column < 0 or indent < content_column):
            items.append((number, number))
            content_column = max(match.end(), len(match.group(1)) + len(match.group(2)) + 1)
        elif items and line.strip():
            items[-1] = (items[-1][0], number)
    return items


def _build_entry(doc: Document, first: int, last: int, section: int, block: int) -> Entry:
    text = doc.text
    start = doc.line_starts[first]
    end = doc.line_span(last + 1).end
    bullet = _BULLET.match(text, start)
    assert bullet is not None
    head_end = doc.line_span(first + 1).end
    for number in range(first + 1, last + 1):
        line = doc.line_text(number + 1)
        if not line.strip() or _NESTED_BULLET.match(line):
            break
        head_end = doc.line_span(number + 1).end
    content = bullet.end()
    links, bare, broken = scan_inline(text, content, end)
    head_links = [link for link in links if link.span.start < head_end]
    primary = next((link for link in head_links if not link.image), None)
    prefixes = _prefixes(text, content, head_end, head_links)
    return Entry(
        span=Span(start, end),
        line=first + 1,
        end_line=last + 1,
        indent=len(bullet.group(1)),
        bullet=bullet.group(2),
        bullet_span=Span(bullet.start(2), bullet.end(2)),
        content_start=content,
        head=Span(content, head_end),
        prefixes=prefixes,
        date_like=next((tag for tag in prefixes if TAG_LIKE.fullmatch(tag.text)), None),
        link=primary,
        links=links,
        bare_urls=bare,
        arxiv_id=arxiv_id(primary.url) if primary else None,
        broken=[item for item in broken if item[0].start < head_end],
        section=section,
        block=block,
    )


def _infer_kind(doc: Document, section: Section) -> SectionKind:
    entries = [doc.entries[i] for i in section.entries]
    if not entries:
        return SectionKind.PROSE
    dated = sum(1 for e in entries if e.date_like)
    linked = sum(1 for e in entries if e.link or e.bare_urls or e.broken)
    if dated * 2 >= len(entries):
        return SectionKind.DATED
    if linked * 2 > len(entries):
        return SectionKind.LINKS
    return SectionKind.PROSE


def parse(text: str, path: str = "<text>") -> Document:
    """Parse a Markdown list into a :class:`Document` with exact source positions."""
    doc = Document(path=path, text=text, line_starts=_line_starts(text))
    doc.sections.append(Section(index=0, title="", level=0, line=1, span=Span(0, 0), parent=None))
    for block_index, (kind, start, end) in enumerate(_top_level_blocks(text)):
        if kind == "heading":
            _add_section(doc, start, end)
            continue
        section = doc.sections[-1]
        if kind != "blank_line":
            section.has_content = True
        if kind == "list":
            _add_entries(doc, start, end, section, block_index)
        elif kind in ("fenced_code", "block_code"):
            doc.code_spans.append(Span(start, end))
        elif kind in ("paragraph", "block_quote", "block_html"):
            doc.other_links.extend(scan_inline(text, start, end)[0])
    for section in doc.sections:
        section.kind = _infer_kind(doc, section)
        section.order = "newest" if section.kind is SectionKind.DATED else "none"
    return doc


def _add_section(doc: Document, start: int, end: int) -> None:
    level, title = _heading(doc.text, start, end)
    parent = None
    for previous in reversed(doc.sections[1:]):
        if previous.level < level:
            parent = previous.index
            break
    doc.sections.append(
        Section(
            index=len(doc.sections),
            title=title,
            level=level,
            line=doc.position(start)[0],
            span=Span(start, end),
            parent=parent,
        )
    )
    doc.other_links.extend(scan_inline(doc.text, start, end)[0])


def _add_entries(doc: Document, start: int, end: int, section: Section, block: int) -> None:
    first = doc.position(start)[0] - 1
    last = doc.position(max(start, end - 1))[0] - 1
    items = [
        _build_entry(doc, item_first, item_last, section.index, block)
        for item_first, item_last in _entry_spans(doc.text, doc.line_starts, first, last)
    ]
    anchors = sum(1 for item in items if item.link and item.link.url.startswith("#"))
    if anchors * 2 > len(items):  # a table of contents, not entries
        doc.other_links.extend(link for item in items for link in item.links)
        return
    for item in items:
        section.entries.append(len(doc.entries))
        doc.entries.append(item)
