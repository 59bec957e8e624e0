"""The async engine: one httpx client, a global and a per-host limit, retries, redirects.

Each URL is checked once per run. A request is HEAD first, then GET when HEAD is
refused or answers anything but success or a redirect (servers lie about HEAD);
GET is streamed and closed unread, so bodies are never downloaded. Redirects are
followed by hand (to check every hop's address and spot loops). Timeouts are
final unless ``retry-timeouts`` is set: a server that never answers costs one
timeout. Connection resets and 5xx are retried with exponential backoff and
jitter; a 429 is retried after its ``Retry-After`` (seconds or HTTP date; over
``retry-cap`` it is not retried) and lowers that host's limit by one (down to half
of ``per-host``) for the rest of the run.

Limits: a per-host gate (``per-host``, first come first served) is taken first, then
a slot of the global limit (``max-concurrency``); a request silent for ``stall-after``
seconds gives its global slot back but keeps its per-host slot. Each host has its own
small connection pool inside the one client, so connections are reused.
"""

from __future__ import annotations

import asyncio
import random
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from listbot.links.github import GithubApi, same_repository
from listbot.links.outcome import Outcome, Verdict
from listbot.links.redirects import is_login_page, is_trivial, lands_on_home_page
from listbot.links.safety import AddressGuard
from listbot.links.settings import HostSettings, LinksSettings

if TYPE_CHECKING:
    import httpx

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
DEAD_STATUSES = frozenset({404, 410})
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class LinkFailure(Exception):
    """A request that ended without an HTTP answer worth looking at."""

    def __init__(self, verdict: Verdict, detail: str, *, timed_out: bool = False, dns: bool = False) -> None:
        super().__init__(detail)
        self.verdict = verdict
        self.detail = detail
        self.timed_out = timed_out
        self.dns = dns


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    location: str | None
    retry_after: str | None


def describe_status(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def _causes(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def classify_connect_error(error: BaseException) -> LinkFailure | None:
    """A final verdict for DNS, refused and TLS errors; None for errors worth a retry."""
    import socket

    for cause in _causes(error):
        if isinstance(cause, socket.gaierror):
            if cause.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
                detail = f"DNS failure: the host name does not resolve ({cause.strerror})"
                return LinkFailure(Verdict.DEAD, detail, dns=True)
            return LinkFailure(Verdict.UNREACHABLE, f"DNS lookup failed ({cause.strerror})")
        if isinstance(cause, ConnectionRefusedError):
            return LinkFailure(Verdict.DEAD, "connection refused")
        if isinstance(cause, ssl.SSLEOFError | ssl.SSLZeroReturnError):
            return None  # the peer hung up mid-handshake: worth a retry, not proof of a bad certificate
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            reason = getattr(cause, "reason", None) or type(cause).__name__
            return LinkFailure(Verdict.DEAD, f"TLS failure ({reason})")
    return None


def _skip_missing_sniffio_lookups() -> None:
    """httpcore imports ``sniffio`` on every request; without it (recent anyio no longer
    depends on it) each failed import scans ``sys.path``, about 1 ms a request here.
    Recording the absence once in ``sys.modules`` makes the failure instant and changes
    nothing else.
    """
    import importlib.util
    import sys

    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


def _per_host_pool_class() -> type:
    """An httpx transport holding one small connection pool per origin (built lazily: httpx is heavy)."""
    import httpx

    class PerHostPools(httpx.AsyncBaseTransport):
        """One pool per (scheme, host, port), sized to the host's limit.

        A single shared pool as large as all hosts together is slow in httpcore (it scans
        every connection for every request); one as small as the global limit evicts the idle
        connection of one host to open one to the next, so nothing is reused.
        """

        def __init__(self, settings: LinksSettings) -> None:
            self.settings = settings
            self.ssl_context = httpx.create_ssl_context()
            self.pools: dict[tuple[bytes, bytes, int | None], httpx.AsyncHTTPTransport] = {}

        def _pool(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
            key = (url.raw_scheme, url.raw_host, url.port)
            if key not in self.pools:
                host = self.settings.host_settings(url.host)
                size = (host.per_host if host else None) or self.settings.per_host
                limits = httpx.Limits(
                    max_connections=size, max_keepalive_connections=size, keepalive_expiry=10.0
                )
                self.pools[key] = httpx.AsyncHTTPTransport(verify=self.ssl_context, limits=limits)
            return self.pools[key]

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            return await self._pool(request.url).handle_async_request(request)

        async def aclose(self) -> None:
            for pool in self.pools.values():
                await pool.aclose()

    return PerHostPools


class HostGate:
    """Limits the requests in flight to one host, first come first served; a 429 lowers the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.floor = max(1, limit // 2)
        self.in_flight = 0
        self.max_in_flight = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        await self._acquire()
        try:
            yield
        finally:
            self.in_flight -= 1
            self._wake()

    async def _acquire(self) -> None:
        if self.in_flight < self.limit and not self._waiters:
            self._take()
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter  # _wake took the slot for us
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.in_flight -= 1
                self._wake()
            else:
                self._waiters.remove(waiter)
            raise

    def _take(self) -> None:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _wake(self) -> None:
        while self._waiters and self.in_flight < self.limit:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._take()
                waiter.set_result(None)

    def slow_down(self) -> None:
        """One request fewer in flight for the rest of the run, down to half the starting limit."""
        self.limit = max(self.floor, self.limit - 1)


class Checker:
    """Checks a batch of URLs with one client; ``run`` returns an outcome per URL."""

    def __init__(
        self,
        settings: LinksSettings,
        *,
        allow_private: bool,
        github: GithubApi | None = None,
        on_done: Callable[[str, Outcome], None] | None = None,
    ) -> None:
        self.settings = settings
        self.allow_private = allow_private
        self.github = github if settings.github_api else None
        self.on_done = on_done or (lambda url, outcome: None)
        self.gates: dict[str, HostGate] = {}
        self.guard = AddressGuard(settings.timeout)
        self.answered = 0  # HTTP answers received: proof that the network works
        self.dns_failures: set[str] = set()
        self._global: asyncio.Semaphore | None = None
        self._client: httpx.AsyncClient | None = None

    async def run(self, urls: list[str]) -> dict[str, Outcome]:
        import httpx

        self._global = asyncio.Semaphore(self.settings.max_concurrency)
        _skip_missing_sniffio_lookups()
        async with httpx.AsyncClient(
            headers={
                "User-Agent": self.settings.user_agent,
                "Accept": BROWSER_ACCEPT,
                "Accept-Language": "en",
            },
            transport=_per_host_pool_class()(self.settings),
            timeout=self.settings.timeout,
            follow_redirects=False,
        ) as client:
            self._client = client
            tasks = {url: asyncio.create_task(self._check_and_report(url)) for url in dict.fromkeys(urls)}
            await asyncio.wait(tasks.values(), timeout=self.settings.total_timeout)
            outcomes = {url: await self._collect(task) for url, task in tasks.items()}
        return self._offline_check(outcomes)

    def _offline_check(self, outcomes: dict[str, Outcome]) -> dict[str, Outcome]:
        """No server answered and names did not resolve: no network, not dead links."""
        if self.answered or len(self.dns_failures) < 2:
            return outcomes
        detail = "DNS failure, like every host in this run: is the network down? (not proven dead)"
        offline = Outcome(Verdict.UNREACHABLE, detail, cacheable=False)
        return {url: offline if url in self.dns_failures else outcome for url, outcome in outcomes.items()}

    async def _collect(self, task: asyncio.Task[Outcome]) -> Outcome:
        if task.done():
            return task.result()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        detail = f"not checked: the run's total timeout ({self.settings.total_timeout:g} s) elapsed"
        return Outcome(Verdict.UNREACHABLE, detail, cacheable=False)

    async def _check_and_report(self, url: str) -> Outcome:
        outcome = await self.check(url)
        self.on_done(url, outcome)
        return outcome

    async def check(self, url: str) -> Outcome:
        """The verdict for one URL (without fragment)."""
        try:
            if self.github is not None and (endpoint := self.github.repo_endpoint(url)):
                outcome = await self._check_github(url, endpoint)
                if outcome is not None:
                    return outcome
            return await self._follow(url)
        except LinkFailure as failure:
            if failure.dns:
                self.dns_failures.add(url)
            return Outcome(failure.verdict, failure.detail)
        except ValueError as error:  # urllib cannot split it
            return Outcome(Verdict.DEAD, f"invalid URL ({error})")
        except (OSError, RuntimeError) as error:  # an odd socket error: not proven dead
            return Outcome(
                Verdict.UNREACHABLE, f"not checked ({type(error).__name__}: {error})", cacheable=False
            )

    # -- redirects -------------------------------------------------------------------------

    async def _follow(self, url: str) -> Outcome:
        chain = [url]
        permanent_target: str | None = None
        only_permanent = True
        current = url
        for _ in range(self.settings.max_redirects + 1):
            refusal = (
                None if self.allow_private else await self.guard.refusal(urlsplit(current).hostname or "")
            )
            if refusal:
                return Outcome(
                    Verdict.SKIPPED, refusal if current == url else f"redirects to {current}: {refusal}"
                )
            answer = await self._fetch_hop(current, first=current == url)
            if answer.status not in REDIRECTS or not answer.location:
                return self._verdict(url, answer, chain, permanent_target)
            following = urljoin(current, answer.location.strip())
            only_permanent = only_permanent and answer.status in PERMANENT
            permanent_target = following if only_permanent else permanent_target
            if urlsplit(following).scheme not in ("http", "https"):
                return Outcome(Verdict.ALIVE, f"redirects to {following}")
            if chain.count(following) >= 2:  # a second visit is allowed: cookies may settle it
                return Outcome(Verdict.DEAD, "redirect loop: " + " -> ".join([*chain[-3:], following]))
            chain.append(following)
            current = following
        return Outcome(Verdict.UNREACHABLE, f"more than {self.settings.max_redirects} redirects")

    async def _fetch_hop(self, url: str, *, first: bool) -> Answer:
        """One hop; a failure after a redirect says where the redirect led."""
        try:
            return await self._fetch(url)
        except LinkFailure as failure:
            if first:
                raise
            raise LinkFailure(failure.verdict, f"redirects to {url}: {failure.detail}") from None

    def _verdict(self, url: str, answer: Answer, chain: list[str], permanent_target: str | None) -> Outcome:
        via = f"redirects to {chain[-1]}, which answers " if len(chain) > 1 else ""
        host = self.settings.host_settings(urlsplit(chain[-1]).hostname or "")
        accepted = {*self.settings.accept, *(host.accept if host else ())}
        status = answer.status
        if status < 400 or status in accepted:
            return self._alive(url, permanent_target)
        if status in DEAD_STATUSES:
            return Outcome(Verdict.DEAD, via + describe_status(status))
        hint = (
            " (the server may block automated checks; see links.accept)" if status in (401, 403, 999) else ""
        )
        return Outcome(Verdict.UNREACHABLE, via + describe_status(status) + hint)

    @staticmethod
    def _alive(url: str, permanent_target: str | None) -> Outcome:
        if permanent_target is None or is_trivial(url, permanent_target) or is_login_page(permanent_target):
            return Outcome(Verdict.ALIVE)
        fixable = not lands_on_home_page(url, permanent_target)
        return Outcome(Verdict.REDIRECT, "permanent redirect", permanent_target, fixable)

    # -- one hop: HEAD, GET, retries -------------------------------------------------------------

    async def _fetch(self, url: str) -> Answer:
        host_name = urlsplit(url).hostname or ""
        host = self.settings.host_settings(host_name)
        method = "GET" if host and host.method == "get" else "HEAD"
        attempt = 0
        while True:
            try:
                answer = await self._attempt(method, url, host)
            except LinkFailure as failure:
                if failure.verdict is not Verdict.UNREACHABLE or attempt >= self._retries_for(failure):
                    raise
                await asyncio.sleep(self._backoff(attempt))
                attempt += 1
                continue
            if method == "HEAD" and self._wants_get(answer.status):
                method = "GET"
                continue
            if answer.status == 429 or (answer.status >= 500 and answer.status != 501):
                if attempt >= self.settings.retries:
                    suffix = f" after {attempt} retries" if attempt else ""
                    raise LinkFailure(Verdict.UNREACHABLE, describe_status(answer.status) + suffix)
                await self._wait_before_retry(host_name, answer, attempt)
                attempt += 1
                continue
            return answer

    def _retries_for(self, failure: LinkFailure) -> int:
        if failure.timed_out and not self.settings.retry_timeouts:
            return 0
        return self.settings.retries

    @staticmethod
    def _wants_get(status: int) -> bool:
        """HEAD refused or answered with an error that GET may contradict (429 and 5xx are retried)."""
        return status >= 400 and status != 429 and (status < 500 or status == 501)

    def _backoff(self, attempt: int) -> float:
        delay = self.settings.backoff * (2**attempt) * random.uniform(0.5, 1.5)
        return min(delay, self.settings.retry_cap)

    async def _wait_before_retry(self, host_name: str, answer: Answer, attempt: int) -> None:
        asked = retry_after_seconds(answer.retry_after)
        if answer.status == 429:
            if asked is not None and asked > self.settings.retry_cap:
                raise LinkFailure(
                    Verdict.UNREACHABLE,
                    f"429 Too Many Requests (Retry-After {asked:g} s is over the retry cap)",
                )
            self._gate(host_name).slow_down()
            await asyncio.sleep(asked if asked is not None else self._backoff(attempt))
            return
        await asyncio.sleep(
            min(asked, self.settings.retry_cap) if asked is not None else self._backoff(attempt)
        )

    def _gate(self, host_name: str) -> HostGate:
        if host_name not in self.gates:
            host = self.settings.host_settings(host_name)
            self.gates[host_name] = HostGate((host.per_host if host else None) or self.settings.per_host)
        return self.gates[host_name]

    @asynccontextmanager
    async def _global_slot(self) -> AsyncIterator[None]:
        """A slot of the global limit, given back early when the request stalls.

        A request without an answer after ``stall-after`` seconds (a server that never
        answers) keeps its per-host slot but stops counting against ``max-concurrency``,
        so a few dead servers cannot starve the rest of the run.
        """
        assert self._global is not None
        semaphore = self._global
        await semaphore.acquire()
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                semaphore.release()

        stall_after = self.settings.stall_after
        timer = asyncio.get_running_loop().call_later(stall_after, release) if stall_after else None
        try:
            yield
        finally:
            if timer is not None:
                timer.cancel()
            release()

    async def _attempt(self, method: str, url: str, host: HostSettings | None) -> Answer:
        import httpx

        assert self._client is not None and self._global is not None
        timeout = (host.timeout if host else None) or self.settings.timeout
        headers = host.headers if host else {}
        async with self._gate(urlsplit(url).hostname or "").slot(), self._global_slot():
            try:
                request = self._client.build_request(method, url, headers=headers, timeout=timeout)
                async with asyncio.timeout(timeout):
                    response = await self._client.send(request, stream=True)
                    if method == "HEAD":
                        await response.aread()  # no body by definition; finishing it keeps the connection
                    await response.aclose()  # a GET body is never read: the connection is dropped
                self.answered += 1
                return Answer(
                    response.status_code,
                    response.headers.get("location"),
                    response.headers.get("retry-after"),
                )
            except (TimeoutError, httpx.TimeoutException):
                raise LinkFailure(
                    Verdict.UNREACHABLE, f"timed out after {timeout:g} s", timed_out=True
                ) from None
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
                raise LinkFailure(Verdict.DEAD, f"invalid URL ({error})") from None
            except httpx.TransportError as error:
                final = classify_connect_error(error)
                if final is not None:
                    raise final from None
                raise LinkFailure(
                    Verdict.UNREACHABLE, f"connection failed ({error or type(error).__name__})"
                ) from None

    # -- GitHub API -------------------------------------------------------------------------------

    async def _check_github(self, url: str, endpoint: str) -> Outcome | None:
        """The API's verdict on a repository link; None to fall back to a plain check (bad token)."""
        assert self._client is not None and self._global is not None and self.github is not None
        async with self._gate(urlsplit(endpoint).hostname or "").slot(), self._global_slot():
            try:
                response = await self._client.get(
                    endpoint, headers=self.github.headers, follow_redirects=True
                )
            except Exception as error:  # any API trouble is reported, not raised
                return Outcome(Verdict.UNREACHABLE, f"GitHub API request failed ({type(error).__name__})")
        if response.status_code == 401:
            return None
        if response.status_code == 404:
            return Outcome(Verdict.DEAD, "404 Not Found (GitHub API: no such repository)")
        if response.status_code != 200:
            return Outcome(
                Verdict.UNREACHABLE, f"GitHub API answered {describe_status(response.status_code)}"
            )
        html_url = str(response.json().get("html_url") or url)
        if same_repository(url, html_url):
            return Outcome(Verdict.ALIVE)
        return Outcome(Verdict.REDIRECT, "repository moved", html_url, True)
