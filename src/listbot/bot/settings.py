"""``[tool.listbot.pr]``: the bot's own options, validated like the rest of the config."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from listbot.config import ConfigError

Event = Literal["COMMENT", "REQUEST_CHANGES"]
FailOn = Literal["error", "warning", "info", "never"]


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class PrSettings(BaseModel):
    """Defaults for ``listbot pr``; command-line flags override each."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True)

    event: Event = "COMMENT"
    fail_on: FailOn = "error"
    max_comments: int = Field(default=30, ge=0, le=100)
    files: list[str] = Field(default_factory=list)  # globs; default: the config's `files`
    links: bool = False


def parse_pr_settings(data: dict[str, Any], where: str = "config") -> PrSettings:
    try:
        return PrSettings.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        message = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise ConfigError(f"{where}: pr.{key}: {message}") from None
