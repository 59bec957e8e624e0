"""Lint and fix the head version of each changed list file, then plan the review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from listbot.bot.diffmap import from_patch
from listbot.bot.review import FilePlan, Plan, cap, plan_file
from listbot.config import Config
from listbot.diagnostics import Diagnostic
from listbot.engine import finalize, lint_document
from listbot.fixes import FixRefused, fix_text
from listbot.model import Document
from listbot.parse import parse


@dataclass(frozen=True, slots=True)
class FileInput:
    """One changed list file: its versions (``\\n`` line breaks) and GitHub's patch."""

    path: str
    base_text: str | None
    head_text: str
    patch: str | None


def link_diagnostics(docs: Sequence[Document], config: Config) -> list[Diagnostic]:
    """LB7xx diagnostics from the link checker, filtered by the engine like any other."""
    from listbot.links import check_documents

    found = check_documents(
        list(docs), config, use_cache=True, cache_path=None, allow_private=None, changed_lines=None
    )
    result: list[Diagnostic] = []
    for doc in docs:
        mine = [d for d in found if d.path == doc.path]
        result.extend(finalize(doc, config, mine, config.select, config.ignore))
    return result


def _fixed(item: FileInput, config: Config, extra: list[Diagnostic]) -> tuple[str, str | None]:
    try:
        return fix_text(item.head_text, item.path, config, extra=[d for d in extra if d.fix]).text, None
    except FixRefused as error:
        return item.head_text, str(error)


def plan_one(item: FileInput, config: Config, links: bool) -> FilePlan:
    doc = parse(item.head_text, item.path)
    diagnostics = lint_document(doc, config)
    extra = link_diagnostics([doc], config) if links else []
    diagnostics = sorted([*diagnostics, *extra], key=lambda d: d.sort_key)
    fixed_text, refused = _fixed(item, config, extra)
    plan = plan_file(
        parse(item.head_text, item.path), diagnostics, from_patch(item.patch, item.path), fixed_text
    )
    plan.fix_refused = refused
    return plan


def analyse(items: Sequence[FileInput], config: Config, links: bool, max_comments: int) -> Plan:
    return cap([plan_one(item, config, links) for item in items], max_comments)
