"""How many requests may be in flight: per host (politeness) and in all (the machine).

The per-host limit (``per-host``, 4 by default, lowered by one on each 429 down to
half) is what servers see. The global limit only protects this machine; by default
it is as wide as the per-host limits allow for the hosts of the run
(``per-host`` x distinct hosts, capped at :data:`GLOBAL_CAP`), because a narrow global
limit, not the servers, was the bottleneck on lists with many hosts. An explicit
``max-concurrency`` wins.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from listbot.config.links import LinksSettings
from listbot.links.targets import host_of

GLOBAL_CAP = 256


def distinct_hosts(urls: Iterable[str]) -> set[str]:
    """The hosts of ``urls`` as requests will see them; malformed URLs and URLs without a host add none."""
    hosts = {host_of(url).lower().rstrip(".") for url in urls}
    hosts.discard("")
    return hosts


def host_limit(settings: LinksSettings, host: str) -> int:
    override = settings.host_settings(host)
    return (override.per_host if override else None) or settings.per_host


def global_limit(settings: LinksSettings, hosts: Iterable[str]) -> int:
    """``max-concurrency`` when set, else the sum of the per-host limits of the run's ``hosts``
    (see :func:`distinct_hosts`), capped."""
    if settings.max_concurrency is not None:
        return settings.max_concurrency
    total = sum(host_limit(settings, host) for host in hosts)
    return max(settings.per_host, min(GLOBAL_CAP, total))


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


class GlobalLimit:
    """The global limit; a request silent for ``stall_after`` seconds gives its slot back.

    A request without an answer after ``stall-after`` seconds (a server that never
    answers) keeps its per-host slot but stops counting against the global limit, so
    a few dead servers cannot starve the rest of the run.
    """

    def __init__(self, limit: int, stall_after: float) -> None:
        self.limit = limit
        self.stall_after = stall_after
        self._semaphore = asyncio.Semaphore(limit)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        semaphore = self._semaphore
        await semaphore.acquire()
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                semaphore.release()

        loop = asyncio.get_running_loop()
        timer = loop.call_later(self.stall_after, release) if self.stall_after else None
        try:
            yield
        finally:
            if timer is not None:
                timer.cancel()
            release()
