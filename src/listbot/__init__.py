"""listbot: a linter, fixer and pull-request bot for curated Markdown paper lists.

The library API is two functions, like mdformat's::

    from listbot import lint_text, fix_text
    diagnostics = lint_text(markdown, path="README_list.md")
    fixed = fix_text(markdown).text

``listbot.__version__`` is read from the installed metadata when first asked for (the
version is written once, in pyproject.toml); reading it costs tens of milliseconds, so
a plain ``listbot check`` does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["__version__", "fix_text", "lint_text"]

if TYPE_CHECKING:
    from listbot.pipeline import fix_text, lint_text

    __version__: str


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from listbot.project import version as installed

        version = installed()
        globals()["__version__"] = version
        return version
    if name in ("lint_text", "fix_text"):
        from listbot import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
