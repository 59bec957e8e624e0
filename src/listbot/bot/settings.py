"""``[tool.listbot.pr]``: the bot's own options, validated like the rest of the config."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from listbot.config import StrictModel, validate

Event = Literal["COMMENT", "REQUEST_CHANGES"]
FailOn = Literal["error", "warning", "info", "never"]


class PrSettings(StrictModel):
    """Defaults for ``listbot pr``; command-line flags override each."""

    event: Event = "COMMENT"
    fail_on: FailOn = "error"
    max_comments: int = Field(default=30, ge=0, le=100)
    files: list[str] = Field(default_factory=list)  # globs; default: the config's `files`
    links: bool = False


def parse_pr_settings(data: dict[str, Any], where: str = "config") -> PrSettings:
    return validate(PrSettings, data, where, "pr.")
