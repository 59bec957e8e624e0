from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from urllib.parse import unquote

from listbot.diagnostics import Diagnostic, Severity
from listbot.model import Document
from listbot.rules.base import Context, Rule
from listbot.text import remove_tags, replace_bracket_links

_INVISIBLE = frozenset("\ufe0e\ufe0f\u200d")  # emoji variation selectors and joiner


def _kept(char: str) -> bool:
    if char in " -_":
        return True
    if char in _INVISIBLE:
        return False
    return unicodedata.category(char)[0] in "LNM"


def github_slug(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation and emoji dropped, spaces to ``-``."""
    without_images = replace_bracket_links(title, image=True, keep_body=False)
    text = remove_tags(replace_bracket_links(without_images, image=False, keep_body=True)).lower()
    return "".join(char for char in text if _kept(char)).replace(" ", "-")


def anchors(doc: Document) -> set[str]:
    """Every anchor a ``#link`` can reach: heading slugs (``-1`` for repeats) and HTML ids and names."""
    seen: dict[str, int] = {}
    result = {anchor.lower() for anchor in doc.html_anchors}
    for section in doc.sections[1:]:
        slug = github_slug(section.title)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else f"{slug}-{count}")
    return result


class TocAnchor(Rule):
    """A ``#anchor`` link (a table of contents) that matches no heading or HTML anchor.

    Anchors are computed as GitHub does: lower case, punctuation and emoji removed,
    spaces turned into hyphens, ``-1``, ``-2`` for repeated titles. Anchors defined
    with ``<a id>``, ``<a name>``, ``<div id>`` or ``<span id>`` count too.

    Bad:
        * [Video](#videos)
        ## Video

    Good:
        * [Video](#video)
        ## Video
    """

    code = "LB106"
    name = "toc-anchor"
    summary = "a `#anchor` link that matches no heading (GitHub's slug rules) or HTML anchor"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        known = anchors(ctx.doc)
        for link in ctx.doc.all_links:
            if link.url.startswith("#") and len(link.url) > 1 and not link.image:
                target = "".join(char for char in unquote(link.url[1:]).lower() if char not in _INVISIBLE)
                if target not in known and target.removeprefix("user-content-") not in known:
                    message = f"anchor {link.url!r} matches no heading"
                    yield self.report(ctx, link.url_span, message, subject=f"anchor:{target}")
