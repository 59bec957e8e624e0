"""Refusing URLs that point into the checker's own network (SSRF guard).

A pull request must not make a CI runner probe private, loopback, link-local or
cloud-metadata addresses. Every hop of a redirect chain is checked. The check
resolves the host itself; the connection resolves it again, so a DNS answer that
changes in between (rebinding) is not caught: this guards against lists, not
against a hostile DNS server.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

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


def _literal(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class AddressGuard:
    """Answers "may this host be contacted?" once per host and run."""

    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout
        self._verdicts: dict[str, asyncio.Future[str | None]] = {}

    async def refusal(self, host: str) -> str | None:
        """None when the host is public, else why it is refused; DNS errors pass (the request sees them)."""
        host = host.lower().rstrip(".")
        if host not in self._verdicts:
            self._verdicts[host] = asyncio.ensure_future(self._decide(host))
        return await asyncio.shield(self._verdicts[host])

    async def _decide(self, host: str) -> str | None:
        if host in _METADATA_NAMES or host == "localhost" or host.endswith(".localhost"):
            return f"{host} is a local or metadata name"
        literal = _literal(host)
        if literal is not None:
            return f"{host} is a private address" if is_forbidden_address(literal) else None
        try:
            lookup = asyncio.get_running_loop().getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
            infos = await asyncio.wait_for(lookup, self.timeout)
        except (OSError, TimeoutError):
            return None  # the request itself fails (or times out) and reports it
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
            if is_forbidden_address(address):
                return f"{host} resolves to the private address {address}"
        return None
