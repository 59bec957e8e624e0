from __future__ import annotations

import re
from collections.abc import Iterator

from listbot.diagnostics import Change, Diagnostic, Edit, Fix, Severity
from listbot.metadata.model import Finding
from listbot.metadata.refs import arxiv_place
from listbot.model import Entry
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject
from listbot.rules.metadata_common import paper_findings, severity
from listbot.urls import arxiv_id, arxiv_match

# Characters that would need escaping in Markdown or a table cell: a title holding them is not
# rewritten automatically.
_UNSAFE_TITLE = re.compile(r"[*_`\[\]<>|$\\~]")
_MARKUP = "*_~"  # around a title, kept by a new title (`**Title**`)


def _inner(written: str) -> tuple[int, int]:
    """Where the title inside ``written`` starts and ends, markup and blanks around it aside (a
    regex with a lazy middle took 30 s for 80,000 blanks inside a title)."""
    start, end = 0, len(written)
    while start < end and (written[start] in _MARKUP or written[start].isspace()):
        start += 1
    while end > start and (written[end - 1] in _MARKUP or written[end - 1].isspace()):
        end -= 1
    return start, end


class PaperMismatch(Rule):
    """The entry's title is not the title of the paper its arXiv id names.

    Checked only with ``listbot check --metadata``: the paper is looked up on arXiv and the
    titles are compared on folded words (case, punctuation, TeX and Greek letters aside).
    A close title (the paper was retitled, or the list shortens it) is a warning naming the
    current title; an unrelated title is an error: the entry links the wrong paper (often a
    neighbour's id, copied with the line above), and the message names the paper it does
    link. Unsafe fixes: the current title for a close one; for the wrong paper, the id of the
    paper the title names, when a title search (or another entry of the list) finds it.

    Bad:
        * [2501] [Kimi k1.5: Scaling Reinforcement Learning with LLMs](https://arxiv.org/abs/2501.12948)

    Good:
        * [2501] [Kimi k1.5: Scaling Reinforcement Learning with LLMs](https://arxiv.org/abs/2501.12599)
    """

    code = "LB801"
    name = "paper-mismatch"
    summary = "the title is not the title of the paper the arXiv id names (wrong paper, or retitled)"
    severity = Severity.ERROR
    fixable = True
    network = "metadata"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry, finding in paper_findings(ctx, self.code):
            span = entry.title.span if entry.title is not None else entry.anchor
            yield self.report(
                ctx,
                span,
                finding.message,
                _fix(ctx, entry, finding),
                severity=severity(finding),
                subject=subject(entry),
            )


def _fix(ctx: Context, entry: Entry, finding: Finding) -> Fix | None:
    if finding.replacement is None:
        return None
    kind, value = finding.replacement
    if kind == "title":
        return _retitle(ctx, entry, value)
    if kind == "arxiv_id":
        return _relink(ctx, entry, value)
    return None


def _retitle(ctx: Context, entry: Entry, title: str) -> Fix | None:
    """The title's words replaced by the current title; markup around it and a final dot kept."""
    if entry.title is None or _UNSAFE_TITLE.search(title):
        return None
    written = ctx.doc.slice(entry.title.span)
    lead, trail = _inner(written)
    old = written[lead:trail]
    if not old or _UNSAFE_TITLE.search(old):
        return None
    new = title + "." if old.endswith(".") and not title.endswith(".") else title
    start = entry.title.span.start + lead
    edit = ctx.edit(start, start + len(old), new)
    return ctx.fix(
        f"use the current title {new!r}", edit, unsafe=True, change=Change.WORDS, removes=(old,), adds=(new,)
    )


def _relink(ctx: Context, entry: Entry, new_id: str) -> Fix | None:
    """Every link of the entry that carries the wrong id, pointed at the paper the title names."""
    old_id = entry.arxiv_id
    if old_id is None or arxiv_place(entry) is None:
        return None
    edits: list[Edit] = []
    places = [(link.url, link.url_span) for link in entry.links if not link.image]
    places += [(bare.url, bare.span) for bare in entry.bare_urls]
    for url, span in places:
        if arxiv_id(url) != old_id or ctx.doc.slice(span) != url:
            continue
        edits.append(ctx.edit(span.start, span.end, _with_id(url, new_id)))
    if not edits:
        return None
    return ctx.fix(f"link arXiv {new_id}", *edits, unsafe=True, change=Change.HREF)


def _with_id(url: str, new_id: str) -> str:
    """``url`` pointing at ``new_id``, in the same form (abs/pdf, host, suffix), without a version."""
    match = arxiv_match(url)
    assert match is not None
    group = "new" if match["new"] else "old"
    end = match.end("version") if match["version"] else match.end(group)
    stripped = url.strip()
    return stripped[: match.start(group)] + new_id + stripped[end:]
