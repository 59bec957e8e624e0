"""Fixtures for the link tests: loopback servers and a helper that runs the checker on a list."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from listbot.config import Config
from listbot.diagnostics import Diagnostic
from listbot.links import check_documents
from listbot.links.safety import AddressPredicate, Resolver
from listbot.parse import parse
from tests.links.server import LoopbackServer

FAST = {"timeout": 1.0, "backoff": 0.05, "retries": 2, "progress": "never"}
CheckLinks = Callable[..., list[Diagnostic]]


def make_list(*urls: str) -> str:
    """A small valid list with one entry per URL."""
    entries = "\n".join(f"* [Paper {index}]({url})" for index, url in enumerate(urls, 1))
    return f"# Papers\n\n## Resources\n\n{entries}\n"


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


@pytest.fixture
def other_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


@pytest.fixture(autouse=True)
def _no_github_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.delenv("GITHUB_API_URL", raising=False)


@pytest.fixture
def check_links(tmp_path: Path) -> CheckLinks:
    """Run ``check_documents`` on a list of URLs (or on Markdown text) with fast test settings."""

    def run(
        *urls: str,
        text: str | None = None,
        allow_private: bool = True,
        use_cache: bool = False,
        cache_path: Path | None = None,
        resolver: Resolver | None = None,
        forbidden_address: AddressPredicate | None = None,
        timeout: float | None = None,
        **settings: Any,
    ) -> list[Diagnostic]:
        doc = parse(text if text is not None else make_list(*urls), str(tmp_path / "list.md"))
        config = Config(links={**FAST, **settings})
        return check_documents(
            [doc],
            config,
            use_cache=use_cache,
            cache_path=str(cache_path or tmp_path / "cache.sqlite3"),
            allow_private=allow_private,
            resolver=resolver,
            forbidden_address=forbidden_address,
            timeout=timeout,
        )

    return run


class FakeDns:
    """A resolver the test controls: ``answers[name]`` is a list of address lists, one per lookup
    (the last one repeats); a name without answers fails like an unknown name. Counts lookups."""

    def __init__(self, answers: dict[str, list[list[str]]] | None = None) -> None:
        self.answers = answers or {}
        self.lookups: list[str] = []

    async def __call__(self, host: str) -> list[str]:
        import socket

        self.lookups.append(host)
        given = self.answers.get(host)
        if not given:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return given[min(self.lookups.count(host), len(given)) - 1]


def by_code(diagnostics: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    found: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        found.setdefault(diagnostic.code, []).append(diagnostic)
    return found
