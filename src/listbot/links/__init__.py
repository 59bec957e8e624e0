"""Link checking (issue 3): the only package that uses httpx. Imported lazily by the CLI.

Contract used by the CLI: ``check_documents(docs, config, *, use_cache, cache_path,
allow_private, changed_lines) -> list[Diagnostic]`` returns LB7xx diagnostics for
the links of the parsed documents; the CLI sends them through the engine's
filtering like any other diagnostic. Heavy imports (httpx, sqlite3, rich) happen
inside the functions that need them, so importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from listbot.config import Config
    from listbot.diagnostics import Diagnostic
    from listbot.links.cache import LinkCache
    from listbot.links.outcome import Outcome
    from listbot.links.settings import LinksSettings
    from listbot.model import Document

__all__ = ["check_documents", "validate_links_config"]


def validate_links_config(raw: dict[str, Any], where: str) -> LinksSettings:
    """Validate ``[tool.listbot.links]``; raises ConfigError naming the key."""
    from listbot.links.settings import validate_links_config as validate

    return validate(raw, where)


def check_documents(
    docs: list[Document],
    config: Config,
    *,
    use_cache: bool = True,
    cache_path: str | None = None,
    allow_private: bool | None = None,
    changed_lines: str | None = None,
) -> list[Diagnostic]:
    """Check every http(s) link of ``docs`` (each URL once) and return LB701/LB702/LB703 diagnostics."""
    from listbot.links.rules import diagnose
    from listbot.links.targets import Excluder, collect_targets

    settings = validate_links_config(config.links, "config")
    allow = settings.allow_private if allow_private is None else allow_private
    excluder = Excluder(settings)
    targets = collect_targets(docs, excluder, changed_lines)
    urls = list(dict.fromkeys(target.request_url for target in targets))
    cache = _open_cache(settings, cache_path, allow) if use_cache and urls else None
    outcomes = _check_urls(urls, settings, allow, cache, excluder.count)
    return diagnose(targets, outcomes)


def _fingerprint(settings: LinksSettings, allow_private: bool, has_token: bool) -> str:
    """A hash of the settings that change a verdict; cached rows of other settings are ignored."""
    import hashlib
    import json

    relevant = settings.model_dump(include={"accept", "hosts", "user_agent", "max_redirects", "github_api"})
    relevant.update(allow_private=allow_private, github_token=has_token)
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]


def _open_cache(settings: LinksSettings, cache_path: str | None, allow_private: bool) -> LinkCache:
    from pathlib import Path

    from listbot.links.cache import LinkCache, default_cache_path
    from listbot.links.github import GithubApi

    path = Path(cache_path or settings.cache_path or default_cache_path()).expanduser()
    has_token = GithubApi.from_environment() is not None
    return LinkCache(path, _fingerprint(settings, allow_private, has_token), settings.ttl)


def _check_urls(
    urls: list[str], settings: LinksSettings, allow_private: bool, cache: LinkCache | None, excluded: int
) -> dict[str, Outcome]:
    """Outcomes for ``urls``: from the cache where fresh, from the network otherwise."""
    from listbot.links.progress import LinkProgress

    outcomes = cache.lookup(urls) if cache else {}
    progress = LinkProgress(len(urls), len(outcomes), settings.progress)
    progress.excluded = excluded
    for outcome in outcomes.values():
        progress.add_cached(outcome)
    to_check = [url for url in urls if url not in outcomes]
    try:
        if to_check:
            fresh = _run_checker(to_check, settings, allow_private, progress)
            outcomes.update(fresh)
            progress.recount(outcomes.values())
            if cache:
                cache.store(fresh)
    finally:
        progress.close()
        if cache:
            cache.close()
    return outcomes


def _run_checker(
    urls: list[str], settings: LinksSettings, allow_private: bool, progress: Any
) -> dict[str, Outcome]:
    import asyncio

    from listbot.links.checker import Checker
    from listbot.links.github import GithubApi

    checker = Checker(
        settings,
        allow_private=allow_private,
        github=GithubApi.from_environment(),
        on_done=lambda url, outcome: progress.add(outcome),
    )
    return asyncio.run(checker.run(urls))
