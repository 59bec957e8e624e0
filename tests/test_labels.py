"""Regression guard on the labelled corpus findings (issue 7).

``tests/data/labels.csv`` holds findings of listbot on the shared corpus lists, each read in
context and labelled ``real`` (a problem the list's maintainer would change or want to know)
or ``false`` (listbot misread the list). Every list is linted once with the default
configuration: a ``real`` label must still be reported at its (line, code), a ``false`` one
must not be reported any more. ``tests/data/known_defects.csv`` is measured, not asserted,
by ``bench/precision.py``; here only its shape is checked. Skips where the corpus is absent.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from listbot.config import Config
from listbot.pipeline import lint_text

DATA = Path(__file__).resolve().parent / "data"
LABELS = DATA / "labels.csv"
KNOWN = DATA / "known_defects.csv"
VERDICTS = {"real", "false"}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def labels_by_list() -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows(LABELS):
        grouped[row["list"]].append(row)
    return dict(grouped)


def read_list(corpus: Path, name: str) -> str:
    """The list as listbot's users feed it: BOM stripped, CRLF turned into LF."""
    return (corpus / name / "README.md").read_text(encoding="utf-8").lstrip("\ufeff").replace("\r\n", "\n")


@cache
def reported(corpus: Path, name: str) -> frozenset[tuple[int, str]]:
    """(line, code) of every finding of one list under the default configuration."""
    text = read_list(corpus, name)
    return frozenset((d.line, d.code) for d in lint_text(text, str(corpus / name / "README.md"), Config()))


def describe(label: dict[str, str], problem: str) -> str:
    return (
        f"{label['list']}:{label['line']} {label['code']} labelled {label['verdict']} "
        f"({label['note'] or 'no note'}): {problem}"
    )


@pytest.mark.parametrize("name", sorted(labels_by_list()))
def test_labelled_findings_hold(corpus: Path, name: str) -> None:
    found = reported(corpus, name)
    failures = []
    for label in labels_by_list()[name]:
        here = (int(label["line"]), label["code"]) in found
        if label["verdict"] == "real" and not here:
            failures.append(describe(label, "no longer reported"))
        elif label["verdict"] == "false" and here:
            failures.append(describe(label, "still reported"))
    assert not failures, f"{len(failures)} labels of {name} do not hold:\n" + "\n".join(failures)


def test_labels_are_well_formed() -> None:
    labels = rows(LABELS)
    assert labels, "no labels"
    keys = [(r["list"], r["line"], r["code"]) for r in labels]
    assert len(keys) == len(set(keys)), "a (list, line, code) is labelled twice"
    for label in labels:
        assert label["verdict"] in VERDICTS, describe(label, "unknown verdict")
        assert label["code"].startswith("LB") and int(label["line"]) > 0, describe(label, "bad key")
        if label["verdict"] == "false":
            assert label["note"].strip(), describe(label, "a false label needs a reason")


def test_labels_and_known_defects_point_at_lines_of_the_lists(corpus: Path) -> None:
    lengths: dict[str, int] = {}
    for path in (LABELS, KNOWN):
        for row in rows(path):
            name = row["list"]
            if name not in lengths:
                lengths[name] = read_list(corpus, name).count("\n") + 1
            where = f"{path.name}: {name}:{row['line']}"
            assert 1 <= int(row["line"]) <= lengths[name], f"{where} is past the end"


def test_known_defects_are_well_formed() -> None:
    known = rows(KNOWN)
    assert known, "no known defects"
    for row in known:
        assert row["kind"] and row["note"].startswith(("[README]", "[reading]")), row
        codes = row["expected_codes"].split(";")
        assert codes == ["-"] or all(code.partition(":")[0].startswith("LB") for code in codes), row
