from __future__ import annotations

import re
from collections.abc import Iterator

from listbot.diagnostics import Change, Diagnostic, Related, Severity
from listbot.model import Document, Entry, EntryKind
from listbot.profile import SectionKind
from listbot.rules.base import Context, Rule
from listbot.rules.common import link_span, repeats, same_title, subject
from listbot.text import leading_columns
from listbot.urls import identity


def normalised(doc: Document, entry: Entry, tracking: tuple[str, ...] | list[str]) -> str:
    """The entry as it reads once fixed: link targets by identity, whitespace folded."""
    text = doc.text[entry.content_start : entry.span.end]
    for link in sorted(entry.links, key=lambda link: link.url_span.start, reverse=True):
        start, end = link.url_span.start - entry.content_start, link.url_span.end - entry.content_start
        text = text[:start] + identity(link.url, tracking) + text[end:]
    return re.sub(r"\s+", " ", text).strip()


def _drift(later: Entry, first: Entry, ctx: Context) -> str | None:
    """How two copies of one paper disagree (their dates), if they do. A copy in a section that
    dates nothing (a dataset table without a date column) disagrees with nobody."""
    if any(entry.date is not None and entry.date.month is None for entry in (later, first)):
        return None  # a bare year (`arXiv 2025`) is another kind of date, not a different one
    there = first.date.text if first.date is not None else None
    here = later.date.text if later.date is not None else None
    dated = ctx.profile.kind(first) is SectionKind.DATED and ctx.profile.kind(later) is SectionKind.DATED
    if there == here or ((there is None or here is None) and not dated):
        return None
    return f"dated {there or 'nothing'} there and {here or 'nothing'} here"


def _named_apart(later: Entry, first: Entry) -> bool:
    """Two table rows with different names (``GLM-4.1V-Thinking``, ``GLM-4.5V``) for one report."""
    if later.kind is not EntryKind.ROW or first.kind is not EntryKind.ROW or not later.name or not first.name:
        return False
    return later.name.casefold() != first.name.casefold()


def removal_end(doc: Document, entry: Entry) -> int:
    return min(len(doc.text), entry.span.end + 1)


def _nothing_below_moves(doc: Document, entry: Entry) -> bool:
    """Whether the first line below a removed item stays what it is: a line indented deeper than
    the item's bullet but outside the item (``  * B`` under ``*  A``) would join the item above."""
    if entry.kind is not EntryKind.ITEM:
        return True
    for number in range(entry.end_line + 1, doc.line_count + 1):
        line = doc.line_text(number)
        if line.strip():
            return leading_columns(line)[0] <= entry.indent
    return True


class DuplicateLink(Rule):
    """The same paper twice: the same canonical URL, or the same arXiv id under any URL form.

    Within one section the later copy is an error; when it is identical to the
    first once both are fixed, the fix removes it. Across sections it is a warning,
    or only an info when the list lists papers under several topics on purpose
    (``style.cross-list``, learned from the list); a person decides, no fix.
    One id under two different titles is LB403 instead.

    Bad:
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/pdf/2502.03387)
        * [2502] [LIMO: Less is More for Reasoning](https://www.alphaxiv.org/abs/2502.03387v1)

    Good:
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
    """

    def _elsewhere(
        self, ctx: Context, later: Entry, first: Entry, what: str, related: Related
    ) -> Iterator[Diagnostic]:
        """A copy under another section (or another group of this one): a warning, or in a list that
        files papers under several topics on purpose, an info only where the copies disagree."""
        where = ctx.doc.sections[first.section].title or "the top"
        message = f"{what} is also listed under {where!r} (line {first.line})"
        if later.section == first.section:
            message = f"{what} is also listed in another group of this section (line {first.line})"
        if not ctx.profile.conventions.cross_list:
            yield self.report(ctx, link_span(later), message, None, Severity.WARNING, related, subject(later))
            return
        drift = _drift(later, first, ctx)
        if drift:
            message += f", {drift}"
            yield self.report(ctx, link_span(later), message, None, Severity.INFO, related, subject(later))

    code = "LB401"
    name = "duplicate-link"
    summary = "the same paper twice (same canonical URL or arXiv id): error in a section, warning across"
    severity = Severity.ERROR
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        doc, tracking = ctx.doc, ctx.config.urls.tracking_params
        for later, first in repeats(list(ctx.entries()), tracking):
            if later.title and first.title and not same_title(later, first):
                continue  # one paper id, two titles: LB403; one page, two names: two resources
            if _named_apart(later, first):
                continue  # two models of one report, told apart by a name column
            what = (
                f"arXiv {later.arxiv_id}" if later.arxiv_id else later.link.url if later.link else "this link"
            )
            related = Related(first.line, f"{what} is listed again on line {later.line}")
            if later.section != first.section or later.block != first.block:
                yield from self._elsewhere(ctx, later, first, what, related)
                continue
            fix = None
            removable = later.kind in (EntryKind.ITEM, EntryKind.ROW) and later.kind == first.kind
            if (
                removable
                and normalised(doc, later, tracking) == normalised(doc, first, tracking)
                and _nothing_below_moves(doc, later)
            ):
                edit = ctx.edit(later.span.start, removal_end(doc, later), "")
                keeps = doc.text[first.span.start : first.span.end]
                fix = ctx.fix("remove the repeated entry", edit, change=Change.DUPLICATE, keeps=keeps)
            message = f"{what} is already listed on line {first.line}"
            yield self.report(ctx, link_span(later), message, fix, related=related, subject=subject(later))
