"""Deciding what is reported, for every diagnostic (offline rules and network ones alike).

Rules only find problems. This step applies the configuration: which codes are
selected (ruff-like: the longest matching prefix of ``select``/``ignore`` wins),
per-section overrides, inline suppression comments, and severity overrides. It
also reports suppression comments that name unknown codes (LB902) or that
suppress nothing (LB901). Comments a pull request adds are not trusted: the bot
passes their lines as ``untrusted`` and they suppress nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from listbot.config import Config, ConfigError
from listbot.diagnostics import Diagnostic, Severity, diagnostic_at
from listbot.model import Document, Span
from listbot.rules import BY_CODE, BY_NAME

# What a suppression comment holds between ``<!--`` and ``-->``; it never holds a ``>``.
_DIRECTIVE = re.compile(r"\s*listbot\s*:\s*(?P<verb>[\w-]*)(?P<codes>[^>]*)", re.IGNORECASE)
VERBS = ("ignore", "disable", "enable")


def normalise(codes: Iterable[str]) -> list[str]:
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


def unknown(codes: Iterable[str]) -> list[str]:
    """The codes, prefixes or names that select no rule at all (typos such as ``LB3O4``)."""
    return [
        raw
        for raw, prefix in ((raw, normalise([raw])) for raw in codes if raw.strip())
        if not prefix or not any(code.startswith(prefix[0]) for code in BY_CODE)
    ]


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """The most specific matching prefix decides; on a tie, ignore wins."""
    best_select = max((len(p) for p in normalise(select) if code.startswith(p)), default=-1)
    best_ignore = max((len(p) for p in normalise(ignore) if code.startswith(p)), default=-1)
    return best_select > best_ignore


@dataclass(frozen=True, slots=True)
class Selection:
    """The select and ignore in force for a run (before per-section overrides)."""

    select: tuple[str, ...]
    ignore: tuple[str, ...]

    def selects(self, code: str) -> bool:
        return is_selected(code, self.select, self.ignore)


def selection(
    config: Config,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    path: str | None = None,
) -> Selection:
    """A command-line select replaces the config's; extend-selects add to it; ignores (the
    config's, its ``per-file-ignores`` for ``path``, the command line's) add up."""
    chosen = (*(tuple(select) or tuple(config.select)), *config.extend_select, *extend_select)
    ignored = (*config.ignore, *config.extend_ignore, *(config.ignored_for(path) if path else ()), *ignore)
    return Selection(chosen, ignored)


def check_codes(config: Config, where: str, *flags: tuple[str, Sequence[str]]) -> None:
    """Refuse unknown codes or rule names in the config and in ``(flag, codes)`` pairs."""
    named: list[tuple[str, Sequence[str]]] = [
        ("select", config.select),
        ("ignore", config.ignore),
        ("extend-select", config.extend_select),
        ("extend-ignore", config.extend_ignore),
        ("severity", list(config.severity)),
        *((f"per-file-ignores.{pattern}", codes) for pattern, codes in config.per_file_ignores.items()),
        *((f"sections.{n}.select", s.select) for n, s in enumerate(config.sections)),
        *((f"sections.{n}.ignore", s.ignore) for n, s in enumerate(config.sections)),
    ]
    for key, codes in named:
        bad = unknown(codes)
        if bad:
            raise ConfigError(f"{where}: {key}: unknown rule code or name {bad[0]!r} (see `listbot rules`)")
    for flag, codes in flags:
        bad = unknown(codes)
        if bad:
            raise ConfigError(f"{flag} {bad[0]}: unknown rule code or name (see `listbot rules`)")


def rule_is_wanted(code: str, config: Config, chosen: Selection) -> bool:
    """Whether a rule runs at all: selected globally or by some section override."""
    section_select = [code for section in config.sections for code in section.select]
    return chosen.selects(code) or is_selected(code, section_select, chosen.ignore)


# --- suppression comments -------------------------------------------------------------------------


@dataclass(slots=True)
class Suppression:
    """One ``<!-- listbot: ignore|disable|enable CODES -->`` comment and the lines it covers."""

    verb: str
    span: Span
    line: int
    codes: list[str]  # normalised prefixes; [] means every code
    raw_codes: list[str]
    first: int = 0
    last: int = 0
    used: bool = False
    closes: list[Suppression] = field(default_factory=list)


def directives(text: str) -> Iterator[tuple[Span, str, str]]:
    """Each ``<!-- listbot: VERB CODES -->`` comment: its span, verb and codes, in one pass.

    The comment's body runs from ``<!--`` to the first ``>``, which must be that of ``-->``.
    One regex with a lazy body tried each ``<!--`` against the rest of the text: 5,000
    unclosed ``<!-- listbot: x`` (80 KB) took 11 s (issue 9). The first ``>`` is looked up
    again only once a ``<!--`` lies past it, so the text is read once.
    """
    taken_to = close = 0  # the end of the last directive; the first `>` after the current body
    opener = text.find("<!--")
    while opener != -1:
        body = opener + 4
        if opener >= taken_to:
            if close < body:
                close = text.find(">", body)
                if close == -1:
                    return
            closed = close - 2 >= body and text[close - 2 : close] == "--"
            match = _DIRECTIVE.fullmatch(text, body, close - 2) if closed else None
            if match is not None:
                yield Span(opener, close + 1), match["verb"], match["codes"].rstrip()
                taken_to = close + 1
        opener = text.find("<!--", opener + 1)


def suppressions(doc: Document) -> list[Suppression]:
    """Every suppression comment of the document, with the lines it covers."""
    found: list[Suppression] = []
    open_ranges: dict[str, Suppression] = {}
    last_line = doc.line_count
    for span, verb, codes in directives(doc.text):
        line = doc.position(span.start)[0]
        raw = [code for code in re.split(r"[\s,]+", codes) if code]
        item = Suppression(verb.lower(), span, line, normalise(raw), raw)
        found.append(item)
        if item.verb == "ignore":
            item.first, item.last = _ignored_lines(doc, span.start, line)
        elif item.verb == "disable":
            item.first, item.last = line, last_line
            for code in item.codes or [""]:
                open_ranges.setdefault(code, item)
        elif item.verb == "enable":
            for code in item.codes or list(open_ranges):
                opened = open_ranges.pop(code, None)
                if opened is not None:
                    opened.last = line
    return found


def _ignored_lines(doc: Document, offset: int, line: int) -> tuple[int, int]:
    """An ``ignore`` at the end of a line covers its entry; on its own line, the next entry."""
    before = doc.text[doc.line_starts[line - 1] : offset]
    target = line
    if not before.strip():
        target = line + 1
        while target <= doc.line_count and not doc.line_text(target).strip():
            target += 1  # blank lines between the comment and the entry do not matter
    entry = doc.entry_at(target)
    if entry is not None and before.strip():
        return entry.line, entry.end_line
    if entry is not None and entry.line == target:
        return entry.line, entry.end_line
    return target, target


# --- deciding --------------------------------------------------------------------------------------


def decide(
    doc: Document,
    config: Config,
    found: Iterable[Diagnostic],
    chosen: Selection,
    ran: Iterable[str] = (),
    untrusted: frozenset[int] = frozenset(),
) -> list[Diagnostic]:
    """Filter by selection, section overrides and comments; apply severities; sort.

    ``ran`` are the codes of the rules that ran (a comment about a rule that did not
    run is not "unused"); ``untrusted`` are lines whose suppression comments are not
    honoured (added by the pull request under review).
    """
    comments = [item for item in suppressions(doc) if item.line not in untrusted]
    section_rules = _section_rules(doc, config, chosen)
    sweep = _Sweep(comments)
    result = []
    section_lines = [section.line for section in doc.sections]
    section = 0  # the diagnostics come in line order: the section only moves forward
    for diagnostic in sorted(found, key=lambda d: d.line):
        while section + 1 < len(section_lines) and section_lines[section + 1] <= diagnostic.line:
            section += 1
        if not section_rules[section](diagnostic.code):
            continue
        if sweep.covers(diagnostic.line, diagnostic.code):
            continue
        result.append(_with_severity(config, diagnostic) if config.severity else diagnostic)
    result += _comment_problems(doc, config, comments, section_rules, frozenset(ran))
    return sorted(result, key=lambda d: d.sort_key)


class _Sweep:
    """Which suppressions cover a line, asked for lines in increasing order: each comment
    enters at its first line and leaves after its last, filed under each code prefix it
    names, so the work stays linear however many comments and problems a list holds."""

    def __init__(self, comments: list[Suppression]) -> None:
        ranges = [item for item in comments if item.verb != "enable" and item.first <= item.last]
        self.entering = sorted(ranges, key=lambda item: item.first)
        self.leaving = sorted(ranges, key=lambda item: item.last)
        self.next_in = self.next_out = 0
        self.active: dict[str, dict[int, Suppression]] = {}  # code prefix ("": every code) -> comments
        self.unused: dict[str, dict[int, Suppression]] = {}  # the same, not yet marked used

    def covers(self, line: int, code: str) -> bool:
        """Whether a comment covers ``code`` on ``line`` (marking the comments that do used)."""
        while self.next_in < len(self.entering) and self.entering[self.next_in].first <= line:
            self._file(self.entering[self.next_in], add=True)
            self.next_in += 1
        while self.next_out < len(self.leaving) and self.leaving[self.next_out].last < line:
            self._file(self.leaving[self.next_out], add=False)
            self.next_out += 1
        if not self.active:
            return False  # the usual case: no comment open here
        covered = False
        for key in [code[:length] for length in range(len(code) + 1)]:
            if self.active.get(key):
                covered = True
                for item in self.unused.pop(key, {}).values():
                    item.used = True
        return covered

    def _file(self, item: Suppression, add: bool) -> None:
        for key in item.codes or [""]:
            for table in (self.active, self.unused):
                if add:
                    table.setdefault(key, {})[id(item)] = item
                else:
                    table.get(key, {}).pop(id(item), None)


def _section_rules(doc: Document, config: Config, chosen: Selection):  # type: ignore[no-untyped-def]
    """Per section, a cached "is this code reported here?" test; sections with the same
    selection share one (a list of 60,000 sections asked the same question of each)."""
    tests, shared = [], {}
    for section in doc.sections:
        overrides = config.section_overrides(section.title)
        select = (*chosen.select, *(code for o in overrides for code in o.select))
        ignore = (*chosen.ignore, *(code for o in overrides for code in o.ignore))
        if (select, ignore) not in shared:
            shared[(select, ignore)] = _selection_test(list(select), list(ignore))
        tests.append(shared[(select, ignore)])
    return tests


def _selection_test(select: list[str], ignore: list[str]):  # type: ignore[no-untyped-def]
    cache: dict[str, bool] = {}

    def test(code: str) -> bool:
        if code not in cache:
            cache[code] = is_selected(code, select, ignore)
        return cache[code]

    return test


def _with_severity(config: Config, diagnostic: Diagnostic) -> Diagnostic:
    override = config.severity.get(diagnostic.code) or config.severity.get(diagnostic.name)
    return replace(diagnostic, severity=Severity(override)) if override else diagnostic


def _comment_problems(  # type: ignore[no-untyped-def]
    doc: Document, config: Config, comments: list[Suppression], section_rules, ran: frozenset[str]
) -> list[Diagnostic]:
    """LB902 for comments that name unknown codes or verbs; LB901 for ones that suppress nothing."""
    problems = []
    for item in comments:
        test = section_rules[doc.section_at(item.line).index]
        bad = unknown(item.raw_codes)
        if item.verb not in VERBS:
            message = f"unknown suppression {item.verb!r}; use ignore, disable or enable"
            problems.append(_engine_diagnostic(doc, item.span, "LB902", message))
        elif bad:
            message = f"suppression names unknown code{'s' if len(bad) > 1 else ''} {', '.join(bad)}"
            problems.append(_engine_diagnostic(doc, item.span, "LB902", message))
        elif item.verb != "enable" and not item.used and _in_force(item.codes, ran, test):
            what = ", ".join(item.raw_codes) or "every rule"
            problems.append(
                _engine_diagnostic(doc, item.span, "LB901", f"suppression of {what} suppresses nothing")
            )
    return [
        _with_severity(config, problem)
        for problem in problems
        if section_rules[doc.section_at(problem.line).index](problem.code)
    ]


def _in_force(codes: list[str], ran: frozenset[str], reported) -> bool:  # type: ignore[no-untyped-def]
    """Every rule a comment names ran and is reported where the comment is (for "every
    rule": every offline rule). A comment about a rule that is off suppresses nothing, rightly."""
    if not codes:
        return all(
            rule.code in ran and reported(rule.code) for rule in BY_CODE.values() if rule.network is None
        )
    return all(any(code.startswith(prefix) and reported(code) for code in ran) for prefix in codes)


def _engine_diagnostic(doc: Document, span: Span, code: str, message: str) -> Diagnostic:
    rule = BY_CODE[code]
    return diagnostic_at(
        doc, span, (rule.code, rule.name, rule.severity), message, subject=f"comment:{message}"
    )
