"""``[tool.listbot.pr]``: defaults for ``listbot pr``, the pull-request bot."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from listbot.config.base import StrictModel

Event = Literal["COMMENT", "REQUEST_CHANGES"]
FailOn = Literal["error", "warning", "info", "never"]


class PrSettings(StrictModel):
    """Defaults for ``listbot pr``; command-line flags override each (``max-comments`` only downwards)."""

    event: Event = "COMMENT"
    fail_on: FailOn = "error"
    max_comments: int = Field(default=30, ge=0, le=100)
    files: list[str] = Field(default_factory=list)  # globs; default: the config's `files`
    links: bool = False
    metadata: bool = False  # look up the papers and code links the pull request adds (issue 12)
