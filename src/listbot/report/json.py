"""A JSON array of diagnostics, serialised by pydantic.

Each object has ``path``, ``line``, ``column``, ``end_line``, ``end_column``,
``code``, ``name``, ``severity``, ``message``, ``fixable``, ``related`` (null, or for
duplicates the other entry's ``{"line", "message"}``) and ``fix`` (null, or
``{"message", "applicability", "edits": [{"content", "location", "end_location"}]}``
with 1-based ``{"line", "column"}`` locations, as ruff writes them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from listbot.diagnostics import Diagnostic


class Location(BaseModel):
    line: int
    column: int


class EditOut(BaseModel):
    content: str
    location: Location
    end_location: Location


class FixOut(BaseModel):
    message: str
    applicability: Literal["safe", "unsafe"]
    edits: list[EditOut]


class RelatedOut(BaseModel):
    line: int
    message: str


class DiagnosticOut(BaseModel):
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Literal["error", "warning", "info"]
    message: str
    fixable: bool
    fix: FixOut | None
    related: RelatedOut | None = None

    @classmethod
    def of(cls, d: Diagnostic) -> DiagnosticOut:
        fix = None
        if d.fix:
            fix = FixOut(
                message=d.fix.message,
                applicability=d.fix.applicability.value,
                edits=[
                    EditOut(
                        content=e.content,
                        location=Location(line=e.line, column=e.column),
                        end_location=Location(line=e.end_line, column=e.end_column),
                    )
                    for e in d.fix.edits
                ],
            )
        return cls(
            path=d.path,
            line=d.line,
            column=d.column,
            end_line=d.end_line,
            end_column=d.end_column,
            code=d.code,
            name=d.name,
            severity=d.severity.value,
            message=d.message,
            fixable=d.fixable,
            fix=fix,
            related=RelatedOut(line=d.related.line, message=d.related.message) if d.related else None,
        )


def render(diagnostics: Sequence[Diagnostic], files: int = 1) -> str:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(list[DiagnosticOut])
    return adapter.dump_json([DiagnosticOut.of(d) for d in diagnostics], indent=2).decode() + "\n"
