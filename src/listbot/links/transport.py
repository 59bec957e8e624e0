"""Sending one request: httpcore connection pools, one per host, connecting to checked addresses.

httpx parses and normalises URLs (IDNA, percent-encoding); requests go straight to
httpcore, one :class:`httpcore.AsyncConnectionPool` per origin sized to that host's
limit, so connections are reused without the client layer's per-request work (a
single shared pool as large as all hosts together is slow: httpcore scans every
connection for every request).

Every pool connects through :class:`PinnedBackend`, an httpcore network backend that
asks the :class:`~listbot.links.safety.AddressGuard` for the addresses it checked and
connects to those, never resolving the name again. TLS still uses the host name (SNI
and certificate checks come from the URL's origin in httpcore) and the ``Host`` header
is the URL's, so servers see an ordinary request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpcore

from listbot.links.safety import AddressGuard, NetworkObserver
from listbot.links.settings import LinksSettings

if TYPE_CHECKING:
    import httpx

Headers = list[tuple[bytes, bytes]]


def connect_error_reason(error: BaseException) -> str:
    """A short reason for a failed connection, from the innermost OS error."""
    current: BaseException | None = error
    while current is not None:
        if isinstance(current, ConnectionRefusedError):
            return "connection refused"
        if isinstance(current, OSError) and current.strerror:
            return current.strerror.lower()
        current = current.__cause__ or current.__context__
    return str(error) or type(error).__name__


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects to the addresses the guard checked for a host, in the order they were answered."""

    def __init__(self, guard: AddressGuard, observer: NetworkObserver) -> None:
        self.guard = guard
        self.observer = observer
        self.inner = httpcore.AnyIOBackend()
        self.connections = 0

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.guard.addresses(host)  # resolved once per run; raises when refused
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = await self.inner.connect_tcp(
                    str(address), port, timeout=timeout, local_address=local_address
                )
            except httpcore.ConnectTimeout:
                self.observer.failed(host, "connection timed out")
                raise
            except httpcore.ConnectError as error:
                failure = error
                continue
            self.connections += 1
            self.observer.reached(host)
            return stream
        assert failure is not None  # the guard never answers with no address
        self.observer.failed(host, connect_error_reason(failure))
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the link checker")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: Headers
    body: bytes = b""

    def header(self, name: bytes) -> str | None:
        """A header's value as text (UTF-8, else Latin-1, as servers send both)."""
        for key, value in self.headers:
            if key.lower() == name:
                try:
                    return value.decode("utf-8")
                except UnicodeDecodeError:
                    return value.decode("latin-1")
        return None


class Transport:
    """One pool per (scheme, host, port); ``send`` makes one request and returns the status line."""

    def __init__(self, settings: LinksSettings, backend: PinnedBackend) -> None:
        import httpx

        self.settings = settings
        self.backend = backend
        self.ssl_context = httpx.create_ssl_context()
        self.pools: dict[tuple[bytes, bytes, int | None], httpcore.AsyncConnectionPool] = {}

    def _pool(self, url: httpx.URL) -> httpcore.AsyncConnectionPool:
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self.pools.get(key)
        if pool is None:
            host = self.settings.host_settings(url.host)
            size = (host.per_host if host else None) or self.settings.per_host
            pool = httpcore.AsyncConnectionPool(
                ssl_context=self.ssl_context,
                max_connections=size,
                max_keepalive_connections=size,
                keepalive_expiry=10.0,
                network_backend=self.backend,
            )
            self.pools[key] = pool
        return pool

    async def send(
        self, method: str, url: httpx.URL, headers: Headers, timeout: float, *, body_limit: int = 0
    ) -> Reply:
        """One request; the body is read only up to ``body_limit`` bytes (HEAD: to the end, it is empty).

        A GET body that is not read is never downloaded: closing the response early
        drops the connection instead of reading on.
        """
        request = httpcore.Request(
            method.encode("ascii"),
            httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=[(b"Host", url.netloc), *headers],
            extensions={"timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}},
        )
        response = await self._pool(url).handle_async_request(request)
        try:
            body = await _read(response, body_limit) if method == "HEAD" or body_limit else b""
        finally:
            await response.aclose()
        return Reply(response.status, response.headers, body)

    async def aclose(self) -> None:
        for pool in self.pools.values():
            await pool.aclose()


async def _read(response: httpcore.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_stream():
        chunks.append(chunk)
        size += len(chunk)
        if limit and size > limit:
            break
    return b"".join(chunks)
