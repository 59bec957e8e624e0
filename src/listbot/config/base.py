"""What every config table is made of: strict pydantic models and one-line errors."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, ValidationError
from pydantic_core import CoreSchema, core_schema


class ConfigError(Exception):
    """A config file that cannot be used; the message names the file and the key."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class StrictModel(BaseModel):
    """Base of every config table: unknown keys refused, kebab-case or snake_case keys."""

    model_config = ConfigDict(
        extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True, defer_build=True
    )


Model = TypeVar("Model", bound=BaseModel)


class Table:
    """Field annotation for a sub-table (``links: Annotated[LinksSettings, Table()]``): it is
    validated by its own model only when a file writes it, and its defaults are built without
    validation, so a config without a ``[links]`` table never builds that model's schema
    (building every schema costs a plain ``listbot check`` tens of milliseconds)."""

    def __get_pydantic_core_schema__(
        self, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        def check(value: Any) -> BaseModel:
            return value if isinstance(value, source) else source.model_validate(value)

        return core_schema.no_info_plain_validator_function(check)


def defaults(model: type[Model]) -> Any:
    """``Field(default_factory=...)`` for a :class:`Table`: the model's defaults, unvalidated."""
    return Field(default_factory=model.model_construct)


def validate(model: type[Model], data: Any, where: str, prefix: str = "") -> Model:
    """Validate one config table; a bad key or value is a ConfigError that names it."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        message = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise ConfigError(f"{where}: {prefix}{key}: {message}") from None


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: Any) -> float:
    """Seconds from a number or a string like ``"7d"``; raises ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("expected seconds or a duration like '7d', '12h', '30m'")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError("expected seconds or a duration like '7d', '12h', '30m'")
        seconds = float(match[1]) * _UNIT_SECONDS[match[2]]
    if seconds < 0:
        raise ValueError("must not be negative")
    return seconds
