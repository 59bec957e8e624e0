"""LB814 badge-mismatch, offline."""

from __future__ import annotations

import pytest

from listbot.metadata import PaperRef, badge_findings
from listbot.metadata.badges import badge_repository, is_badge_image

CODE = "https://github.com/alice/model"


@pytest.mark.parametrize(
    ("image", "named"),
    [
        ("https://img.shields.io/github/stars/bob/other?style=social", "bob/other"),
        ("https://img.shields.io/github/forks/bob/other.svg", "bob/other"),
        ("https://img.shields.io/github/last-commit/Bob/Other", "bob/other"),
        ("https://badgen.net/github/stars/bob/other", "bob/other"),
        ("https://github.com/bob/other/actions/workflows/ci.yml/badge.svg", "bob/other"),
        ("https://img.shields.io/badge/Code-GitHub-blue", None),
        ("https://img.shields.io/github/v/release/bob/other", None),
        ("https://example.org/bob/other.png", None),
    ],
)
def test_which_repository_a_badge_names(image: str, named: str | None) -> None:
    link = badge_repository(image)
    assert (link.key if link else None) == named


def test_a_star_badge_for_another_repository() -> None:
    ref = PaperRef(3, "A Paper", None, CODE, badge_urls=("https://img.shields.io/github/stars/bob/other",))
    (finding,) = badge_findings(ref)
    assert (finding.key, finding.code, finding.severity) == (3, "LB814", "warning")
    assert (
        finding.message == "the badge names github.com/bob/other but the code link is github.com/alice/model"
    )


def test_badges_of_the_code_repository_pass_whatever_the_case_or_path() -> None:
    ref = PaperRef(
        1,
        "A Paper",
        None,
        "https://github.com/Alice/Model/tree/main",
        badge_urls=(
            "https://img.shields.io/github/stars/alice/model",
            "https://badgen.net/github/forks/ALICE/model",
        ),
        badge_links=(("https://img.shields.io/badge/code-blue", "https://github.com/alice/model"),),
    )
    assert badge_findings(ref) == []


def test_a_linked_badge_whose_target_is_another_repository() -> None:
    ref = PaperRef(
        2,
        "A Paper",
        None,
        CODE,
        badge_links=(("https://img.shields.io/badge/stars-1k-blue", "https://github.com/bob/x"),),
    )
    (finding,) = badge_findings(ref)
    assert "badge's link names github.com/bob/x" in finding.message


def test_a_linked_image_that_is_no_badge_is_ignored_and_one_finding_per_repository() -> None:
    ref = PaperRef(
        4,
        "A Paper",
        None,
        CODE,
        badge_urls=("https://img.shields.io/github/stars/bob/x", "https://img.shields.io/github/forks/bob/x"),
        badge_links=(("https://example.org/logo.png", "https://github.com/carol/y"),),
    )
    assert [f.message.split()[3] for f in badge_findings(ref)] == ["github.com/bob/x"]


def test_no_code_link_no_mismatch() -> None:
    ref = PaperRef(5, "A Paper", None, None, badge_urls=("https://img.shields.io/github/stars/bob/x",))
    assert badge_findings(ref) == [] and is_badge_image("https://img.shields.io/github/stars/bob/x")
