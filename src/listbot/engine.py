"""Runs the rules over a document and decides what is reported.

Rules only find problems. The engine applies the configuration: which codes are
selected (ruff-like: the longest matching prefix of ``select``/``ignore`` wins),
per-section overrides, severity overrides, and inline suppression comments.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace

from listbot.config import Config
from listbot.diagnostics import Diagnostic, Severity
from listbot.model import Document, SectionKind
from listbot.parse import parse
from listbot.rules import ALL_RULES, BY_NAME, Context, Rule, rule_options

_DIRECTIVE = re.compile(
    r"<!--\s*listbot:\s*(?P<verb>ignore|disable|enable)\b(?P<codes>[^>]*?)\s*-->", re.IGNORECASE
)


def _normalise(codes: Iterable[str]) -> list[str]:
    """Accept codes, prefixes, rule names and ``ALL``; return code prefixes."""
    result = []
    for raw in codes:
        item = raw.strip()
        if not item:
            continue
        if item.lower() in BY_NAME:
            result.append(BY_NAME[item.lower()].code)
        elif item.upper() == "ALL":
            result.append("LB")
        else:
            result.append(item.upper())
    return result


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """The most specific matching prefix decides; on a tie, ignore wins."""
    best_select = max((len(p) for p in _normalise(select) if code.startswith(p)), default=-1)
    best_ignore = max((len(p) for p in _normalise(ignore) if code.startswith(p)), default=-1)
    return best_select > best_ignore


def apply_section_config(doc: Document, config: Config) -> None:
    """Set each section's kind and sort order: inferred, then overridden by config."""
    for section in doc.sections:
        overrides = config.section_overrides(section.title)
        for override in overrides:
            if override.kind:
                section.kind = SectionKind(override.kind)
        order = config.order if section.kind is SectionKind.DATED else "none"
        for override in overrides:
            if override.order:
                order = override.order
        section.order = order


def _suppressed_lines(doc: Document) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, codes) ranges that inline comments switch off; [] codes = all."""
    ranges: list[tuple[int, int, list[str]]] = []
    open_ranges: dict[str, int] = {}
    entry_end = {entry.line: entry.end_line for entry in doc.entries}
    last_line = len(doc.line_starts)
    for match in _DIRECTIVE.finditer(doc.text):
        line = doc.position(match.start())[0]
        codes = _normalise(re.split(r"[\s,]+", match["codes"]))
        verb = match["verb"].lower()
        if verb == "ignore":
            before = doc.text[doc.line_starts[line - 1] : match.start()]
            if before.strip():  # a trailing comment covers its own line
                ranges.append((line, entry_end.get(line, line), codes))
                continue
            target = line + 1
            while target <= last_line and not doc.line_text(target).strip():
                target += 1
            ranges.append((target, entry_end.get(target, target), codes))
        elif verb == "disable":
            for code in codes or [""]:
                open_ranges.setdefault(code, line)
        else:
            for code in codes or list(open_ranges):
                start = open_ranges.pop(code, None)
                if start is not None:
                    ranges.append((start, line, [code] if code else []))
    for code, start in open_ranges.items():
        ranges.append((start, last_line, [code] if code else []))
    return ranges


def _is_suppressed(diagnostic: Diagnostic, ranges: list[tuple[int, int, list[str]]]) -> bool:
    for first, last, codes in ranges:
        covered = first <= diagnostic.line <= last
        if covered and (not codes or any(diagnostic.code.startswith(code) for code in codes)):
            return True
    return False


def selection(
    config: Config, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """The select and ignore in force: a command-line select replaces the config's; ignores add up."""
    return list(select) or list(config.select), [*config.ignore, *ignore]


def enabled_rules(config: Config, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    """Rules selected anywhere: globally, or by a section override."""
    chosen_select, chosen_ignore = selection(config, select, ignore)
    section_select = [code for section in config.sections for code in section.select]
    return [
        rule()
        for rule in ALL_RULES
        if is_selected(rule.code, chosen_select, chosen_ignore)
        or is_selected(rule.code, section_select, chosen_ignore)
    ]


def lint_document(
    doc: Document, config: Config, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[Diagnostic]:
    """All reported diagnostics of a parsed document, sorted by position."""
    apply_section_config(doc, config)
    chosen_select, chosen_ignore = selection(config, select, ignore)
    found: list[Diagnostic] = []
    for rule in enabled_rules(config, select, ignore):
        ctx = Context(doc=doc, config=config, options=rule_options(type(rule), config))
        found.extend(rule.check(ctx))
    return finalize(doc, config, found, chosen_select, chosen_ignore)


def finalize(
    doc: Document,
    config: Config,
    found: Iterable[Diagnostic],
    select: Sequence[str],
    ignore: Sequence[str],
) -> list[Diagnostic]:
    """Filter by selection, section overrides and comments; apply severities; sort.

    The link checker sends its LB7xx diagnostics through here as well.
    """
    ranges = _suppressed_lines(doc)
    starts = [section.line for section in doc.sections]
    rules_by_section = []
    for section in doc.sections:
        overrides = config.section_overrides(section.title)
        section_select = [*select, *(c for o in overrides for c in o.select)]
        section_ignore = [*ignore, *(c for o in overrides for c in o.ignore)]
        rules_by_section.append((section_select, section_ignore))
    selected: dict[tuple[int, str], bool] = {}
    result = []
    for diagnostic in found:
        index = max(bisect_right(starts, diagnostic.line) - 1, 0)
        key = (index, diagnostic.code)
        if key not in selected:
            selected[key] = is_selected(diagnostic.code, *rules_by_section[index])
        if not selected[key]:
            continue
        if _is_suppressed(diagnostic, ranges):
            continue
        override = config.severity.get(diagnostic.code) or config.severity.get(diagnostic.name)
        if override:
            diagnostic = replace(diagnostic, severity=Severity(override))
        result.append(diagnostic)
    return sorted(result, key=lambda d: d.sort_key)


def lint_text(
    text: str,
    path: str = "<text>",
    config: Config | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[Diagnostic]:
    """Lint Markdown text (``\\n`` line breaks) and return its diagnostics."""
    return lint_document(parse(text, path), config or Config(), select, ignore)
