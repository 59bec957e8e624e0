"""``[tool.listbot.links]``: the link checker's options, validated like the rest of the config.

Keys may be kebab-case or snake_case. Durations in ``ttl`` are seconds or strings
such as ``"7d"``, ``"12h"``, ``"30m"``. ``hosts`` maps a host name (it also matches
its subdomains) to overrides for that host.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from listbot.config.base import StrictModel, Table, defaults, parse_duration

# A current desktop browser's string. No "listbot" suffix: bot filters match "bot" anywhere.
DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
)


class TtlSettings(StrictModel):
    """How long a result stays in the cache, per outcome."""

    alive: float = 7 * 86400
    redirect: float = 7 * 86400
    dead: float = 86400
    unreachable: float = 3600

    @field_validator("alive", "redirect", "dead", "unreachable", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> float:
        return parse_duration(value)


class HostSettings(StrictModel):
    """Overrides for one host (and its subdomains)."""

    accept: list[int] = Field(default_factory=list)  # extra status codes that count as alive
    method: Literal["head", "get"] | None = None  # "get": the host lies about HEAD
    per_host: int | None = Field(default=None, ge=1)
    timeout: float | None = Field(default=None, gt=0)
    skip: bool = False  # never check this host
    headers: dict[str, str] = Field(default_factory=dict)


class LinksSettings(StrictModel):
    """Everything ``[tool.listbot.links]`` can set."""

    enabled: bool = False
    timeout: float = Field(default=10.0, gt=0)  # one request: connect, each read, each write
    total_timeout: float = Field(default=600.0, gt=0)  # the whole run
    # requests in flight that are making progress; default: per-host x distinct hosts, at most 256
    max_concurrency: int | None = Field(default=None, ge=1)
    # a request silent this long stops counting against max_concurrency (keeps its per-host slot); 0: never
    stall_after: float = Field(default=2.0, ge=0)
    per_host: int = Field(default=4, ge=1)
    max_redirects: int = Field(default=10, ge=0)
    retries: int = Field(default=2, ge=0)  # for resets, 5xx and 429
    retry_timeouts: bool = False  # a timeout is final unless this is set
    backoff: float = Field(default=0.5, ge=0)  # first retry delay; doubles, with jitter
    retry_cap: float = Field(default=30.0, ge=0)  # longest wait honoured (Retry-After, backoff)
    user_agent: str = DEFAULT_USER_AGENT
    accept: list[int] = Field(default_factory=list)  # extra status codes that count as alive
    exclude: list[str] = Field(default_factory=list)  # URL regexes never checked
    check_images: bool = False  # images are mostly badges (img.shields.io)
    hosts: dict[str, HostSettings] = Field(default_factory=dict)
    cache_path: str | None = None
    ttl: Annotated[TtlSettings, Table()] = defaults(TtlSettings)
    allow_private: bool = False
    github_api: bool = True  # use the REST API for github.com repositories when GITHUB_TOKEN is set
    progress: Literal["auto", "always", "never"] = "auto"

    @field_validator("exclude")
    @classmethod
    def _regexes(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"bad regex {pattern!r}: {error}") from None
        return patterns

    @field_validator("hosts")
    @classmethod
    def _lower_hosts(cls, hosts: dict[str, HostSettings]) -> dict[str, HostSettings]:
        return {name.strip().lower().rstrip("."): value for name, value in hosts.items()}

    def host_settings(self, host: str) -> HostSettings | None:
        """The override for ``host`` or its closest parent domain, if any."""
        labels = host.lower().rstrip(".").split(".")
        for index in range(len(labels)):
            found = self.hosts.get(".".join(labels[index:]))
            if found is not None:
                return found
        return None
