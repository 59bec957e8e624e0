"""Lint and fix the head version of each changed list file, then plan the review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from listbot.bot.review import FilePlan, Plan, cap, plan_file
from listbot.config import Config
from listbot.diagnostics import Diagnostic
from listbot.diffmap import DiffMap, from_patch, local_patch
from listbot.fixes import FixRefused
from listbot.model import Document
from listbot.parse import parse
from listbot.pipeline import Run, fix
from listbot.pipeline import analyse as analyse_document


@dataclass(frozen=True, slots=True)
class FileInput:
    """One changed list file: its versions (``\\n`` line breaks) and GitHub's patch."""

    path: str
    base_text: str | None
    head_text: str
    patch: str | None


def link_diagnostics(doc: Document, diff: DiffMap, config: Config) -> list[Diagnostic]:
    """LB7xx diagnostics for the links on added lines, filtered by the engine like any other."""
    from listbot.links import check_documents

    found = check_documents(
        [changed_part(doc, diff)],
        config,
        use_cache=True,
        cache_path=None,
        allow_private=None,
        changed_lines=None,
    )
    return analyse_document(doc, Run(config, network=frozenset({"links"})), extra=[d for d in found if d.path == doc.path])


def changed_part(doc: Document, diff: DiffMap) -> Document:
    """The same document with only the links on lines the pull request added, so the
    link checker does not fetch every old URL of the list on each run."""
    entries = [entry for entry in doc.entries if diff.touches(entry.line, entry.end_line)]
    others = [link for link in doc.other_links if doc.position(link.url_span.start)[0] in diff.added]
    return replace(doc, entries=entries, other_links=others)


def _fixed(item: FileInput, config: Config, extra: list[Diagnostic]) -> tuple[str, str | None]:
    try:
        return fix(parse(item.head_text, item.path), Run(config), extra=[d for d in extra if d.fix]).text, None
    except FixRefused as error:
        return item.head_text, str(error)


def diff_of(item: FileInput) -> DiffMap:
    """GitHub's patch decides; when it sent none (a diff too large to show), a local diff
    still tells which lines were added, but no line comment can be anchored."""
    if item.patch is not None:
        return from_patch(item.patch, item.path)
    local = from_patch(local_patch(item.base_text, item.head_text, item.path), item.path)
    return DiffMap(added=local.added, hunks=[], known=False)


def plan_one(item: FileInput, config: Config, links: bool) -> FilePlan:
    doc = parse(item.head_text, item.path)
    diff = diff_of(item)
    diagnostics = analyse_document(doc, Run(config))
    extra = link_diagnostics(doc, diff, config) if links else []
    diagnostics = sorted([*diagnostics, *extra], key=lambda d: d.sort_key)
    fixed_text, refused = _fixed(item, config, extra)
    plan = plan_file(doc, diagnostics, diff, fixed_text)
    plan.fix_refused = refused
    return plan


def analyse(items: Sequence[FileInput], config: Config, links: bool, max_comments: int) -> Plan:
    return cap([plan_one(item, config, links) for item in items], max_comments)
