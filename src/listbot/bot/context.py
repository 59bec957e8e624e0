"""Where the bot runs: the GitHub Actions environment, overridden by flags."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from listbot.extras import DISTRIBUTION  # the package index name (`listbot` there is another project)
from listbot.project import declared_source, rule_url
from listbot.urls import github_api_root


class ContextError(Exception):
    """The run lacks something it needs (a repository, a pull request number, a token)."""


@dataclass(frozen=True, slots=True)
class ToolSource:
    """Where listbot itself comes from: for the install command and rule links in comments."""

    url: str | None = None  # the repository, e.g. https://github.com/OWNER/listbot
    ref: str | None = None  # the action's tag, branch or commit in it (when run as the action)
    version: str | None = None  # the installed version (for the package index)

    @classmethod
    def find(cls, env: Mapping[str, str]) -> ToolSource:
        """The action's repository and ref when listbot runs as the action; the package's
        declared source (``[project.urls] Source``) and version otherwise."""
        from listbot import __version__

        repository = env.get("GITHUB_ACTION_REPOSITORY") or ""
        if "/" in repository:
            server = (env.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/")
            return cls(f"{server}/{repository}", env.get("GITHUB_ACTION_REF") or None, __version__)
        return cls(declared_source(), None, __version__)

    def install_command(self) -> str | None:
        """What a contributor runs to get the listbot that reviewed their pull request."""
        if self.url and self.ref:
            return f'pip install "git+{self.url}@{self.ref}"'
        if self.version:
            return f'pip install "{DISTRIBUTION}=={self.version}"'
        return None

    def rule_url(self, code: str, name: str) -> str | None:
        """The rule's section of the README's rule reference (GitHub's heading anchor)."""
        return rule_url(code, name, self.url) if self.url else None


@dataclass(frozen=True, slots=True)
class RunContext:
    api_url: str
    repository: str
    number: int
    token: str | None
    head_sha: str | None = None
    base_sha: str | None = None
    step_summary: str | None = None
    output: str | None = None
    tool: ToolSource = ToolSource()


def _event(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as error:
        raise ContextError(f"cannot read the event file {path}: {error}") from None
    return data if isinstance(data, dict) else {}


def _pull_request(event: dict[str, Any]) -> dict[str, Any]:
    pull = event.get("pull_request")
    return pull if isinstance(pull, dict) else {}


def resolve(
    env: Mapping[str, str],
    repo: str | None = None,
    number: int | None = None,
    api_url: str | None = None,
    token_env: str = "GITHUB_TOKEN",
) -> RunContext:
    """Flags first, then the Actions environment; fail with one clear line when missing."""
    event = _event(env.get("GITHUB_EVENT_PATH"))
    pull = _pull_request(event)
    repository = repo or env.get("GITHUB_REPOSITORY") or ""
    if "/" not in repository:
        raise ContextError("no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY")
    number = number or pull.get("number") or event.get("number")
    if not isinstance(number, int):
        raise ContextError("no pull request: pass --pr N or run on a pull_request event")
    return RunContext(
        api_url=api_url.rstrip("/") if api_url else github_api_root(env),
        repository=repository,
        number=number,
        token=env.get(token_env) or None,
        head_sha=(pull.get("head") or {}).get("sha"),
        base_sha=(pull.get("base") or {}).get("sha"),
        step_summary=env.get("GITHUB_STEP_SUMMARY") or None,
        output=env.get("GITHUB_OUTPUT") or None,
        tool=ToolSource.find(env),
    )
