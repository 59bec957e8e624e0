"""The bot's REST client, the only PyGithub user: read a pull request, post one review,
keep one summary comment.

PyGithub is imported when this module is, and only ``listbot pr`` imports it. Every call
goes through :meth:`PullRequestApi._call`, which retries what is worth retrying (5xx,
network trouble) and turns every failure into an :class:`ApiError` with a one-line
message, so the command never ends in a traceback.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Callable
from typing import Any, TypeVar

import requests
from github import Auth, Github, GithubException, RateLimitExceededException
from github.GithubObject import GithubObject

from listbot.bot.context import RunContext
from listbot.bot.records import ApiError, ChangedFile, PostedComment

T = TypeVar("T")


ACTIONS_BOT = "github-actions[bot]"  # who an Actions token (GITHUB_TOKEN) writes as
DIFF_MEDIA_TYPE = "application/vnd.github.diff"


def raw(obj: Any) -> dict[str, Any]:
    """The attributes GitHub sent, without PyGithub's lazy completion (which costs a GET)."""
    data = GithubObject.raw_data.fget(obj)  # type: ignore[attr-defined]
    return data if isinstance(data, dict) else {}


def _reset_time(headers: dict[str, Any] | None) -> str:
    lowered = {str(key).lower(): value for key, value in (headers or {}).items()}
    if lowered.get("retry-after"):
        return f"retry after {lowered['retry-after']} s"
    reset = lowered.get("x-ratelimit-reset")
    if reset and str(reset).isdigit():
        when = _dt.datetime.fromtimestamp(int(reset), tz=_dt.UTC)
        return f"the limit resets at {when:%Y-%m-%d %H:%M:%S} UTC"
    return "the reset time was not given"


def _is_rate_limit(error: GithubException) -> bool:
    if isinstance(error, RateLimitExceededException):
        return True
    headers = {str(k).lower(): v for k, v in (error.headers or {}).items()}
    return error.status in (403, 429) and str(headers.get("x-ratelimit-remaining", "")) == "0"


def _message(error: GithubException) -> str:
    data = error.data if isinstance(error.data, dict) else {}
    text = str(data.get("message") or error.message or "no message")
    details = [str(e.get("message", e) if isinstance(e, dict) else e) for e in data.get("errors") or []]
    return f"{text} ({'; '.join(details)})" if details else text


def translate(error: GithubException, what: str) -> ApiError:
    status = error.status
    if _is_rate_limit(error):
        return ApiError(
            "rate_limit", f"{what}: GitHub rate limit exceeded; {_reset_time(error.headers)}", status
        )
    kinds = {401: "forbidden", 403: "forbidden", 404: "not_found", 422: "unprocessable"}
    kind = "server" if status >= 500 else kinds.get(status, "other")
    return ApiError(kind, f"{what}: GitHub answered {status}: {_message(error)}", status)


class PullRequestApi:
    """One pull request, seen through PyGithub with ``base_url`` from the API URL."""

    def __init__(
        self, ctx: RunContext, retries: int = 3, retry_delay: float = 2.0, write_delay: float = 1.0
    ) -> None:
        self.ctx = ctx
        self.retries = max(retries, 1)
        self.retry_delay = retry_delay
        auth = Auth.Token(ctx.token) if ctx.token else None
        self._github = Github(
            base_url=ctx.api_url,
            auth=auth,
            retry=None,  # retries are ours: only for reads and idempotent writes
            timeout=30,
            per_page=100,
            seconds_between_requests=None,
            seconds_between_writes=write_delay or None,
        )
        self._repo: Any = None
        self._pull: Any = None

    def _call(self, what: str, action: Callable[[], T], retry: bool = True) -> T:
        attempts = self.retries if retry else 1
        for attempt in range(1, attempts + 1):
            try:
                return action()
            except GithubException as error:
                failure = translate(error, what)
                if failure.kind != "server" or attempt == attempts:
                    raise failure from None
            except (requests.ConnectionError, requests.Timeout) as error:
                if attempt == attempts:
                    raise ApiError(
                        "network", f"{what}: cannot reach GitHub ({type(error).__name__})"
                    ) from None
            time.sleep(self.retry_delay * attempt)
        raise AssertionError("unreachable")

    # --- reading -------------------------------------------------------------------------------

    def identity(self) -> str | None:
        """Who the token writes as: ``GET /user`` for a personal or app user token; an
        Actions token may not call it (403), and writes as ``github-actions[bot]``.
        None without a token (then no comment is ever taken as the bot's own)."""
        if not self.ctx.token:
            return None

        def fetch() -> str | None:
            _, data = self._github.requester.requestJsonAndCheck("GET", "/user")
            login = data.get("login") if isinstance(data, dict) else None
            return str(login) if login else None

        try:
            return self._call("reading who the token belongs to", fetch)
        except ApiError as error:
            if error.kind == "forbidden":
                return ACTIONS_BOT if error.status == 403 else None  # 401: the token is not valid
            raise

    def compare_diff(self, base: str, head: str) -> str | None:
        """The whole diff GitHub shows for ``base...head`` (the diff media type), for files
        whose ``patch`` the files list left out; None when GitHub will not send it."""
        url = f"/repos/{self.ctx.repository}/compare/{base}...{head}"

        def fetch() -> str | None:
            status, _, text = self._github.requester.requestJson(
                "GET", url, headers={"Accept": DIFF_MEDIA_TYPE}
            )
            if status >= 500:
                raise GithubException(status, {"message": "server error"}, None)
            return text if status == 200 and isinstance(text, str) else None

        try:
            return self._call("reading the diff", fetch)
        except ApiError:
            return None

    def repo(self) -> Any:
        if self._repo is None:
            self._repo = self._call(
                "reading the repository", lambda: self._github.get_repo(self.ctx.repository)
            )
        return self._repo

    def pull(self) -> Any:
        if self._pull is None:
            self.repo()
            self._pull = self._call("reading the pull request", lambda: self._repo.get_pull(self.ctx.number))
        return self._pull

    def shas(self) -> tuple[str, str]:
        """(head, base): the event's, else the pull request's current ones."""
        pull = self.pull()
        return self.ctx.head_sha or pull.head.sha, self.ctx.base_sha or pull.base.sha

    def changed_files(self) -> list[ChangedFile]:
        def fetch() -> list[ChangedFile]:
            result = []
            for item in self.pull().get_files():
                data = raw(item)
                result.append(
                    ChangedFile(
                        data["filename"],
                        data.get("status", "modified"),
                        data.get("patch"),
                        data.get("previous_filename"),
                    )
                )
            return result

        return self._call("listing the changed files", fetch)

    def content(self, path: str, ref: str) -> bytes | None:
        """The file's bytes at ``ref``, or None when it does not exist there."""

        def fetch() -> bytes | None:
            found = self.repo().get_contents(path, ref=ref)
            if isinstance(found, list):
                return None  # a folder
            data = raw(found)
            if data.get("encoding") == "none" or (data.get("content") == "" and data.get("size", 0) > 0):
                return _blob_bytes(self.repo(), data["sha"])
            return found.decoded_content

        try:
            return self._call(f"reading {path} at {ref[:12]}", fetch)
        except ApiError as error:
            if error.kind == "not_found":
                return None
            raise

    def review_comments(self) -> list[PostedComment]:
        def fetch() -> list[PostedComment]:
            return [_posted(c) for c in self.pull().get_review_comments()]

        return self._call("listing review comments", fetch)

    def issue_comments(self) -> list[PostedComment]:
        def fetch() -> list[PostedComment]:
            return [_posted(c) for c in self.pull().get_issue_comments()]

        return self._call("listing comments", fetch)

    # --- writing -------------------------------------------------------------------------------

    def create_review(self, commit_sha: str, body: str, event: str, comments: list[dict[str, Any]]) -> None:
        """POST one review. Not retried: a 5xx may still have created it."""
        commit = self.repo().get_commit(commit_sha)  # lazy: only its sha is used
        self._call(
            "posting the review",
            lambda: self.pull().create_review(commit=commit, body=body, event=event, comments=comments),
            retry=False,
        )

    def delete_review_comment(self, comment: PostedComment) -> None:
        self._call("deleting an outdated comment", comment.handle.delete)

    def edit_review_comment(self, comment: PostedComment, body: str) -> None:
        self._call("marking a comment resolved", lambda: comment.handle.edit(body))

    def create_issue_comment(self, body: str) -> None:
        self._call("posting the summary", lambda: self.pull().create_issue_comment(body), retry=False)

    def edit_issue_comment(self, comment: PostedComment, body: str) -> None:
        self._call("updating the summary", lambda: comment.handle.edit(body))


def _blob_bytes(repo: Any, sha: str) -> bytes:
    import base64

    blob = repo.get_git_blob(sha)
    return base64.b64decode(raw(blob).get("content", ""))


def _posted(comment: Any) -> PostedComment:
    data = raw(comment)
    user = data.get("user") if isinstance(data.get("user"), dict) else {}
    login = user.get("login") if user else None
    return PostedComment(
        int(data["id"]),
        str(data.get("body") or ""),
        data.get("in_reply_to_id"),
        login and str(login),
        comment,
    )
