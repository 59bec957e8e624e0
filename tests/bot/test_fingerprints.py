"""Fingerprints follow the entry, never its line, its message or its link label."""

from __future__ import annotations

import hashlib

from listbot.bot.fingerprint import VERSION, fingerprints, marker, read_marker, subject_of
from listbot.config import parse_config
from listbot.parse import parse
from listbot.pipeline import lint_text
from tests.bot.lists import BASE, PDF_ENTRY, SPLIT_ENTRY, with_entries

ABS = parse_config({"urls": {"arxiv-form": "abs"}})
DUPLICATE = (
    "* [2502] [Process Reinforcement through Implicit Rewards](https://arxiv.org/abs/2502.01456) (Tsinghua)\n"
)


def prints_by_subject(text: str) -> dict[tuple[str, str], str]:
    doc = parse(text, "l.md")
    diagnostics = lint_text(text, "l.md")
    prints = fingerprints(doc, diagnostics)
    return {(d.code, d.subject): prints[id(d)] for d in diagnostics}


def test_inserting_lines_above_changes_no_fingerprint() -> None:
    head = with_entries(PDF_ENTRY + SPLIT_ENTRY).replace("* [2501] [Kimi", DUPLICATE + "* [2501] [Kimi")
    shifted = head.replace("## Papers\n", "## Papers\n\nSome words.\nMore words.\n\n", 1)
    before, after = prints_by_subject(head), prints_by_subject(shifted)
    assert len(before) == 3 and before == after


def test_a_message_that_names_a_line_does_not_move_the_fingerprint() -> None:
    """LB401 says "already listed on line N"; moving the first copy changes N, not the print."""
    head = BASE.replace("* [2501] [Kimi", DUPLICATE + "* [2501] [Kimi")
    moved_first_copy = head.replace(DUPLICATE, "", 1).replace("## Papers\n", "## Papers\n\n" + DUPLICATE, 1)
    [(key, first)] = [(k, v) for k, v in prints_by_subject(head).items() if k[0] == "LB401"]
    [(key2, second)] = [(k, v) for k, v in prints_by_subject(moved_first_copy).items() if k[0] == "LB401"]
    messages = {d.message for text in (head, moved_first_copy) for d in lint_text(text, "l.md")}
    assert len(messages) == 2  # the messages differ...
    assert key == key2 and first == second  # ...the fingerprint does not


def labelled(numbers: range) -> str:
    return "".join(
        f"* [2503] Paper number {n} on reasoning [[Paper](https://arxiv.org/pdf/2503.{20000 + n})]\n"
        for n in numbers
    )


def prints_per_paper(text: str) -> dict[str, set[str]]:
    doc = parse(text, "l.md")
    diagnostics = [d for d in lint_text(text, "l.md", ABS) if d.subject.startswith("arxiv:2503.2")]
    prints = fingerprints(doc, diagnostics)
    per_paper: dict[str, set[str]] = {}
    for d in diagnostics:
        per_paper.setdefault(d.subject, set()).add(prints[id(d)])
    return per_paper


def test_entries_with_the_same_link_label_get_their_own_fingerprints() -> None:
    """Keyed by the paper, not by the label "Paper": no collision, and another labelled
    entry added above them moves none of their fingerprints."""
    before = prints_per_paper(with_entries(labelled(range(1, 4))))
    assert len(before) == 3
    assert not set.intersection(*before.values())
    after = prints_per_paper(with_entries(labelled(range(0, 4))))
    assert {paper: after[paper] for paper in before} == before


def test_the_same_problem_twice_on_one_paper_is_numbered() -> None:
    doc = parse(with_entries(PDF_ENTRY + PDF_ENTRY), "l.md")
    diagnostics = [d for d in lint_text(doc.text, "l.md", ABS) if d.code == "LB304"]
    assert len(diagnostics) == 2 and diagnostics[0].subject == diagnostics[1].subject
    prints = fingerprints(doc, diagnostics)
    assert prints[id(diagnostics[0])] != prints[id(diagnostics[1])]


def test_a_marker_counts_only_as_the_last_line() -> None:
    one, two = "0123456789abcdef", "fedcba9876543210"
    assert read_marker(f"text\n\n{marker([two, one])}\n") == {one, two}
    assert read_marker(f"{marker([one])}\nmore text after it") == frozenset()
    assert read_marker(f"```suggestion\n{marker([one])}\n```") == frozenset()
    assert read_marker("<!-- listbot:fp=xyz -->") == frozenset()
    assert read_marker("") == frozenset()


def test_fingerprints_keep_their_published_formula() -> None:
    """Fingerprints live in comments already posted: sha256 of version, code, path, subject and
    occurrence, joined by NUL. Findings without a subject on one line share its words, read once."""
    text = with_entries(PDF_ENTRY + "* [2501] " + "| [a](x" * 50 + "\n")
    doc = parse(text, "l.md")
    diagnostics = lint_text(text, "l.md")
    assert sum(1 for d in diagnostics if not d.subject) > 10
    seen: dict[tuple[str, str], int] = {}
    prints = fingerprints(doc, diagnostics)
    for d in sorted(diagnostics, key=lambda d: d.sort_key):
        subject = subject_of(doc, d)
        number = seen.get((d.code, subject), 0)
        seen[(d.code, subject)] = number + 1
        raw = "\0".join((VERSION, d.code, d.path, subject, str(number)))
        assert prints[id(d)] == hashlib.sha256(raw.encode()).hexdigest()[:16]
