"""GitHub repositories named by code links: do they exist, were they renamed, are they archived?

With ``GITHUB_TOKEN`` set, GraphQL answers up to 100 repositories a query, one alias each::

    r0: repository(owner: $o0, name: $n0, followRenames: true) { nameWithOwner isArchived url }

``followRenames`` (default true) resolves an old name to the repository it became, so a
renamed or transferred repository answers with its new ``nameWithOwner``; a missing one
is ``null`` with an error of type ``NOT_FOUND`` whose ``path`` is the alias. The endpoint
is ``GITHUB_GRAPHQL_URL``, else derived from ``GITHUB_API_URL`` (https://api.github.com ->
https://api.github.com/graphql; GitHub Enterprise Server https://HOST/api/v3 ->
https://HOST/api/graphql).

Without a token, REST: ``GET {GITHUB_API_URL}/repos/{owner}/{repo}`` answers 200 (a
renamed repository's 301 to ``/repositories/{id}`` is followed), or 404 for a missing one.
Anonymous callers get 60 requests an hour.

A rate limit (403 or 429 with ``x-ratelimit-remaining: 0`` or ``Retry-After``, or a
GraphQL ``RATE_LIMITED`` error) stops the lookups: the repositories not looked up yet are
"could not verify", never "missing".
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime

from listbot.metadata.http import PoliteClient, RequestFailed, Unreachable, describe_status
from listbot.metadata.model import MetadataUnavailable, RepoLookup, RepoRecord, State
from listbot.urls import github_api_root, parse_repo_url

_FIELDS = "nameWithOwner isArchived url"


def api_urls() -> tuple[str, str]:
    """(REST base, GraphQL endpoint) from ``GITHUB_API_URL`` and ``GITHUB_GRAPHQL_URL``."""
    rest = github_api_root()
    graphql = os.environ.get("GITHUB_GRAPHQL_URL", "").strip()
    if not graphql:
        graphql = rest.removesuffix("/v3") + "/graphql" if rest.endswith("/api/v3") else rest + "/graphql"
    return rest, graphql


class RateLimited(Exception):
    """GitHub's rate limit: stop asking."""


def _rate_limit_detail(headers: dict[str, str] | object) -> str:
    get = getattr(headers, "get", lambda _key, _default=None: None)
    reset = get("x-ratelimit-reset")
    retry_after = get("retry-after")
    if retry_after:
        return f"GitHub API rate limit reached (retry after {retry_after} s)"
    if reset and str(reset).isdigit():
        moment = datetime.fromtimestamp(int(reset), UTC).strftime("%H:%M UTC")
        return f"GitHub API rate limit reached (resets at {moment})"
    return "GitHub API rate limit reached"


def _is_rate_limited(status: int, headers: object, body: str) -> bool:
    if status == 429:
        return True
    if status != 403:
        return False
    get = getattr(headers, "get", lambda _key, _default=None: None)
    return get("x-ratelimit-remaining") == "0" or bool(get("retry-after")) or "rate limit" in body.lower()


class GithubSource:
    """Looks repositories up, through GraphQL with a token, else through REST."""

    name = "github"

    def __init__(self, client: PoliteClient, token: str | None, batch_size: int = 100) -> None:
        self.client = client
        self.token = token
        self.batch_size = batch_size
        self.rest_base, self.graphql_url = api_urls()
        self.base = self.graphql_url if token else self.rest_base

    def close(self) -> None:
        self.client.close()

    @staticmethod
    def key_of(url: str | None) -> str | None:
        link = parse_repo_url(url) if url else None
        return link.key if link else None

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def fetch(self, keys: Iterable[str]) -> dict[str, RepoLookup]:
        """A lookup per ``owner/name`` key (lower case). Unreachable propagates."""
        wanted = list(dict.fromkeys(keys))
        results: dict[str, RepoLookup] = {}
        try:
            if self.token:
                for start in range(0, len(wanted), self.batch_size):
                    results.update(self._graphql_batch(wanted[start : start + self.batch_size]))
            else:
                for key in wanted:
                    results[key] = self._rest(key)
        except RateLimited as limit:
            for key in wanted:
                results.setdefault(key, RepoLookup(State.UNVERIFIED, detail=str(limit)))
        return results

    # --- GraphQL -----------------------------------------------------------------------------------

    def _graphql_batch(self, keys: list[str]) -> dict[str, RepoLookup]:
        variables: dict[str, str] = {}
        fields = []
        for index, key in enumerate(keys):
            owner, name = key.split("/", 1)
            variables[f"o{index}"], variables[f"n{index}"] = owner, name
            arguments = f"owner: $o{index}, name: $n{index}, followRenames: true"
            fields.append(f"r{index}: repository({arguments}) {{ {_FIELDS} }}")
        declared = ", ".join(f"$o{i}: String!, $n{i}: String!" for i in range(len(keys)))
        query = f"query({declared}) {{ {' '.join(fields)} }}"
        try:
            reply = self.client.post(
                self.graphql_url, json={"query": query, "variables": variables}, headers=self._headers()
            )
        except Unreachable:
            raise
        except RequestFailed as error:
            return {key: RepoLookup(State.UNVERIFIED, detail=f"GitHub GraphQL API: {error}") for key in keys}
        if reply.status == 401:
            raise MetadataUnavailable(
                "GitHub refused GITHUB_TOKEN (401 Bad credentials); no repository was checked"
            )
        if _is_rate_limited(reply.status, reply.headers, reply.text):
            raise RateLimited(_rate_limit_detail(reply.headers))
        try:
            payload = json.loads(reply.text) if reply.status == 200 else None
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            detail = f"GitHub GraphQL API answered {describe_status(reply.status)}"
            return {key: RepoLookup(State.UNVERIFIED, detail=detail) for key in keys}
        return self._read_graphql(keys, payload)

    @staticmethod
    def _read_graphql(keys: list[str], payload: dict[str, object]) -> dict[str, RepoLookup]:
        data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
        errors = [error for error in payload.get("errors") or [] if isinstance(error, dict)]  # type: ignore[attr-defined]
        if any(error.get("type") == "RATE_LIMITED" for error in errors):
            raise RateLimited("GitHub API rate limit reached (GraphQL RATE_LIMITED)")
        by_alias = {str(error["path"][0]): error for error in errors if error.get("path")}
        results: dict[str, RepoLookup] = {}
        for index, key in enumerate(keys):
            alias = f"r{index}"
            repository = data.get(alias) if isinstance(data, dict) else None
            error = by_alias.get(alias)
            if isinstance(repository, dict) and repository.get("nameWithOwner"):
                record = RepoRecord(
                    str(repository["nameWithOwner"]),
                    str(repository.get("url") or f"https://github.com/{repository['nameWithOwner']}"),
                    bool(repository.get("isArchived")),
                )
                results[key] = RepoLookup(State.FOUND, record)
            elif error is not None and error.get("type") == "NOT_FOUND":
                results[key] = RepoLookup(State.UNKNOWN)
            else:
                reason = (error or (errors[0] if errors else {})).get("message", "no answer for it")
                results[key] = RepoLookup(State.UNVERIFIED, detail=f"GitHub GraphQL API: {reason}")
        return results

    # --- REST --------------------------------------------------------------------------------------

    def _rest(self, key: str) -> RepoLookup:
        try:
            reply = self.client.get(f"{self.rest_base}/repos/{key}", headers=self._headers())
        except Unreachable:
            raise
        except RequestFailed as error:
            return RepoLookup(State.UNVERIFIED, detail=f"GitHub REST API: {error}")
        if reply.status == 404:
            return RepoLookup(State.UNKNOWN)
        if _is_rate_limited(reply.status, reply.headers, reply.text):
            raise RateLimited(_rate_limit_detail(reply.headers))
        if reply.status == 200:
            try:
                data = json.loads(reply.text)
                record = RepoRecord(str(data["full_name"]), str(data["html_url"]), bool(data.get("archived")))
            except (ValueError, KeyError, TypeError):
                return RepoLookup(State.UNVERIFIED, detail="GitHub REST API: unreadable answer")
            return RepoLookup(State.FOUND, record)
        return RepoLookup(
            State.UNVERIFIED, detail=f"GitHub REST API answered {describe_status(reply.status)}"
        )
