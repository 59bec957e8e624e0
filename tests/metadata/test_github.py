"""GitHub lookups: GraphQL with a token, REST without, renames, archives, rate limits."""

from __future__ import annotations

import json

import pytest

from listbot.metadata.github import GithubSource, api_urls, parse_repo_url
from listbot.metadata.http import PoliteClient, Politeness
from listbot.metadata.model import MetadataUnavailable, RunStats, State
from tests.metadata.servers import TOKEN, FakeGitHub

POLITE = Politeness(delay=0.0, timeout=2.0, retries=1, backoff=0.01, retry_cap=5.0, user_agent="listbot-test")


def source(token: str | None = TOKEN, batch_size: int = 100) -> GithubSource:
    client = PoliteClient("github", POLITE, RunStats(), retry_statuses=frozenset({502, 503}))
    return GithubSource(client, token, batch_size)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/openai/prm800k", ("openai", "prm800k", "")),
        ("https://www.github.com/openai/prm800k.git", ("openai", "prm800k", "")),
        (
            "https://github.com/a-b/c.d_e/tree/main/src?x=1#readme",
            ("a-b", "c.d_e", "/tree/main/src?x=1#readme"),
        ),
        ("https://github.com/openai/prm800k/", ("openai", "prm800k", "/")),
        ("https://github.com/topics/llm", None),
        ("https://github.com/openai", None),
        ("https://gitlab.com/openai/prm800k", None),
        ("ftp://github.com/openai/prm800k", None),
        ("https://github.com/-bad-/repo", None),
    ],
)
def test_repository_links(url: str, expected: tuple[str, str, str] | None) -> None:
    link = parse_repo_url(url)
    assert (None if link is None else (link.owner, link.name, link.rest)) == expected


@pytest.mark.parametrize(
    ("api", "graphql", "expected"),
    [
        (None, None, ("https://api.github.com", "https://api.github.com/graphql")),
        ("https://ghe.example.com/api/v3", None, ("https://ghe.example.com/api/v3", "https://ghe.example.com/api/graphql")),
        ("https://ghe.example.com/api/v3/", None, ("https://ghe.example.com/api/v3", "https://ghe.example.com/api/graphql")),
        ("https://api.github.com", "https://proxy.example/gql", ("https://api.github.com", "https://proxy.example/gql")),
    ],
)  # fmt: skip
def test_api_addresses(
    monkeypatch: pytest.MonkeyPatch, api: str | None, graphql: str | None, expected: tuple[str, str]
) -> None:
    for name, value in (("GITHUB_API_URL", api), ("GITHUB_GRAPHQL_URL", graphql)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert api_urls() == expected


def plant(github: FakeGitHub) -> None:
    github.add("openai/prm800k")
    github.add("google-research/frozen", archived=True)
    github.add("new-owner/new-name", renamed_from=("old-owner/old-name",))


def test_graphql_answers_found_renamed_archived_and_missing(github: FakeGitHub) -> None:
    plant(github)
    result = source().fetch(
        ["openai/prm800k", "google-research/frozen", "old-owner/old-name", "nobody/nothing"]
    )
    assert result["openai/prm800k"].state is State.FOUND
    frozen = result["google-research/frozen"].record
    assert frozen is not None and frozen.archived
    moved = result["old-owner/old-name"].record
    assert moved is not None and moved.name_with_owner == "new-owner/new-name"
    assert moved.url == "https://github.com/new-owner/new-name"
    assert result["nobody/nothing"].state is State.UNKNOWN
    (seen,) = github.requests
    request = json.loads(seen.body)
    assert seen.path == "/graphql" and request["query"].count("followRenames: true") == 4
    assert request["variables"]["o3"] == "nobody"


def test_graphql_asks_at_most_100_repositories_a_query(github: FakeGitHub) -> None:
    keys = [f"owner{index}/repo{index}" for index in range(150)]
    for key in keys:
        github.add(key)
    result = source().fetch(keys)
    assert all(lookup.state is State.FOUND for lookup in result.values())
    assert [json.loads(seen.body)["query"].count("repository(") for seen in github.requests] == [100, 50]


def test_graphql_rate_limit_stops_and_never_says_missing(github: FakeGitHub) -> None:
    plant(github)
    github.graphql_rate_limited = True
    result = source(batch_size=1).fetch(["openai/prm800k", "nobody/nothing", "google-research/frozen"])
    assert {lookup.state for lookup in result.values()} == {State.UNVERIFIED}
    assert "rate limit" in result["nobody/nothing"].detail
    assert len(github.requests) == 1  # stopped at the first limit


def test_a_refused_token_is_one_clear_error(github: FakeGitHub) -> None:
    plant(github)
    with pytest.raises(MetadataUnavailable, match="GITHUB_TOKEN"):
        source(token="wrong").fetch(["openai/prm800k"])


def test_rest_without_a_token_follows_renames(github: FakeGitHub) -> None:
    plant(github)
    result = source(token=None).fetch(["openai/prm800k", "old-owner/old-name", "nobody/nothing"])
    assert result["openai/prm800k"].state is State.FOUND
    moved = result["old-owner/old-name"].record
    assert moved is not None and moved.name_with_owner == "new-owner/new-name"
    assert result["nobody/nothing"].state is State.UNKNOWN
    paths = [seen.path for seen in github.requests]
    assert paths[:2] == ["/repos/openai/prm800k", "/repos/old-owner/old-name"]
    assert paths[2].startswith("/repositories/")
    assert all("Authorization" not in seen.headers for seen in github.requests)


def test_rest_rate_limit_stops_and_reports_could_not_verify(github: FakeGitHub) -> None:
    plant(github)
    github.rate_limit_after = 1
    result = source(token=None).fetch(["openai/prm800k", "nobody/nothing", "google-research/frozen"])
    assert result["openai/prm800k"].state is State.FOUND
    assert result["nobody/nothing"].state is State.UNVERIFIED  # not "missing"
    assert result["google-research/frozen"].state is State.UNVERIFIED
    assert "resets at" in result["google-research/frozen"].detail
    assert len(github.requests) == 2  # nothing asked after the limit


def test_server_errors_are_retried_then_unverified(github: FakeGitHub) -> None:
    plant(github)
    github.server_errors = 1
    assert source().fetch(["openai/prm800k"])["openai/prm800k"].state is State.FOUND
    github.server_errors = 5
    result = source().fetch(["openai/prm800k"])
    assert result["openai/prm800k"].state is State.UNVERIFIED and "502" in result["openai/prm800k"].detail
