"""Which changed files the bot reviews, and why it skips the others.

With ``files`` configured (in the base branch's config, ``[pr] files`` or ``--files``)
exactly the changed files those globs name are reviewed. Without, every changed
Markdown file that reads as a list is: ``README_list.md`` and the common ``README.md``
alike, but not a contributing guide with no entries. The summary names what was
reviewed and what was skipped, with the reason. Work is bounded: at most
:data:`MAX_FILES` files, each under :data:`MAX_BYTES`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from listbot.bot.records import ChangedFile
from listbot.model import Document
from listbot.text import plural

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
MIN_ENTRIES = 5  # a Markdown file with fewer entries is prose, not a list
MAX_FILES = 20
MAX_BYTES = 5_000_000


@dataclass(slots=True)
class Choice:
    """The changed files to fetch, and the ones skipped before fetching."""

    wanted: list[ChangedFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    configured: bool = False  # named by globs: no "reads as a list" test


def is_markdown(path: str) -> bool:
    return path.casefold().endswith(MARKDOWN_SUFFIXES)


def choose(changed: Sequence[ChangedFile], patterns: Sequence[str]) -> Choice:
    """The changed files worth fetching: named by ``patterns``, else Markdown."""
    choice = Choice(configured=bool(patterns))
    for file in changed:
        named = (
            any(fnmatchcase(file.path, pattern) for pattern in patterns)
            if patterns
            else is_markdown(file.path)
        )
        if not named:
            continue
        if file.status == "removed":
            choice.skipped.append((file.path, "removed"))
        elif len(choice.wanted) >= MAX_FILES:
            choice.skipped.append((file.path, f"more than {MAX_FILES} list files changed"))
        else:
            choice.wanted.append(file)
    return choice


def too_large(data: bytes) -> str | None:
    if len(data) > MAX_BYTES:
        return (
            f"too large to review ({len(data) / 1_000_000:.1f} MB; the limit is {MAX_BYTES // 1_000_000} MB)"
        )
    return None


def not_a_list(doc: Document) -> str | None:
    """Why a Markdown file is not reviewed as a list (None: it reads as one)."""
    if len(doc.entries) >= MIN_ENTRIES:
        return None
    return f"does not read as a list: {plural(len(doc.entries), 'entry', 'entries')}"
