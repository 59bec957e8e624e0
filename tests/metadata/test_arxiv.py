"""The arXiv client: feed parsing, batching, politeness, retries, unknown ids, title search."""

from __future__ import annotations

import pytest

from listbot.metadata.arxiv import ArxivSource, FeedError, canonical_id, parse_feed
from listbot.metadata.http import PoliteClient, Politeness, Unreachable, retry_after_seconds
from listbot.metadata.model import RunStats, State
from tests.metadata.servers import FakeArxiv, Paper, atom_entry, atom_feed, error_feed, http_date


def source_for(arxiv: FakeArxiv, *, delay: float = 0.05, retries: int = 2, timeout: float = 2.0,
               retry_cap: float = 5.0, batch_size: int = 100) -> ArxivSource:  # fmt: skip
    politeness = Politeness(
        delay, timeout, retries, backoff=0.02, retry_cap=retry_cap, user_agent="listbot-test"
    )
    return ArxivSource(arxiv.api, PoliteClient("arxiv", politeness, RunStats()), batch_size, 10, retries)


def papers(count: int, prefix: str = "2501") -> list[Paper]:
    return [
        Paper(f"{prefix}.{index:05d}", f"Paper number {index} about topic {index * 7}")
        for index in range(count)
    ]


# --- ids and feeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2502.03373", "2502.03373"),
        ("2502.03373v2", "2502.03373"),
        ("arXiv:0704.0001", "0704.0001"),
        ("cs/0501001", "cs/0501001"),
        ("math.GT/0309136v1", "math/0309136"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("2502.3373", None),
        ("1412.12345", None),
        ("2513.00001", None),
        ("not an id", None),
        ("2502.03373, 1706.03762", None),
    ],
)
def test_canonical_ids(raw: str, expected: str | None) -> None:
    assert canonical_id(raw) == expected


def test_a_feed_entry_becomes_a_record() -> None:
    paper = Paper(
        "2203.02155",
        "Training language models to follow instructions with human feedback",
        version=1,
        journal_ref="NeurIPS 2022",
        doi="10.5555/3600270.3602281",
        comment="27 pages",
    )
    (record,) = parse_feed(atom_feed([atom_entry(paper)]).decode()).records
    assert record.id == "2203.02155" and record.version == 1
    assert record.title == paper.title  # the hard-wrapped title is folded back to one line
    assert (record.journal_ref, record.doi, record.withdrawn) == (
        "NeurIPS 2022",
        "10.5555/3600270.3602281",
        False,
    )


def test_old_style_entry_ids_and_arxivs_own_doi() -> None:
    paper = Paper(
        "cond-mat/0102536", "Impact of Electron-Electron Cusp", doi="10.48550/arXiv.cond-mat/0102536"
    )
    (record,) = parse_feed(atom_feed([atom_entry(paper)]).decode()).records
    assert record.id == "cond-mat/0102536" and record.doi is None


@pytest.mark.parametrize(
    ("comment", "summary", "withdrawn"),
    [
        ("This paper has been withdrawn by the author due to a crucial sign error", "", True),
        ("Withdrawn: errors in the experimental data", "Our results...", True),
        ("withdrawal requested by arXiv administrators", "", True),
        (None, "This paper has been withdrawn by the authors.", True),
        ("Accepted at ICLR 2025; 12 pages", "We study how withdrawal of support ...", False),
        ("12 pages", "We show that ...", False),
    ],
)
def test_withdrawals_are_read_from_comment_and_summary(
    comment: str | None, summary: str, withdrawn: bool
) -> None:
    paper = Paper("2401.00001", "Some Title Here", version=2, comment=comment, summary=summary)
    assert parse_feed(atom_feed([atom_entry(paper)]).decode()).records[0].withdrawn is withdrawn


def test_error_feed_and_refused_bodies() -> None:
    assert (
        parse_feed(error_feed("incorrect id format for 1234").decode()).error
        == "incorrect id format for 1234"
    )
    with pytest.raises(FeedError, match="not XML"):
        parse_feed("Rate exceeded.")
    with pytest.raises(FeedError, match="not an Atom feed"):
        parse_feed("<html><body>503</body></html>")
    with pytest.raises(FeedError, match="DOCTYPE"):
        parse_feed('<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "b">]><feed/>')


# --- lookups against the fake API ------------------------------------------------------------------


def test_found_and_unknown_ids_in_one_batch(arxiv: FakeArxiv) -> None:
    arxiv.add(*papers(3))
    result = source_for(arxiv).fetch(["2501.00000", "2501.00002", "2501.99999"])
    assert result["2501.00000"].state is State.FOUND
    assert result["2501.00002"].record is not None and result["2501.00002"].record.title.startswith(
        "Paper number 2"
    )
    assert result["2501.99999"].state is State.UNKNOWN
    (seen,) = arxiv.requests
    assert seen.params["id_list"] == "2501.00000,2501.00002,2501.99999" and seen.params["max_results"] == "3"


def test_an_entry_without_a_title_is_an_unknown_paper(arxiv: FakeArxiv) -> None:
    arxiv.add(Paper("2501.00005", ""), *papers(1))
    result = source_for(arxiv).fetch(["2501.00005", "2501.00000"])
    assert (result["2501.00005"].state, result["2501.00000"].state) == (State.UNKNOWN, State.FOUND)


def test_batches_of_at_most_100_ids_one_connection_and_the_pause(arxiv: FakeArxiv) -> None:
    arxiv.add(*papers(250))
    arxiv.slow = 0.02
    result = source_for(arxiv, delay=0.3).fetch([paper.id for paper in papers(250)])
    assert all(lookup.state is State.FOUND for lookup in result.values()) and len(result) == 250
    sizes = [len(seen.params["id_list"].split(",")) for seen in arxiv.requests]
    assert sizes == [100, 100, 50]
    assert [seen.params["max_results"] for seen in arxiv.requests] == ["100", "100", "50"]
    assert arxiv.max_in_flight == 1
    assert min(arxiv.gaps()) >= 0.29


def test_503_with_retry_after_is_honoured(arxiv: FakeArxiv) -> None:
    arxiv.add(*papers(1))
    arxiv.failures = [(503, "1"), (429, "1")]
    result = source_for(arxiv, delay=0.01).fetch(["2501.00000"])
    assert result["2501.00000"].state is State.FOUND
    assert len(arxiv.requests) == 3
    assert all(gap >= 0.95 for gap in arxiv.gaps())


def test_retry_after_as_seconds_or_http_date() -> None:
    assert retry_after_seconds("7") == 7.0
    assert 8.0 <= (retry_after_seconds(http_date(10)) or 0) <= 10.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_retry_after_beyond_the_cap_gives_up_at_once(arxiv: FakeArxiv) -> None:
    arxiv.add(*papers(1))
    arxiv.failures = [(503, "3600")]
    result = source_for(arxiv, retry_cap=10).fetch(["2501.00000"])
    assert result["2501.00000"].state is State.UNVERIFIED
    assert "Retry-After 3600" in result["2501.00000"].detail
    assert len(arxiv.requests) == 1


def test_rate_exceeded_text_is_retried(arxiv: FakeArxiv) -> None:
    arxiv.add(*papers(1))
    arxiv.rate_exceeded = 1
    assert source_for(arxiv).fetch(["2501.00000"])["2501.00000"].state is State.FOUND
    assert len(arxiv.requests) == 2


def test_an_empty_feed_proves_nothing_until_an_anchor_comes_back(arxiv: FakeArxiv) -> None:
    arxiv.empty_answers = 1
    result = source_for(arxiv).fetch(["2502.99998", "2502.99999"])
    assert {lookup.state for lookup in result.values()} == {State.UNKNOWN}
    first, second = arxiv.requests
    assert first.params["id_list"] == "2502.99998,2502.99999"
    assert second.params["id_list"] == "2502.99998,2502.99999,1706.03762"  # the anchor asked along


def test_a_feed_that_stays_empty_is_unverified_never_unknown(arxiv: FakeArxiv) -> None:
    arxiv.add(*papers(2))
    arxiv.empty_answers = 10
    result = source_for(arxiv, retries=2).fetch(["2501.00000", "2501.00001"])
    assert {lookup.state for lookup in result.values()} == {State.UNVERIFIED}
    assert "empty feed" in result["2501.00000"].detail
    assert len(arxiv.requests) == 3


def test_a_known_id_of_the_run_becomes_the_anchor(arxiv: FakeArxiv) -> None:
    arxiv.add(*papers(1))
    source = source_for(arxiv, batch_size=1)
    arxiv.empty_answers = 0
    source.fetch(["2501.00000"])
    arxiv.empty_answers = 1
    assert source.fetch(["2502.99999"])["2502.99999"].state is State.UNKNOWN
    assert arxiv.requests[-1].params["id_list"] == "2502.99999,2501.00000"


def test_slow_answers_within_the_timeout_are_waited_for(arxiv: FakeArxiv) -> None:
    arxiv.add(*papers(1))
    arxiv.slow = 0.4
    assert source_for(arxiv, timeout=2.0).fetch(["2501.00000"])["2501.00000"].state is State.FOUND


def test_answers_slower_than_the_timeout_are_unverified(arxiv: FakeArxiv) -> None:
    arxiv.add(*papers(1))
    arxiv.slow = 0.6
    result = source_for(arxiv, timeout=0.2, retries=1).fetch(["2501.00000"])
    assert result["2501.00000"].state is State.UNVERIFIED
    assert "Timeout" in result["2501.00000"].detail


def test_an_error_feed_makes_the_batch_unverified(arxiv: FakeArxiv) -> None:
    result = source_for(arxiv).fetch(["2501.00000", "bad/id"])
    assert {lookup.state for lookup in result.values()} == {State.UNVERIFIED}
    assert "incorrect id format" in result["2501.00000"].detail


def test_a_closed_port_is_unreachable(arxiv: FakeArxiv) -> None:
    source = source_for(arxiv)
    source.base = "http://127.0.0.1:9/api/query"
    with pytest.raises(Unreachable):
        source.fetch(["2501.00000"])


# --- title search ----------------------------------------------------------------------------------


def test_titles_are_searched_several_to_a_request(arxiv: FakeArxiv) -> None:
    kimi = Paper("2501.12599", "Kimi k1.5: Scaling Reinforcement Learning with LLMs")
    s1 = Paper("2501.19393", "s1: Simple test-time scaling")
    arxiv.add(kimi, s1, *papers(5))
    source = source_for(arxiv)
    results = source.search([kimi.title, s1.title, "An Unheard Of Title"])
    (seen,) = arxiv.requests
    assert seen.params["search_query"].count(" OR ") == 2 and "ti:kimi" in seen.params["search_query"]
    assert [r.id for r in results[source.search_key(kimi.title)]] == [kimi.id]
    assert [r.id for r in results[source.search_key(s1.title)]] == [s1.id]
    assert results[source.search_key("An Unheard Of Title")] == []


def test_a_failed_search_answers_nothing(arxiv: FakeArxiv) -> None:
    arxiv.failures = [(503, None)] * 5
    assert source_for(arxiv, retries=1).search(["Kimi k1.5: Scaling Reinforcement Learning with LLMs"]) == {}
