"""Is there a network at all? Decided from the run's own first lookups and connections.

No probe of its own (no address outside the list is ever contacted): the guard and
the transport report every lookup and connection. The first connection that opens
proves the network works, and the watch goes quiet. The network is declared down
when the first few distinct hosts (:data:`PROBE_HOSTS`, or all of a smaller run, at
least two) have failed to resolve or to connect, no connection has opened, no host
that did resolve is still waiting for its first connection, and all of this still
holds :data:`GRACE` seconds later (a list that starts with dead names gets its
answers for the live ones in the meantime). Then the checker stops at once and
``check_documents`` raises :class:`~listbot.outcomes.NetworkDown` instead of
reporting every link as unreachable one by one, and caches nothing.

A run with a single host is never declared down: one failing host says nothing
about the network.
"""

from __future__ import annotations

import asyncio

from listbot.links.safety import NetworkObserver

PROBE_HOSTS = 3
GRACE = 1.0


def hosts_needed(distinct_hosts: int) -> int:
    """How many distinct hosts must fail before the network is declared down (0: never)."""
    return min(PROBE_HOSTS, distinct_hosts) if distinct_hosts >= 2 else 0


class NetworkWatch(NetworkObserver):
    def __init__(self, needed: int = PROBE_HOSTS) -> None:
        self.needed = needed
        self.up = False
        self.failures: dict[str, str] = {}
        self.pending: set[str] = set()  # resolved, first connection not yet opened or failed
        self.down = asyncio.Event()
        self._timer: asyncio.TimerHandle | None = None

    def resolved(self, host: str) -> None:
        if not self.up and host not in self.failures:
            self.pending.add(host)

    def settled(self, host: str) -> None:
        """The host will not be connected to (refused by the guard): it proves nothing either way."""
        self.pending.discard(host)
        self._decide()

    def failed(self, host: str, reason: str) -> None:
        if self.up:
            return
        self.pending.discard(host)
        self.failures.setdefault(host, reason)
        self._decide()

    def reached(self, host: str) -> None:
        self.up = True
        self.pending.clear()
        self._cancel_timer()

    def looks_down(self) -> bool:
        return bool(self.needed) and not self.up and not self.pending and len(self.failures) >= self.needed

    def _decide(self) -> None:
        if self.looks_down() and self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(GRACE, self._confirm)

    def _confirm(self) -> None:
        self._timer = None
        if self.looks_down():
            self.down.set()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def close(self) -> None:
        self._cancel_timer()

    def message(self) -> str:
        shown = list(self.failures.items())[: self.needed]
        reasons = "; ".join(f"{host}: {reason}" for host, reason in shown)
        text = (
            f"the network seems down: none of the first {len(shown)} hosts could be reached "
            f"({reasons}); no link was checked and nothing was cached"
        )
        return " ".join(text.split())  # one line, whatever the reasons hold
