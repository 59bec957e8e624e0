"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run whose driver lists every rule (its summary, its documentation as help, a link to
the README's rule reference, its default level). Each result carries its region (1-based
lines and code-point columns, the end exclusive), the other entry it concerns as a related
location (a duplicate's first copy, the neighbour of an entry out of order), and its fix as
artifact changes, safe or not (unsafe ones say so in their description).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from listbot.diagnostics import Applicability, Diagnostic, Edit, Fix

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(diagnostics: Sequence[Diagnostic], files: int = 1) -> str:
    from listbot.project import declared_source, version
    from listbot.rules import ALL_RULES

    index = {rule.code: number for number, rule in enumerate(ALL_RULES)}
    driver = {
        "name": "listbot",
        "semanticVersion": version(),
        "version": version(),
        "informationUri": declared_source() or "https://github.com/listbot-dev/listbot",
        "rules": [_rule(rule) for rule in ALL_RULES],
    }
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index.get(d.code)) for d in diagnostics],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: Any) -> dict[str, Any]:
    from listbot.docs import rule_page
    from listbot.project import rule_url

    page = rule_page(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.documentation().split("\n\n", 1)[0].replace("\n", " ")},
        "help": {"text": page, "markdown": page},
        "helpUri": rule_url(rule.code, rule.name),
        "defaultConfiguration": {"level": _LEVEL[rule.severity.value]},
        "properties": {"fixable": rule.fixable, "network": rule.network or "none"},
    }


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _location(d: Diagnostic) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": d.path},
            "region": _region(d.line, d.column, d.end_line, d.end_column),
        }
    }


def _result(d: Diagnostic, rule_index: int | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVEL[d.severity.value],
        "message": {"text": d.message},
        "locations": [_location(d)],
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if d.subject:  # stable when lines move: a paper id, a URL or a folded title
        result["partialFingerprints"] = {"listbotSubject/v1": f"{d.code}:{d.subject}"}
    if d.related is not None:
        result["relatedLocations"] = [
            {
                "id": 1,
                "message": {"text": d.related.message},
                "physicalLocation": {
                    "artifactLocation": {"uri": d.path},
                    "region": {"startLine": d.related.line},
                },
            }
        ]
    if d.fix is not None:
        result["fixes"] = [_fix(d.path, d.fix)]
    return result


def _fix(path: str, fix: Fix) -> dict[str, Any]:
    unsafe = fix.applicability is Applicability.UNSAFE
    return {
        "description": {"text": f"{fix.message} (unsafe: check it)" if unsafe else fix.message},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": path},
                "replacements": [_replacement(edit) for edit in fix.edits],
            }
        ],
    }


def _replacement(edit: Edit) -> dict[str, Any]:
    return {
        "deletedRegion": _region(edit.line, edit.column, edit.end_line, edit.end_column),
        "insertedContent": {"text": edit.content},
    }
