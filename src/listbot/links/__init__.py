"""Link checking: the only package that uses httpx. Imported lazily, by runs with ``--links``.

``check_links(docs, settings, ...) -> {request URL: Outcome}`` checks every http(s)
link of the documents once (the cache first) and says what each answered; the LB7xx
rules (``listbot.rules.link_*``) turn the outcomes into diagnostics inside the one
pipeline, so selection, suppression and fixing treat them like any other rule's.
``check_documents`` does both steps for callers that want diagnostics directly.
It raises :class:`NetworkDown` (a one-line message; the CLI exits 2) when the network
is not there at all. Heavy imports (httpx, sqlite3, rich) happen inside the functions
that need them, so importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from listbot.outcomes import NetworkDown

if TYPE_CHECKING:
    from listbot.config import Config
    from listbot.config.links import LinksSettings
    from listbot.diagnostics import Diagnostic
    from listbot.links.cache import LinkCache
    from listbot.links.progress import LinkProgress
    from listbot.links.safety import AddressPredicate, Resolver
    from listbot.model import Document
    from listbot.outcomes import Outcome

__all__ = ["NetworkDown", "check_documents", "check_links"]


class NetworkHooks(NamedTuple):
    """Replacements for the system's DNS and the private-address rule (tests, embedders)."""

    resolver: Resolver | None
    forbidden_address: AddressPredicate | None


def check_documents(docs: list[Document], config: Config, **options: Any) -> list[Diagnostic]:
    """LB701/LB702/LB703 diagnostics for the links of ``docs`` (see :func:`check_links`)."""
    from listbot.decide import selection
    from listbot.lint import rules_to_run, run_rules
    from listbot.profile import profile

    outcomes = check_links(docs, config.links, **options)
    rules = [rule for rule in rules_to_run(config, selection(config), frozenset({"links"})) if rule.network]
    found = [d for doc in docs for d in run_rules(doc, config, profile(doc, config), rules, outcomes)]
    return sorted(found, key=lambda d: d.sort_key)


def check_links(
    docs: list[Document],
    settings: LinksSettings,
    *,
    use_cache: bool = True,
    cache_path: str | None = None,
    allow_private: bool | None = None,
    changed_lines: str | None = None,
    timeout: float | None = None,
    resolver: Resolver | None = None,
    forbidden_address: AddressPredicate | None = None,
) -> dict[str, Outcome]:
    """Check every http(s) link of ``docs`` once; return what each request URL answered.

    ``timeout`` overrides ``links.timeout`` (seconds per request; the ``--timeout`` flag).
    ``resolver`` (an async function from a host name to its addresses) and
    ``forbidden_address`` (which addresses count as private) replace the system's DNS
    and the private-address rule, for tests and embedders. Raises NetworkDown when the
    first hosts all fail to resolve or connect (nothing is cached then).
    """
    from listbot.links.targets import Excluder, collect_targets

    if timeout is not None:
        settings = settings.model_copy(update={"timeout": _positive_timeout(timeout)})
    allow = settings.allow_private if allow_private is None else allow_private
    excluder = Excluder(settings)
    targets = collect_targets(docs, excluder, changed_lines)
    urls = list(dict.fromkeys(target.request_url for target in targets))
    cache = _open_cache(settings, cache_path, allow) if use_cache and urls else None
    network = NetworkHooks(resolver, forbidden_address)
    return _check_urls(urls, settings, allow, cache, excluder.count, network)


def _positive_timeout(timeout: float) -> float:
    import math

    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        from listbot.config import ConfigError

        raise ConfigError(f"--timeout: expected a positive number of seconds, got {timeout!r}")
    return float(timeout)


def _fingerprint(settings: LinksSettings, allow_private: bool, has_token: bool) -> str:
    """A hash of the settings that change a verdict; cached rows of other settings are ignored."""
    import hashlib
    import json

    relevant = settings.model_dump(include={"accept", "hosts", "user_agent", "max_redirects", "github_api"})
    relevant.update(allow_private=allow_private, github_token=has_token)
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]


def _open_cache(settings: LinksSettings, cache_path: str | None, allow_private: bool) -> LinkCache:
    from pathlib import Path

    from listbot.cachefile import default_cache_path
    from listbot.links.cache import LinkCache
    from listbot.links.github import GithubApi

    path = Path(cache_path or settings.cache_path or default_cache_path()).expanduser()
    has_token = GithubApi.from_environment() is not None
    return LinkCache(path, _fingerprint(settings, allow_private, has_token), settings.ttl)


def _check_urls(
    urls: list[str],
    settings: LinksSettings,
    allow_private: bool,
    cache: LinkCache | None,
    excluded: int,
    network: NetworkHooks,
) -> dict[str, Outcome]:
    """Outcomes for ``urls``: from the cache where fresh, from the network otherwise."""
    from listbot.links.progress import LinkProgress

    outcomes = cache.lookup(urls) if cache else {}
    progress = LinkProgress(len(urls), len(outcomes), settings.progress)
    progress.excluded = excluded
    for outcome in outcomes.values():
        progress.add_cached(outcome)
    to_check = [url for url in urls if url not in outcomes]
    summary = True
    try:
        if to_check:
            fresh = _run_checker(to_check, settings, allow_private, progress, network)
            outcomes.update(fresh)
            progress.recount(outcomes.values())
            if cache:
                cache.store(fresh)
    except NetworkDown:
        summary = False  # the error is the one line to print
        raise
    finally:
        progress.close(summary=summary)
        if cache:
            cache.close()
    return outcomes


def _run_checker(
    urls: list[str],
    settings: LinksSettings,
    allow_private: bool,
    progress: LinkProgress,
    network: NetworkHooks,
) -> dict[str, Outcome]:
    import asyncio

    from listbot.links.checker import Checker
    from listbot.links.github import GithubApi

    checker = Checker(
        settings,
        allow_private=allow_private,
        github=GithubApi.from_environment(),
        on_done=lambda url, outcome: progress.add(outcome),
        resolver=network.resolver,
        forbidden_address=network.forbidden_address,
    )
    return asyncio.run(checker.run(urls))
