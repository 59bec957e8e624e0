from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Change, Diagnostic, Edit, Fix, Severity
from listbot.metadata.model import Finding
from listbot.metadata.refs import Place, code_place
from listbot.model import Entry
from listbot.rules.base import Context, Rule
from listbot.rules.metadata_common import code_findings, severity
from listbot.urls import RepoLink, badge_repository, parse_repo_url


class CodeMoved(Rule):
    """A GitHub code link whose repository was renamed or transferred; the fix writes the new URL.

    Checked only with ``listbot check --metadata`` (GitHub's GraphQL API with
    ``GITHUB_TOKEN``, its REST API without). GitHub redirects the old address for now, but
    the redirect breaks as soon as someone creates a repository under the old name. The
    fix keeps whatever follows ``owner/repo`` in the link (``/tree/main/src``, ``#readme``)
    and also updates the entry's other links and star badges that name the old repository.

    Bad:
        * [2305] [Let's Verify Step by Step](https://arxiv.org/abs/2305.20050) [[Code](https://github.com/old-owner/prm800k)]

    Good:
        * [2305] [Let's Verify Step by Step](https://arxiv.org/abs/2305.20050) [[Code](https://github.com/openai/prm800k)]
    """

    code = "LB811"
    name = "code-moved"
    summary = "a GitHub code link whose repository was renamed or transferred"
    severity = Severity.WARNING
    fixable = True
    network = "metadata"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry, finding in code_findings(ctx, self.code):
            place = code_place(entry)
            if place is None:
                continue
            yield self.report(
                ctx,
                place.span,
                finding.message,
                _fix(ctx, entry, place, finding),
                severity=severity(finding),
                subject=f"url:{place.url}",
            )


def _fix(ctx: Context, entry: Entry, place: Place, finding: Finding) -> Fix | None:
    old = parse_repo_url(place.url)
    new = parse_repo_url(finding.replacement[1]) if finding.replacement else None
    if old is None or new is None:
        return None
    edits: list[Edit] = []
    urls = [(link.url, link.url_span, link.image) for link in entry.links]
    urls += [(bare.url, bare.span, False) for bare in entry.bare_urls]
    for url, span, image in urls:
        if ctx.doc.slice(span) != url:
            continue
        moved = _moved_badge(url, old, new) if image else _moved_link(url, old, new)
        if moved is not None and moved != url:
            edits.append(ctx.edit(span.start, span.end, moved))
    if not edits:
        return None
    target = f"https://github.com/{new.owner}/{new.name}"
    return ctx.fix(f"use {target}", *edits, change=Change.HREF)


def _moved_link(url: str, old: RepoLink, new: RepoLink) -> str | None:
    repo = parse_repo_url(url)
    if repo is None or repo.key != old.key:
        return None
    return f"https://github.com/{new.owner}/{new.name}{repo.rest}"


def _moved_badge(url: str, old: RepoLink, new: RepoLink) -> str | None:
    """A badge image naming the old repository, naming the new one (``.../stars/OWNER/REPO``)."""
    named = badge_repository(url)
    if named is None or named.key != old.key:
        return None
    written = f"/{named.owner}/{named.name}"
    if url.count(written) != 1:
        return None
    return url.replace(written, f"/{new.owner}/{new.name}")
