from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from listbot.diagnostics import Diagnostic
from listbot.model import Entry, Span
from listbot.rules.base import Context, Rule
from listbot.rules.common import listed_entries

_AFTER_LINK = re.compile(r"[ \t]*")


class EntrySpacing(Rule):
    """Spacing off the entry pattern.

    Dated sections: ``* [YYMM] [Title](url) (note)``; link sections:
    ``* [Name](url) - description`` or ``(note)``. One space after the bullet,
    between bracket groups, and between the link and a following ``(note)``.
    (Wider gaps before extra links such as ``[[Code](url)]`` are a list's own
    style and are left alone.)

    Bad:
        *  [2502][Demystifying Long Chain-of-Thought](https://arxiv.org/abs/2502.03373)(IN.AI)

    Good:
        * [2502] [Demystifying Long Chain-of-Thought](https://arxiv.org/abs/2502.03373) (IN.AI)
    """

    code = "LB602"
    name = "entry-spacing"
    summary = "spacing off the entry pattern: `*  [`, `[2502][`, missing space before `(`"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry in listed_entries(ctx.doc):
            if entry.link is None:
                continue
            for span, message in self._gaps(ctx, entry):
                edit = ctx.edit(span.start, span.end, " ")
                yield self.report(ctx, span, message, ctx.fix("use one space", edit))

    def _gaps(self, ctx: Context, entry: Entry) -> Iterator[tuple[Span, str]]:
        text = ctx.doc.text
        assert entry.link is not None
        pieces = [*entry.prefixes]
        first = pieces[0].span.start if pieces else entry.link.span.start
        images = [link for link in entry.links if link.image and link.span.end <= first]
        start_of_content = images[0].span.start if images else first
        gap = Span(entry.bullet_span.end, start_of_content)
        if text[gap.start : gap.end] != " ":
            yield gap, "use one space after the bullet"
        boundaries = [*(tag.span for tag in pieces), entry.link.span]
        for left, right in pairwise(boundaries):
            if (
                left.end <= right.start
                and text[left.end : right.start] != " "
                and not text[left.end : right.start].strip()
            ):
                yield Span(left.end, right.start), "use one space between the tag and what follows"
        after = entry.link.span.end
        blanks = _AFTER_LINK.match(text, after)
        assert blanks is not None
        following = text[blanks.end() : blanks.end() + 1]
        if following in ("", "\n"):
            return
        if blanks.end() == after and following in "([":
            yield Span(after, after), "missing space between the link and what follows"
        elif following == "(" and text[after : blanks.end()] != " ":  # `)   (note)`; `)  [[Code]]` is a style
            yield Span(after, blanks.end()), "use one space after the link"
