"""github.com repository links, checked through the REST API when ``GITHUB_TOKEN`` is set.

``GET {GITHUB_API_URL}/repos/{owner}/{repo}`` (default API base https://api.github.com)
answers 200 for a live repository, 404 for a missing one, and follows a renamed
repository to its new ``html_url``; that is cheaper and more reliable than a
scrape, which github.com rate-limits hard. Only repository root links use the
API; deeper links (``/tree/...``, ``/blob/...``) are checked like any other URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from listbot.urls import GITHUB_RESERVED, github_api_root, github_token

_REPO_PATH = re.compile(
    r"^/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


@dataclass(frozen=True, slots=True)
class GithubApi:
    base: str
    token: str

    @classmethod
    def from_environment(cls) -> GithubApi | None:
        token = github_token()
        return cls(github_api_root(), token) if token else None

    @property
    def headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }

    def repo_endpoint(self, url: str) -> str | None:
        """The API URL for a github.com repository root link, else None."""
        parts = urlsplit(url)
        if parts.hostname not in ("github.com", "www.github.com") or parts.query:
            return None
        match = _REPO_PATH.match(parts.path)
        if not match or match["owner"].lower() in GITHUB_RESERVED:
            return None
        return f"{self.base}/repos/{match['owner']}/{match['repo']}"


def same_repository(url: str, html_url: str) -> bool:
    """Whether a link and the API's ``html_url`` name the same repository (case and ``.git`` aside)."""

    def key(value: str) -> str:
        path = urlsplit(value).path.rstrip("/").lower()
        return path.removesuffix(".git")

    return key(url) == key(html_url)
