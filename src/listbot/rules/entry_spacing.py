from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

from listbot.diagnostics import Diagnostic, Fix
from listbot.model import Document, Entry, EntryKind, Span
from listbot.profile import label_gaps
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject
from listbot.text import leading_columns

_WHAT = {
    "bullet": "after the bullet",
    "tags": "between the tag and what follows",
    "note": "between the link and the note after it",
    "labels": "between the link labels",
}


class EntrySpacing(Rule):
    """Spacing that departs from the list's own: after the bullet, between tags, labels, notes.

    The list's spacing is what most of its entries do (one space after ``*``,
    between ``[2502] [Title]``, before a ``(note)``, between ``[[Paper](..)]
    [[Code](..)]``); only gaps of blanks are looked at, and the fix changes blanks
    only: it never deletes or moves a visible character.

    Bad:
        *  [2502][Demystifying Long Chain-of-Thought](https://arxiv.org/abs/2502.03373)(IN.AI)
        * [2502] [Exploring the Limit of Outcome Reward](https://arxiv.org/abs/2502.06781) (Shanghai AI Lab)
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387) (SJTU)
        * [2501] [s1: Simple test-time scaling](https://arxiv.org/abs/2501.19393) (Stanford)
        * [2501] [Kimi k1.5](https://arxiv.org/abs/2501.12599) (Moonshot)
        * [2501] [DeepSeek-R1](https://arxiv.org/abs/2501.12948) (DeepSeek)

    Good:
        * [2502] [Demystifying Long Chain-of-Thought](https://arxiv.org/abs/2502.03373) (IN.AI)
        * [2502] [Exploring the Limit of Outcome Reward](https://arxiv.org/abs/2502.06781) (Shanghai AI Lab)
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387) (SJTU)
        * [2501] [s1: Simple test-time scaling](https://arxiv.org/abs/2501.19393) (Stanford)
        * [2501] [Kimi k1.5](https://arxiv.org/abs/2501.12599) (Moonshot)
        * [2501] [DeepSeek-R1](https://arxiv.org/abs/2501.12948) (DeepSeek)
    """

    code = "LB602"
    name = "entry-spacing"
    summary = "spacing unlike the list's own: after the bullet, between tags, before a note, between labels"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        doc = ctx.doc
        gaps = [gap for entry in ctx.entries() for gap in self._gaps(doc, entry)]
        counts: dict[str, Counter[str]] = {kind: Counter() for kind in _WHAT}
        for kind, text, _, _, _ in gaps:
            counts[kind][text] += 1
        usual = {kind: self._usual(counts[kind]) for kind in _WHAT}
        usual["labels"] = ctx.profile.conventions.label_spacing
        for kind, text, start, end, entry in gaps:
            want = usual[kind]
            if want is None or text == want:
                continue
            edit = ctx.edit(start, end, want)
            fix: Fix | None = ctx.fix("use one space" if want == " " else "remove the blanks", edit)
            if kind == "bullet" and not _keeps_structure(doc, entry, len(text) - len(want)):
                fix = None
            spacing = "one space" if want == " " else "no space"
            message = f"use {spacing} {_WHAT[kind]}, as the rest of the list does"
            yield self.report(ctx, Span(start, end), message, fix, subject=subject(entry))

    @staticmethod
    def _usual(counts: Counter[str]) -> str | None:
        if sum(counts.values()) < 5:
            return None
        text, count = counts.most_common(1)[0]
        return text if count >= 0.8 * sum(counts.values()) and text in ("", " ") else None

    @staticmethod
    def _gaps(doc: Document, entry: Entry) -> Iterator[tuple[str, str, int, int, Entry]]:
        """(kind, blanks, start, end, entry) of each gap of blanks the rule looks at."""
        text = doc.text
        if entry.kind is not EntryKind.ITEM:
            return
        bullet = entry.bullet_span
        if bullet is not None and entry.content_start > bullet.end:
            gap = text[bullet.end : entry.content_start]
            if "\n" not in gap:
                yield "bullet", gap, bullet.end, entry.content_start, entry
        link = entry.title_link
        pieces = [tag.span for tag in entry.prefixes] + ([link.span] if link else [])
        for left, right in pairwise(pieces):
            between = text[left.end : right.start]
            if left.end <= right.start and not between.strip() and "\n" not in between:
                yield "tags", between, left.end, right.start, entry
        if link is not None:
            after = link.span.end
            blanks, head_end = after, entry.head.end
            while blanks < head_end and text[blanks] in " \t":
                blanks += 1
            if blanks < head_end and text[blanks] == "(":
                yield "note", text[after:blanks], after, blanks, entry
        if len(entry.links) > 1:  # label gaps lie between two links at least
            for start, end in label_gaps(doc, entry):
                if "\n" not in text[start:end]:
                    yield "labels", text[start:end], start, end, entry


def _keeps_structure(doc: Document, entry: Entry, narrower: int) -> bool:
    """Whether moving an item's text ``narrower`` columns left keeps the lines below it where
    they are: a line indented between the new and the old text column would change sides (a
    sibling item would become a sub-item, a lazy line a real one)."""
    first = doc.line_span(entry.line)
    old_column = len(doc.text[first.start : entry.content_start].expandtabs(4))
    new_column = old_column - narrower
    for number in range(entry.line + 1, doc.line_count + 1):
        line = doc.line_text(number)
        if not line.strip():
            continue
        if new_column <= leading_columns(line)[0] < old_column:
            return False
        if number > entry.end_line:
            break  # the first line after the entry decides whether it joins it
    return True
