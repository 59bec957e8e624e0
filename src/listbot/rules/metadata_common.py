"""What the LB8xx rules share: the metadata answers of a ``--metadata`` run, entry by entry.

``Context.metadata`` holds a :class:`~listbot.metadata.refs.MetadataAnswers` in runs with
``--metadata`` (None otherwise). "Could not verify" notes come out under LB802 (papers)
and LB813 (code links) with severity info: the check those rules make could not be made.
"""

from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Severity
from listbot.metadata.model import UNVERIFIED, Finding
from listbot.metadata.refs import MetadataAnswers
from listbot.model import Entry
from listbot.rules.base import Context


def _answers(ctx: Context) -> MetadataAnswers | None:
    return ctx.metadata if isinstance(ctx.metadata, MetadataAnswers) else None


def paper_findings(ctx: Context, code: str, notes: bool = False) -> Iterator[tuple[Entry, Finding]]:
    """(entry, finding) for each ``code`` finding about an entry's paper (and the notes)."""
    answers = _answers(ctx)
    if answers is None:
        return
    wanted = {code, UNVERIFIED} if notes else {code}
    for entry in ctx.entries():
        for finding in answers.paper_findings(entry):
            if finding.code in wanted:
                yield entry, finding


def code_findings(ctx: Context, code: str, notes: bool = False) -> Iterator[tuple[Entry, Finding]]:
    """(entry, finding) for each ``code`` finding about an entry's code link (and the notes)."""
    answers = _answers(ctx)
    if answers is None:
        return
    wanted = {code, UNVERIFIED} if notes else {code}
    for entry in ctx.entries():
        for finding in answers.code_findings(entry):
            if finding.code in wanted:
                yield entry, finding


def severity(finding: Finding) -> Severity:
    return Severity(finding.severity)
