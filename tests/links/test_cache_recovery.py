"""The cache is never in the way: locked (bounded wait), corrupt (moved aside, rebuilt), and it
stores only verdicts about links, never about the network of the moment."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from listbot.config.links import TtlSettings
from listbot.links.cache import LOCK_WAIT, LinkCache
from listbot.outcomes import Outcome, Verdict
from tests.links.conftest import CheckLinks, FakeDns
from tests.links.server import LoopbackServer, RequestHandler, ok

_HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":  # nobody else may even read (possible only while nobody has it open)
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")
connection.execute("BEGIN EXCLUSIVE")
connection.execute("CREATE TABLE IF NOT EXISTS other (x)")
connection.execute("INSERT INTO other VALUES (1)")
print("locked", flush=True)
time.sleep(120)
"""


def hold_lock(path: Path, mode: str = "exclusive") -> subprocess.Popen[str]:
    """Another process holding the database: ``exclusive`` (no reader either) or ``write`` (a long write)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(path), mode], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


@pytest.fixture
def cache_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "links.sqlite3"
    yield path


def rows(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        return sorted(connection.execute("SELECT url, verdict FROM results").fetchall())


def test_a_cache_locked_by_another_process_costs_a_few_seconds_and_one_warning(
    server: LoopbackServer, check_links: CheckLinks, cache_file: Path, capsys: pytest.CaptureFixture[str]
):
    LinkCache(cache_file, "fp", TtlSettings()).close()
    holder = hold_lock(cache_file)
    try:
        started = time.monotonic()
        found = check_links(server.url("/missing"), use_cache=True, cache_path=cache_file)
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert [d.code for d in found] == ["LB701"]  # checked without the cache
    assert LOCK_WAIT - 0.5 <= elapsed < LOCK_WAIT + 3
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert warnings == [
        f"listbot: warning: link cache {cache_file} is locked by another process; checking without it"
    ]


def test_a_lock_taken_while_the_run_checks_costs_one_bounded_wait_at_the_end(cache_file: Path):
    cache = LinkCache(cache_file, "fp", TtlSettings(), lock_wait=0.5)
    holder = hold_lock(cache_file, "write")
    try:
        started = time.monotonic()
        cache.store({"https://example.org/a": Outcome(Verdict.ALIVE)})
        cache.store({"https://example.org/b": Outcome(Verdict.ALIVE)})  # given up: no second wait
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert 0.3 <= elapsed < 2
    assert len(cache.warnings) == 1 and "not written (locked by another process" in cache.warnings[0]


def test_a_file_of_garbage_is_moved_aside_and_the_cache_rebuilt(
    server: LoopbackServer, check_links: CheckLinks, cache_file: Path, capsys: pytest.CaptureFixture[str]
):
    garbage = os.urandom(3000)
    cache_file.write_bytes(garbage)
    url = server.route("/ok", ok)
    check_links(url, use_cache=True, cache_path=cache_file)
    [aside] = cache_file.parent.glob("links.sqlite3.corrupt-*")
    assert aside.read_bytes() == garbage
    assert rows(cache_file) == [(url, "alive")]
    assert capsys.readouterr().err.count("warning") == 1
    check_links(url, use_cache=True, cache_path=cache_file)  # served by the rebuilt cache
    assert len(server.requests_for("/ok")) == 1
    assert "warning" not in capsys.readouterr().err


def test_a_truncated_database_is_moved_aside_and_rebuilt(cache_file: Path):
    cache = LinkCache(cache_file, "fp", TtlSettings())
    cache.store({f"https://example.org/{index}/{'x' * 200}": Outcome(Verdict.ALIVE) for index in range(3000)})
    cache.close()
    data = cache_file.read_bytes()
    cache_file.write_bytes(data[: len(data) // 2])
    rebuilt = LinkCache(cache_file, "fp", TtlSettings())
    assert len(rebuilt.warnings) == 1 and "was corrupt" in rebuilt.warnings[0]
    assert rebuilt.lookup(["https://example.org/1"]) == {}
    rebuilt.store({"https://example.org/new": Outcome(Verdict.DEAD, "404 Not Found")})
    assert rebuilt.lookup(["https://example.org/new"]) == {
        "https://example.org/new": Outcome(Verdict.DEAD, "404 Not Found")
    }
    assert len(list(cache_file.parent.glob("links.sqlite3.corrupt-*"))) == 1


def test_only_verdicts_about_links_are_cached(
    server: LoopbackServer, check_links: CheckLinks, cache_file: Path
):
    def hang_up(request: RequestHandler) -> None:  # a reset: the network's fault as much as the server's
        request.close_connection = True
        request.connection.shutdown(2)

    def silent(request: RequestHandler) -> None:
        request.server.state.stopping.wait(20)

    alive, dead = server.route("/ok", ok), server.url("/missing")
    reset = server.route("/reset", hang_up)
    never = server.route("/silent", silent)
    dns = FakeDns({"here.test": [["127.0.0.1"]]})
    unresolvable = f"http://gone.test:{server.port}/x"
    urls = [alive, dead, reset, unresolvable, f"http://here.test:{server.port}/ok"]
    found = check_links(*urls, resolver=dns, use_cache=True, cache_path=cache_file, retries=0)
    assert sorted(d.code for d in found) == ["LB701", "LB703", "LB703"]
    assert rows(cache_file) == sorted(
        [(alive, "alive"), (dead, "dead"), (f"http://here.test:{server.port}/ok", "alive")]
    )
    # a run cut short by its total timeout stores nothing about what it did not finish
    found = check_links(never, alive, use_cache=True, cache_path=cache_file, total_timeout=0.3, timeout=5)
    assert [d.message for d in found] == [f"{never}: not checked: the run's total timeout (0.3 s) elapsed"]
    assert never not in {url for url, _ in rows(cache_file)}


def test_many_runs_opening_one_cache_never_wait_on_each_other_for_the_schema(cache_file: Path):
    """Opening no longer takes a write lock when the schema is current: a reader holding a
    transaction open does not delay the next run."""
    LinkCache(cache_file, "fp", TtlSettings()).close()
    reader = sqlite3.connect(cache_file, isolation_level=None)
    reader.execute("BEGIN IMMEDIATE")  # a writer in the middle of its transaction
    try:
        started = time.monotonic()
        cache = LinkCache(cache_file, "fp", TtlSettings(), lock_wait=2)
        assert time.monotonic() - started < 0.5 and cache.warnings == []
    finally:
        reader.execute("ROLLBACK")
        reader.close()
