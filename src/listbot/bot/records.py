"""What the bot reads from GitHub and the error its calls raise, as plain records.

They are apart from :mod:`listbot.bot.rest_client` so that a local dry run
(``listbot pr --dry-run --base --head``), which never calls GitHub, does not import PyGithub.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class ApiError(Exception):
    """A failed GitHub call; ``kind``: forbidden, rate_limit, unprocessable, not_found, server, network."""

    def __init__(self, kind: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


@dataclass(frozen=True, slots=True)
class ChangedFile:
    path: str
    status: str  # added, modified, renamed, removed, copied, changed, unchanged
    patch: str | None
    previous_path: str | None


@dataclass(frozen=True, slots=True)
class PostedComment:
    """A comment as read back from GitHub (review comment or issue comment)."""

    id: int
    body: str
    in_reply_to: int | None
    author: str | None  # the login that wrote it
    handle: Any  # the PyGithub object, for edit/delete
