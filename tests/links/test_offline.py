"""No network at all: one NetworkDown within seconds, nothing cached; a few bad hosts are not an outage."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest

from listbot.links import NetworkDown
from tests.links.conftest import CheckLinks, FakeDns, make_list
from tests.links.server import LoopbackServer, closed_port, ok


def cached_urls(cache: Path) -> list[str]:
    if not cache.exists():
        return []
    with sqlite3.connect(cache) as connection:
        return [row[0] for row in connection.execute("SELECT url FROM results")]


def test_no_name_resolves_stops_at_once_with_one_line_and_caches_nothing(
    check_links: CheckLinks, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    dns = FakeDns()  # every lookup fails
    urls = [f"http://host{index % 40}.test/paper/{index}" for index in range(400)]
    cache = tmp_path / "cache.sqlite3"
    started = time.monotonic()
    with pytest.raises(NetworkDown) as raised:
        check_links(*urls, resolver=dns, use_cache=True, cache_path=cache)
    assert time.monotonic() - started < 2
    message = str(raised.value)
    assert "\n" not in message and message.startswith("the network seems down: none of the first 3 hosts")
    assert "DNS failure" in message
    assert cached_urls(cache) == []
    assert "listbot links:" not in capsys.readouterr().err  # no summary of a run that did not happen


def test_closed_ports_everywhere_are_an_outage_too(check_links: CheckLinks, tmp_path: Path):
    port = closed_port()
    dns = FakeDns({f"host{index}.test": [["127.0.0.1"]] for index in range(5)})
    urls = [f"http://host{index % 5}.test:{port}/paper/{index}" for index in range(50)]
    with pytest.raises(NetworkDown, match="connection refused"):
        check_links(*urls, resolver=dns, use_cache=True)
    assert cached_urls(tmp_path / "cache.sqlite3") == []
    literals = [f"http://127.0.0.{index}:{port}/paper" for index in range(1, 4)]
    with pytest.raises(NetworkDown):
        check_links(*literals)


def test_lookups_that_never_answer_stop_the_run_after_the_lookup_timeout(check_links: CheckLinks):
    async def silent(host: str) -> list[str]:
        await asyncio.sleep(60)
        return []

    started = time.monotonic()
    with pytest.raises(NetworkDown, match="timed out"):
        check_links(*(f"http://host{index}.test/p" for index in range(10)), resolver=silent)
    assert time.monotonic() - started < 3  # links.timeout is 1 s here; the lookup waits at most that


def test_dead_names_first_in_the_list_are_not_taken_for_an_outage(
    server: LoopbackServer, check_links: CheckLinks, tmp_path: Path
):
    server.route("/ok", ok)
    alive = {f"alive{index}.test": [["127.0.0.1"]] for index in range(3)}
    dns = FakeDns(alive)  # the dead names fail at once, before any connection is open
    dead = [f"http://dead{index}.test/p" for index in range(4)]
    live = [f"http://{name}:{server.port}/ok" for name in alive]
    found = check_links(*dead, *live, resolver=dns, use_cache=True)
    assert [d.code for d in found] == ["LB703"] * 4
    assert sorted(cached_urls(tmp_path / "cache.sqlite3")) == sorted(live)  # the DNS failures are not


def test_one_failing_host_says_nothing_about_the_network(check_links: CheckLinks):
    refused = f"http://127.0.0.1:{closed_port()}/page"
    assert [d.code for d in check_links(refused)] == ["LB701"]
    found = check_links("http://gone.test/a", "http://gone.test/b", resolver=FakeDns())
    assert [d.code for d in found] == ["LB703", "LB703"]


def test_the_command_line_gets_network_down_from_check_documents(tmp_path: Path):
    """What the CLI catches: the exception type and its one-line message, before any output."""
    from listbot.config import Config
    from listbot.links import check_documents
    from listbot.parse import parse

    doc = parse(make_list("http://a.test/x", "http://b.test/y"), "list.md")
    with pytest.raises(NetworkDown) as raised:
        check_documents([doc], Config(links={"progress": "never"}), use_cache=False, resolver=FakeDns())
    assert isinstance(raised.value, Exception) and len(str(raised.value).splitlines()) == 1
