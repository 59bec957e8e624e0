"""Small helpers that several rules share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from listbot.model import Document, Entry, SectionKind

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_HTML_TAG = re.compile(r"</?\w+[^>]*>")
LISTED = (SectionKind.DATED, SectionKind.LINKS)


@lru_cache(maxsize=65536)
def fold_title(title: str) -> str:
    """Case, punctuation, markup and spacing folded away: for comparing titles."""
    text = (title if title.isascii() else unicodedata.normalize("NFKC", title)).casefold()
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    return _NOT_WORD.sub(" ", text).strip()


def entries(doc: Document, *kinds: SectionKind) -> Iterator[Entry]:
    """Entries of sections of the given kinds (all entries when no kind is given)."""
    for entry in doc.entries:
        if not kinds or doc.sections[entry.section].kind in kinds:
            yield entry


def listed_entries(doc: Document) -> Iterator[Entry]:
    """Entries of dated and link sections: the ones entry rules look at."""
    return entries(doc, *LISTED)


def valid_month(tag: str) -> bool:
    return len(tag) == 4 and tag.isdigit() and 1 <= int(tag[2:]) <= 12


def line_end(doc: Document, offset: int) -> int:
    end = doc.text.find("\n", offset)
    return len(doc.text) if end == -1 else end


def repeats(doc: Document, tracking: list[str]) -> Iterator[tuple[Entry, Entry]]:
    """(later, first) pairs of listed entries whose primary links are the same paper or page."""
    from listbot.urls import identity

    first: dict[str, Entry] = {}
    for entry in listed_entries(doc):
        if entry.link is None or "://" not in entry.link.url:
            continue
        key = identity(entry.link.url, tracking)
        if key in first:
            yield entry, first[key]
        else:
            first[key] = entry


def same_title(a: Entry, b: Entry) -> bool:
    return bool(a.link and b.link) and fold_title(a.link.text) == fold_title(b.link.text)  # type: ignore[union-attr]
