"""The global limit adapts to the run's hosts; per-host politeness stays; the timeout can be overridden."""

from __future__ import annotations

import time

import pytest

from listbot.config import Config, ConfigError
from listbot.config.links import LinksSettings
from listbot.links import check_documents
from listbot.links.limits import GLOBAL_CAP, distinct_hosts, global_limit
from listbot.parse import parse
from tests.links.conftest import FAST, CheckLinks, FakeDns, make_list
from tests.links.server import LoopbackServer, RequestHandler, ok


def urls_on(hosts: int, per_host: int = 1) -> list[str]:
    return [f"https://host{h}.example/paper/{n}" for h in range(hosts) for n in range(per_host)]


@pytest.mark.parametrize(
    ("hosts", "expected"),
    [(1, 4), (8, 32), (50, 200), (64, 256), (500, GLOBAL_CAP)],
)
def test_the_global_limit_is_per_host_times_hosts_capped(hosts: int, expected: int):
    assert global_limit(LinksSettings(), distinct_hosts(urls_on(hosts, per_host=3))) == expected


def test_an_explicit_max_concurrency_and_host_overrides_win():
    assert global_limit(LinksSettings(max_concurrency=10), distinct_hosts(urls_on(50))) == 10
    settings = LinksSettings.model_validate({"per-host": 2, "hosts": {"host0.example": {"per-host": 8}}})
    assert global_limit(settings, distinct_hosts(urls_on(3))) == 8 + 2 + 2


def test_host_counting_survives_malformed_urls_and_folds_spellings():
    urls = [
        "http://[::1/x",  # unclosed bracket
        "http://127.0.0.1:port/",  # bad port: still host 127.0.0.1
        "not a url",
        "",
        "https://",
        "HTTPS://Example.org./a",
        "https://example.org/b",
        "https://EXAMPLE.ORG:8443/c",
    ]
    assert distinct_hosts(urls) == {"127.0.0.1", "example.org"}
    assert global_limit(LinksSettings(), distinct_hosts(urls)) == 8
    assert global_limit(LinksSettings(), distinct_hosts(["not a url"])) == 4  # never below one host's worth


def test_many_hosts_are_checked_side_by_side_and_each_host_sees_at_most_four(
    server: LoopbackServer, check_links: CheckLinks
):
    def slow(request: RequestHandler) -> None:
        time.sleep(0.3)
        ok(request)

    server.state.fallback = slow
    names = [f"h{index}.test" for index in range(20)]
    dns = FakeDns({name: [["127.0.0.1"]] for name in names})
    urls = [f"http://{name}:{server.port}/page/{n}" for name in names for n in range(6)]
    started = time.monotonic()
    assert check_links(*urls, resolver=dns) == []
    elapsed = time.monotonic() - started
    assert server.state.max_in_flight > 32  # the old fixed global limit
    assert max(server.state.max_in_flight_by_host.values()) <= 4
    assert elapsed < 2.5  # 120 requests of 0.3 s: 2 rounds at 80 in flight (serially: 36 s)


def test_the_timeout_argument_wins_over_the_config(server: LoopbackServer):
    def silent(request: RequestHandler) -> None:
        request.server.state.stopping.wait(20)

    url = server.route("/silent", silent)
    doc = parse(make_list(url), "list.md")
    config = Config(links={**FAST, "timeout": 30})
    started = time.monotonic()
    [diagnostic] = check_documents([doc], config, use_cache=False, allow_private=True, timeout=0.3)
    assert diagnostic.message == f"{url}: timed out after 0.3 s"
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_a_bad_timeout_is_a_config_error(bad: float, check_links: CheckLinks):
    with pytest.raises(ConfigError, match=r"^--timeout: expected a positive number of seconds"):
        check_links("https://example.org", timeout=bad)
