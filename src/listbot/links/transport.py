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

The streams are plain asyncio transports (:class:`AsyncioStream`), not httpcore's
anyio backend: a cancel scope per read and write and a dictionary of attribute
getters built on every keep-alive check were about a third of the CPU of a request.
"""

from __future__ import annotations

import asyncio
import re
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore

from listbot.config.links import LinksSettings
from listbot.links.safety import AddressGuard, NetworkObserver

Headers = list[tuple[bytes, bytes]]
_DEFAULT_PORTS = {"http": 80, "https": 443}
# URLs made only of these need no normalising: no IDNA, no percent-encoding, no user info
_PLAIN_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9\-._~!$&'()*+,;=:/?%]*)?$")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True, slots=True)
class RequestUrl:
    """What a request needs of a URL, in wire form: scheme, IDNA host, port, target, Host header."""

    scheme: bytes
    host: bytes
    port: int | None
    target: bytes
    netloc: bytes

    @property
    def name(self) -> str:
        return self.host.decode("ascii")

    @classmethod
    def parse(cls, url: str) -> RequestUrl:
        """httpx's parse (IDNA, percent-encoding, dot segments), skipped for plain ASCII URLs that
        need none of it; raises ValueError for a URL that cannot be requested."""
        plain = cls._parse_plain(url.split("#", 1)[0])
        return plain if plain is not None else cls._parse_with_httpx(url)

    @classmethod
    def _parse_plain(cls, url: str) -> RequestUrl | None:
        if not _PLAIN_URL.match(url) or "/." in url[8:] or _BAD_ESCAPE.search(url):
            return None
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), (parts.hostname or ""), parts.port
        if not host:
            return None
        port = None if port == _DEFAULT_PORTS[scheme] else port
        target = (parts.path or "/") + (f"?{parts.query}" if "?" in url else "")
        netloc = host if port is None else f"{host}:{port}"
        return cls(scheme.encode(), host.encode(), port, target.encode(), netloc.encode())

    @classmethod
    def _parse_with_httpx(cls, url: str) -> RequestUrl:
        import httpx

        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as error:
            raise ValueError(str(error)) from None
        if parsed.scheme not in ("http", "https") or not parsed.raw_host:
            raise ValueError("not an absolute http(s) URL")
        return cls(parsed.raw_scheme, parsed.raw_host, parsed.port, parsed.raw_path, parsed.netloc)


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


_READ_AHEAD = 256 * 1024  # bytes buffered before the socket stops being read (a body nobody reads)


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


class _StreamProtocol(asyncio.Protocol):
    """Buffers what arrives and wakes the one reader or writer waiting (httpcore waits one at a time)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.closed = False
        self.error: BaseException | None = None
        self.read_waiter: asyncio.Future[None] | None = None
        self.drain_waiter: asyncio.Future[None] | None = None
        self.writing_paused = False
        self.reading_paused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > _READ_AHEAD and self.transport is not None and not self.reading_paused:
            self.reading_paused = True
            self.transport.pause_reading()
        self._wake_reader()

    def eof_received(self) -> bool:
        self.closed = True
        self._wake_reader()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.error = exc
        self._wake_reader()
        self.resume_writing()

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        if self.drain_waiter is not None and not self.drain_waiter.done():
            self.drain_waiter.set_result(None)

    def _wake_reader(self) -> None:
        if self.read_waiter is not None and not self.read_waiter.done():
            self.read_waiter.set_result(None)


async def _wait(waiter: asyncio.Future[None], timeout: float | None) -> None:
    """Await ``waiter``; TimeoutError after ``timeout`` seconds (a timer, not a cancel scope)."""
    timer = None if timeout is None else asyncio.get_running_loop().call_later(timeout, _expire, waiter)
    try:
        await waiter
    finally:
        if timer is not None:
            timer.cancel()


class AsyncioStream(httpcore.AsyncNetworkStream):
    """httpcore's network stream on an asyncio transport."""

    def __init__(self, transport: asyncio.Transport, protocol: _StreamProtocol) -> None:
        self.transport = transport
        self.protocol = protocol

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        protocol = self.protocol
        if not protocol.buffer and not protocol.closed:
            protocol.read_waiter = asyncio.get_running_loop().create_future()
            try:
                await _wait(protocol.read_waiter, timeout)
            except TimeoutError:
                raise httpcore.ReadTimeout(f"no data for {timeout} s") from None
            finally:
                protocol.read_waiter = None
        if protocol.buffer:
            data = bytes(protocol.buffer[:max_bytes])
            del protocol.buffer[:max_bytes]
            if protocol.reading_paused and len(protocol.buffer) < _READ_AHEAD // 2:
                protocol.reading_paused = False
                self.transport.resume_reading()
            return data
        if protocol.error is not None:
            raise httpcore.ReadError(str(protocol.error) or type(protocol.error).__name__) from protocol.error
        return b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        if self.transport.is_closing():
            raise httpcore.WriteError("the connection is closed")
        self.transport.write(buffer)
        if self.protocol.writing_paused:
            self.protocol.drain_waiter = asyncio.get_running_loop().create_future()
            try:
                await _wait(self.protocol.drain_waiter, timeout)
            except TimeoutError:
                raise httpcore.WriteTimeout(f"could not send for {timeout} s") from None
            finally:
                self.protocol.drain_waiter = None
            if self.protocol.closed:
                raise httpcore.WriteError("the connection closed while sending")

    async def aclose(self) -> None:
        self.transport.close()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(
                    self.transport, self.protocol, ssl_context, server_hostname=server_hostname
                )
        except TimeoutError:
            self.transport.abort()
            raise httpcore.ConnectTimeout(f"TLS handshake took over {timeout} s") from None
        except (OSError, ssl.SSLError) as error:
            self.transport.abort()
            raise httpcore.ConnectError(str(error) or type(error).__name__) from error
        if transport is None:  # the connection closed during the handshake
            raise httpcore.ConnectError("the connection closed during the TLS handshake")
        self.protocol.transport = transport  # type: ignore[assignment]
        return AsyncioStream(transport, self.protocol)  # type: ignore[arg-type]

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # asked of idle connections: has the server closed or sent junk?
            return self.protocol.closed or bool(self.protocol.buffer)
        if info == "ssl_object":
            return self.transport.get_extra_info("ssl_object")
        if info in ("client_addr", "server_addr"):
            return self.transport.get_extra_info("sockname" if info == "client_addr" else "peername")
        if info == "socket":
            return self.transport.get_extra_info("socket")
        return None


async def open_stream(address: str, port: int, timeout: float | None) -> AsyncioStream:
    """A TCP connection to an IP address; httpcore's ConnectError/ConnectTimeout on failure."""
    loop = asyncio.get_running_loop()
    protocol = _StreamProtocol()
    try:
        async with asyncio.timeout(timeout):
            transport, _ = await loop.create_connection(lambda: protocol, address, port)
    except TimeoutError:
        raise httpcore.ConnectTimeout(f"no connection after {timeout} s") from None
    except OSError as error:
        raise httpcore.ConnectError(str(error) or type(error).__name__) from error
    return AsyncioStream(transport, protocol)  # type: ignore[arg-type]


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects to the addresses the guard checked for a host, in the order they were answered."""

    def __init__(self, guard: AddressGuard, observer: NetworkObserver) -> None:
        self.guard = guard
        self.observer = observer
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
                stream = await open_stream(str(address), port, timeout)
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
        await asyncio.sleep(seconds)


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
        self.settings = settings
        self.backend = backend
        self._ssl_context: ssl.SSLContext | None = None
        self.pools: dict[tuple[bytes, bytes, int | None], httpcore.AsyncConnectionPool] = {}

    @property
    def ssl_context(self) -> ssl.SSLContext:
        """httpx's context (certifi, or ``SSL_CERT_FILE``/``SSL_CERT_DIR``), made on the first https URL."""
        if self._ssl_context is None:
            import httpx

            self._ssl_context = httpx.create_ssl_context()
        return self._ssl_context

    def _pool(self, url: RequestUrl) -> httpcore.AsyncConnectionPool:
        key = (url.scheme, url.host, url.port)
        pool = self.pools.get(key)
        if pool is None:
            host = self.settings.host_settings(url.name)
            size = (host.per_host if host else None) or self.settings.per_host
            pool = httpcore.AsyncConnectionPool(
                ssl_context=self.ssl_context if url.scheme == b"https" else None,
                max_connections=size,
                max_keepalive_connections=size,
                keepalive_expiry=10.0,
                network_backend=self.backend,
            )
            self.pools[key] = pool
        return pool

    async def send(
        self, method: str, url: RequestUrl, headers: Headers, timeout: float, *, body_limit: int = 0
    ) -> Reply:
        """One request; the body is read only up to ``body_limit`` bytes (HEAD: to the end, it is empty).

        A GET body that is not read is never downloaded: closing the response early
        drops the connection instead of reading on.
        """
        request = httpcore.Request(
            method.encode("ascii"),
            httpcore.URL(scheme=url.scheme, host=url.host, port=url.port, target=url.target),
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
