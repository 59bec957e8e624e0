"""The lookup sources and how a new one plugs in.

A paper source (arXiv today; OpenReview, ACL Anthology or DOI later) is one module with a
class that satisfies :class:`PaperSource` and a factory added to :data:`PAPER_SOURCES`.
``key_of`` picks the source's identifier out of a :class:`PaperRef` (an id field, or its
``paper_url``); ``fetch`` answers FOUND / UNKNOWN / UNVERIFIED per identifier and raises
:class:`~listbot.metadata.http.Unreachable` when the service cannot be reached at all;
``search`` finds papers by title for LB801's suggestion (it may answer nothing). The
check, the cache and the findings are shared: the source only talks to its service.
A code host (GitHub today) is the same with :class:`CodeSource` and :data:`CODE_SOURCES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from listbot.config.metadata import MetadataSettings
from listbot.metadata.http import PoliteClient, Politeness
from listbot.metadata.model import PaperLookup, PaperRecord, PaperRef, RepoLookup, RunStats
from listbot.urls import github_token


class PaperSource(Protocol):
    name: str  # "arxiv": also the label in messages
    base: str  # the service's address: part of the cache key

    def key_of(self, ref: PaperRef) -> str | None: ...

    def fetch(self, keys: Iterable[str]) -> dict[str, PaperLookup]: ...

    def search_key(self, title: str) -> str: ...

    def search(self, titles: Iterable[str]) -> dict[str, list[PaperRecord]]: ...

    def remember_existing(self, key: str) -> None: ...

    def close(self) -> None: ...


class CodeSource(Protocol):
    name: str
    base: str

    def key_of(self, url: str | None) -> str | None: ...

    def fetch(self, keys: Iterable[str]) -> dict[str, RepoLookup]: ...

    def close(self) -> None: ...


def _arxiv(settings: MetadataSettings, stats: RunStats) -> PaperSource:
    from listbot.metadata.arxiv import ArxivSource

    politeness = Politeness(
        delay=settings.arxiv_delay(),
        timeout=settings.timeout,
        retries=settings.retries,
        backoff=max(settings.backoff, settings.arxiv_delay()),
        retry_cap=settings.retry_cap,
        user_agent=settings.user_agent,
    )
    client = PoliteClient("arxiv", politeness, stats)
    return ArxivSource(
        settings.arxiv_url(), client, settings.batch_size, settings.search_batch, settings.retries
    )


def _github(settings: MetadataSettings, stats: RunStats) -> CodeSource:
    from listbot.metadata.github import GithubSource

    politeness = Politeness(
        delay=0.0,
        timeout=settings.timeout,
        retries=min(settings.retries, 2),
        backoff=settings.backoff,
        retry_cap=settings.retry_cap,
        user_agent=settings.user_agent,
    )
    client = PoliteClient("github", politeness, stats, retry_statuses=frozenset({500, 502, 503, 504}))
    return GithubSource(client, github_token(), settings.github_batch)


PaperSourceFactory = Callable[[MetadataSettings, RunStats], PaperSource]
CodeSourceFactory = Callable[[MetadataSettings, RunStats], CodeSource]
PAPER_SOURCES: tuple[PaperSourceFactory, ...] = (_arxiv,)
CODE_SOURCES: tuple[CodeSourceFactory, ...] = (_github,)


def paper_sources(settings: MetadataSettings, stats: RunStats) -> list[PaperSource]:
    return [factory(settings, stats) for factory in PAPER_SOURCES]


def code_sources(settings: MetadataSettings, stats: RunStats) -> list[CodeSource]:
    return [factory(settings, stats) for factory in CODE_SOURCES] if settings.github else []
