"""What checking one URL found: plain data shared by the checker, the cache and the rules."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    ALIVE = "alive"
    REDIRECT = "redirect"  # alive, behind a permanent redirect (LB702)
    DEAD = "dead"  # LB701
    UNREACHABLE = "unreachable"  # LB703: not proven dead
    SKIPPED = "skipped"  # refused (private address): counted in the summary, never reported


@dataclass(frozen=True, slots=True)
class Outcome:
    verdict: Verdict
    detail: str = ""  # "404 Not Found", "DNS failure: ...", "timed out after 5 s"
    final_url: str | None = None  # the rewrite target of a REDIRECT
    fixable: bool = True  # a REDIRECT whose target is worth writing into the list
    cacheable: bool = True  # False when the network, not the link, may be at fault (DNS, resets, cut runs)


class NetworkDown(Exception):
    """No network: the first hosts of the run all failed to resolve or connect. ``str()`` is one line.

    Raised by ``check_documents`` before anything is reported or cached; the command
    line prints the message and exits 2.
    """
