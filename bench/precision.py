"""Precision and recall of listbot on the labelled corpus (issue 7).

Run: python bench/precision.py [--corpus ../shared/corpus] [--missed] [--sample CODE]

Lints every list of the shared corpus once with the default configuration and matches
the findings against two hand-made data sets under ``tests/data``:

* ``labels.csv`` (list, line, code, verdict, note): findings read in context and labelled
  ``real`` or ``false``. Codes with fewer than 40 findings are labelled in full; larger
  codes by a seeded sample stratified by list and severity (see :func:`sample`).
* ``known_defects.csv`` (list, line, kind, expected_codes, note): real problems found by
  reading the lists (``[README]``: named in the corpus README; ``[reading]``: found by this
  labelling pass). ``expected_codes`` is ``;``-separated, ``-`` where no listbot rule covers
  the problem; ``CODE:severity`` asks for at least that severity (``LB401:error``).

Prints, per list and per code, findings / labelled / real / false and the precision among
the labelled findings (errors and warnings apart from infos), the known defects found and
missed per kind and per shape, and the totals issue 7 asks for. ``--sample CODE`` prints the
seeded sample of CODE's findings that is still unlabelled (to extend the labels).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from listbot.config import Config  # noqa: E402
from listbot.parse import parse  # noqa: E402
from listbot.pipeline import lint_text  # noqa: E402

DATA = ROOT / "tests" / "data"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FULL_LABEL_LIMIT = 40  # codes with fewer findings than this are labelled in full
SAMPLE_SIZE = 25  # otherwise: this many per (list, code, severity), all where fewer
PAIR_CODES = {"LB401", "LB402", "LB403"}  # their message names the other line
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
TARGET_OVERALL, TARGET_PER_CODE = 0.90, 0.80

# The entry shape of each list (from the corpus README), to report recall per shape.
SHAPES = {
    "Sun-Haoyuan23": "tagged bullets [YYMM] [Name] [Title](url)",
    "Osilly": "tagged bullets [YYMM] [Name] [Title](url)",
    "hu-zijing": "tagged bullets [YYMM] [Name] [Title](url)",
    "EIT-NLP": "bold title + hard break + authors line",
    "atfortes": "bold title + hard break + authors line",
    "yingpengma": "bold title + [[paper]] labels",
    "GT-RIPL": "bold title + [[paper]] labels",
    "XiudingCai": "plain title + [[paper]] labels + date trailer",
    "yyyujintang": "paragraph entries",
    "amusi": "paragraph entries",
    "TsinghuaC3I": "GFM table",
    "xlite-dev": "GFM table",
    "BradyFU": "GFM table",
    "junchenzhi": "GFM table",
    "yuelinan": "<details> blocks",
    "OSU-NLP-Group": "link + sub-bullets",
    "hijkzzz": "link + sub-bullets",
    "vinta": "generic awesome list",
    "sindresorhus": "generic awesome list",
}


@dataclass(frozen=True, slots=True)
class Finding:
    list: str
    line: int
    code: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class Label:
    list: str
    line: int
    code: str
    verdict: str
    note: str


@dataclass(frozen=True, slots=True)
class KnownDefect:
    list: str
    line: int
    kind: str
    expected: tuple[str, ...]
    note: str

    @property
    def source(self) -> str:
        return "README" if self.note.startswith("[README]") else "reading"

    def expects(self, finding: Finding) -> bool:
        """Whether ``finding`` has one of the expected codes, at the severity asked for."""
        for wanted in self.expected:
            code, _, severity = wanted.partition(":")
            if finding.code == code and SEVERITY_RANK[finding.severity] >= SEVERITY_RANK.get(severity, 1):
                return True
        return False

    @property
    def codes(self) -> str:
        return "/".join(self.expected)


def read_list(path: Path) -> str:
    """A list's text as listbot's tests read it: BOM stripped, CRLF turned into LF."""
    return path.read_text(encoding="utf-8").lstrip("\ufeff").replace("\r\n", "\n")


def shape_of(name: str) -> str:
    return next((shape for prefix, shape in SHAPES.items() if name.startswith(prefix)), "other")


def load_labels(path: Path) -> list[Label]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Label(r["list"], int(r["line"]), r["code"], r["verdict"], r["note"])
            for r in csv.DictReader(handle)
        ]


def load_known(path: Path) -> list[KnownDefect]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            KnownDefect(
                r["list"],
                int(r["line"]),
                r["kind"],
                tuple(c for c in r["expected_codes"].split(";") if c and c != "-"),
                r["note"],
            )
            for r in csv.DictReader(handle)
        ]


def lint_corpus(corpus: Path) -> tuple[dict[str, list[Finding]], dict[str, list[tuple[int, int]]]]:
    """Findings of every list, and each list's entry spans (first line, last line)."""
    findings: dict[str, list[Finding]] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for readme in sorted(corpus.glob("*/README.md")):
        name = readme.parent.name
        text = read_list(readme)
        found = lint_text(text, str(readme), Config())
        findings[name] = [Finding(name, d.line, d.code, d.severity.value, d.message) for d in found]
        spans[name] = [(e.line, e.end_line) for e in parse(text, str(readme)).entries]
    return findings, spans


def sample(findings: Iterable[Finding], code: str, totals: Counter[str]) -> list[Finding]:
    """The findings of ``code`` that the labelling rule asks for, reproducibly.

    All of them when the code has fewer than FULL_LABEL_LIMIT findings in the corpus; else
    SAMPLE_SIZE per (list, severity), drawn with ``random.Random(f"{list}:{code}:{severity}")``.
    """
    strata: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.code == code:
            strata[(finding.list, finding.severity)].append(finding)
    picked: list[Finding] = []
    for (name, severity), group in sorted(strata.items()):
        if totals[code] < FULL_LABEL_LIMIT or len(group) <= SAMPLE_SIZE:
            picked.extend(group)
        else:
            rng = random.Random(f"{name}:{code}:{severity}")
            picked.extend(sorted(rng.sample(group, SAMPLE_SIZE), key=lambda f: f.line))
    return picked


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:6.1%}" if whole else "     -"


@dataclass
class Tally:
    """Counts of one cell; ``estimated_real`` extrapolates a sampled cell to all its findings."""

    findings: int = 0
    labelled: int = 0
    real: int = 0
    false: int = 0
    estimated_real: float = 0.0
    estimated_over: int = 0  # findings of the cells that have labels

    def add(self, other: Tally) -> None:
        self.findings += other.findings
        self.labelled += other.labelled
        self.real += other.real
        self.false += other.false
        self.estimated_real += other.estimated_real
        self.estimated_over += other.estimated_over

    def close(self) -> None:
        """Once a (list, code) cell is counted: extrapolate its labelled share to all its findings."""
        if self.real + self.false:
            self.estimated_real = self.findings * self.real / (self.real + self.false)
            self.estimated_over = self.findings

    def row(self) -> str:
        estimate = f"{self.estimated_real / self.estimated_over:6.1%}" if self.estimated_over else "     -"
        return (
            f"{self.findings:6} {self.labelled:6} {self.real:5} {self.false:5} "
            f"{ratio(self.real, self.real + self.false)} {estimate}"
        )


# prec.: real share of the labelled findings; est.: of all findings, each cell's share extrapolated
HEADER = f"{'findings':>6} {'lab.':>6} {'real':>5} {'false':>5} {'prec.':>6} {'est.':>6}"


def tally(
    findings: dict[str, list[Finding]], labels: dict[tuple[str, int, str], Label], keep: set[str]
) -> dict[tuple[str, str], Tally]:
    """Per (list, code): counts over the findings whose severity is in ``keep``."""
    table: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for name, found in findings.items():
        for finding in found:
            if finding.severity not in keep:
                continue
            cell = table[(name, finding.code)]
            cell.findings += 1
            label = labels.get((name, finding.line, finding.code))
            if label is not None:
                cell.labelled += 1
                cell.real += label.verdict == "real"
                cell.false += label.verdict == "false"
    for cell in table.values():
        cell.close()
    return table


def print_precision(title: str, table: dict[tuple[str, str], Tally]) -> dict[str, Tally]:
    print(f"\n== {title}: per list and code")
    print(f"{'list':32} {'code':6} {HEADER}")
    by_code: dict[str, Tally] = defaultdict(Tally)
    by_list: dict[str, Tally] = defaultdict(Tally)
    for (name, code), cell in sorted(table.items()):
        print(f"{name[:32]:32} {code:6} {cell.row()}")
        by_code[code].add(cell)
        by_list[name].add(cell)
    print(f"\n== {title}: per code")
    total = Tally()
    for code, cell in sorted(by_code.items()):
        print(f"{code:39} {cell.row()}")
        total.add(cell)
    print(f"\n== {title}: per list")
    for name, cell in sorted(by_list.items()):
        print(f"{name[:39]:39} {cell.row()}")
    print(f"{'TOTAL':39} {total.row()}")
    return by_code


def is_found(defect: KnownDefect, findings: list[Finding], spans: list[tuple[int, int]]) -> bool:
    """Whether a finding with an expected code sits on the defect's line or entry, or names its line."""
    lines = {defect.line}
    for first, last in spans:
        if first <= defect.line <= last:
            lines.update(range(first, last + 1))
    mention = re.compile(rf"\bline {defect.line}\b")
    return any(
        defect.expects(f) and (f.line in lines or (f.code in PAIR_CODES and mention.search(f.message)))
        for f in findings
    )


def print_recall(
    known: list[KnownDefect],
    findings: dict[str, list[Finding]],
    spans: dict[str, list[tuple[int, int]]],
    show_missed: bool,
) -> tuple[int, int]:
    covered = [d for d in known if d.expected]
    found = {id(d) for d in covered if is_found(d, findings.get(d.list, []), spans.get(d.list, []))}
    print("\n== known defects (found by reading): found / missed per kind")
    print(f"{'kind':24} {'found':>5} {'missed':>6}")
    kinds = Counter(d.kind for d in covered)
    for kind in sorted(kinds):
        hit = sum(1 for d in covered if d.kind == kind and id(d) in found)
        print(f"{kind:24} {hit:5} {kinds[kind] - hit:6}")
    print("\n== known defects: found / missed per shape")
    shapes = Counter(shape_of(d.list) for d in covered)
    for shape in sorted(shapes):
        hit = sum(1 for d in covered if shape_of(d.list) == shape and id(d) in found)
        print(f"{shape:48} {hit:5} {shapes[shape] - hit:6}")
    print("\n== known defects: per source")
    for source in ("README", "reading"):
        subset = [d for d in covered if d.source == source]
        hit = sum(1 for d in subset if id(d) in found)
        print(f"{source:10} {len(subset):4} with a rule, {hit:4} found, {len(subset) - hit:4} missed")
    uncovered = Counter(d.kind for d in known if not d.expected)
    print(f"no rule covers {sum(uncovered.values())} more: {dict(sorted(uncovered.items()))}")
    if show_missed:
        print("\n== missed known defects")
        for d in covered:
            if id(d) not in found:
                print(f"  {d.list[:28]:28} {d.line:5} {d.kind:20} {d.codes:12} {d.note[:90]}")
    return len(found), len(covered)


def print_stale(labels: list[Label], findings: dict[str, list[Finding]]) -> None:
    """Labels whose finding is gone: a `real` one is a regression, a `false` one is fixed."""
    reported = {(f.list, f.line, f.code) for found in findings.values() for f in found}
    gone = [label for label in labels if (label.list, label.line, label.code) not in reported]
    real = [label for label in gone if label.verdict == "real"]
    print(
        f"\n== labels no longer reported: {len(gone)} ({len(real)} real = regressions, "
        f"{len(gone) - len(real)} false = fixed)"
    )
    for label in real:
        print(f"  REGRESSION {label.list[:28]} {label.line} {label.code} {label.note[:80]}")


def print_targets(main: dict[str, Tally], infos: dict[str, Tally], found: int, covered: int) -> None:
    total = Tally()
    for cell in main.values():
        total.add(cell)
    overall = total.real / (total.real + total.false) if total.real + total.false else 0.0
    estimated = total.estimated_real / total.estimated_over if total.estimated_over else 0.0
    print("\n== issue 7 targets (precision among labelled findings)")
    print(
        f"errors+warnings: {overall:.1%} real (target {TARGET_OVERALL:.0%}): "
        f"{'met' if overall >= TARGET_OVERALL else 'NOT met'}; "
        f"extrapolated to all {total.findings} findings: {estimated:.1%}"
    )
    below = {
        code: cell
        for code, cell in main.items()
        if cell.real + cell.false and cell.real / (cell.real + cell.false) < TARGET_PER_CODE
    }
    print(
        f"codes under {TARGET_PER_CODE:.0%}: "
        + (
            ", ".join(
                f"{code} {ratio(c.real, c.real + c.false).strip()}" for code, c in sorted(below.items())
            )
            or "none"
        )
    )
    info_total = Tally()
    for cell in infos.values():
        info_total.add(cell)
    print(
        f"infos: {ratio(info_total.real, info_total.real + info_total.false).strip()} worth knowing "
        f"({info_total.real} of {info_total.real + info_total.false} labelled)"
    )
    print(f"known defects with a rule: {found} of {covered} found ({ratio(found, covered).strip()})")


def print_sample(
    code: str, findings: dict[str, list[Finding]], labels: dict[tuple[str, int, str], Label]
) -> None:
    everything = [f for found in findings.values() for f in found]
    totals = Counter(f.code for f in everything)
    for f in sample(everything, code, totals):
        if (f.list, f.line, f.code) not in labels:
            print(f"{f.list},{f.line},{f.code},,  # {f.severity}: {f.message[:100]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--missed", action="store_true", help="list the known defects listbot misses")
    parser.add_argument("--sample", metavar="CODE", help="print CODE's sampled findings still unlabelled")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"error: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    labels = load_labels(DATA / "labels.csv")
    by_key = {(label.list, label.line, label.code): label for label in labels}
    findings, spans = lint_corpus(args.corpus)
    if args.sample:
        print_sample(args.sample, findings, by_key)
        return 0
    main_codes = print_precision("errors and warnings", tally(findings, by_key, {"error", "warning"}))
    info_codes = print_precision("infos", tally(findings, by_key, {"info"}))
    found, covered = print_recall(load_known(DATA / "known_defects.csv"), findings, spans, args.missed)
    print_stale(labels, findings)
    print_targets(main_codes, info_codes, found, covered)
    return 0


if __name__ == "__main__":
    sys.exit(main())
