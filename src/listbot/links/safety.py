"""Refusing URLs that point into the checker's own network (SSRF guard), resolving each name once.

A pull request must not make a CI runner probe private, loopback, link-local or
cloud-metadata addresses. Every hop of a redirect chain is checked. Each host name
is resolved once per run: a name that does not resolve (or whose lookup times out)
is refused, a name with any private address among its answers is refused (unless
private addresses are allowed), and the connection goes to the addresses that were
checked (see :mod:`listbot.links.transport`), so a DNS answer that changes between
the check and the connection (rebinding) changes nothing.

The resolver is injectable (an async function from a host name to addresses), so
tests control every answer without /etc/hosts or a DNS server.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import threading
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], Awaitable[Sequence[str]]]
AddressPredicate = Callable[[IpAddress], bool]

DNS_TIMEOUT = 5.0  # longest wait for one lookup; a slower answer is a failed lookup
_PARALLEL_LOOKUPS = 16

_EXTRA_BLOCKED = (
    ipaddress.ip_network("100.64.0.0/10"),  # carrier-grade NAT; Alibaba Cloud metadata at 100.100.100.200
    ipaddress.ip_network("192.0.0.0/24"),  # IETF protocol assignments, incl. Oracle Cloud metadata
    ipaddress.ip_network("fd00:ec2::/32"),  # AWS IPv6 metadata (also unique-local)
)
_METADATA_NAMES = frozenset({"metadata", "metadata.google.internal", "metadata.goog", "instance-data"})


def is_forbidden_address(address: IpAddress) -> bool:
    """True for addresses a link checker must not connect to."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or any(address in network for network in _EXTRA_BLOCKED if network.version == address.version)
    )


def is_local_name(host: str) -> bool:
    """``localhost`` and the cloud metadata names: refused without asking DNS."""
    host = normal_host(host)
    return host in _METADATA_NAMES or host == "localhost" or host.endswith(".localhost")


def normal_host(host: str) -> str:
    """The form a host is known by in this run: lower case, no trailing dot, no IPv6 brackets."""
    return host.strip().strip("[]").lower().rstrip(".")


def literal_address(host: str) -> IpAddress | None:
    """The address a host written as an IP literal stands for, including the short and numeric
    IPv4 forms that resolvers accept (``127.1``, ``2130706433``, ``0x7f.0.0.1``)."""
    host = normal_host(host)
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        pass
    if not host or not all(part.isalnum() for part in host.split(".")) or not host[-1].isalnum():
        return None
    if not host.replace(".", "").isdigit() and not host.startswith("0x"):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


class AddressRefused(Exception):
    """The host is (or resolves to) a private, loopback or metadata address."""


class ResolutionFailed(Exception):
    """The host name did not resolve (an error, no address, or no answer in time)."""


def _deliver(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


async def system_resolver(host: str) -> list[str]:
    """The system's ``getaddrinfo`` on a daemon thread.

    Not the event loop's executor: a lookup that hangs (no network, a DNS server that
    never answers) would hold up the end of ``asyncio.run`` and the exit of the process
    until the system gives up, long after the checker stopped waiting.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[list[Any]] = loop.create_future()

    def lookup() -> None:
        result: list[Any] | None = None
        error: BaseException | None = None
        try:
            result = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as failure:
            error = failure
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
            loop.call_soon_threadsafe(_deliver, future, result, error)

    threading.Thread(target=lookup, name=f"resolve {host}", daemon=True).start()
    infos = await future
    return [str(info[4][0]) for info in infos]


class NetworkObserver:
    """What the guard and the transport report about the network (see checker.NetworkWatch)."""

    def resolved(self, host: str) -> None: ...

    def settled(self, host: str) -> None: ...

    def failed(self, host: str, reason: str) -> None: ...

    def reached(self, host: str) -> None: ...


class AddressGuard:
    """Resolves each host once per run and answers "may it be contacted, and at which addresses?"."""

    def __init__(
        self,
        *,
        allow_private: bool,
        resolver: Resolver | None = None,
        timeout: float = DNS_TIMEOUT,
        forbidden: AddressPredicate = is_forbidden_address,
        observer: NetworkObserver | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver or system_resolver
        self.timeout = timeout
        self.forbidden = forbidden
        self.observer = observer or NetworkObserver()
        self.trusted: set[str] = set()  # hosts the user configured (the GitHub API): no private check
        self._answers: dict[str, asyncio.Future[tuple[IpAddress, ...]]] = {}
        self._parallel = asyncio.Semaphore(_PARALLEL_LOOKUPS)

    def trust(self, host: str) -> None:
        self.trusted.add(normal_host(host))

    async def addresses(self, host: str) -> tuple[IpAddress, ...]:
        """The checked addresses of ``host``; raises AddressRefused or ResolutionFailed."""
        key = normal_host(host)
        if key not in self._answers:
            self._answers[key] = asyncio.ensure_future(self._decide(key))
        return await asyncio.shield(self._answers[key])

    async def _decide(self, host: str) -> tuple[IpAddress, ...]:
        private_allowed = self.allow_private or host in self.trusted
        if not private_allowed and is_local_name(host):
            raise AddressRefused(f"{host} is a local or metadata name")
        literal = literal_address(host)
        if literal is not None:
            if not private_allowed and self.forbidden(literal):
                raise AddressRefused(f"{host} is a private address")
            self.observer.resolved(host)
            return (literal,)
        try:
            found = await self._resolve(host)
        except ResolutionFailed as failure:
            self.observer.failed(host, str(failure))
            raise
        if not private_allowed:
            for address in found:
                if self.forbidden(address):
                    self.observer.settled(host)
                    raise AddressRefused(f"{host} resolves to the private address {address}")
        self.observer.resolved(host)
        return found

    async def _resolve(self, host: str) -> tuple[IpAddress, ...]:
        async with self._parallel:
            try:
                async with asyncio.timeout(self.timeout):
                    answers = await self.resolver(host)
            except TimeoutError:
                raise ResolutionFailed(f"DNS lookup timed out after {self.timeout:g} s") from None
            except (OSError, UnicodeError) as error:
                reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
                raise ResolutionFailed(f"DNS failure: the host name does not resolve ({reason})") from None
        parsed = (_parse_address(answer) for answer in answers)
        found = tuple(dict.fromkeys(address for address in parsed if address is not None))
        if not found:
            raise ResolutionFailed("DNS failure: no usable address in the answer")
        return found


def _parse_address(answer: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(str(answer).split("%")[0])
    except ValueError:
        return None
