"""Where listbot comes from: its installed version, its repository and its rule reference.

Read from the installed package's metadata (``[project.urls]`` in pyproject.toml), so the
links follow a fork that renames the repository. Importing this module is cheap; the
metadata is read when a function is called.
"""

from __future__ import annotations

from functools import cache

from listbot.extras import DISTRIBUTION

FALLBACK_SOURCE = "https://github.com/listbot-dev/listbot"  # a source tree that was never installed


@cache
def version() -> str:
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0+unknown"


@cache
def declared_source() -> str | None:
    """The repository named by ``[project.urls]`` (Source, Repository or Homepage)."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata(DISTRIBUTION).get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    by_label = {label.strip().casefold(): url.strip() for label, _, url in (u.partition(",") for u in urls)}
    for label in ("source", "repository", "homepage"):
        if by_label.get(label, "").startswith("https://"):
            return by_label[label].removesuffix(".git").rstrip("/")
    return None


def rule_anchor(code: str, name: str) -> str:
    """GitHub's anchor of the rule's heading in the README (``### LB304 url-noncanonical``)."""
    return f"{code.lower()}-{name}"


def rule_url(code: str, name: str, source: str | None = None) -> str:
    """The rule's section of the README's rule reference."""
    return f"{source or declared_source() or FALLBACK_SOURCE}#{rule_anchor(code, name)}"
