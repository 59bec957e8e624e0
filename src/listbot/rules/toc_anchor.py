from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import unquote

from listbot.diagnostics import Diagnostic, Severity
from listbot.model import Document
from listbot.rules.base import Context, Rule

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def github_slug(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to ``-``."""
    text = _LINK.sub(r"\1", title)
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    kept = "".join(char for char in text if char in " -_" or unicodedata.category(char)[0] in "LNM")
    return kept.replace(" ", "-")


def anchors(doc: Document) -> set[str]:
    seen: dict[str, int] = {}
    result = set()
    for section in doc.sections[1:]:
        slug = github_slug(section.title)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else f"{slug}-{count}")
    return result


class TocAnchor(Rule):
    """A ``#anchor`` link (a table of contents) that matches no heading.

    Anchors are computed as GitHub does: lower case, punctuation removed,
    spaces turned into hyphens, ``-1``, ``-2`` for repeated titles.

    Bad:
        * [Video](#videos)
        ## Video

    Good:
        * [Video](#video)
        ## Video
    """

    code = "LB106"
    name = "toc-anchor"
    summary = "a `#anchor` link that matches no heading under GitHub's slug rules"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        known = anchors(ctx.doc)
        for link in ctx.doc.all_links:
            if link.url.startswith("#") and len(link.url) > 1:
                target = unquote(link.url[1:]).lower()
                if target not in known:
                    yield self.report(ctx, link.url_span, f"anchor {link.url!r} matches no heading")
