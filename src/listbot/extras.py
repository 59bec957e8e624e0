"""Optional parts of listbot and the one-line message when one is not installed.

``pip install listbot-lint`` brings only what linting needs (mistune, pydantic, cmarkgfm). Link
checking and the pull-request bot need extras; a command that needs one calls
:func:`require` before importing anything heavy, and the CLI prints the error's message
as its one line (exit 2)::

    from listbot.extras import MissingExtra, require

    require("links")  # raises MissingExtra when httpx, rich, platformdirs or unidiff is absent

The check uses :func:`importlib.util.find_spec`, so it imports nothing itself.
"""

from __future__ import annotations

from importlib.util import find_spec

DISTRIBUTION = "listbot-lint"

# Top-level module names (not distribution names) that each extra installs.
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "links": ("httpx", "rich", "platformdirs", "unidiff"),
    "bot": ("github", "unidiff"),
}

_WHAT_NEEDS_IT = {
    "links": "link checking and paper lookups (--links, --metadata, the listbot-links hook)",
    "bot": "`listbot pr`",
}


class MissingExtra(Exception):
    """An optional dependency is not installed; ``str(error)`` is the line to print."""

    def __init__(self, extra: str, module: str) -> None:
        self.extra = extra
        self.module = module
        super().__init__(
            f"{_WHAT_NEEDS_IT.get(extra, 'this command')} needs the [{extra}] extra "
            f"(module {module!r} is not installed): pip install '{DISTRIBUTION}[{extra}]'"
        )


def missing_modules(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here, in declaration order."""
    if extra not in EXTRA_MODULES:
        raise ValueError(f"unknown extra {extra!r}; known: {', '.join(sorted(EXTRA_MODULES))}")
    return [module for module in EXTRA_MODULES[extra] if find_spec(module) is None]


def require(extra: str, module: str | None = None) -> None:
    """Raise :class:`MissingExtra` unless ``extra`` (or just its ``module``) is importable."""
    if module is not None:
        absent = [] if find_spec(module) is not None else [module]
    else:
        absent = missing_modules(extra)
    if absent:
        raise MissingExtra(extra, absent[0])
