from __future__ import annotations

import re
from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.model import Entry, LinkRole
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject
from listbot.urls import role_of_url

_SAYS_CODE = re.compile(r"\b(code|github|gitlab|repo|repository)\b|代码", re.I)
_SAYS_OTHER = re.compile(r"\b(paper|pdf|arxiv|project|page|website|demo|data|dataset)\b", re.I)


class LabelMismatch(Rule):
    """A link whose label says one thing and whose URL another: ``[Code]`` on a paper.

    A ``[code]`` link that points at arXiv or a publisher's PDF is usually a
    copy-paste slip: the reader who clicks "code" gets the paper again.
    (``- Code: https://...`` lines count too.)

    Bad:
        * [Let's Verify Step by Step](https://arxiv.org/abs/2305.20050) [[code](https://arxiv.org/pdf/2305.20050)]

    Good:
        * [Let's Verify Step by Step](https://arxiv.org/abs/2305.20050) [[code](https://github.com/openai/prm800k)]
    """

    code = "LB307"
    name = "label-mismatch"
    summary = "a link labelled Code that points at a paper (arXiv, a publisher, a PDF)"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry in ctx.entries():
            for link in entry.links:
                if not link.label or link.image or "![" in link.text:
                    continue
                clash = self._clash(link.text, link.url)
                if clash:
                    message = f"link labelled {link.text.strip('[]')!r} points at {clash}: {link.url}"
                    yield self.report(ctx, link.span, message, subject=subject(entry))
            yield from self._labelled_bare_urls(ctx, entry)

    def _labelled_bare_urls(self, ctx: Context, entry: Entry) -> Iterator[Diagnostic]:
        text = ctx.doc.text
        for bare in entry.bare_urls:
            line_start = text.rfind("\n", 0, bare.span.start) + 1
            label = text[line_start : bare.span.start].strip(" \t-*+:：")
            clash = self._clash(label, bare.url) if 0 < len(label) <= 12 else None
            if clash:
                message = f"link labelled {label!r} points at {clash}: {bare.url}"
                yield self.report(ctx, bare.span, message, subject=subject(entry))

    @staticmethod
    def _clash(label: str, url: str) -> str | None:
        if not _SAYS_CODE.search(label) or _SAYS_OTHER.search(label):
            return None
        return "a paper" if role_of_url(url) is LinkRole.PAPER else None
