"""Quoting list text in GitHub Markdown, where strangers' words must stay words.

Everything the bot writes that comes from a list (messages that quote titles and URLs,
file names, suppression comments) goes through :func:`text` or :func:`code`: no
mention pings anyone, no issue reference links, no HTML or ``<details>`` tag opens or
closes anything, no marker of the bot's own is formed, no control character survives.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_LINE_BREAK = re.compile(r"[\t\n\r]+")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#!|~<>&])")  # what can start markup inside a line
_MENTION = re.compile(r"@(?=[\w-])")  # @user, @org/team
_REFERENCE = re.compile(r"(#|GH-)(?=\d)", re.IGNORECASE)  # #123, GH-123
_SHORT_LIMIT = 1_000
WORD_JOINER = "\u200b"  # zero-width space: keeps `@user` from being a mention


def clean(raw: str, limit: int = _SHORT_LIMIT) -> str:
    """One line: control and invisible characters dropped, breaks and tabs made spaces, cut."""
    one_line = _CONTROL.sub("", _LINE_BREAK.sub(" ", raw))
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def clean_block(raw: str) -> str:
    """Several lines for a code block: control and invisible characters dropped."""
    return _CONTROL.sub("", raw)


def text(raw: str, limit: int = _SHORT_LIMIT) -> str:
    """``raw`` as inline Markdown that reads as the same characters and does nothing else."""
    escaped = _MARKDOWN.sub(r"\\\1", clean(raw, limit))
    escaped = _MENTION.sub("@" + WORD_JOINER, escaped)
    return _REFERENCE.sub(lambda m: m.group(1) + WORD_JOINER, escaped)


def code(raw: str, limit: int = _SHORT_LIMIT) -> str:
    """``raw`` as a code span: shown verbatim, never interpreted (a longer backtick run
    than any inside; spaces keep a leading or trailing backtick apart)."""
    content = clean(raw, limit)
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") or not content.strip() else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def has_controls(raw: str) -> bool:
    """Whether ``raw`` holds control or invisible characters (tabs and line breaks aside),
    which a suggestion block would carry unseen."""
    return bool(_CONTROL.search(raw))


def fence_for(body: str) -> str:
    """A backtick fence longer than any backtick run inside ``body`` (at least three)."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    return "`" * max(3, longest + 1)
