"""listbot: a linter, fixer and pull-request bot for curated Markdown paper lists.

The library API is two functions, like mdformat's::

    from listbot import lint_text, fix_text
    diagnostics = lint_text(markdown, path="README_list.md")
    fixed = fix_text(markdown).text
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "fix_text", "lint_text"]

if TYPE_CHECKING:
    from listbot.pipeline import fix_text, lint_text


def __getattr__(name: str) -> Any:
    if name in ("lint_text", "fix_text"):
        from listbot import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
