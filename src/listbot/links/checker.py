"""The async engine: per-host connection pools, a global and a per-host limit, retries, redirects.

Each URL is checked once per run. A request is HEAD first, then GET when HEAD is
refused or answers anything but success or a redirect (servers lie about HEAD);
GET is closed unread, so bodies are never downloaded. Redirects are followed by
hand: every hop's host goes through the address guard (resolved once per run,
refused when private) before anything is sent, and loops are spotted. Timeouts
are final unless ``retry-timeouts`` is set: a server that never answers costs one
timeout. Connection resets and 5xx are retried with exponential backoff and
jitter; a 429 is retried after its ``Retry-After`` (seconds or HTTP date; over
``retry-cap`` it is not retried) and lowers that host's limit by one (down to half
of ``per-host``) for the rest of the run.

Limits (see :mod:`listbot.links.limits`): a per-host gate is taken first, then a
slot of the global limit. Outcomes that the network rather than the link may
explain (DNS failures, resets, connection timeouts) are not cached. When the first
hosts all fail to resolve or connect, the run stops with
:class:`~listbot.outcomes.NetworkDown` (see :mod:`listbot.links.network`).
"""

from __future__ import annotations

import asyncio
import random
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore

from listbot.config.links import HostSettings, LinksSettings
from listbot.httpstatus import describe_status, retry_after_seconds
from listbot.links.github import GithubApi, same_repository
from listbot.links.limits import GlobalLimit, HostGate, distinct_hosts, global_limit, host_limit
from listbot.links.network import NetworkWatch, hosts_needed
from listbot.links.redirects import (
    is_login_page,
    is_trivial,
    lands_on_home_page,
    rewrite_target,
    split_or_none,
    unsafe_characters,
    unsafe_reason,
)
from listbot.links.safety import (
    DNS_TIMEOUT,
    AddressGuard,
    AddressPredicate,
    AddressRefused,
    ResolutionFailed,
    Resolver,
    is_forbidden_address,
    normal_host,
)
from listbot.links.transport import Headers, PinnedBackend, Reply, RequestUrl, Transport, connect_error_reason
from listbot.outcomes import NetworkDown, Outcome, Verdict

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
DEAD_STATUSES = frozenset({404, 410})
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
API_BODY_LIMIT = 1 << 20
# The request's own timeouts (connect, each read and write) fire first; this bounds a
# server that trickles its headers a byte at a time.
SLOW_ANSWER_GRACE = 0.25


class LinkFailure(Exception):
    """A request that ended without an HTTP answer worth looking at."""

    def __init__(
        self, verdict: Verdict, detail: str, *, timed_out: bool = False, cacheable: bool = True
    ) -> None:
        super().__init__(detail)
        self.verdict = verdict
        self.detail = detail
        self.timed_out = timed_out
        self.cacheable = cacheable

    def after_redirect(self, url: str) -> LinkFailure:
        return LinkFailure(
            self.verdict,
            f"redirects to {url}: {self.detail}",
            timed_out=self.timed_out,
            cacheable=self.cacheable,
        )


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    location: str | None
    retry_after: str | None


def _causes(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def classify_connect_error(error: BaseException) -> LinkFailure | None:
    """A final verdict for refused and TLS errors; None for errors worth a retry."""
    for cause in _causes(error):
        if isinstance(cause, ConnectionRefusedError):
            return LinkFailure(Verdict.DEAD, "connection refused")
        if isinstance(cause, ssl.SSLEOFError | ssl.SSLZeroReturnError):
            return None  # the peer hung up mid-handshake: worth a retry, not proof of a bad certificate
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            reason = getattr(cause, "reason", None) or type(cause).__name__
            return LinkFailure(Verdict.DEAD, f"TLS failure ({reason})")
    return None


def transport_failure(error: Exception, timeout: float) -> LinkFailure:
    """The verdict for an exception raised while sending one request."""
    if isinstance(error, AddressRefused):
        return LinkFailure(Verdict.SKIPPED, str(error))
    if isinstance(error, ResolutionFailed):
        return LinkFailure(Verdict.UNREACHABLE, str(error), cacheable=False)
    if isinstance(error, httpcore.ConnectTimeout):
        return LinkFailure(
            Verdict.UNREACHABLE, f"connection timed out after {timeout:g} s", timed_out=True, cacheable=False
        )
    if isinstance(error, TimeoutError | httpcore.TimeoutException):
        return LinkFailure(Verdict.UNREACHABLE, f"timed out after {timeout:g} s", timed_out=True)
    if isinstance(error, httpcore.UnsupportedProtocol | httpcore.LocalProtocolError):
        return LinkFailure(Verdict.DEAD, f"invalid URL ({error})")
    final = classify_connect_error(error)
    if final is not None:
        return final
    reason = connect_error_reason(error) if isinstance(error, httpcore.ConnectError) else str(error)
    return LinkFailure(
        Verdict.UNREACHABLE, f"connection failed ({reason or type(error).__name__})", cacheable=False
    )


def parse_url(url: str) -> RequestUrl:
    """The URL in wire form (IDNA host, percent-encoding); a URL that cannot be requested is dead."""
    try:
        return RequestUrl.parse(url)
    except (ValueError, UnicodeError) as error:
        raise LinkFailure(Verdict.DEAD, f"invalid URL ({error})") from None


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


class Checker:
    """Checks a batch of URLs; ``run`` returns an outcome per URL or raises NetworkDown."""

    def __init__(
        self,
        settings: LinksSettings,
        *,
        allow_private: bool,
        github: GithubApi | None = None,
        on_done: Callable[[str, Outcome], None] | None = None,
        resolver: Resolver | None = None,
        forbidden_address: AddressPredicate | None = None,
    ) -> None:
        self.settings = settings
        self.allow_private = allow_private
        self.github = github if settings.github_api else None
        self.on_done = on_done or (lambda url, outcome: None)
        self.gates: dict[str, HostGate] = {}
        self.watch = NetworkWatch()
        self.guard = AddressGuard(
            allow_private=allow_private,
            resolver=resolver,
            timeout=min(settings.timeout, DNS_TIMEOUT),
            forbidden=forbidden_address or is_forbidden_address,
            observer=self.watch,
        )
        if self.github is not None:
            self.guard.trust(urlsplit(self.github.base).hostname or "")
        self.backend = PinnedBackend(self.guard, self.watch)
        self.global_limit: GlobalLimit | None = None
        self._transport: Transport | None = None
        self._headers: Headers = [
            (b"User-Agent", settings.user_agent.encode("utf-8")),
            (b"Accept", BROWSER_ACCEPT.encode("ascii")),
            (b"Accept-Language", b"en"),
            (b"Accept-Encoding", b"gzip, deflate"),
        ]

    async def run(self, urls: list[str]) -> dict[str, Outcome]:
        urls = list(dict.fromkeys(urls))
        _skip_missing_sniffio_lookups()
        hosts = distinct_hosts(urls)
        self.global_limit = GlobalLimit(global_limit(self.settings, hosts), self.settings.stall_after)
        self.watch.needed = hosts_needed(len(hosts))
        self._transport = Transport(self.settings, self.backend)
        try:
            tasks = {url: asyncio.create_task(self._check_and_report(url)) for url in urls}
            if await self._network_went_down(list(tasks.values())):
                raise NetworkDown(self.watch.message())
            return {url: await self._collect(task) for url, task in tasks.items()}
        finally:
            self.watch.close()
            await self._transport.aclose()

    async def _network_went_down(self, tasks: list[asyncio.Task[Outcome]]) -> bool:
        """Wait for every task (up to the total timeout) or for the network to be declared down."""
        everything = asyncio.gather(*tasks, return_exceptions=True)
        down = asyncio.ensure_future(self.watch.down.wait())
        waited: list[asyncio.Future[Any]] = [everything, down]
        await asyncio.wait(waited, timeout=self.settings.total_timeout, return_when="FIRST_COMPLETED")
        # when every task ended, the evidence is complete: no need to wait out the grace period
        went_down = self.watch.down.is_set() or (everything.done() and self.watch.looks_down())
        down.cancel()
        if went_down:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        return went_down

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
            return Outcome(failure.verdict, failure.detail, cacheable=failure.cacheable)
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
        unsafe_location: str | None = None  # why a Location header of the permanent chain is unsafe
        only_permanent = True
        current = url
        for _ in range(self.settings.max_redirects + 1):
            try:
                answer = await self._hop(current)
            except LinkFailure as failure:
                if current == url:
                    raise
                raise failure.after_redirect(current) from None
            except AddressRefused as refusal:
                detail = str(refusal) if current == url else f"redirects to {current}: {refusal}"
                return Outcome(Verdict.SKIPPED, detail)
            if answer.status not in REDIRECTS or not answer.location:
                return self._verdict(url, answer, chain, permanent_target, unsafe_location)
            location = answer.location.strip()
            following = urljoin(current, location)
            only_permanent = only_permanent and answer.status in PERMANENT
            if only_permanent:
                permanent_target = following
                unsafe_location = unsafe_location or unsafe_characters(location)
            if urlsplit(following).scheme not in ("http", "https"):
                return Outcome(Verdict.ALIVE, f"redirects to {following}")
            if chain.count(following) >= 2:  # a second visit is allowed: cookies may settle it
                return Outcome(Verdict.DEAD, "redirect loop: " + " -> ".join([*chain[-3:], following]))
            chain.append(following)
            current = following
        return Outcome(Verdict.UNREACHABLE, f"more than {self.settings.max_redirects} redirects")

    async def _hop(self, url: str) -> Answer:
        """One hop: the host's addresses checked (and pinned for the connection), then the request."""
        parsed = parse_url(url)
        try:
            await self.guard.addresses(parsed.name)
        except ResolutionFailed as failure:
            raise LinkFailure(Verdict.UNREACHABLE, str(failure), cacheable=False) from None
        return await self._fetch(parsed)

    def _verdict(
        self,
        url: str,
        answer: Answer,
        chain: list[str],
        permanent_target: str | None,
        unsafe_location: str | None = None,
    ) -> Outcome:
        via = f"redirects to {chain[-1]}, which answers " if len(chain) > 1 else ""
        host = self.settings.host_settings(urlsplit(chain[-1]).hostname or "")
        accepted = {*self.settings.accept, *(host.accept if host else ())}
        status = answer.status
        if status < 400 or status in accepted:
            return self._alive(url, permanent_target, unsafe_location)
        if status in DEAD_STATUSES:
            return Outcome(Verdict.DEAD, via + describe_status(status))
        hint = (
            " (the server may block automated checks; see links.accept)" if status in (401, 403, 999) else ""
        )
        return Outcome(Verdict.UNREACHABLE, via + describe_status(status) + hint)

    def _alive(self, url: str, permanent_target: str | None, unsafe_location: str | None = None) -> Outcome:
        if permanent_target is None:
            return Outcome(Verdict.ALIVE)
        if split_or_none(permanent_target) is not None and (
            is_trivial(url, permanent_target) or is_login_page(permanent_target)
        ):
            return Outcome(Verdict.ALIVE)
        return self._redirect(url, permanent_target, "permanent redirect", unsafe_location)

    def _redirect(self, url: str, target: str, detail: str, unsafe_location: str | None = None) -> Outcome:
        """LB702's outcome: a fix only to a target that is safe to write into the list."""
        written = None if unsafe_location else rewrite_target(target, allow_private=self.allow_private)
        if written is None:
            reason = unsafe_location or unsafe_reason(target) or "it names a private address"
            return Outcome(
                Verdict.REDIRECT,
                f"redirects permanently to a URL that cannot be written into the list ({reason}); not fixed",
                None,
                False,
            )
        return Outcome(Verdict.REDIRECT, detail, written, not lands_on_home_page(url, written))

    # -- one hop: HEAD, GET, retries -------------------------------------------------------------

    async def _fetch(self, url: RequestUrl) -> Answer:
        host_name = normal_host(url.name)
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
        gate = self.gates.get(host_name)
        if gate is None:
            gate = self.gates[host_name] = HostGate(host_limit(self.settings, host_name))
        return gate

    async def _send(
        self, method: str, url: RequestUrl, headers: Headers, timeout: float, *, body_limit: int = 0
    ) -> Reply:
        """One request under the host's gate and a global slot, bounded by the timeout."""
        assert self._transport is not None and self.global_limit is not None
        async with self._gate(normal_host(url.name)).slot(), self.global_limit.slot():
            try:
                async with asyncio.timeout(timeout + SLOW_ANSWER_GRACE):
                    return await self._transport.send(method, url, headers, timeout, body_limit=body_limit)
            except (
                TimeoutError,
                httpcore.TimeoutException,
                httpcore.NetworkError,
                httpcore.ProtocolError,
                httpcore.UnsupportedProtocol,
                AddressRefused,
                ResolutionFailed,
                OSError,
            ) as error:
                raise transport_failure(error, timeout) from None

    async def _attempt(self, method: str, url: RequestUrl, host: HostSettings | None) -> Answer:
        timeout = (host.timeout if host else None) or self.settings.timeout
        headers = self._headers
        if host and host.headers:
            extra = [(name.encode("utf-8"), value.encode("utf-8")) for name, value in host.headers.items()]
            names = {name.lower() for name, _ in extra}
            headers = [*(header for header in headers if header[0].lower() not in names), *extra]
        reply = await self._send(method, url, headers, timeout)
        return Answer(reply.status, reply.header(b"location"), reply.header(b"retry-after"))

    # -- GitHub API -------------------------------------------------------------------------------

    async def _check_github(self, url: str, endpoint: str) -> Outcome | None:
        """The API's verdict on a repository link; None to fall back to a plain check (bad token)."""
        assert self.github is not None
        headers = [
            (b"User-Agent", self.settings.user_agent.encode("utf-8")),
            *((name.encode("ascii"), value.encode("utf-8")) for name, value in self.github.headers.items()),
        ]
        try:
            reply = await self._github_get(endpoint, headers)
        except LinkFailure as failure:  # any API trouble is reported, not raised
            return Outcome(
                Verdict.UNREACHABLE, f"GitHub API request failed ({failure.detail})", cacheable=False
            )
        if reply.status == 401:
            return None
        if reply.status == 404:
            return Outcome(Verdict.DEAD, "404 Not Found (GitHub API: no such repository)")
        if reply.status != 200:
            return Outcome(Verdict.UNREACHABLE, f"GitHub API answered {describe_status(reply.status)}")
        import json

        try:
            html_url = str(json.loads(reply.body).get("html_url") or url)
        except (ValueError, AttributeError):
            return Outcome(
                Verdict.UNREACHABLE, "GitHub API answered something that is not JSON", cacheable=False
            )
        if same_repository(url, html_url):
            return Outcome(Verdict.ALIVE)
        return self._redirect(url, html_url, "repository moved")

    async def _github_get(self, endpoint: str, headers: Headers) -> Reply:
        """GET an API URL, following the API's own redirects (a renamed repository answers 301)."""
        timeout = self.settings.timeout
        for _ in range(4):
            reply = await self._send("GET", parse_url(endpoint), headers, timeout, body_limit=API_BODY_LIMIT)
            location = reply.header(b"location")
            if reply.status not in REDIRECTS or not location:
                return reply
            endpoint = urljoin(endpoint, location.strip())
        return reply
