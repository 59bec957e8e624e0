"""github.com repository links, checked through the REST API when ``GITHUB_TOKEN`` is set.

``GET {GITHUB_API_URL}/repos/{owner}/{repo}`` (default API base https://api.github.com)
answers 200 for a live repository, 404 for a missing one, and follows a renamed
repository to its new ``html_url``; that is cheaper and more reliable than a
scrape, which github.com rate-limits hard. Only repository root links use the
API; deeper links (``/tree/...``, ``/blob/...``) are checked like any other URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from listbot.urls import github_api_root, github_token, parse_repo_url


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
        repo = parse_repo_url(url)
        if repo is None or repo.rest.split("#", 1)[0] not in ("", "/"):
            return None  # a deeper link, or one with a query: checked like any other URL
        return f"{self.base}/repos/{repo.owner}/{repo.name}"


def same_repository(url: str, html_url: str) -> bool:
    """Whether a link and the API's ``html_url`` name the same repository (case and ``.git`` aside)."""

    def key(value: str) -> str:
        path = urlsplit(value).path.rstrip("/").lower()
        return path.removesuffix(".git")

    return key(url) == key(html_url)
