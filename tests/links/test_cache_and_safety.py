"""The SQLite cache (hits, expiry, concurrent writers) and the private-address guard."""

from __future__ import annotations

import ipaddress
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from listbot.config.links import TtlSettings
from listbot.links.cache import LinkCache
from listbot.links.safety import is_forbidden_address
from listbot.outcomes import Outcome, Verdict
from tests.links.conftest import CheckLinks
from tests.links.server import LoopbackServer, ok


def test_second_run_uses_the_cache_and_makes_no_requests(
    server: LoopbackServer, check_links: CheckLinks, tmp_path: Path
):
    alive, dead = server.route("/ok", ok), server.url("/missing")
    cache = tmp_path / "links.sqlite3"
    first = check_links(alive, dead, use_cache=True, cache_path=cache)
    requests_after_first = len(server.state.requests)
    second = check_links(alive, dead, use_cache=True, cache_path=cache)
    assert [d.message for d in second] == [d.message for d in first] == [f"{dead}: 404 Not Found"]
    assert len(server.state.requests) == requests_after_first


def test_an_expired_entry_is_checked_again(server: LoopbackServer, check_links: CheckLinks, tmp_path: Path):
    url = server.route("/ok", ok)
    cache = tmp_path / "links.sqlite3"
    check_links(url, use_cache=True, cache_path=cache, ttl={"alive": 0.3})
    check_links(url, use_cache=True, cache_path=cache, ttl={"alive": 0.3})
    assert len(server.requests_for("/ok")) == 1
    time.sleep(0.4)
    check_links(url, use_cache=True, cache_path=cache, ttl={"alive": 0.3})
    assert len(server.requests_for("/ok")) == 2


def test_no_cache_bypasses_and_changed_settings_miss_the_cache(
    server: LoopbackServer, check_links: CheckLinks, tmp_path: Path
):
    url = server.route("/ok", ok)
    cache = tmp_path / "links.sqlite3"
    check_links(url, use_cache=True, cache_path=cache)
    check_links(url, use_cache=False, cache_path=cache)
    check_links(url, use_cache=True, cache_path=cache, accept=[403])
    assert len(server.requests_for("/ok")) == 3


_WRITER = """
import sys
import threading
from pathlib import Path
from listbot.links.cache import LinkCache
from listbot.outcomes import Outcome, Verdict
from listbot.outcomes import Outcome, Verdict
from listbot.config.links import TtlSettings
path, worker = Path(sys.argv[1]), sys.argv[2]
for batch in range(10):
    cache = LinkCache(path, "fp", TtlSettings())
    known = cache.lookup([f"https://example.org/{worker}/{batch - 1}/0"])
    assert batch == 0 or known, "an earlier batch is missing"
    cache.store({f"https://example.org/{worker}/{batch}/{n}": Outcome(Verdict.ALIVE) for n in range(50)})
    cache.close()
"""


def test_concurrent_runs_do_not_corrupt_the_cache(tmp_path: Path):
    path = tmp_path / "shared.sqlite3"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), str(worker)], stderr=subprocess.PIPE, text=True
        )
        for worker in range(4)
    ]
    errors = [writer.communicate(timeout=60)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0, 0, 0], errors
    assert not any("warning" in error for error in errors), errors
    cache = LinkCache(path, "fp", TtlSettings())
    urls = [f"https://example.org/{w}/{b}/{n}" for w in range(4) for b in range(10) for n in range(50)]
    assert len(cache.lookup(urls)) == 2000


def test_an_unusable_cache_path_is_skipped_with_a_warning(
    server: LoopbackServer, check_links: CheckLinks, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    url = server.url("/missing")
    [diagnostic] = check_links(url, use_cache=True, cache_path=blocker / "cache.sqlite3")
    assert diagnostic.code == "LB701"
    assert "link cache" in capsys.readouterr().err


def test_a_private_address_is_refused_without_allow_private(
    server: LoopbackServer, check_links: CheckLinks, capsys: pytest.CaptureFixture[str]
):
    url = server.url("/missing")
    assert check_links(url, allow_private=False) == []
    assert server.state.requests == []
    assert "1 skipped (private address" in capsys.readouterr().err


def test_a_host_name_that_resolves_to_a_private_address_is_refused(
    server: LoopbackServer, check_links: CheckLinks
):
    name = socket.gethostname()
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(name, server.port, proto=socket.IPPROTO_TCP)}
    except OSError:
        pytest.skip("this machine's host name does not resolve")
    if "127.0.0.1" not in addresses:
        pytest.skip("this machine's host name does not resolve to 127.0.0.1")
    url = f"http://{name}:{server.port}/missing"
    assert check_links(url, allow_private=False) == []
    assert server.requests_for("/missing") == []
    # `allow-private = true` in the config lifts the guard when the command line says nothing
    assert [d.code for d in check_links(url, allow_private=None, **{"allow-private": True})] == ["LB701"]


@pytest.mark.parametrize(
    ("address", "forbidden"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("192.168.0.10", True),
        ("172.16.5.4", True),
        ("169.254.169.254", True),  # cloud metadata
        ("100.100.100.200", True),  # Alibaba metadata (CGNAT range)
        ("::1", True),
        ("fe80::1", True),
        ("fd00:ec2::254", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", True),
        ("93.184.216.34", False),
        ("2606:2800:220:1:248:1893:25c8:1946", False),
    ],
)
def test_forbidden_addresses(address: str, forbidden: bool):
    assert is_forbidden_address(ipaddress.ip_address(address)) is forbidden


def test_many_connections_opening_at_once_all_use_the_cache(tmp_path: Path):
    """Opening switches the file to WAL, which SQLite refuses ("locked") while others hold it."""
    path = tmp_path / "shared.sqlite3"
    failures: list[str] = []

    def writer(worker: int) -> None:
        for batch in range(20):
            cache = LinkCache(path, "fp", TtlSettings())
            if cache._connection is None:
                failures.append(f"worker {worker} batch {batch}: cache not opened")
            cache.store({f"https://example.org/{worker}/{batch}": Outcome(Verdict.DEAD, "404 Not Found")})
            cache.close()

    threads = [threading.Thread(target=writer, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    urls = [f"https://example.org/{w}/{b}" for w in range(8) for b in range(20)]
    assert len(LinkCache(path, "fp", TtlSettings()).lookup(urls)) == 160
