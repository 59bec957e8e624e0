"""Small helpers that several rules share: what an entry is about, and finding repeats."""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher

from listbot.model import Document, Entry, Link, Span
from listbot.outcomes import Outcome
from listbot.profile import entry_key
from listbot.text import fold_title, visible_words
from listbot.urls import identity, is_web_url, request_url


def shown_title(entry: Entry, limit: int = 80) -> str:
    """The entry's title as a reader sees it, shortened for messages."""
    if entry.title is None:
        return ""
    text = visible_words(entry.title.text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def subject(entry: Entry) -> str:
    """What the entry is about, stable when lines move: its arXiv id, else its folded title."""
    if entry.arxiv_id:
        return f"arxiv:{entry.arxiv_id}"
    if entry.title is not None and fold_title(entry.title.text):
        return "title:" + fold_title(entry.title.text)
    if entry.link is not None:
        return "url:" + identity(entry.link.url)
    return ""


def link_key(entry: Entry, tracking: tuple[str, ...] | list[str]) -> str | None:
    """What the entry links: ``arxiv:ID`` for a paper, else its main link's (or bare URL's) identity."""
    return entry_key(entry, tracking)


def repeats(entries: list[Entry], tracking: tuple[str, ...] | list[str]) -> Iterator[tuple[Entry, Entry]]:
    """(later, earlier) pairs of entries whose main links are the same paper or page; the
    earlier one is the nearest copy in the same section, else the first copy anywhere."""
    first: dict[str, Entry] = {}
    last_in_section: dict[tuple[str, int], Entry] = {}
    for entry in entries:
        key = link_key(entry, tracking)
        if key is None:
            continue
        earlier = last_in_section.get((key, entry.section)) or first.get(key)
        if earlier is not None:
            yield entry, earlier
        first.setdefault(key, entry)
        last_in_section[(key, entry.section)] = entry


def link_span(entry: Entry, url: bool = False) -> Span:
    """Where a diagnostic about the entry's link points: the link (or its URL), else a bare URL."""
    if entry.link is not None:
        return entry.link.url_span if url else entry.link.span
    if entry.bare_urls:
        return entry.bare_urls[0].span
    return entry.anchor


def _words(entry: Entry) -> list[str]:
    return fold_title(entry.title.text).split() if entry.title else []


def same_title(a: Entry, b: Entry) -> bool:
    """The same title once folded, or nearly: a typo or a word differs in a long title."""
    first, second = " ".join(_words(a)), " ".join(_words(b))
    if not first or not second:
        return False
    if first == second:
        return True
    if min(len(first), len(second)) < 20:
        return False
    return SequenceMatcher(None, first, second, autojunk=False).ratio() >= 0.9


def description(doc: Document, entry: Entry) -> str:
    """What follows the main link in the entry's head (a generic list's description)."""
    if entry.link is None:
        return ""
    rest = doc.text[entry.link.span.end : entry.head.end]
    return " ".join(rest.strip(" \t-–—:").split()).casefold()


def checked_links(ctx) -> Iterator[tuple[Link, Outcome]]:  # type: ignore[no-untyped-def]
    """Every link of the document the link checker has an answer for (``--links`` runs)."""
    outcomes = ctx.outcomes or {}
    for link in ctx.doc.all_links:
        if is_web_url(link.url):
            outcome = outcomes.get(request_url(link.url))
            if outcome is not None:
                yield link, outcome
