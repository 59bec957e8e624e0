"""The ``[tool.listbot.metadata]`` table and the SQLite cache it shares with the link checker."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from listbot.config import ConfigError, parse_config
from listbot.config.links import TtlSettings
from listbot.config.metadata import DEFAULT_ARXIV_API, MetadataSettings, MetadataTtl
from listbot.links.cache import LinkCache
from listbot.metadata import PaperRef, RunStats, check_papers
from listbot.metadata.cache import MetadataCache
from listbot.metadata.model import PaperLookup, PaperRecord, RepoLookup, RepoRecord, State
from listbot.outcomes import Outcome, Verdict
from tests.metadata.conftest import fast_settings
from tests.metadata.servers import FakeArxiv, Paper

# --- settings --------------------------------------------------------------------------------------


def test_kebab_and_snake_keys_and_durations() -> None:
    settings = _metadata_config(
        {"enabled": True, "batch-size": 50, "retry_cap": 30, "ttl": {"papers": "14d", "repositories": "12h"}},
        "pyproject.toml",
    )
    assert settings.enabled and settings.batch_size == 50 and settings.retry_cap == 30
    assert settings.ttl.papers == 14 * 86400 and settings.ttl.repositories == 12 * 3600
    assert _metadata_config(True, "x").enabled


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"batch-sise": 5}, "pyproject.toml: metadata.batch-sise: unknown key"),
        (
            {"batch-size": 500},
            "pyproject.toml: metadata.batch-size: Input should be less than or equal to 100",
        ),
        ({"ttl": {"papers": "soon"}}, "pyproject.toml: metadata.ttl.papers: Value error, expected seconds"),
        (
            {"arxiv-api-url": "export.arxiv.org"},
            "pyproject.toml: metadata.arxiv-api-url: Value error, must be",
        ),
    ],
)
def test_bad_keys_are_one_line_errors_naming_the_key(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        _metadata_config(raw, "pyproject.toml")
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)


def test_base_url_from_config_then_environment_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert MetadataSettings().arxiv_url() == DEFAULT_ARXIV_API
    monkeypatch.setenv("LISTBOT_ARXIV_API_URL", "http://127.0.0.1:1/api/query")
    assert MetadataSettings().arxiv_url() == "http://127.0.0.1:1/api/query"
    assert (
        MetadataSettings(arxiv_api_url="https://mirror.example/api/query")
        .arxiv_url()
        .startswith("https://mirror")
    )


def test_the_three_second_pause_cannot_be_lowered_against_arxiv_itself() -> None:
    assert MetadataSettings(delay=0.1).arxiv_delay() == 3.0
    assert MetadataSettings(delay=5).arxiv_delay() == 5.0
    assert MetadataSettings(delay=0.1, arxiv_api_url="http://127.0.0.1:8/api/query").arxiv_delay() == 0.1


# --- cache -----------------------------------------------------------------------------------------

RECORD = PaperRecord("arxiv", "2501.00001", "A Title", version=2, journal_ref="ICML 2025")


def test_round_trip_and_base_urls_kept_apart(cache_file: Path) -> None:
    cache = MetadataCache(cache_file, MetadataTtl())
    cache.store_papers(
        "http://a", {"2501.00001": PaperLookup(State.FOUND, RECORD), "2501.9": PaperLookup(State.UNKNOWN)}
    )
    cache.store_repositories(
        "http://g", {"o/n": RepoLookup(State.FOUND, RepoRecord("O/N", "https://github.com/O/N", True))}
    )
    cache.store_searches("http://a", {"kimi k15": [RECORD], "nothing": []})
    assert cache.papers("http://a", ["2501.00001", "2501.9", "2501.2"]) == {
        "2501.00001": PaperLookup(State.FOUND, RECORD),
        "2501.9": PaperLookup(State.UNKNOWN),
    }
    assert cache.papers("http://b", ["2501.00001"]) == {}
    assert cache.repositories("http://g", ["o/n"])["o/n"].record == RepoRecord(
        "O/N", "https://github.com/O/N", True
    )
    assert cache.searches("http://a", ["kimi k15", "nothing"]) == {"kimi k15": [RECORD], "nothing": []}
    cache.close()


def test_unverified_answers_are_never_stored(cache_file: Path) -> None:
    cache = MetadataCache(cache_file, MetadataTtl())
    cache.store_papers("b", {"2501.00001": PaperLookup(State.UNVERIFIED, detail="503")})
    cache.store_repositories("b", {"o/n": RepoLookup(State.UNVERIFIED, detail="rate limit")})
    assert cache.papers("b", ["2501.00001"]) == {} and cache.repositories("b", ["o/n"]) == {}


def test_each_kind_has_its_own_ttl(cache_file: Path) -> None:
    ttl = MetadataTtl(papers=60, unknown=0.2, repositories=0.2, searches=60)
    cache = MetadataCache(cache_file, ttl)
    cache.store_papers(
        "b", {"2501.00001": PaperLookup(State.FOUND, RECORD), "2501.9": PaperLookup(State.UNKNOWN)}
    )
    cache.store_repositories("b", {"o/n": RepoLookup(State.UNKNOWN)})
    time.sleep(0.3)
    assert set(cache.papers("b", ["2501.00001", "2501.9"])) == {"2501.00001"}
    assert cache.repositories("b", ["o/n"]) == {}


def test_shares_the_link_caches_file_without_harm(cache_file: Path) -> None:
    links = LinkCache(cache_file, "fingerprint", TtlSettings())
    links.store({"https://a.example/": Outcome(Verdict.ALIVE, "200 OK")})
    cache = MetadataCache(cache_file, MetadataTtl())
    cache.store_papers("b", {"2501.00001": PaperLookup(State.FOUND, RECORD)})
    links.close()
    cache.close()
    reopened_links = LinkCache(cache_file, "fingerprint", TtlSettings())
    assert set(reopened_links.lookup(["https://a.example/"])) == {"https://a.example/"}
    reopened_links.close()
    assert MetadataCache(cache_file, MetadataTtl()).papers("b", ["2501.00001"])["2501.00001"].record == RECORD


def test_default_path_is_the_link_caches_file(arxiv: FakeArxiv, tmp_path: Path) -> None:
    from listbot.cachefile import default_cache_path

    arxiv.add(Paper("2501.00001", "A Title"))
    refs = [PaperRef(0, "A Title", "2501.00001", None)]
    check_papers(refs, fast_settings(arxiv, github=False))
    tables = {
        row[0] for row in sqlite3.connect(default_cache_path()).execute("SELECT name FROM sqlite_master")
    }
    assert {"metadata_papers", "metadata_repositories", "metadata_searches"} <= tables


def test_a_locked_cache_is_waited_for_briefly_then_skipped(
    arxiv: FakeArxiv, cache_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arxiv.add(Paper("2501.00001", "A Title"))
    MetadataCache(cache_file, MetadataTtl()).close()
    holder = sqlite3.connect(cache_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    released = threading.Timer(3.0, holder.rollback)
    released.start()
    try:
        started = time.monotonic()
        stats = RunStats()
        findings = check_papers(
            [PaperRef(0, "Completely Different Words", "2501.00001", None)],
            fast_settings(arxiv, github=False, cache_wait=0.3),
            cache_path=cache_file,
            stats=stats,
        )
        elapsed = time.monotonic() - started
    finally:
        released.cancel()
        holder.rollback()
        holder.close()
    assert [f.code for f in findings] == ["LB801"] and stats.requests == {"arxiv": 2}
    assert elapsed < 2.5
    assert "metadata cache" in capsys.readouterr().err


def _metadata_config(raw: dict[str, object] | bool, where: str) -> MetadataSettings:
    return parse_config({"metadata": raw}, where).metadata
