"""listbot: a linter, fixer and pull-request bot for curated Markdown paper lists.

The library API is two functions, like mdformat's::

    from listbot import lint_text, fix_text
    diagnostics = lint_text(markdown, path="README_list.md")
    fixed = fix_text(markdown).text
"""

from __future__ import annotations

from importlib import metadata as _metadata
from typing import TYPE_CHECKING, Any

try:  # the version is written once, in pyproject.toml; the installed metadata carries it
    __version__ = _metadata.version("listbot-lint")
except _metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
__all__ = ["__version__", "fix_text", "lint_text"]

if TYPE_CHECKING:
    from listbot.pipeline import fix_text, lint_text


def __getattr__(name: str) -> Any:
    if name in ("lint_text", "fix_text"):
        from listbot import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
