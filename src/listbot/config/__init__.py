"""Configuration: pydantic models read from ``.listbot.toml`` or ``[tool.listbot]``.

Keys may be written in kebab-case (``rewrite-mirrors``) or snake_case. An unknown key
or a bad value is a :class:`ConfigError` naming the key. Every table is typed here,
the link checker's (:mod:`.links`), the paper lookups' (:mod:`.metadata`) and the
bot's included; nothing in this package imports the rules, the checkers or the bot.
Rule options are checked where the rules are known (:mod:`listbot.lint`).
"""

from __future__ import annotations

import datetime as _dt
import os
import tomllib
from fnmatch import fnmatchcase
from pathlib import Path, PurePath
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from listbot.config.base import ConfigError, StrictModel, Table, defaults, validate
from listbot.config.links import LinksSettings
from listbot.config.metadata import MetadataSettings
from listbot.config.pr import PrSettings
from listbot.urls import DEFAULT_TRACKING_PARAMS

__all__ = ["Config", "ConfigError", "StrictModel", "config_near", "load_config", "parse_config", "validate"]

Order = Literal["newest", "oldest", "none"]
OrderSetting = Literal["auto", "newest", "oldest", "none"]
Kind = Literal["dated", "links", "prose"]
Toggle = Literal["auto", "yes", "no"]
SeverityName = Literal["error", "warning", "info"]


class SectionConfig(StrictModel):
    """Overrides for the sections whose title matches ``match`` (a glob, case-insensitive)."""

    match: str
    kind: Kind | None = None
    order: Order | None = None
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)

    def matches(self, title: str) -> bool:
        return fnmatchcase(title.strip().casefold(), self.match.strip().casefold())


class UrlConfig(StrictModel):
    """How links should be written."""

    # The arXiv link form: a template such as "https://arxiv.org/abs/{id}", or "abs", "pdf",
    # "html"; "auto" (the default) learns the list's own majority form, "any" leaves forms alone.
    arxiv_form: str = "auto"
    rewrite_mirrors: bool = False
    tracking_params: list[str] = Field(default_factory=lambda: list(DEFAULT_TRACKING_PARAMS))

    @field_validator("arxiv_form")
    @classmethod
    def _has_id(cls, value: str) -> str:
        if value in ("auto", "any", "abs", "pdf", "html") or "{id}" in value:
            return value
        raise ValueError(
            'must be "auto", "any", "abs", "pdf", "html" or contain {id}, e.g. https://arxiv.org/abs/{id}'
        )


class StyleConfig(StrictModel):
    """The list's conventions. "auto" learns each from the list's majority (`listbot style` shows them)."""

    bullet: Literal["auto", "*", "-", "+", "any"] = "auto"
    indent: Literal["auto", "spaces", "tabs", "any"] = "auto"
    cross_list: Toggle = "auto"  # "yes": a paper may be listed under several sections on purpose
    label_spacing: Literal["auto", "space", "none", "any"] = "auto"  # between `[[Paper](..)] [[Code](..)]`
    continuation: Literal["auto", "indented", "lazy", "any"] = "auto"  # an entry's wrapped lines
    bare_urls: Toggle = "auto"  # "yes": entries write bare URLs (`- Paper: https://...`) on purpose


class Config(StrictModel):
    """Everything that ``[tool.listbot]`` can set."""

    files: list[str] = Field(default_factory=lambda: ["README_list.md"])  # globs, from the config's folder
    select: list[str] = Field(default_factory=lambda: ["LB"])
    ignore: list[str] = Field(default_factory=list)
    extend_select: list[str] = Field(default_factory=list)  # added to `select` (and to a --select)
    extend_ignore: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict)  # glob -> codes
    severity: dict[str, SeverityName] = Field(default_factory=dict)
    order: OrderSetting = "auto"  # sort order of dated sections; "auto" learns each section's
    today: str | None = None  # "YYYY-MM"; defaults to the real date (for future-tag checks)
    urls: Annotated[UrlConfig, Table()] = defaults(UrlConfig)
    style: Annotated[StyleConfig, Table()] = defaults(StyleConfig)
    sections: list[SectionConfig] = Field(default_factory=list)
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    links: Annotated[LinksSettings, Table()] = defaults(LinksSettings)  # `links = true`: `{enabled = true}`
    metadata: Annotated[MetadataSettings, Table()] = defaults(MetadataSettings)  # `metadata = true` likewise
    pr: Annotated[PrSettings, Table()] = defaults(PrSettings)

    @model_validator(mode="before")
    @classmethod
    def _shorthands(cls, data: Any) -> Any:
        """``links = true``, ``metadata = true`` and a top-level ``allow-private = true`` are
        shorthands for their tables."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for table in ("links", "metadata"):
            if isinstance(data.get(table), bool):
                data[table] = {"enabled": data[table]}
        for key in ("allow-private", "allow_private"):
            if key in data:
                links = data.get("links", {})
                data["links"] = (
                    {**links, "allow-private": data.pop(key)} if isinstance(links, dict) else links
                )
        return data

    @field_validator("today")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                _dt.datetime.strptime(value, "%Y-%m")
            except ValueError:
                raise ValueError(f"must be a month written YYYY-MM, e.g. 2026-11 (got {value!r})") from None
        return value

    def today_yymm(self) -> str:
        if self.today:
            return self.today[2:4] + self.today[5:7]
        return _dt.date.today().strftime("%y%m")

    def section_overrides(self, title: str) -> list[SectionConfig]:
        return [section for section in self.sections if section.matches(title)]

    def ignored_for(self, path: str) -> list[str]:
        """The codes ``per-file-ignores`` switches off for ``path`` (globs match the path or its name)."""
        posix = PurePath(path).as_posix()
        name = PurePath(path).name
        return [
            code
            for pattern, codes in self.per_file_ignores.items()
            if fnmatchcase(posix, pattern) or fnmatchcase(name, pattern) or posix.endswith("/" + pattern)
            for code in codes
        ]


def parse_config(data: dict[str, Any], where: str = "config") -> Config:
    return validate(Config, data, where)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config ({error.strerror or error})") from None


def load_config(path: str | os.PathLike[str] | None = None, start: Path | None = None) -> Config:
    """Load an explicit config file, or discover one from ``start`` (default: cwd) upwards."""
    if path is not None:
        config_path = Path(path)
        if not config_path.is_file():
            raise ConfigError(f"{config_path}: config file not found")
        return _from_file(config_path)
    return config_near(start or Path.cwd())[0]


def config_near(start: Path) -> tuple[Config, Path]:
    """The config that applies in ``start`` and the folder it lives in: the nearest
    ``.listbot.toml`` or ``pyproject.toml`` with a ``[tool.listbot]`` table, from ``start``
    upwards, stopping at the repository root (a folder holding ``.git``)."""
    folder = start.resolve()
    found = (Config.model_construct(), folder)  # all defaults: nothing to validate
    for candidate in (folder, *folder.parents):
        dotfile = candidate / ".listbot.toml"
        pyproject = candidate / "pyproject.toml"
        if dotfile.is_file():
            found = (_from_file(dotfile), candidate)
            break
        if pyproject.is_file() and "listbot" in _read_toml(pyproject).get("tool", {}):
            found = (_from_file(pyproject), candidate)
            break
        if (candidate / ".git").exists():
            found = (found[0], candidate)
            break
    return found


def _from_file(path: Path) -> Config:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        return parse_config(data.get("tool", {}).get("listbot", {}), f"{path} [tool.listbot]")
    return parse_config(data, str(path))
