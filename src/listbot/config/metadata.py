"""``[tool.listbot.metadata]``: the metadata check's options, validated like the rest of the config.

Keys may be kebab-case or snake_case; unknown keys are refused. Durations are seconds
or strings such as ``"21d"``, ``"12h"``. The arXiv base URL is, in order: the
``arxiv-api-url`` key, the ``LISTBOT_ARXIV_API_URL`` environment variable, the public
export API. arXiv's terms ask for one request every three seconds on one connection:
a ``delay`` below 3 s is honoured only for another base URL (a mirror, a test server).
"""

from __future__ import annotations

import os
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from listbot.config.base import StrictModel, Table, defaults, parse_duration

DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
ARXIV_POLITE_DELAY = 3.0
DAY = 86400.0


class MetadataTtl(StrictModel):
    """How long a lookup stays in the cache. Titles change rarely; repositories move more often."""

    papers: float = 21 * DAY  # a paper found: title, withdrawal, journal reference
    unknown: float = DAY  # an id arXiv does not know (it may be announced tomorrow)
    searches: float = 21 * DAY  # a title search (LB801's suggestion)
    repositories: float = DAY  # a repository's name, archived state, existence

    @field_validator("papers", "unknown", "searches", "repositories", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> float:
        return parse_duration(value)


class MetadataSettings(StrictModel):
    """Everything ``[tool.listbot.metadata]`` can set."""

    enabled: bool = False
    arxiv_api_url: str | None = None
    delay: float = Field(default=ARXIV_POLITE_DELAY, ge=0)  # seconds between two arXiv requests
    batch_size: int = Field(default=100, ge=1, le=100)  # arXiv ids per request
    search_batch: int = Field(default=10, ge=1, le=20)  # titles per arXiv title search
    suggest: bool = True  # search arXiv for the paper an entry names when its id links another
    retries: int = Field(default=3, ge=0)  # after a 503/429, a failure or an empty feed
    backoff: float = Field(default=2.0, ge=0)  # first retry wait when no Retry-After; doubles
    retry_cap: float = Field(default=120.0, ge=0)  # longest Retry-After honoured; longer: give up
    timeout: float = Field(default=30.0, gt=0)  # one request
    github: bool = True  # check GitHub code links (LB811-LB813)
    github_batch: int = Field(default=100, ge=1, le=100)  # repositories per GraphQL query
    user_agent: str = "listbot-metadata/0.1 (paper list checker)"
    cache_path: str | None = None
    cache_wait: float = Field(default=5.0, ge=0)  # longest wait for a cache another run has locked
    ttl: Annotated[MetadataTtl, Table()] = defaults(MetadataTtl)

    @field_validator("arxiv_api_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL, e.g. https://export.arxiv.org/api/query")
        return value

    def arxiv_url(self) -> str:
        return self.arxiv_api_url or os.environ.get("LISTBOT_ARXIV_API_URL", "").strip() or DEFAULT_ARXIV_API

    def arxiv_delay(self) -> float:
        """The wait between two arXiv requests: never under 3 s against arXiv itself."""
        host = (urlsplit(self.arxiv_url()).hostname or "").lower()
        if host == "arxiv.org" or host.endswith(".arxiv.org"):
            return max(self.delay, ARXIV_POLITE_DELAY)
        return self.delay
