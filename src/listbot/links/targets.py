"""Which links of which documents to check: http(s), not excluded, optionally only changed lines."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from listbot.config.links import LinksSettings
from listbot.diffmap import from_patch
from listbot.model import Document, Link

CHANGED_LINE_SPECS = ("git-staged",)


@dataclass(frozen=True, slots=True)
class Target:
    doc: Document
    link: Link
    request_url: str  # the URL without its fragment: what is fetched, and the cache key


def request_url(url: str) -> str:
    try:
        return urlunsplit(urlsplit(url.strip())._replace(fragment=""))
    except ValueError:  # malformed (e.g. an unclosed IPv6 bracket): the checker reports it
        return url.strip().split("#", 1)[0]


def host_of(url: str) -> str:
    try:
        return urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""


def is_web_url(url: str) -> bool:
    scheme, _, rest = url.strip().partition("://")
    return scheme.lower() in ("http", "https") and bool(rest)


def staged_lines(path: str) -> frozenset[int]:
    """1-based lines of ``path`` added in the index (``git diff --cached -U0``)."""
    from listbot.config import ConfigError

    try:
        diff = subprocess.run(
            ["git", "diff", "--cached", "-U0", "--no-color", "--no-ext-diff", "--", path],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise ConfigError(
            f"--changed-lines git-staged: cannot read the staged diff of {path} ({error})"
        ) from None
    return from_patch(diff, path).added


def _line_filter(doc: Document, changed_lines: str | None) -> frozenset[int] | None:
    if changed_lines is None:
        return None
    if changed_lines not in CHANGED_LINE_SPECS:
        from listbot.config import ConfigError

        raise ConfigError(f"--changed-lines: unknown value {changed_lines!r} (expected: git-staged)")
    return staged_lines(doc.path)


class Excluder:
    """Counts and answers "is this URL left alone?" (exclude patterns, skipped hosts, images)."""

    def __init__(self, settings: LinksSettings) -> None:
        self.settings = settings
        self.patterns = [re.compile(pattern) for pattern in settings.exclude]
        self.count = 0

    def excludes(self, link: Link) -> bool:
        host = self.settings.host_settings(host_of(link.url))
        excluded = (
            (link.image and not self.settings.check_images)
            or bool(host and host.skip)
            or any(pattern.search(link.url) for pattern in self.patterns)
        )
        self.count += excluded
        return excluded


def collect_targets(docs: list[Document], excluder: Excluder, changed_lines: str | None) -> list[Target]:
    """Every link to check, in document order, one Target per occurrence."""
    targets = []
    for doc in docs:
        wanted_lines = _line_filter(doc, changed_lines)
        for link in doc.all_links:
            if not is_web_url(link.url):
                continue
            if wanted_lines is not None and doc.position(link.url_span.start)[0] not in wanted_lines:
                continue
            if not excluder.excludes(link):
                targets.append(Target(doc, link, request_url(link.url)))
    return targets
