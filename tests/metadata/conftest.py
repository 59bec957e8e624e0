"""Fixtures for the metadata tests: the fake arXiv and GitHub servers and fast settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from listbot.config.metadata import MetadataSettings
from tests.metadata.servers import TOKEN, FakeArxiv, FakeGitHub, Paper

ATTENTION = Paper("1706.03762", "Attention Is All You Need", version=7)
FAST: dict[str, Any] = {"delay": 0.05, "backoff": 0.02, "retries": 2, "timeout": 2.0, "retry_cap": 5.0}


@pytest.fixture
def arxiv() -> Iterator[FakeArxiv]:
    with FakeArxiv() as fake:
        fake.add(ATTENTION)
        yield fake


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        monkeypatch.delenv("GITHUB_GRAPHQL_URL", raising=False)
        yield fake


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's token, API addresses or cache."""
    for name in ("GITHUB_TOKEN", "GITHUB_API_URL", "GITHUB_GRAPHQL_URL", "LISTBOT_ARXIV_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def fast_settings(arxiv: FakeArxiv, **overrides: Any) -> MetadataSettings:
    return MetadataSettings(arxiv_api_url=arxiv.api, **{**FAST, **overrides})


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "listbot.sqlite3"
