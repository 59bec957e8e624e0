"""One polite HTTP client per source: one connection, a pause between requests, retries.

Each source gets its own :class:`PoliteClient` (an ``httpx.Client`` limited to one
connection). Requests of one client never overlap, and each starts at least ``delay``
seconds after the previous one ended. 429 and 5xx answers are retried after their
``Retry-After`` (seconds or an HTTP date), else after an exponential backoff; a wait
longer than ``retry_cap`` is not honoured: the request fails at once. A host that
cannot be connected to at all raises :class:`Unreachable` (the network is down, or the
address is wrong) after one more try, so a run without network ends quickly.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from listbot.httpstatus import describe_status, retry_after_seconds
from listbot.metadata.model import RunStats

if TYPE_CHECKING:
    import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CONNECT_TIMEOUT = 10.0  # a host that does not even accept a connection in 10 s is unreachable


class RequestFailed(Exception):
    """No usable answer after the retries: the caller reports "could not verify"."""


class Unreachable(RequestFailed):
    """Not even a connection: the network is down or the host is wrong."""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    text: str


@dataclass(frozen=True)
class Politeness:
    delay: float  # seconds from the end of one request to the start of the next
    timeout: float
    retries: int
    backoff: float
    retry_cap: float
    user_agent: str


def _is_connect_failure(error: Exception) -> bool:
    import httpx

    return isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)


class PoliteClient:
    """Sequential requests to one service; counts them in ``stats.requests[name]``."""

    def __init__(
        self,
        name: str,
        politeness: Politeness,
        stats: RunStats,
        headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        retry_statuses: frozenset[int] = RETRY_STATUSES,
    ) -> None:
        self.name = name
        self.politeness = politeness
        self.stats = stats
        self.sleep = sleep
        self.retry_statuses = retry_statuses
        self.answered = False  # some request of this run got an HTTP answer
        self._last_end: float | None = None
        self._headers = {"User-Agent": politeness.user_agent, **(headers or {})}
        self._client: httpx.Client | None = None  # made on the first request: a warm run imports no httpx

    def _http(self) -> httpx.Client:
        if self._client is None:
            import httpx

            timeout = self.politeness.timeout
            self._client = httpx.Client(
                timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
                limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                headers=self._headers,
                follow_redirects=True,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _wait_turn(self, extra: float = 0.0) -> None:
        if self._last_end is None:
            if extra:
                self.sleep(extra)
            return
        due = self._last_end + max(self.politeness.delay, extra)
        remaining = due - time.monotonic()
        if remaining > 0:
            self.sleep(remaining)

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        self.stats.count(self.name)
        try:
            return self._http().request(method, url, **kwargs)
        finally:
            self._last_end = time.monotonic()

    def _backoff(self, attempt: int) -> float:
        base = self.politeness.backoff * (2**attempt)
        return base + random.uniform(0, base / 4) if base else 0.0

    def request(self, method: str, url: str, **kwargs: Any) -> Reply:
        """One answer not in ``retry_statuses``, or RequestFailed/Unreachable after the retries."""
        import httpx

        wait = 0.0
        detail = ""
        connect_failures = 0
        for attempt in range(self.politeness.retries + 1):
            self._wait_turn(wait)
            try:
                response = self._send(method, url, **kwargs)
            except httpx.HTTPError as error:
                detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
                if _is_connect_failure(error):
                    connect_failures += 1
                    if connect_failures >= 2 and not self.answered:
                        raise Unreachable(detail) from None
                wait = self._backoff(attempt)
                continue
            self.answered = True
            if response.status_code not in self.retry_statuses:
                return Reply(response.status_code, response.headers, response.text)
            detail = describe_status(response.status_code)
            hinted = retry_after_seconds(response.headers.get("retry-after"))
            if hinted is not None and hinted > self.politeness.retry_cap:
                raise RequestFailed(f"{detail}, Retry-After {hinted:.0f} s is longer than retry-cap")
            wait = hinted if hinted is not None else self._backoff(attempt)
        if connect_failures and not self.answered:
            raise Unreachable(detail)
        raise RequestFailed(f"{detail} after {self.politeness.retries + 1} tries")

    def get(
        self, url: str, params: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None
    ) -> Reply:
        return self.request("GET", url, params=params, headers=headers)

    def post(self, url: str, json: Any, headers: Mapping[str, str] | None = None) -> Reply:
        return self.request("POST", url, json=json, headers=headers)
