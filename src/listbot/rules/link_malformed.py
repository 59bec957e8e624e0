from __future__ import annotations

import re
from collections.abc import Iterator

from listbot.diagnostics import Change, Diagnostic, Fix, Severity
from listbot.model import Link, covers
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject

_SPACED_PAREN = re.compile(r"\]([ \t]+)\(")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_DOMAIN_LIKE = re.compile(r"(?:www\.|(?:arxiv\.org|github\.com|openreview\.net|huggingface\.co)/)", re.I)
_FINE_SCHEMES = ("http", "https", "mailto", "ftp")


def _url_problem(link: Link) -> tuple[str, str | None] | None:
    """What is wrong with a link's URL, and the URL to use instead if that is unambiguous."""
    url = link.url
    if not url:
        return "link has an empty URL", None
    if url.count("://") > 1 or "](" in url:
        return "a link is pasted inside this URL", None
    scheme = _SCHEME.match(url)
    if scheme:
        if scheme.group(1).lower() not in _FINE_SCHEMES:
            return f"URL scheme {scheme.group(1)!r} is not http(s)", None
        return None
    if _DOMAIN_LIKE.match(url):
        return "URL has no scheme", "https://" + url
    return None  # a relative link or an #anchor: fine in a repository README


class LinkMalformed(Rule):
    """Broken link syntax or an unusable URL in an entry.

    Flags: a space between ``]`` and ``(``, unbalanced brackets, an unclosed
    ``(``, empty link text or URL, a scheme other than http(s), a link pasted
    inside a URL, or a bare URL glued to the word before it (``Paper:https://...``
    is not linked by GitHub). Fixed where the repair is unambiguous (the stray
    space; a missing ``https://``; the missing space before a URL).

    Bad:
        * [2502] [Demystifying Long Chain-of-Thought Reasoning in LLMs] (https://arxiv.org/abs/2502.03373)

    Good:
        * [2502] [Demystifying Long Chain-of-Thought Reasoning in LLMs](https://arxiv.org/abs/2502.03373)
    """

    code = "LB302"
    name = "link-malformed"
    summary = "broken link syntax, empty text or URL, a non-http(s) scheme, a link pasted in a URL"
    severity = Severity.ERROR
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        text = ctx.doc.text
        unlinked_badges = _empty_badge_links_are_the_style(ctx)
        for entry in ctx.entries():
            about = subject(entry)
            for span, problem in entry.broken:
                fix = None
                gap = _SPACED_PAREN.search(text, span.start, span.end)
                if problem.startswith("space between") and gap:
                    removed = text[span.start : span.end]
                    url = removed[removed.index("(") + 1 :].rstrip(")").strip()
                    edit = ctx.edit(gap.start(1), gap.end(1), "")
                    fix = ctx.fix(
                        "remove the space",
                        edit,
                        change=Change.WORDS,
                        removes=(removed,),
                        adds=(_linked_text(removed),),
                        links=(url,),
                    )
                yield self.report(ctx, span, problem, fix, subject=about)
            for bare in entry.bare_urls:
                glued = bare.span.start > 0 and text[bare.span.start - 1] not in " \t\n*_~(<["
                if glued and text[bare.span.start] != "<":
                    in_title = entry.title is not None and covers([entry.title.span], bare.span.start)
                    fix = None if in_title else _space_before(ctx, bare.span.start)  # a title keeps its words
                    message = f"URL glued to the text before it is not linked by GitHub: {bare.url}"
                    yield self.report(ctx, bare.span, message, fix, subject=about)
            for link in entry.links:
                if link.image or link.html:
                    continue
                if not link.text.strip():
                    yield self.report(ctx, link.span, "link has empty text", subject=about)
                found = _url_problem(link)
                if found and not link.url and unlinked_badges and "![" in link.text:
                    continue  # `[![](badge)]()` throughout: the list keeps its badges from opening
                if found:
                    message, replacement = found
                    fix = None
                    if replacement:
                        edit = ctx.edit(link.url_span.start, link.url_span.end, replacement)
                        fix = ctx.fix(f"use {replacement}", edit, change=Change.HREF)
                    yield self.report(
                        ctx, link.url_span if link.url else link.span, message, fix, subject=about
                    )


def _space_before(ctx: Context, start: int) -> Fix:
    """A space before a glued URL: the visible text stays and GitHub links the URL. Glued to a
    word (``2https://``), the space splits that word in two, and the fix says so."""
    text = ctx.doc.text
    edit = ctx.edit(start, start, " ")
    before = start
    while before > 0 and _is_word(text[before - 1]):
        before -= 1
    if before == start:
        return ctx.fix("add a space before the URL", edit)
    after = start
    while after < len(text) and _is_word(text[after]):
        after += 1
    glued, head = text[before:after], text[before:start]
    split = f"{head} {text[start:after]}"
    return ctx.fix("add a space before the URL", edit, change=Change.WORDS, removes=(glued,), adds=(split,))


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches


def _empty_badge_links_are_the_style(ctx: Context) -> bool:
    """Most links wrapping an image have an empty target, on purpose: three or more, over half."""
    wrappers = [link for link in ctx.doc.all_links if not link.image and "![" in link.text]
    empty = sum(1 for link in wrappers if not link.url)
    return empty >= 3 and empty * 2 > len(wrappers)


def _linked_text(broken: str) -> str:
    """What ``[text] (url)`` reads as once it is a link: just ``text``."""
    return broken[1 : broken.index("]")] if "]" in broken else broken
