"""The render check: a fix may change no more of the rendered list than it declares.

In the spirit of mdformat's safety rail, each fix is checked before anything is
written: the part of the list it touches is rendered with GitHub's own renderer
(cmark-gfm, not the parser's mistune: an independent reading, and the one a reader sees)
before and after the edit, reduced to what a reader sees (the words, hard line breaks and block
breaks, images' alt text, raw HTML) and the link targets, and compared. What a fix
may change is what it declares (:class:`listbot.diagnostics.Change`): nothing
visible (spacing, a joined line), link targets, the words it names, the order of
whole entries, or one entry identical to another that stays. An edit that changes
more is refused, and its diagnostic says why.

Rendering the whole document for every fix would be slow, so each edit is checked
on its region: the entry it falls in, or the run of non-blank lines around it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import unescape

import cmarkgfm
from cmarkgfm.cmark import Options

from listbot.diagnostics import Change, Diagnostic, Edit, Fix
from listbot.model import Document, Span

HARD_BREAK, BLOCK_BREAK = "⏎", "¶"
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Rendering:
    """What a reader sees of some Markdown, whitespace removed, and where its links point."""

    text: str
    hrefs: Counter[str]

    @property
    def blocks(self) -> list[str]:
        return [block for block in self.text.split(BLOCK_BREAK) if block]


# Tags that open or close a block: a break on each side, so two blocks never read as one text.
_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "tr", "th", "td", "hr", "table"}
    | {"ul", "ol", "div", "details", "summary", "dl", "dt", "dd", "section"}
)


def _html(markdown: str) -> str:
    """GitHub's own renderer (cmark-gfm with its extensions), raw HTML passed through as GitHub
    passes it before sanitising: what a reader of the list on GitHub is shown."""
    try:
        return str(cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE))
    except UnicodeEncodeError:  # a lone surrogate, which only a library caller's text can hold: `�`
        return _html(markdown.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))


# Where markup starts in rendered HTML (text from Markdown comes escaped: a bare `<` is raw HTML).
_MARKUP = re.compile(r"<(?:!--|[?!]|/?[A-Za-z])")
_CLOSERS = {"<!--": "-->", "<?": ">", "<!": ">"}  # what ends a comment, `<?` or `<!` construct
# A tag runs to its first `>` outside a quoted value (a browser reads `<details <summary>` as one
# tag). Atomic and possessive: a tag that never closes is read once, not backtracked into.
_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9-]*)((?>[^>=]+|=\s*"[^"]*"|=\s*'[^']*'|=)*+)>""")
# A name starts after a blank or a quote, so a long run of name characters is read once.
_ATTRIBUTE = re.compile(r"""(?<![^\s"'])([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def _read_html(html: str) -> tuple[list[str], Counter[str]]:
    """Rendered HTML to the text a reader sees (images by their alt text, a block break around
    each block, a hard break for each ``<br>``) and the targets of links and images, in one pass
    (Python's HTMLParser is quadratic on unclosed markup). A comment, a ``<?`` or ``<!``
    construct or a tag is hidden up to its end, or to the end of the text when it has none, as a
    browser hides it: each search either moves past what it scanned or ends the reading."""
    text: list[str] = []
    hrefs: Counter[str] = Counter()
    position = 0
    while (found := _MARKUP.search(html, position)) is not None:
        text.append(unescape(html[position : found.start()]))
        closer = _CLOSERS.get(found.group())
        if closer is not None:
            close = html.find(closer, found.end())
            if close == -1:
                return text, hrefs
            position = close + len(closer)
            continue
        tag = _TAG.match(html, found.start())
        if tag is None:
            return text, hrefs
        _read_tag(tag, text, hrefs)
        position = tag.end()
    text.append(unescape(html[position:]))
    return text, hrefs


def _read_tag(tag: re.Match[str], text: list[str], hrefs: Counter[str]) -> None:
    closing, name = tag.group(1), tag.group(2).lower()
    if not closing:
        for attribute in _ATTRIBUTE.finditer(tag.group(3)):
            key = attribute.group(1).lower()
            value = unescape(next(value for value in attribute.groups()[1:] if value is not None))
            if key in ("href", "src"):
                hrefs[value] += 1
            elif key == "alt" and name == "img" and value:
                text.append(value)
    if name == "br" and not closing:
        text.append(HARD_BREAK)
    elif name in _BLOCK_TAGS:
        text.append(BLOCK_BREAK)


@lru_cache(maxsize=4096)
def render(markdown: str) -> Rendering:
    """Render ``markdown`` and keep what a reader sees (without whitespace) and the link targets."""
    if not markdown.strip(" \t\n"):
        return Rendering("", Counter())  # blank lines only: nothing to see (and nothing to parse)
    text, hrefs = _read_html(_html(_dedent(markdown)))
    visible = _WHITESPACE.sub("", "".join(text))
    return Rendering(re.sub(BLOCK_BREAK + "+", BLOCK_BREAK, visible), hrefs)


def _dedent(markdown: str) -> str:
    """A region cut out of a nested list is rendered as if it were at the top level. A line of
    blanks is a blank line (CommonMark), whatever its width: it is emptied, so stripping its
    blanks changes nothing rendered (mistune, the rail's renderer before cmark-gfm, read five
    spaces as an indented code block)."""
    lines = markdown.expandtabs(4).split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] if line.strip(" ") else "" for line in lines) + "\n"


# --- regions ---------------------------------------------------------------------------------------


class _Regions:
    """Where each edit is checked: the entry it falls in, or the run of non-blank lines around
    it. Each run is walked once per check, however many edits fall in it."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.runs: dict[int, tuple[int, int]] = {}  # 1-based line -> its run of non-blank lines
        self.blank: dict[int, bool] = {}  # 1-based line -> only blanks on it

    def of(self, start: int, end: int) -> tuple[int, int]:
        """The part of the document an edit of ``[start, end)`` is checked on."""
        doc = self.doc
        first = doc.entry_at(doc.position(start)[0])
        last = doc.entry_at(doc.position(max(start, end - 1))[0])
        if first is not None and last is not None:
            return min(first.span.start, start), self._past_break(max(last.span.end, end))
        low, high = self._paragraph(start, end)
        for entry in (first, last):
            if entry is not None:
                low, high = min(low, entry.span.start), max(high, entry.span.end)
        return low, self._past_break(high)

    def _past_break(self, high: int) -> int:
        """A region whose last line may end in a hard break (two spaces, or a backslash) ends
        with the line of text after it instead: the break shows only before more text."""
        doc = self.doc
        number = doc.position(max(high - 1, 0))[0]
        line = doc.line_text(number)
        if not (line.endswith("  ") or line.endswith("\\")) or number >= doc.line_count:
            return high
        following = doc.line_span(number + 1)
        if not doc.text[following.start : following.end].strip():
            return high
        return max(high, following.end)

    def _paragraph(self, start: int, end: int) -> tuple[int, int]:
        """The run of non-blank lines around ``[start, end)`` (a blank end line stays itself)."""
        doc = self.doc
        first = doc.position(start)[0]
        last = doc.position(max(start, end - 1))[0] if end > start else first
        first = self._run(first)[0]
        last = self._run(last)[1]
        low = doc.line_starts[first - 1]
        high = doc.line_span(last).end
        return low, min(len(doc.text), max(high, end))

    def invisible(self, edit: Edit) -> bool:
        """Blanks written over blanks on a line of blanks: the line renders as a blank line before
        and after (see :func:`_dedent`), alone or in any region, so there is nothing to check."""
        if edit.content.strip(" \t"):
            return False
        number = edit.line if 0 < edit.line <= self.doc.line_count else self.doc.position(edit.start)[0]
        line = self.doc.line_span(number)
        if not (line.start <= edit.start and edit.end <= line.end):
            return False
        blank = self.blank.get(number)
        if blank is None:  # once per line: one line can hold thousands of edits
            blank = self.blank[number] = not self.doc.text[line.start : line.end].strip(" \t")
        return blank or self._trailing_blanks(edit, number, line)

    def is_destination(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` is exactly a Markdown link's destination, as the parser read
        it (found by position: the bot checks one comment at a time on a large document)."""
        doc = self.doc
        entry = doc.entry_at(doc.position(start)[0])
        links = list(entry.links) if entry is not None else []
        others = doc.other_links  # in text order
        index = bisect_right(others, start, key=lambda link: link.span.start)
        links += others[max(0, index - 1) : index + 1]
        return any(
            not link.html and link.url_span.start == start and link.url_span.end == end for link in links
        )

    def _trailing_blanks(self, edit: Edit, number: int, line: Span) -> bool:
        """Blanks rewritten at the end of a line of text: invisible unless the line ends in a
        hard break before or after (two spaces, or a backslash, before a line of text)."""
        text = self.doc.text
        if text[edit.start : edit.end].strip(" \t"):
            return False
        body = text[line.start : line.end].rstrip(" \t")
        if edit.start < line.start + len(body):
            return False
        if number == self.doc.line_count or not self.doc.line_text(number + 1).strip():
            return True  # no line of text follows: no break
        after = text[line.start + len(body) : edit.start] + edit.content + text[edit.end : line.end]
        before = text[line.start + len(body) : line.end]
        return not body.endswith("\\") and not _breaks(before) and not _breaks(after)

    def _run(self, line: int) -> tuple[int, int]:
        known = self.runs.get(line)
        if known is not None:
            return known
        doc = self.doc
        first = last = line
        if doc.line_text(line).strip():
            while first > 1 and doc.line_text(first - 1).strip():
                first -= 1
            while last < doc.line_count and doc.line_text(last + 1).strip():
                last += 1
        for number in range(first, last + 1):
            self.runs[number] = (first, last)
        return first, last


def _breaks(blanks: str) -> bool:
    """Trailing blanks that make a hard line break: two spaces or more at the very end."""
    return blanks.endswith("  ")


# --- checking ----------------------------------------------------------------------------------------


def _applied(text: str, low: int, high: int, fixes: Sequence[Fix]) -> str:
    edits = sorted((edit for fix in fixes for edit in fix.edits), key=lambda edit: edit.start)
    pieces, cursor = [], low
    for edit in edits:
        pieces += [text[cursor : edit.start], edit.content]
        cursor = edit.end
    pieces.append(text[cursor:high])
    return "".join(pieces)


def _expected(
    doc: Document, before: Rendering, fixes: Sequence[Fix]
) -> tuple[str, list[str], Counter[str], Counter[str]]:
    """What the region should read after ``fixes``: its text, the words inserted, and the link
    targets the fixes may add and remove."""
    text, inserted = before.text, []
    added: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    for fix in fixes:
        if fix.change is Change.WORDS:
            gone = _WHITESPACE.sub("", "".join(fix.removes))
            new = _WHITESPACE.sub("", "".join(fix.adds))
            if gone:
                text = text.replace(gone, "\0", 1).replace("\0", new) if gone in text else "\0refused"
            else:
                inserted.append(new)
            added.update(fix.links)
        elif fix.change is Change.HREF:
            for edit in fix.edits:
                removed[doc.text[edit.start : edit.end]] += 1
                added[edit.content] += 1
    return text, inserted, added, removed


def _simple_check(doc: Document, low: int, high: int, fixes: Sequence[Fix]) -> str | None:
    if _blank_before_and_after(doc.text, low, high, fixes):
        return None  # blanks before and after render to nothing: nothing can have changed
    before = render(doc.text[low:high])
    after = render(_applied(doc.text, low, high, fixes))
    text, inserted, added, removed = _expected(doc, before, fixes)
    seen = after.text
    for word in inserted:
        seen = seen.replace(word, "", 1) if word in seen else "\0missing"
    if seen != text:
        return "it would change the rendered text beyond what it reports"
    if after.hrefs != before.hrefs and (
        (after.hrefs - before.hrefs) - added or (before.hrefs - after.hrefs) - removed
    ):
        return "it would change where links point beyond what it reports"
    return None


_PLAIN_URL = re.compile(r"[A-Za-z0-9\-.:/?#@!$+,;=%]+")


def _swaps_link_targets(doc: Document, regions: _Regions, low: int, high: int, fixes: Sequence[Fix]) -> bool:
    """Link-target fixes (HREF) that each replace a whole link destination by another, both plain
    (none of the characters that mean something to Markdown or HTML: no blanks, brackets,
    parentheses, quotes, backslashes, ampersands, emphasis marks or backticks), where the region
    as rendered shows each old URL only as a link target, never as text. Swapping one such
    destination for another changes that target and nothing a reader sees, so the region is
    rendered once (before), not twice: :func:`_simple_check` would accept it."""
    if any(fix.change is not Change.HREF for fix in fixes):
        return False
    olds: Counter[str] = Counter()
    for fix in fixes:
        for edit in fix.edits:
            old = doc.text[edit.start : edit.end]
            if not regions.is_destination(edit.start, edit.end):
                return False
            if not (_PLAIN_URL.fullmatch(old) and _PLAIN_URL.fullmatch(edit.content)):
                return False
            olds[old] += 1
    before = render(doc.text[low:high])
    return all(before.hrefs[old] >= count and old not in before.text for old, count in olds.items())


def _blank_before_and_after(text: str, low: int, high: int, fixes: Sequence[Fix]) -> bool:
    """Whitespace fixes on a region of blank lines, writing blanks: the common case of a file
    full of trailing blanks, decided without rendering (see :func:`render`)."""
    if any(fix.change is not Change.WHITESPACE for fix in fixes) or text[low:high].strip(" \t\n"):
        return False
    return not any(edit.content.strip(" \t\n") for fix in fixes for edit in fix.edits)


def _reorder_check(doc: Document, fix: Fix) -> str | None:
    """The entries moved are the entries that were there: each reads the same as before."""
    moved = Counter(doc.text[edit.start : edit.end] for edit in fix.edits)
    if moved == Counter(edit.content for edit in fix.edits):
        return None  # the same texts in another order: nothing to render
    before = Counter(_reading(doc.text[edit.start : edit.end]) for edit in fix.edits)
    after = Counter(_reading(edit.content) for edit in fix.edits)
    return None if before == after else "the reordered entries would not read the same"


def _reading(markdown: str) -> tuple[str, tuple[tuple[str, int], ...]]:
    rendering = render(markdown)
    return rendering.text, tuple(sorted(rendering.hrefs.items()))


def _duplicate_check(doc: Document, low: int, high: int, fix: Fix) -> str | None:
    edit = fix.edits[0]
    if _removes_a_copy(doc, low, high, fix):
        return None
    removed = render(doc.text[edit.start : edit.end])
    kept = render(fix.keeps) if fix.keeps else None
    remaining = render(_applied(doc.text, low, high, [fix]))
    before = render(doc.text[low:high])
    if kept is None or removed.text != kept.text:
        return "the removed entry is not identical to the one that stays"
    if sorted(before.blocks) != sorted([*remaining.blocks, *removed.blocks]):
        return "removing the entry would change other text"
    return None


def _removes_a_copy(doc: Document, low: int, high: int, fix: Fix) -> bool:
    """The common case, decided without rendering: the region is the removed entry, nothing but
    blanks remains of it, and the entry that stays is written exactly the same (line breaks at
    the end aside, which render to nothing)."""
    edit = fix.edits[0]
    removed = doc.text[edit.start : edit.end].rstrip("\n")
    return (
        bool(fix.keeps)
        and fix.keeps.rstrip("\n") == removed
        and doc.text[low:high].rstrip("\n") == removed
        and not _applied(doc.text, low, high, [fix]).strip(" \t\n")
    )


def check(doc: Document, chosen: Sequence[Diagnostic]) -> dict[int, str]:
    """Check the fixes of ``chosen`` diagnostics on ``doc``; return refusals by index into ``chosen``."""
    refused: dict[int, str] = {}
    groups: dict[tuple[int, int], list[int]] = {}
    regions = _Regions(doc)
    for index, diagnostic in enumerate(chosen):
        fix = diagnostic.fix
        assert fix is not None
        if fix.change is Change.WHITESPACE and all(map(regions.invisible, fix.edits)):
            continue
        low = min(edit.start for edit in fix.edits)
        high = max(edit.end for edit in fix.edits)
        if fix.change is Change.REORDER:
            reason = _reorder_check(doc, fix)
        elif fix.change is Change.DUPLICATE:
            reason = _duplicate_check(doc, *regions.of(low, high), fix)
        else:
            groups.setdefault(regions.of(low, high), []).append(index)
            continue
        if reason:
            refused[index] = reason
    for (low, high), members in _merged(groups).items():
        fixes: list[Fix] = [chosen[i].fix for i in members]  # type: ignore[misc]
        if _swaps_link_targets(doc, regions, low, high, fixes):
            continue
        if _simple_check(doc, low, high, fixes) is None:
            continue
        accepted: list[Fix] = []  # together they fail: take them one at a time
        for index, fix in zip(members, fixes, strict=True):
            reason = _simple_check(doc, low, high, [*accepted, fix])
            if reason:
                refused[index] = reason
            else:
                accepted.append(fix)
    return refused


def _merged(groups: dict[tuple[int, int], list[int]]) -> dict[tuple[int, int], list[int]]:
    """Overlapping regions checked as one."""
    merged: dict[tuple[int, int], list[int]] = {}
    current: tuple[int, int] | None = None
    for low, high in sorted(groups):
        if current is not None and low < current[1]:
            members = merged.pop(current)
            current = (current[0], max(current[1], high))
            merged[current] = members + groups[(low, high)]
        else:
            current = (low, high)
            merged[current] = list(groups[(low, high)])
    return merged
