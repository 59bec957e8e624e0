"""arXiv papers through the export API (``/api/query``): records by id, and title searches.

What the API does, and what this module makes of it:

* ``id_list=ID,ID,...&max_results=N`` answers an Atom 1.0 feed with one ``<entry>`` per
  existing paper, in any order. An id that is well formed but does not exist simply has no
  entry. So an id missing from a feed that holds other entries is UNKNOWN (LB802).
* An entry that carries the id but no title (what older versions of the API answered for
  a missing paper, judging by clients that test for it) also counts as UNKNOWN.
* A malformed id makes the whole request an error feed: one entry whose ``<id>`` is
  ``http://arxiv.org/api/errors#...`` and whose title is ``Error`` (summary: ``incorrect id
  format for X``). Ids are validated here first; an error feed makes the batch unverified.
* arXiv sometimes answers a valid but empty feed (``totalResults`` 0) for a query that has
  results. An empty feed therefore proves nothing: the batch is asked again (after the
  pause) with an anchor id known to exist added. If the anchor comes back and the others do
  not, they are unknown; if nothing comes back after the retries, they are unverified.
* Throttling comes as 503 or 429 (with ``Retry-After``), or as a bare ``Rate exceeded.``
  body instead of a feed: both are retried, never read as "no such paper".
* The feed has no withdrawal flag: a withdrawal is a new version whose comment field gives
  the reason (older withdrawals also replaced the abstract with "This paper has been
  withdrawn..."). A record counts as withdrawn when its comment speaks of a withdrawal or
  its summary opens that way.
* ``<arxiv:journal_ref>`` and ``<arxiv:doi>`` are set when the paper was published (a DOI of
  arXiv's own DataCite prefix 10.48550 does not count).

Terms of use: one connection, at least 3 s between requests, ids in batches of up to 100.
XML is parsed with the standard library (expat does not fetch external entities and
bounds entity expansion); a feed with a DOCTYPE is refused anyway.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

from listbot.metadata.http import PoliteClient, RequestFailed, Unreachable, describe_status
from listbot.metadata.model import PaperLookup, PaperRecord, PaperRef, State
from listbot.metadata.titles import fold, search_words

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
ANCHOR_ID = "1706.03762"  # "Attention Is All You Need": asked along when a feed comes back empty
_NEW_ID = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?$")
_OLD_ID = re.compile(r"^([a-z][a-z-]*)(?:\.[a-z]{2})?/(\d{7})(?:v\d+)?$", re.IGNORECASE)
_ENTRY_ID = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?:v(?P<version>\d+))?$")
_WITHDRAWN_COMMENT = re.compile(r"\bwithdr(?:awn|aw|awal)\b", re.IGNORECASE)
_WITHDRAWN_SUMMARY = re.compile(
    r"^\W*(?:this|the)\s+(?:paper|article|manuscript|submission|preprint|work)\s+"
    r"(?:has\s+been|is|was|had\s+been)\s+withdrawn",
    re.IGNORECASE,
)
ARXIV_DOI_PREFIX = "10.48550/"


def canonical_id(raw: str) -> str | None:
    """The id as the API wants it (no version; an old id without its subject class), or None."""
    text = raw.strip()
    text = text.removeprefix("arXiv:").removeprefix("arxiv:")
    if match := _NEW_ID.match(text):
        month, number = match[1].split(".")
        # 4-digit numbers until 1412, 5 digits from 1501 on
        if 1 <= int(month[2:]) <= 12 and len(number) == (5 if month >= "1501" else 4):
            return match[1]
        return None
    if match := _OLD_ID.match(text):
        return f"{match[1].lower()}/{match[2]}"
    return None


def fold_whitespace(text: str | None) -> str:
    return " ".join((text or "").split())


class FeedError(Exception):
    """The body is not an Atom feed (throttling text, an HTML error page, broken XML)."""


@dataclass(frozen=True)
class Feed:
    records: list[PaperRecord] = field(default_factory=list)
    untitled: list[str] = field(default_factory=list)  # ids with an entry but no title
    error: str | None = None  # the API's error entry (a malformed query)


def _text(entry: ET.Element, path: str) -> str | None:
    found = entry.find(path, NS)
    return None if found is None or found.text is None else found.text


def _withdrawn(comment: str, summary: str) -> bool:
    return bool(_WITHDRAWN_COMMENT.search(comment) or _WITHDRAWN_SUMMARY.search(summary))


def parse_feed(body: str) -> Feed:
    """Records and errors of an API answer; FeedError when it is no Atom feed."""
    if "<!DOCTYPE" in body[:2000].upper():
        raise FeedError("the answer declares a DOCTYPE")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        snippet = fold_whitespace(body[:60])
        raise FeedError(f"not XML ({error}): {snippet!r}") from None
    if root.tag != f"{{{NS['atom']}}}feed":
        raise FeedError(f"not an Atom feed (root element {root.tag})")
    records: list[PaperRecord] = []
    untitled: list[str] = []
    for entry in root.findall("atom:entry", NS):
        entry_id = fold_whitespace(_text(entry, "atom:id"))
        if "/api/errors" in entry_id:
            return Feed(error=fold_whitespace(_text(entry, "atom:summary")) or entry_id)
        match = _ENTRY_ID.search(entry_id)
        identifier = canonical_id(match["id"]) if match else None
        if identifier is None:
            continue
        title = fold_whitespace(_text(entry, "atom:title"))
        if not title:
            untitled.append(identifier)
            continue
        doi = fold_whitespace(_text(entry, "arxiv:doi")) or None
        if doi and doi.lower().startswith(ARXIV_DOI_PREFIX):
            doi = None
        records.append(
            PaperRecord(
                source="arxiv",
                id=identifier,
                title=title,
                version=int(match["version"]) if match and match["version"] else None,
                withdrawn=_withdrawn(
                    fold_whitespace(_text(entry, "arxiv:comment")),
                    fold_whitespace(_text(entry, "atom:summary")),
                ),
                journal_ref=fold_whitespace(_text(entry, "arxiv:journal_ref")) or None,
                doi=doi,
            )
        )
    return Feed(records, untitled)


def _search_group(words: list[str]) -> str:
    return "(" + " AND ".join(f"ti:{word}" for word in words) + ")"


class ArxivSource:
    """Looks papers up by arXiv id; searches titles for LB801's suggestion."""

    name = "arxiv"

    def __init__(
        self, base: str, client: PoliteClient, batch_size: int, search_batch: int, retries: int
    ) -> None:
        self.base = base
        self.client = client
        self.batch_size = batch_size
        self.search_batch = search_batch
        self.retries = retries
        self.anchor = ANCHOR_ID

    def key_of(self, ref: PaperRef) -> str | None:
        if ref.arxiv_id:
            return canonical_id(ref.arxiv_id)
        if ref.paper_url:
            from listbot.urls import arxiv_id

            found = arxiv_id(ref.paper_url)
            return canonical_id(found) if found else None
        return None

    def close(self) -> None:
        self.client.close()

    def remember_existing(self, identifier: str) -> None:
        """An id known to exist (from the cache or an earlier batch) makes the best anchor."""
        self.anchor = identifier

    # --- lookups by id -----------------------------------------------------------------------------

    def fetch(self, ids: Iterable[str]) -> dict[str, PaperLookup]:
        """A lookup for each id; Unreachable propagates (the caller turns it into one error)."""
        wanted = list(dict.fromkeys(ids))
        results: dict[str, PaperLookup] = {}
        for start in range(0, len(wanted), self.batch_size):
            results.update(self._fetch_batch(wanted[start : start + self.batch_size]))
        return results

    def _fetch_batch(self, batch: list[str]) -> dict[str, PaperLookup]:
        detail = ""
        with_anchor = False
        for _ in range(self.retries + 1):
            asked = [*batch, self.anchor] if with_anchor and self.anchor not in batch else batch
            params = {"id_list": ",".join(asked), "max_results": str(len(asked))}
            try:
                reply = self.client.get(self.base, params=params)
            except Unreachable:
                raise
            except RequestFailed as error:
                return self._unverified(batch, f"arXiv API: {error}")
            try:
                feed = parse_feed(reply.text)
            except FeedError as error:
                detail = f"{describe_status(reply.status)}, {error}" if reply.status != 200 else str(error)
                continue
            if feed.error is not None:
                return self._unverified(batch, f"arXiv API refused the query: {feed.error}")
            if reply.status != 200:
                detail = describe_status(reply.status)
                continue
            if not feed.records and not feed.untitled:
                detail = "arXiv API answered an empty feed"
                with_anchor = True
                continue
            return self._read_feed(batch, feed)
        return self._unverified(batch, f"{detail} ({self.retries + 1} tries)")

    def _read_feed(self, batch: list[str], feed: Feed) -> dict[str, PaperLookup]:
        found = {record.id: record for record in feed.records}
        results: dict[str, PaperLookup] = {}
        for identifier in batch:
            record = found.get(identifier)
            results[identifier] = PaperLookup(State.FOUND, record) if record else PaperLookup(State.UNKNOWN)
        if feed.records:
            self.remember_existing(feed.records[0].id)
        return results

    @staticmethod
    def _unverified(batch: list[str], detail: str) -> dict[str, PaperLookup]:
        return {identifier: PaperLookup(State.UNVERIFIED, detail=detail) for identifier in batch}

    # --- title searches ----------------------------------------------------------------------------

    @staticmethod
    def search_key(title: str) -> str:
        """The cache key of a title search: the words asked for."""
        return " ".join(search_words(title))

    def search(self, titles: Iterable[str]) -> dict[str, list[PaperRecord]]:
        """Papers whose titles hold every search word of each title, several titles a request.

        A title whose search failed is left out (no suggestion, nothing cached).
        """
        keys = [key for key in dict.fromkeys(self.search_key(title) for title in titles) if key]
        results: dict[str, list[PaperRecord]] = {}
        for start in range(0, len(keys), self.search_batch):
            results.update(self._search_batch(keys[start : start + self.search_batch]))
        return results

    def _search_batch(self, keys: list[str]) -> dict[str, list[PaperRecord]]:
        query = " OR ".join(_search_group(key.split()) for key in keys)
        params = {"search_query": query, "max_results": str(10 * len(keys)), "start": "0"}
        try:
            reply = self.client.get(self.base, params=params)
            feed = parse_feed(reply.text)
        except Unreachable:
            raise
        except (RequestFailed, FeedError):
            return {}
        if feed.error is not None or reply.status != 200:
            return {}
        return {key: [r for r in feed.records if set(key.split()) <= set(fold(r.title))] for key in keys}
