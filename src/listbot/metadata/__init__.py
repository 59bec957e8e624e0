"""Paper truth (issue 12): does each entry link the paper it names, is its code link alive?

The engine for ``listbot check --metadata``. The core hands over plain
:class:`PaperRef` values and gets :class:`Finding` values back::

    from listbot.metadata import PaperRef, check_papers, validate_metadata_config

    settings = validate_metadata_config(config.metadata, "config")
    findings = check_papers(refs, settings, use_cache=True, cache_path=None)

``check_papers`` raises :class:`MetadataUnavailable` (a one-line message) when a source
cannot be reached at all. LB814 (badge-mismatch) needs no network:
:func:`badge_findings` serves the offline rule. Importing this package is cheap: httpx
and sqlite3 are imported only by a run that needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from listbot.metadata.model import Finding, MetadataUnavailable, PaperRef, RunStats

if TYPE_CHECKING:
    from pathlib import Path

    from listbot.metadata.settings import MetadataSettings

__all__ = [
    "Finding",
    "MetadataUnavailable",
    "PaperRef",
    "RunStats",
    "badge_findings",
    "check_papers",
    "validate_metadata_config",
]


def validate_metadata_config(raw: dict[str, Any] | bool, where: str) -> MetadataSettings:
    """Validate ``[tool.listbot.metadata]`` (or ``metadata = true``); raises ConfigError naming the key."""
    from listbot.metadata.settings import validate_metadata_config as validate

    return validate(raw, where)


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
