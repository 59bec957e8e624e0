"""The one pipeline the command line and the bot share.

    read -> parse -> learn the profile -> run the rules (offline, then network ones
    with the link checker's answers) -> decide what is reported -> fix -> report

Each step is a function of the previous step's result; nothing is written into
the parsed document. :class:`Run` holds what a run asks for (selection, network
checks, unsafe fixes) and :func:`lint_text` / :func:`fix_text` are the library API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from listbot.config import Config
from listbot.decide import Selection, decide, selection
from listbot.diagnostics import Diagnostic
from listbot.fixes import MAX_PASSES, FixResult, fix_document
from listbot.lint import rules_to_run, run_rules
from listbot.model import Document
from listbot.parse import parse
from listbot.profile import profile


@dataclass(frozen=True, slots=True)
class Run:
    """What one run asks for, whichever command started it."""

    config: Config = field(default_factory=Config)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    unsafe: bool = False
    network: frozenset[str] = frozenset()  # "links", "metadata"
    untrusted: Mapping[str, frozenset[int]] = field(default_factory=dict)  # lines whose comments are ignored
    extend_select: tuple[str, ...] = ()
    bases: Mapping[str, Document] = field(default_factory=dict)  # path -> the version to learn from

    def chosen(self, path: str | None = None) -> Selection:
        """The selection in force for a file (``per-file-ignores`` depend on its path)."""
        return selection(self.config, self.select, self.ignore, self.extend_select, path)


def analyse(
    doc: Document,
    run: Run,
    outcomes: Mapping[str, Any] | None = None,
    extra: Sequence[Diagnostic] = (),
    metadata: Any = None,
) -> list[Diagnostic]:
    """Lint one parsed document and decide what is reported. ``metadata`` is what a
    ``--metadata`` run found (:class:`listbot.metadata.refs.MetadataAnswers`)."""
    chosen = run.chosen(doc.path)
    rules = rules_to_run(run.config, chosen, run.network)
    learned = profile(doc, run.config, run.bases.get(doc.path))
    found = run_rules(doc, run.config, learned, rules, outcomes, metadata)
    found.extend(extra)
    ran = [rule.code for rule in rules]
    return decide(doc, run.config, found, chosen, ran, run.untrusted.get(doc.path, frozenset()))


def fix(
    doc: Document,
    run: Run,
    outcomes: Mapping[str, Any] | None = None,
    extra: Sequence[Diagnostic] = (),
    passes: int = MAX_PASSES,
    found: list[Diagnostic] | None = None,
    metadata: Any = None,
) -> FixResult:
    """Fix one parsed document to a fixed point (network diagnostics take part in the first pass).
    ``found`` is what :func:`analyse` reported on ``doc`` with the same arguments, if known."""
    found = analyse(doc, run, outcomes, extra, metadata) if found is None else found
    return fix_document(
        doc,
        lambda current: analyse(current, run, outcomes, metadata=metadata),
        lambda text: parse(text, doc.path),
        run.unsafe,
        passes,
        found,
    )


def lint_text(
    text: str,
    path: str = "<text>",
    config: Config | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[Diagnostic]:
    """Lint Markdown text (``\\n`` line breaks) and return its diagnostics."""
    run = Run(config or Config(), tuple(select), tuple(ignore))
    return analyse(parse(text, path), run)


def fix_text(
    text: str,
    path: str = "<text>",
    config: Config | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    unsafe: bool = False,
    extra: Sequence[Diagnostic] = (),
    passes: int = MAX_PASSES,
) -> FixResult:
    """Fix Markdown text until no fixable diagnostic is left; nothing is written anywhere."""
    run = Run(config or Config(), tuple(select), tuple(ignore), unsafe)
    return fix(parse(text, path), run, extra=extra, passes=passes)
