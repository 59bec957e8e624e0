"""Running the one pipeline (:mod:`listbot.pipeline`) on each reviewed file's head version.

The bot adds only what a pull request needs: the lines it added are untrusted (a
suppression comment it adds silences nothing of its own), links are checked only on
those lines, papers and code links are looked up (``metadata`` enabled in the base
config) only for the entries it adds or changes, and the suppressions it adds are found
so the review can say so.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from listbot.bot.context import ToolSource
from listbot.bot.plan import Plan, cap, plan_file
from listbot.config import Config
from listbot.decide import Suppression, suppressions
from listbot.diagnostics import Diagnostic
from listbot.diffmap import DiffMap
from listbot.model import Document
from listbot.parse import parse
from listbot.pipeline import Run, analyse

SUPPRESSING = ("ignore", "disable")


@dataclass(frozen=True, slots=True)
class ListFile:
    """One reviewed file: its head version (``\\n`` line breaks) and what the pull request added."""

    path: str
    head_text: str
    diff: DiffMap
    doc: Document | None = None  # the head, when already parsed (to tell whether it reads as a list)
    base_text: str | None = None  # the version the pull request changes: conventions are learned from it


def changed_part(doc: Document, diff: DiffMap) -> Document:
    """The same document with only the links on lines the pull request added, so the
    link checker does not fetch every old URL of the list on each run."""
    entries = tuple(entry for entry in doc.entries if diff.touches(entry.line, entry.end_line))
    others = tuple(link for link in doc.other_links if doc.position(link.url_span.start)[0] in diff.added)
    return replace(doc, entries=entries, other_links=others)


def link_diagnostics(doc: Document, diff: DiffMap, config: Config) -> list[Diagnostic]:
    """LB7xx diagnostics for the links on added lines (decided on with the others)."""
    from listbot.links import check_documents

    found = check_documents([changed_part(doc, diff)], config, use_cache=True)
    return [d for d in found if d.path == doc.path]


def metadata_wanted(config: Config) -> bool:
    """``metadata = true`` (or ``[pr] metadata = true``) in the base branch's config."""
    return config.metadata.enabled or config.pr.metadata


def metadata_answers(doc: Document, diff: DiffMap, config: Config) -> Any:
    """LB8xx lookups for the entries on added lines; a source that cannot be reached (or a
    missing extra) skips them with a warning rather than failing the review."""
    from listbot.extras import MissingExtra, require
    from listbot.metadata import MetadataUnavailable

    try:
        require("links")
        from listbot.metadata.refs import check_documents_metadata

        return check_documents_metadata([changed_part(doc, diff)], config.metadata, use_cache=True)
    except (MetadataUnavailable, MissingExtra) as error:
        print(f"listbot: warning: {error}; paper and code checks skipped", file=sys.stderr)
        return None


def run_for(item: ListFile, config: Config, links: bool) -> Run:
    network = frozenset({"links"}) if links else frozenset()
    if metadata_wanted(config):
        network |= {"metadata"}
    bases = {item.path: parse(item.base_text, item.path)} if item.base_text else {}
    return Run(config, network=network, untrusted={item.path: frozenset(item.diff.added)}, bases=bases)


def lint_file(
    item: ListFile, config: Config, links: bool
) -> tuple[Document, list[Diagnostic], list[Suppression]]:
    """The head's diagnostics as the pipeline decides them, and the suppressions it adds."""
    doc = item.doc if item.doc is not None else parse(item.head_text, item.path)
    extra = link_diagnostics(doc, item.diff, config) if links else []
    metadata = metadata_answers(doc, item.diff, config) if metadata_wanted(config) else None
    diagnostics = analyse(doc, run_for(item, config, links), extra=extra, metadata=metadata)
    added = [s for s in suppressions(doc) if s.line in item.diff.added and s.verb in SUPPRESSING]
    return doc, diagnostics, added


def review(
    items: Sequence[ListFile], config: Config, links: bool, max_comments: int, tool: ToolSource
) -> Plan:
    """Every file through the pipeline, then one plan with at most ``max_comments`` comments."""
    plans = []
    for item in items:
        doc, diagnostics, added = lint_file(item, config, links)
        plans.append(plan_file(doc, diagnostics, item.diff, added))
    return cap(plans, max_comments, tool)
