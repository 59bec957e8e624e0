"""Paper truth (issue 12): does each entry link the paper it names, is its code link alive?

The engine for ``listbot check --metadata``. The core hands over plain
:class:`PaperRef` values and gets :class:`Finding` values back::

    from listbot.metadata import PaperRef, check_papers

    findings = check_papers(refs, config.metadata, use_cache=True, cache_path=None)

``check_papers`` raises :class:`MetadataUnavailable` (a one-line message) when a source
cannot be reached at all. LB814 (badge-mismatch) needs no network:
:func:`badge_findings` serves the offline rule. Importing this package is cheap: httpx
and sqlite3 are imported only by a run that needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from listbot.metadata.model import Finding, MetadataUnavailable, PaperRef, RunStats

if TYPE_CHECKING:
    from pathlib import Path

    from listbot.config.metadata import MetadataSettings

__all__ = [
    "Finding",
    "MetadataUnavailable",
    "PaperRef",
    "RunStats",
    "badge_findings",
    "check_papers",
]


def check_papers(
    refs: list[PaperRef],
    settings: MetadataSettings,
    *,
    use_cache: bool = True,
    cache_path: str | Path | None = None,
    badges: bool = True,
    stats: RunStats | None = None,
) -> list[Finding]:
    """LB801-LB814 findings and "unverified" notes for ``refs`` (see :mod:`listbot.metadata.check`)."""
    from listbot.metadata.check import check_papers as run

    return run(refs, settings, use_cache=use_cache, cache_path=cache_path, badges=badges, stats=stats)


def badge_findings(ref: PaperRef) -> list[Finding]:
    """LB814 for one entry, offline."""
    from listbot.metadata.badges import badge_findings as findings

    return findings(ref)
