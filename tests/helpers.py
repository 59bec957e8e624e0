"""Shared test helpers: lint or fix a small list and look at one rule's findings."""

from __future__ import annotations

import textwrap
from pathlib import Path

from listbot.config import parse_config
from listbot.pipeline import fix_text, lint_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def md(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


def problems(source: str, code: str, **config: object) -> list[tuple[int, int]]:
    """(line, column) of each ``code`` diagnostic in ``source``."""
    found = lint_text(md(source), "t.md", parse_config(dict(config)), select=[code])
    return [(d.line, d.column) for d in found if d.code == code]


def messages(source: str, code: str, **config: object) -> list[str]:
    found = lint_text(md(source), "t.md", parse_config(dict(config)), select=[code])
    return [d.message for d in found if d.code == code]


def fixed(source: str, code: str, **config: object) -> str:
    return fix_text(md(source), "t.md", parse_config(dict(config)), select=[code]).text
