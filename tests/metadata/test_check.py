"""The issue's target: every planted case reported with the right code and nothing else; no
network is one clear error; a second run makes no request."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from listbot.config.metadata import MetadataSettings
from listbot.metadata import MetadataUnavailable, PaperRef, RunStats, check_papers
from tests.metadata.conftest import fast_settings
from tests.metadata.papers import DEEPSEEK, INSTRUCT, KIMI, TEST_TIME, VERIFY, WITHDRAWN
from tests.metadata.servers import FakeArxiv, FakeGitHub, Paper

WITHDRAWN_NEW_STYLE = Paper(
    "2410.05555", "Graph Priors for Planning", version=2, comment="Withdrawn: data errors"
)
WITH_DOI = Paper(
    "2106.09685", "LoRA: Low-Rank Adaptation of Large Language Models", doi="10.5555/3600270.3602070"
)
OWN_DOI = Paper("2407.21783", "The Llama 3 Herd of Models", doi="10.48550/arXiv.2407.21783")
OLD_STYLE = Paper("math/0309136", "Ricci flow with surgery on three-manifolds")
PI_ZERO = Paper("2410.24164", "$\\pi_0$: A Vision-Language-Action Flow Model for General Robot Control")
CATALOGUE = [DEEPSEEK, KIMI, VERIFY, TEST_TIME, INSTRUCT, WITHDRAWN, WITHDRAWN_NEW_STYLE, WITH_DOI, OWN_DOI]
CATALOGUE += [OLD_STYLE, PI_ZERO]

REFS = [
    # clean
    PaperRef(0, DEEPSEEK.title, DEEPSEEK.id, "https://github.com/deepseek-ai/DeepSeek-R1", has_venue=False),
    PaperRef(1, "Kimi k1.5: Scaling Reinforcement Learning with LLMs", KIMI.id, None),
    PaperRef(2, "π0: A Vision-Language-Action Flow Model for General Robot Control", PI_ZERO.id, None),
    PaperRef(3, "Ricci flow with surgery on three-manifolds", "math.DG/0309136", None),
    PaperRef(4, WITH_DOI.title, WITH_DOI.id, "https://github.com/microsoft/LoRA", has_venue=True),
    PaperRef(5, OWN_DOI.title, OWN_DOI.id, "https://github.com/OpenAI/PRM800K"),  # case differs only
    PaperRef(6, None, DEEPSEEK.id, None),  # no real title: nothing to compare
    # planted
    PaperRef(10, "Let's Verify Step by Step", VERIFY.id, "https://github.com/openai/prm800k"),  # retitled
    PaperRef(11, "Kimi k1.5: Scaling Reinforcement Learning with LLMs", DEEPSEEK.id, None),  # wrong id, found
    PaperRef(12, "s1: Simple test-time scaling", TEST_TIME.id, None),  # wrong id, not on arXiv
    PaperRef(13, WITHDRAWN.title, WITHDRAWN.id, None),
    PaperRef(14, WITHDRAWN_NEW_STYLE.title, WITHDRAWN_NEW_STYLE.id, None),
    PaperRef(15, "A Paper That Was Never Announced", "2502.99999", None),  # unknown id
    PaperRef(16, INSTRUCT.title, INSTRUCT.id, None, has_venue=False),  # published
    PaperRef(20, None, None, "https://github.com/old-owner/old-name/tree/main/src"),  # renamed
    PaperRef(21, None, None, "https://github.com/google-research/frozen-thing"),  # archived
    PaperRef(22, None, None, "https://github.com/nobody/nothing-here"),  # missing
    PaperRef(
        23,
        None,
        None,
        "https://github.com/alice/model",
        badge_urls=("https://img.shields.io/github/stars/bob/other-model?style=social",),
    ),
]
EXPECTED = {
    (10, "LB801"),
    (11, "LB801"),
    (12, "LB801"),
    (13, "LB803"),
    (14, "LB803"),
    (15, "LB802"),
    (16, "LB804"),
    (20, "LB811"),
    (21, "LB812"),
    (22, "LB813"),
    (23, "LB814"),
}


def plant(arxiv: FakeArxiv, github: FakeGitHub) -> None:
    arxiv.add(*CATALOGUE)
    for name in ("deepseek-ai/DeepSeek-R1", "microsoft/LoRA", "openai/prm800k", "alice/model"):
        github.add(name)
    github.add("new-owner/new-name", renamed_from=("old-owner/old-name",))
    github.add("google-research/frozen-thing", archived=True)


def test_every_planted_case_and_nothing_else(arxiv: FakeArxiv, github: FakeGitHub, cache_file: Path) -> None:
    plant(arxiv, github)
    stats = RunStats()
    findings = check_papers(REFS, fast_settings(arxiv), cache_path=cache_file, stats=stats)

    assert {(f.key, f.code) for f in findings} == EXPECTED
    by_key = {f.key: f for f in findings}
    assert by_key[10].severity == "warning" and by_key[10].unsafe
    assert by_key[10].replacement == ("title", VERIFY.title)
    assert by_key[11].severity == "error" and by_key[11].replacement == ("arxiv_id", KIMI.id)
    assert "links the wrong paper" in by_key[11].message and "DeepSeek-R1" in by_key[11].message
    assert by_key[12].severity == "error" and by_key[12].replacement is None
    assert by_key[15].message == "arXiv 2502.99999 does not exist"
    assert "NeurIPS 2022" in by_key[16].message and by_key[16].severity == "info"
    assert by_key[20].replacement == ("code_url", "https://github.com/new-owner/new-name/tree/main/src")
    assert not by_key[20].unsafe
    assert by_key[21].severity == "info" and by_key[22].severity == "error"
    assert "bob/other-model" in by_key[23].message
    # 17 ids in one batch + one title search; 8 repositories in one GraphQL query
    assert stats.requests == {"arxiv": 2, "github": 1}


def test_second_run_makes_no_request(arxiv: FakeArxiv, github: FakeGitHub, cache_file: Path) -> None:
    plant(arxiv, github)
    first = check_papers(REFS, fast_settings(arxiv), cache_path=cache_file)
    served = len(arxiv.requests), len(github.requests)
    stats = RunStats()
    second = check_papers(REFS, fast_settings(arxiv), cache_path=cache_file, stats=stats)
    assert second == first
    assert stats.requests == {}
    assert (len(arxiv.requests), len(github.requests)) == served


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_no_network_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, cache_file: Path) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}"
    monkeypatch.setenv("GITHUB_API_URL", dead)
    settings = MetadataSettings(arxiv_api_url=dead + "/api/query", delay=0.01, backoff=0.01, timeout=1.0)
    with pytest.raises(MetadataUnavailable) as raised:
        check_papers(REFS, settings, cache_path=cache_file)
    message = str(raised.value)
    assert "\n" not in message and "unreachable" in message and dead in message


def test_a_failing_arxiv_gives_notes_never_false_findings(
    arxiv: FakeArxiv, github: FakeGitHub, cache_file: Path
) -> None:
    plant(arxiv, github)
    arxiv.failures = [(503, "0")] * 20
    findings = check_papers(REFS, fast_settings(arxiv, retries=1), cache_path=cache_file)
    paper_codes = {f.code for f in findings if f.key < 20}
    assert paper_codes == {"unverified"}
    notes = [f for f in findings if f.code == "unverified"]
    assert all(f.severity == "info" and "503 Service Unavailable" in f.message for f in notes)
    # the repositories were still checked
    assert {(f.key, f.code) for f in findings if f.key >= 20} == {
        (20, "LB811"),
        (21, "LB812"),
        (22, "LB813"),
        (23, "LB814"),
    }
    # unverified answers are not cached: the next run asks again and gets the truth
    arxiv.failures = []
    again = check_papers(REFS, fast_settings(arxiv), cache_path=cache_file)
    assert {(f.key, f.code) for f in again} == EXPECTED


def test_badges_can_be_left_to_the_offline_rule(
    arxiv: FakeArxiv, github: FakeGitHub, cache_file: Path
) -> None:
    plant(arxiv, github)
    findings = check_papers(REFS, fast_settings(arxiv), cache_path=cache_file, badges=False)
    assert {(f.key, f.code) for f in findings} == EXPECTED - {(23, "LB814")}


def test_without_cache_nothing_is_written(arxiv: FakeArxiv, github: FakeGitHub, cache_file: Path) -> None:
    plant(arxiv, github)
    check_papers(REFS[:3], fast_settings(arxiv), use_cache=False, cache_path=cache_file)
    assert not cache_file.exists()
    stats = RunStats()
    check_papers(REFS[:3], fast_settings(arxiv), use_cache=False, cache_path=cache_file, stats=stats)
    assert stats.requests["arxiv"] == 1


def test_a_neighbours_id_is_fixed_from_the_list_itself_without_a_search(
    arxiv: FakeArxiv, github: FakeGitHub, cache_file: Path
) -> None:
    plant(arxiv, github)
    refs = [
        PaperRef(0, KIMI.title, KIMI.id, None),
        PaperRef(1, KIMI.title, DEEPSEEK.id, None),  # carries the id of the entry below it
        PaperRef(2, DEEPSEEK.title, DEEPSEEK.id, None),
    ]
    stats = RunStats()
    (finding,) = check_papers(refs, fast_settings(arxiv), cache_path=cache_file, stats=stats)
    assert (finding.key, finding.code, finding.replacement) == (1, "LB801", ("arxiv_id", KIMI.id))
    assert stats.requests == {"arxiv": 1}
    assert "search_query" not in arxiv.requests[0].params


def test_no_suggestion_search_when_suggest_is_off(
    arxiv: FakeArxiv, github: FakeGitHub, cache_file: Path
) -> None:
    plant(arxiv, github)
    refs = [PaperRef(0, KIMI.title, DEEPSEEK.id, None)]
    stats = RunStats()
    (finding,) = check_papers(refs, fast_settings(arxiv, suggest=False), cache_path=cache_file, stats=stats)
    assert finding.code == "LB801" and finding.replacement is None and stats.requests == {"arxiv": 1}
