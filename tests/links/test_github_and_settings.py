"""GitHub repository links through a loopback fake of the REST API, and config validation."""

from __future__ import annotations

import json

import pytest

from listbot.config import ConfigError, parse_config
from listbot.links.checker import retry_after_seconds
from listbot.links.github import GithubApi
from tests.links.conftest import CheckLinks
from tests.links.server import LoopbackServer, RequestHandler


def test_github_repositories_are_checked_through_the_api_with_the_token(
    server: LoopbackServer, check_links: CheckLinks, monkeypatch: pytest.MonkeyPatch
):
    def repo(full_name: str):
        def answer(request: RequestHandler) -> None:
            body = json.dumps(
                {"full_name": full_name, "html_url": f"https://github.com/{full_name}"}
            ).encode()
            request.answer(200, {"Content-Type": "application/json"}, body)

        return answer

    server.route("/repos/octo/hello", repo("octo/hello"))
    server.route("/repos/Octo/Hello", repo("octo/hello"))  # the real API ignores case
    server.route("/repos/octo/old-name", repo("octo/new-name"))
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    monkeypatch.setenv("GITHUB_API_URL", server.url(""))
    urls = [
        "https://github.com/octo/hello",
        "https://github.com/Octo/Hello/",
        "https://github.com/octo/gone",
        "https://github.com/octo/old-name",
    ]
    found = check_links(*urls, allow_private=False)
    assert [(d.code, d.line) for d in found] == [("LB701", 7), ("LB702", 8)]
    assert "no such repository" in found[0].message
    assert found[1].fix is not None and found[1].fix.edits[0].content == "https://github.com/octo/new-name"
    assert {seen.headers["Authorization"] for seen in server.state.requests} == {"Bearer test-token"}
    assert sorted(seen.path for seen in server.state.requests) == [
        "/repos/Octo/Hello",
        "/repos/octo/gone",
        "/repos/octo/hello",
        "/repos/octo/old-name",
    ]


def test_only_repository_roots_use_the_api():
    api = GithubApi("https://api.example", "t")
    assert api.repo_endpoint("https://github.com/a/b.git") == "https://api.example/repos/a/b"
    assert api.repo_endpoint("https://github.com/a/b/tree/main/src") is None
    assert api.repo_endpoint("https://github.com/topics/llm") is None
    assert api.repo_endpoint("https://gitlab.com/a/b") is None
    assert api.repo_endpoint("https://www.github.com/a/b/#readme") == "https://api.example/repos/a/b"
    assert api.repo_endpoint("https://github.com/a/b?tab=stars") is None
    assert api.repo_endpoint("https://github.com/a/b/issues#x") is None


def test_retry_after_accepts_seconds_and_http_dates():
    assert retry_after_seconds("7") == 7
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == pytest.approx(10)
    assert retry_after_seconds("soon") is None


def test_links_config_accepts_kebab_case_and_durations():
    settings = _links_config(
        {
            "per-host": 2,
            "retry-timeouts": True,
            "ttl": {"alive": "7d", "dead": "12h"},
            "hosts": {"Zhihu.com": {}},
        },
        "pyproject.toml",
    )
    assert (settings.per_host, settings.retry_timeouts, settings.ttl.alive, settings.ttl.dead) == (
        2,
        True,
        7 * 86400,
        12 * 3600,
    )
    assert settings.host_settings("www.zhihu.com") is settings.hosts["zhihu.com"]


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ({"per-hots": 3}, "links.per-hots: unknown key"),
        ({"timeout": -1}, "links.timeout:"),
        ({"exclude": ["("]}, "links.exclude:"),
        ({"ttl": {"alive": "forever"}}, "links.ttl.alive:"),
        ({"hosts": {"x.org": {"method": "post"}}}, "links.hosts.x.org.method:"),
    ],
)
def test_bad_links_config_names_the_key(raw: dict, named: str):
    with pytest.raises(ConfigError, match="^pyproject.toml: " + named.replace(".", r"\.")):
        _links_config(raw, "pyproject.toml")


def _links_config(raw: dict, where: str):
    return parse_config({"links": raw}, where).links
