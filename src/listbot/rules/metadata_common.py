"""What the LB8xx rules share: the metadata answers of a ``--metadata`` run, entry by entry.

``Context.metadata`` holds a :class:`~listbot.metadata.refs.MetadataAnswers` in runs with
``--metadata`` (None otherwise). "Could not verify" notes come out under LB802 (papers)
and LB813 (code links) with severity info: the check those rules make could not be made.
"""

from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.metadata.model import UNVERIFIED, Finding
from listbot.metadata.refs import MetadataAnswers, arxiv_place, code_place
from listbot.model import Entry
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject


def _answers(ctx: Context) -> MetadataAnswers | None:
    return ctx.metadata if isinstance(ctx.metadata, MetadataAnswers) else None


def _findings(ctx: Context, code: str, notes: bool, about: str) -> Iterator[tuple[Entry, Finding]]:
    answers = _answers(ctx)
    if answers is None:
        return
    wanted = {code, UNVERIFIED} if notes else {code}
    lookup = answers.paper_findings if about == "paper" else answers.code_findings
    for entry in ctx.entries():
        for finding in lookup(entry):
            if finding.code in wanted:
                yield entry, finding


def paper_findings(ctx: Context, code: str, notes: bool = False) -> Iterator[tuple[Entry, Finding]]:
    """(entry, finding) for each ``code`` finding about an entry's paper (and the notes)."""
    return _findings(ctx, code, notes, "paper")


def code_findings(ctx: Context, code: str, notes: bool = False) -> Iterator[tuple[Entry, Finding]]:
    """(entry, finding) for each ``code`` finding about an entry's code link (and the notes)."""
    return _findings(ctx, code, notes, "code")


def report_on_papers(rule: Rule, ctx: Context, notes: bool = False) -> Iterator[Diagnostic]:
    """``rule``'s findings, each on the entry's arXiv link (on the entry when it has none)."""
    for entry, finding in paper_findings(ctx, rule.code, notes):
        place = arxiv_place(entry)
        span = place.span if place is not None else entry.anchor
        yield rule.report(ctx, span, finding.message, severity=severity(finding), subject=subject(entry))


def report_on_code_links(rule: Rule, ctx: Context, notes: bool = False) -> Iterator[Diagnostic]:
    """``rule``'s findings, each on the entry's code link."""
    for entry, finding in code_findings(ctx, rule.code, notes):
        place = code_place(entry)
        if place is not None:
            message, level = finding.message, severity(finding)
            yield rule.report(ctx, place.span, message, severity=level, subject=f"url:{place.url}")


def severity(finding: Finding) -> Severity:
    return Severity(finding.severity)
