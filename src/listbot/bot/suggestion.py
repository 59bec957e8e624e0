"""One-click suggestions, built from a comment's own diagnostics and nothing else.

A review comment covers head lines ``first..last`` (all of them added by the pull
request). Its suggestion applies the edits of the fixes of ITS diagnostics, once the
render check (:func:`listbot.rail.check`) has accepted them, to exactly those lines:

- a fix with an edit outside the lines (or on the line break after the last one) is
  left out, so a suggestion never rewrites a line the comment does not show;
- a reorder (LB501) is never suggested: its comment says where the entry belongs;
- lines are deleted only by a fix that removes an entry identical to one that stays;
- an unsafe fix (one ``listbot fix`` applies only with ``--unsafe-fixes``) is offered
  too, marked as needing a judgement, since a person decides with one click;
- lines holding control or invisible characters get no suggestion (it would carry
  them unseen).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from listbot import rail
from listbot.bot.escape import fence_for, has_controls
from listbot.diagnostics import Applicability, Change, Diagnostic, Fix
from listbot.fixes import choose_fixes, rewrite
from listbot.model import Document


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The lines that replace the commented lines (empty: delete them)."""

    lines: list[str]
    fixed: list[Diagnostic]  # the diagnostics whose fixes it applies
    judgement: bool  # it applies an unsafe fix

    def block(self) -> str:
        text = "\n".join(self.lines)
        fence = fence_for(text)
        return f"{fence}suggestion\n{text + chr(10) if self.lines else ''}{fence}"


def line_region(doc: Document, first: int, last: int) -> tuple[int, int]:
    """Offsets of lines ``first..last``, with the line break after ``last`` if there is one."""
    start = doc.line_starts[first - 1]
    end = doc.line_starts[last] if last < doc.line_count else len(doc.text)
    return start, end


def _inside(fix: Fix, start: int, end: int, text: str) -> bool:
    """Every edit falls on the lines, and none touches the line break that ends them
    (a suggestion replaces lines; it cannot join the last one to the next)."""
    whole = all(edit.start == start and edit.end == end and not edit.content for edit in fix.edits)
    if whole:
        return fix.change is Change.DUPLICATE
    limit = end - 1 if end > start and text[end - 1] == "\n" else end  # no slice: one per diagnostic
    return all(start <= edit.start and edit.end <= limit and edit.start <= limit for edit in fix.edits)


def _candidates(doc: Document, diagnostics: Sequence[Diagnostic], start: int, end: int) -> list[Diagnostic]:
    return [
        d
        for d in diagnostics
        if d.fix is not None
        and d.fix.edits
        and d.fix.change is not Change.REORDER
        and _inside(d.fix, start, end, doc.text)
    ]


def _shifted(fix: Fix, offset: int) -> Fix:
    edits = tuple(replace(edit, start=edit.start - offset, end=edit.end - offset) for edit in fix.edits)
    return replace(fix, edits=edits)


def suggest(doc: Document, diagnostics: Sequence[Diagnostic], first: int, last: int) -> Suggestion | None:
    """The suggestion for a comment on lines ``first..last`` about ``diagnostics``, if any."""
    start, end = line_region(doc, first, last)
    region = doc.text[start:end]
    if has_controls(region):
        return None
    chosen = choose_fixes(_candidates(doc, diagnostics, start, end), unsafe=True)
    refused = rail.check(doc, chosen) if chosen else {}
    accepted = [d for index, d in enumerate(chosen) if index not in refused]
    deletions = [d for d in accepted if d.fix is not None and d.fix.change is Change.DUPLICATE]
    if deletions:
        accepted = deletions[:1]  # the entry goes; its other fixes no longer matter
    if not accepted:
        return None
    fixes = [_shifted(d.fix, start) for d in accepted if d.fix is not None]
    new = rewrite(region, fixes)
    if new == region or has_controls(new):
        return None
    if deletions:
        lines: list[str] = []
    else:
        body = new[:-1] if region.endswith("\n") and new.endswith("\n") else new
        lines = body.split("\n")
    judgement = any(d.fix is not None and d.fix.applicability is Applicability.UNSAFE for d in accepted)
    return Suggestion(lines, accepted, judgement)
