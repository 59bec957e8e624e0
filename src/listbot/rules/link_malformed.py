from __future__ import annotations

import re
from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.model import Link
from listbot.rules.base import Context, Rule
from listbot.rules.common import listed_entries

_SPACED_PAREN = re.compile(r"\]([ \t]+)\(")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _url_problem(link: Link) -> tuple[str, str | None] | None:
    """What is wrong with a link's URL, and the URL to use instead if that is unambiguous."""
    url = link.url
    if not url:
        return "link has an empty URL", None
    if url.count("://") > 1 or "](" in url:
        return "a link is pasted inside this URL", None
    scheme = _SCHEME.match(url)
    if scheme:
        if scheme.group(1).lower() not in ("http", "https"):
            return f"URL scheme {scheme.group(1)!r} is not http(s)", None
        return None
    if url.startswith("#"):
        return None  # an anchor, checked by LB106
    if url.lower().startswith("www.") or re.match(r"(?:arxiv\.org|github\.com)/", url, re.I):
        return "URL has no scheme", "https://" + url
    return f"relative link {url!r}; entries need absolute http(s) URLs", None


class LinkMalformed(Rule):
    """Broken link syntax or an unusable URL in an entry.

    Flags: a space between ``]`` and ``(``, unbalanced brackets, an unclosed
    ``(``, empty link text or URL, a scheme other than http(s), a relative
    path, or a link pasted inside a URL. Fixed where the repair is
    unambiguous (the stray space; a missing ``https://``).

    Bad:
        * [2502] [Demystifying Long Chain-of-Thought Reasoning in LLMs] (https://arxiv.org/abs/2502.03373)

    Good:
        * [2502] [Demystifying Long Chain-of-Thought Reasoning in LLMs](https://arxiv.org/abs/2502.03373)
    """

    code = "LB302"
    name = "link-malformed"
    summary = "broken link syntax, empty text or URL, a non-http(s) scheme, a relative path"
    severity = Severity.ERROR
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        text = ctx.doc.text
        for entry in listed_entries(ctx.doc):
            for span, problem in entry.broken:
                fix = None
                gap = _space_before_paren(text, span.start, span.end)
                if problem.startswith("space between") and gap:
                    fix = ctx.fix("remove the space", ctx.edit(gap[0], gap[1], ""))
                yield self.report(ctx, span, problem, fix)
            for link in entry.links:
                if link.image:
                    continue
                if not link.text.strip():
                    yield self.report(ctx, link.span, "link has empty text")
                found = _url_problem(link)
                if found:
                    message, replacement = found
                    fix = None
                    if replacement:
                        edit = ctx.edit(link.url_span.start, link.url_span.end, replacement)
                        fix = ctx.fix(f"use {replacement}", edit)
                    yield self.report(ctx, link.url_span if link.url else link.span, message, fix)


def _space_before_paren(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of the blanks between a link's ``]`` and the ``(`` of its destination."""
    match = _SPACED_PAREN.search(text, start, end)
    return (match.start(1), match.end(1)) if match else None
