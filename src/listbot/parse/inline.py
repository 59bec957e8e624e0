"""A small inline scanner that keeps positions: links, images, HTML links, bare URLs.

It reads what entries need and no more, in time linear in the text: Markdown
links ``[text](url)`` and images (also an image inside a link's text, the way
badges are written), HTML ``<a href>`` and ``<img src>``, bare URLs and
``<autolinks>``, bracket groups, and broken link syntax (a space between ``]``
and ``(``, an unclosed destination, unbalanced brackets). Code spans and
backslash escapes are skipped. Every link gets its role (paper, code, badge...)
and whether its text is a generic label.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from listbot.model import BareUrl, Link, LinkRole, Span, covers
from listbot.text import blanks_end, is_generic_label, occurrences
from listbot.urls import role_of_url

_TOKENS = re.compile(r"\\.|`+|[\[\]]", re.DOTALL)
_SPACED_DESTINATION = re.compile(r"[ \t]+\(\s*(?:https?://|www\.)")  # `[text] (url)`
_SIMPLE_DESTINATION = re.compile(r"[^\s()<\\]*\)")
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"*_]")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")
# A tag's first href (src) and its value are taken once (atomic): when the tag never closes, the
# next href is not tried against the rest of the line (quadratic: 112 KB of `href=x` took 5 s).
_HTML_A = re.compile(r"<a\s(?>[^<>]*?\bhref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'<>]+)))[^<>]*+>", re.I)
_HTML_A_CLOSE = re.compile(r"</a\s*>", re.I)
_HTML_IMG = re.compile(r"<img\s(?>[^<>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'<>]+)))[^<>]*+>", re.I)
_ALT = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
_LABEL_ROLES = (
    (re.compile(r"paper|pdf|arxiv|abs|openreview|论文|preprint|report", re.I), LinkRole.PAPER),
    (re.compile(r"code|github|gitlab|repo|代码", re.I), LinkRole.CODE),
    (re.compile(r"project|page|website|home|site|主页|项目", re.I), LinkRole.PROJECT),
    (re.compile(r"video|youtube|bilibili|talk|视频", re.I), LinkRole.VIDEO),
)


@dataclass(slots=True)
class Inline:
    """What one scan found, in text order."""

    links: list[Link] = field(default_factory=list)
    bare_urls: list[BareUrl] = field(default_factory=list)
    broken: list[tuple[Span, str]] = field(default_factory=list)
    pairs: dict[int, int] = field(default_factory=dict)  # matching [ ] outside code spans
    code: list[Span] = field(default_factory=list)  # code spans


def label_role(text: str) -> LinkRole:
    for pattern, role in _LABEL_ROLES:
        if pattern.search(text):
            return role
    return LinkRole.OTHER


def make_link(
    text: str, url: str, span: Span, text_span: Span, url_span: Span, *, image: bool, html: bool = False
) -> Link:
    """A link with its role and label flag worked out."""
    role = role_of_url(url)
    if image:
        alt_says_badge = bool(re.search(r"star|fork|badge|citation|license|visitor", text, re.I))
        role = LinkRole.BADGE if role is LinkRole.BADGE or alt_says_badge else LinkRole.IMAGE
        return Link(text, url, span, text_span, url_span, image=True, html=html, label=True, role=role)
    wraps_image = "![" in text or "<img" in text.lower()
    label = wraps_image or is_generic_label(text)
    if role is LinkRole.OTHER and label and not wraps_image:
        role = label_role(text)
    return Link(text, url, span, text_span, url_span, image=False, html=html, label=label, role=role)


def _code_spans(text: str, start: int, end: int, runs: list[tuple[int, int]]) -> list[Span]:
    """Pair backtick runs of equal length (CommonMark code spans) in linear time."""
    by_length: dict[int, list[int]] = {}
    for index, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(index)
    cursor: dict[int, int] = dict.fromkeys(by_length, 0)
    spans: list[Span] = []
    skip_to = start
    for index, (position, length) in enumerate(runs):
        if position < skip_to:
            continue
        candidates = by_length[length]
        pointer = cursor[length]
        while pointer < len(candidates) and candidates[pointer] <= index:
            pointer += 1
        cursor[length] = pointer
        if pointer < len(candidates):
            close_position = runs[candidates[pointer]][0]
            spans.append(Span(position, close_position + length))
            skip_to = close_position + length
    return spans


def _brackets(text: str, start: int, end: int) -> tuple[dict[int, int], list[int], list[Span]]:
    """Pair ``[``/``]`` outside code spans and escapes; return pairs, strays and code spans."""
    tokens = [(m.start(), m.group()) for m in _TOKENS.finditer(text, start, end)]
    runs = [(position, len(token)) for position, token in tokens if token[0] == "`"]
    code = _code_spans(text, start, end, runs) if runs else []
    pairs: dict[int, int] = {}
    stack: list[int] = []
    strays: list[int] = []
    for position, token in tokens:
        if token not in "[]" or (code and covers(code, position)):
            continue
        if token == "[":
            stack.append(position)
        elif stack:
            pairs[stack.pop()] = position
        else:
            strays.append(position)
    return pairs, strays + stack, code


def _title_follows(text: str, index: int, end: int) -> bool:
    position = blanks_end(text, index, end)
    return position < end and text[position] in "\"'("


_DESTINATION_STOPS = re.compile(r"[\\()\n \t]")


class _Ahead:
    """What lies ahead in ``text[start:end]``, worked out once per scan: looked up again for each
    bracket pair, a long run of ``[a](x`` or ``[a](<x`` made the scan quadratic (issue 9)."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.positions: dict[str, list[int]] = {}
        self.destinations: dict[int, int | None] | None = None

    def find(self, char: str, position: int) -> int:
        """The first ``char`` at or after ``position`` (-1 when none)."""
        positions = self.positions.get(char)
        if positions is None:
            positions = self.positions[char] = occurrences(self.text, char, self.start, self.end)
        index = bisect_left(positions, position)
        return positions[index] if index < len(positions) else -1

    def destination_end(self, open_paren: int) -> int | None:
        """Where a destination that opens at ``open_paren`` closes, read the long way: balanced
        parentheses, escapes, and a title after a blank."""
        if self.destinations is None:
            self.destinations = self._destination_ends()
        return self.destinations.get(open_paren)

    def _destination_ends(self) -> dict[int, int | None]:
        """For every ``(``, the ``)`` that closes it, in one pass: an unescaped ``)`` closes the
        innermost open one; a line break, or a blank with no title after it, closes none of the
        open ones; a blank before a title ends them all at the next ``)``."""
        text, end = self.text, self.end
        ends: dict[int, int | None] = {}
        waiting: list[int] = []  # `(` still open, innermost last
        skip = self.start
        for match in _DESTINATION_STOPS.finditer(text, self.start, end):
            index, char = match.start(), match.group()
            if index < skip:
                continue  # escaped
            if char == "\\":
                skip = index + 2
            elif char == "(":
                waiting.append(index)
            elif char == ")":
                if waiting:
                    ends[waiting.pop()] = index
            else:
                close = None
                if char != "\n" and _title_follows(text, index, end):
                    found = self.find(")", index)
                    close = found if found != -1 else None
                ends.update(dict.fromkeys(waiting, close))
                waiting.clear()
        return ends


def _url_end(text: str, open_paren: int, end: int, ahead: _Ahead) -> int | None:
    """Index of the ``)`` closing a link destination that opens at ``open_paren``."""
    index = open_paren + 1
    simple = _SIMPLE_DESTINATION.match(text, index, end)
    if simple:
        return simple.end() - 1
    if index < end and text[index] == "<":
        close = ahead.find(">", index)
        if close == -1:
            return None
        paren = ahead.find(")", close)
        return paren if paren != -1 else None
    return ahead.destination_end(open_paren)


def _markdown_link(text: str, open_bracket: int, close_bracket: int, close_paren: int) -> Link:
    image = open_bracket > 0 and text[open_bracket - 1] == "!"
    start = open_bracket - 1 if image else open_bracket
    destination = text[close_bracket + 2 : close_paren]
    stripped = destination.lstrip()
    url = stripped.split()[0] if stripped else ""
    url_start = close_bracket + 2 + (len(destination) - len(stripped))
    if url.startswith("<") and ">" in url:
        url = url[1 : url.index(">")]
        url_start += 1
    return make_link(
        text[open_bracket + 1 : close_bracket],
        url,
        Span(start, close_paren + 1),
        Span(open_bracket + 1, close_bracket),
        Span(url_start, url_start + len(url)),
        image=image,
    )


def _attribute(match: re.Match[str]) -> tuple[str, int]:
    for group in (1, 2, 3):
        if match.group(group) is not None:
            return match.group(group), match.start(group)
    return "", match.end()


def _html_links(text: str, start: int, end: int, taken: list[Span]) -> list[Link]:
    if "<" not in text[start:end]:
        return []
    found: list[Link] = []
    closes: list[re.Match[str]] | None = None  # every `</a>`, found once: a search per tag was quadratic
    for match in _HTML_A.finditer(text, start, end):
        if covers(taken, match.start()):
            continue
        url, url_start = _attribute(match)
        closes = list(_HTML_A_CLOSE.finditer(text, start, end)) if closes is None else closes
        following = bisect_left(closes, match.end(), key=lambda close: close.start())
        close = closes[following] if following < len(closes) else None
        inner_end = close.start() if close else match.end()
        link_end = close.end() if close else match.end()
        inner = text[match.end() : inner_end]
        found.append(
            make_link(
                inner.strip(),
                url.strip(),
                Span(match.start(), link_end),
                Span(match.end(), inner_end),
                Span(url_start, url_start + len(url)),
                image=False,
                html=True,
            )
        )
    for match in _HTML_IMG.finditer(text, start, end):
        if covers(taken, match.start()):
            continue
        url, url_start = _attribute(match)
        alt = _ALT.search(match.group())
        alt_text = next((g for g in alt.groups() if g is not None), "") if alt else ""
        found.append(
            make_link(
                alt_text,
                url.strip(),
                Span(match.start(), match.end()),
                Span(match.start(), match.start()),
                Span(url_start, url_start + len(url)),
                image=True,
                html=True,
            )
        )
    return found


def scan(text: str, start: int, end: int) -> Inline:
    """Find links, images, bare URLs and broken link syntax in ``text[start:end]``."""
    plain = _plain_links(text, start, end)
    if plain is not None:
        return plain
    result = Inline()
    pairs, strays, result.code = _brackets(text, start, end)
    result.pairs = pairs
    covered: list[Span] = []
    ahead = _Ahead(text, start, end)
    index = start
    for open_bracket in sorted(pairs):
        if open_bracket < index:
            continue
        close = pairs[open_bracket]
        after = close + 1
        if after < end and text[after] == "(":
            close_paren = _url_end(text, after, end, ahead)
            if close_paren is None:
                result.broken.append((Span(open_bracket, after + 1), "link destination is not closed by `)`"))
                covered.append(Span(open_bracket, after + 1))
                index = after + 1
                continue
            link = _markdown_link(text, open_bracket, close, close_paren)
            result.links.append(link)
            if not link.image and "](" in link.text:
                result.links.extend(_inner_images(text, link.text_span))
            covered.append(link.span)
            index = close_paren + 1
        elif _SPACED_DESTINATION.match(text, after, end):
            paren = text.index("(", after)
            close_paren = _url_end(text, paren, end, ahead)
            stop = close_paren + 1 if close_paren is not None else paren + 1
            result.broken.append((Span(open_bracket, stop), "space between `]` and `(` breaks the link"))
            covered.append(Span(open_bracket, stop))
            index = stop
    for stray in strays:
        if not covers(covered, stray) and not covers(result.code, stray):
            result.broken.append((Span(stray, stray + 1), f"unbalanced `{text[stray]}`"))
            break  # one is enough to point at the entry
    html = _html_links(text, start, end, covered)
    if html:
        result.links = sorted([*result.links, *html], key=lambda link: link.span.start)
        covered = sorted([*covered, *(link.span for link in html)], key=lambda span: span.start)
    result.bare_urls = _bare_urls(text, start, end, covered)
    return result


_PLAIN_PAIR = re.compile(r"\[([^\[\]]*)\](\([^\s()<\\]*\))?")


def _plain_links(text: str, start: int, end: int) -> Inline | None:
    """What :func:`scan` finds where brackets do not nest and each pair is a plain link or image
    (``[text](url)``) or a tag (``[2502]``), with no code, escape or HTML: the shape of most
    entries and table rows, read without pairing every bracket. None for anything else
    (tests/test_parse.py holds the two equal)."""
    segment = text[start:end]
    if "`" in segment or "\\" in segment or "<" in segment:
        return None
    links: list[Link] = []
    pairs: dict[int, int] = {}
    for match in _PLAIN_PAIR.finditer(text, start, end):
        open_bracket, close = match.start(), match.end(1)
        if match.group(2) is not None:  # a link, or an image after a `!`
            links.append(_markdown_link(text, open_bracket, close, match.end() - 1))
        elif (close + 1 < end and text[close + 1] == "(") or _SPACED_DESTINATION.match(text, close + 1, end):
            return None  # a destination the plain form does not cover, or `[text] (url)`
        pairs[open_bracket] = close
    if segment.count("[") != len(pairs) or segment.count("]") != len(pairs):
        return None  # a bracket outside the pairs: nested, unbalanced
    covered = [link.span for link in links]
    return Inline(links=links, pairs=pairs, bare_urls=_bare_urls(text, start, end, covered))


def _inner_images(text: str, span: Span) -> list[Link]:
    inner = scan(text, span.start, span.end)
    return [link for link in inner.links if link.image]


def _bare_urls(text: str, start: int, end: int, covered: list[Span]) -> list[BareUrl]:
    found: list[BareUrl] = []
    total = text.count("://", start, end)
    if total == 0 or total == sum(text.count("://", span.start, span.end) for span in covered):
        return found
    for pattern, group in ((_AUTOLINK, 1), (_BARE_URL, 0)):
        taken = sorted([*covered, *(bare.span for bare in found)], key=lambda span: span.start)
        for match in pattern.finditer(text, start, end):
            if not covers(taken, match.start()):
                url = match.group(group)
                found.append(BareUrl(url=url, span=Span(match.start(), match.end()), role=role_of_url(url)))
    return sorted(found, key=lambda bare: bare.span.start)
