"""Which files a command works on, and the config each one is checked with.

Arguments are files, directories (their Markdown files that read as lists), globs
(``docs/**/*.md``) or ``-`` (standard input, named by ``--stdin-filename``). With no
arguments, the configured ``files`` globs are expanded from the config's folder. Every
file gets the config found from its own folder upwards (``.listbot.toml``, or the
``[tool.listbot]`` table of ``pyproject.toml``), stopping at the repository root;
``--config`` names one config for all, and its ``files`` globs are read from the current
folder (as ruff reads the paths of a ``--config`` file), so ``--config ci/listbot.toml``
can name ``README.md``.
"""

from __future__ import annotations

import glob
import os
import sys
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePath

from listbot.config import Config, ConfigError, config_near, load_config
from listbot.source import InputError, Source, decode, read_source

MARKDOWN_SUFFIXES = (".md", ".markdown")
_SKIPPED_FOLDERS = frozenset(
    {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", "build", "dist"}
)
MIN_ENTRIES = 3  # a Markdown file found in a folder is a list when it has this many entries


@dataclass(frozen=True, slots=True)
class Target:
    """One file to work on, with its config and where that config came from."""

    source: Source
    config: Config
    stdin: bool = False


@dataclass(slots=True)
class Inputs:
    targets: list[Target]
    errors: list[str]  # one line each: files that could not be read


def _is_glob(argument: str) -> bool:
    return any(char in argument for char in "*?[")


def _markdown_under(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_FOLDERS and not d.startswith("."))
        found += [Path(root) / name for name in sorted(files) if name.lower().endswith(MARKDOWN_SUFFIXES)]
    return found


def _reads_as_list(source: Source) -> bool:
    from listbot.parse import parse

    return len(parse(source.text, source.path).entries) >= MIN_ENTRIES


def _expand(argument: str) -> tuple[list[str], bool]:
    """Paths named by one argument, and whether they were found by searching (folder or glob)."""
    path = Path(argument)
    if path.is_dir():
        return [str(found) for found in _markdown_under(path)], True
    if not path.exists() and _is_glob(argument):
        return sorted(glob.glob(argument, recursive=True)), True
    return [argument], False


def configured_files(config: Config, folder: Path) -> list[str]:
    """The configured ``files`` globs, expanded from ``folder`` (the config's own folder)."""
    found: list[str] = []
    for pattern in config.files:
        matches = sorted(glob.glob(str(folder / pattern), recursive=True))
        found += [os.path.relpath(match) for match in matches] if matches else []
    return list(dict.fromkeys(found))


def _named_by_config(path: str, config: Config, folder: Path) -> bool:
    """Whether ``path`` matches one of the config's ``files`` globs (relative to its folder)."""
    try:
        relative = PurePath(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        relative = PurePath(path).as_posix()
    return any(fnmatchcase(relative, pattern) for pattern in config.files)


def gather(
    arguments: list[str],
    config_path: str | None,
    only_configured: bool = False,
    stdin_filename: str | None = None,
) -> Inputs:
    """Read every file the arguments name, each with its config."""
    fixed = load_config(config_path) if config_path else None
    _NEAR.clear()
    inputs = Inputs([], [])
    if not arguments:
        config, folder = fixed_or_near(fixed, Path.cwd(), config_path)
        names = configured_files(config, folder)
        if not names:
            patterns = ", ".join(config.files)
            raise ConfigError(f"no file matches the configured `files` ({patterns}); nothing to check")
        arguments = names
    for argument in arguments:
        if argument == "-":
            inputs.targets.append(_stdin_target(fixed, stdin_filename, config_path))
            continue
        names, searched = _expand(argument)
        if not names and not searched:
            inputs.errors.append(f"{argument}: no such file")
        for name in names:
            config, folder = fixed_or_near(fixed, Path(name).parent, config_path)
            if only_configured and not _named_by_config(name, config, folder):
                continue
            try:
                source = read_source(name)
            except InputError as error:
                inputs.errors.append(str(error))
                continue
            if searched and not _reads_as_list(source):
                continue
            inputs.targets.append(Target(source, config))
    if only_configured and not inputs.targets and not inputs.errors and arguments:
        _nothing_configured(fixed, config_path)
    return inputs


def _nothing_configured(fixed: Config | None, config_path: str | None) -> None:
    """A hook run on files the config does not name: fine, unless the configured list is missing."""
    config, folder = fixed_or_near(fixed, Path.cwd(), config_path)
    if not configured_files(config, folder):
        patterns = ", ".join(config.files)
        raise ConfigError(
            f"no file matched the configured `files` ({patterns}); nothing checked "
            "(set `files` in .listbot.toml or [tool.listbot])"
        )


def fixed_or_near(fixed: Config | None, folder: Path, config_path: str | None) -> tuple[Config, Path]:
    """``--config``'s config for every file (globs from the current folder), else the one
    nearest to the file's folder (globs from the config's folder)."""
    if fixed is not None:
        return fixed, Path.cwd()
    key = folder.resolve()
    if key not in _NEAR:
        _NEAR[key] = config_near(key)
    return _NEAR[key]


_NEAR: dict[Path, tuple[Config, Path]] = {}  # per run: many files share a folder


def _stdin_target(fixed: Config | None, name: str | None, config_path: str | None) -> Target:
    path = name or "-"
    folder = Path(name).parent if name else Path.cwd()
    config, _ = fixed_or_near(fixed, folder, config_path)
    data = sys.stdin.buffer.read()
    return Target(decode(data, path), config, stdin=True)
