"""A small fake of GitHub's REST API on 127.0.0.1, for PyGithub to talk to over real HTTP.

It keeps one repository with pull requests, their files (with real unified patches made
from the two versions, without difflib's autojunk heuristic, as git makes them), file
contents at both commits, issue comments, review comments and reviews, each with its
author. Like GitHub it refuses, with 422, a review whose comment sits on a line outside
the diff; it answers ``GET /user`` with 403 for an Actions token (or with a login when
told to), and the compare API in the diff media type. It can be told to answer 403 (no
write access, or a rate limit with ``X-RateLimit-Reset``) or 5xx, to leave out patches
(a diff too large to show) and to refuse the diff media type.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

OWNER, NAME = "octo", "papers"
REPO = f"{OWNER}/{NAME}"
BOT = {"login": "github-actions[bot]", "type": "Bot", "id": 41898282}
PERSON = {"login": "contributor", "type": "User", "id": 7}
MAINTAINER = {"login": "maintainer", "type": "User", "id": 8}


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def github_patch(old: str | None, new: str | None) -> str:
    """Hunks only, as in GitHub's ``files[].patch`` (no autojunk: git has no such heuristic)."""
    before = (old or "").splitlines()
    after = (new or "").splitlines()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    out: list[str] = []
    for group in matcher.get_grouped_opcodes(3):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{i1 + 1 if i2 > i1 else i1},{i2 - i1} +{j1 + 1 if j2 > j1 else j1},{j2 - j1} @@")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out += [f" {line}" for line in before[a1:a2]]
                continue
            out += [f"-{line}" for line in before[a1:a2]] + [f"+{line}" for line in after[b1:b2]]
    return "\n".join(out)


def git_diff(pull: PullState) -> str:
    """The whole pull request as ``git diff`` prints it (GitHub's diff media type)."""
    parts = []
    for path in sorted(set(pull.base_files) | set(pull.head_files)):
        old, new = pull.base_files.get(path), pull.head_files.get(path)
        if old == new:
            continue
        source = "/dev/null" if old is None else f"a/{path}"
        target = "/dev/null" if new is None else f"b/{path}"
        parts.append(f"diff --git a/{path} b/{path}\n--- {source}\n+++ {target}\n{github_patch(old, new)}\n")
    return "".join(parts)


def commentable(patch: str) -> list[set[int]]:
    """Per hunk, the new-side line numbers GitHub lets a RIGHT comment use."""
    hunks: list[set[int]] = []
    line = 0
    for raw in patch.splitlines():
        header = re.match(r"@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@", raw)
        if header:
            hunks.append(set())
            line = int(header.group(1))
        elif hunks and raw[:1] in ("+", " "):
            hunks[-1].add(line)
            line += 1
    return hunks


@dataclass
class PullState:
    number: int
    base_sha: str
    head_sha: str
    base_files: dict[str, str]
    head_files: dict[str, str]


@dataclass
class FakeGitHub:
    """The server's state; tests change it between runs (a push, a denial, a failure)."""

    url: str = ""
    contents: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (sha, path) -> bytes
    pulls: dict[int, PullState] = field(default_factory=dict)
    review_comments: list[dict[str, Any]] = field(default_factory=list)
    issue_comments: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    deny_writes: bool = False
    rate_limit_reset: int | None = None  # epoch seconds: answer 403 rate limit to every request
    rate_limit_writes_only: bool = False
    server_errors: int = 0  # answer the next N requests with 502
    write_errors: int = 0  # answer the next N writes (POST, PATCH, DELETE) with 502
    drop_patches: bool = False  # like GitHub for a diff too large to show: no `patch` field
    refuse_diff: bool = False  # answer the compare API's diff media type with 406 (too large)
    token_user: str | None = None  # a personal token: GET /user answers this login (else 403)
    app_login: str | None = None  # a GitHub App's installation token: writes as this bot (/user: 403)
    reject_lines: set[tuple[str, int]] = field(default_factory=set)  # extra lines GitHub "cannot resolve"
    lock: threading.Lock = field(default_factory=threading.Lock)
    _next_id: int = 1000

    # --- setting up ------------------------------------------------------------------------------

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def commit(self, files: dict[str, str], sha: str) -> str:
        for path, text in files.items():
            self.contents[(sha, path)] = text.encode("utf-8")
        return sha

    def open_pull(self, number: int, base: dict[str, str], head: dict[str, str], head_sha: str) -> PullState:
        self.commit(base, "b" * 40)
        self.commit(head, head_sha)
        self.pulls[number] = PullState(number, "b" * 40, head_sha, base, head)
        return self.pulls[number]

    def push(self, number: int, head: dict[str, str], head_sha: str) -> None:
        pull = self.pulls[number]
        self.commit(head, head_sha)
        pull.head_sha, pull.head_files = head_sha, head

    @property
    def bot_user(self) -> dict[str, Any]:
        """Who the token writes as: the personal token's user, else the Actions bot."""
        if self.app_login:
            return {"login": self.app_login, "type": "Bot", "id": 10}
        return {"login": self.token_user, "type": "User", "id": 9} if self.token_user else BOT

    def person_replies(self, comment_id: int, body: str = "I think this is right") -> None:
        original = next(c for c in self.review_comments if c["id"] == comment_id)
        reply = {"id": self.new_id(), "body": body, "in_reply_to_id": comment_id, "user": PERSON}
        self.review_comments.append({**reply, "pull": original["pull"], "path": original["path"]})

    def person_comments(
        self, number: int, body: str, line: int | None = None, user: dict[str, Any] = PERSON
    ) -> int:
        """Someone else's comment: a review comment on ``line``, or an issue comment."""
        cid = self.new_id()
        comment = {"id": cid, "pull": number, "body": body, "user": user}
        if line is None:
            self.issue_comments.append({**comment, "url": f"{self.url}/repos/{REPO}/issues/comments/{cid}"})
        else:
            url = f"{self.url}/repos/{REPO}/pulls/comments/{cid}"
            self.review_comments.append({**comment, "path": "README_list.md", "line": line, "url": url})
        return cid

    def calls(self, method: str, pattern: str = "") -> list[str]:
        return [path for verb, path in self.requests if verb == method and re.search(pattern, path)]

    # --- answering -------------------------------------------------------------------------------

    def repo_json(self) -> dict[str, Any]:
        return {
            "id": 1,
            "name": NAME,
            "full_name": REPO,
            "url": f"{self.url}/repos/{REPO}",
            "owner": {"login": OWNER},
            "private": False,
            "default_branch": "main",
        }

    def pull_json(self, pull: PullState) -> dict[str, Any]:
        api = f"{self.url}/repos/{REPO}"
        return {
            "number": pull.number,
            "id": pull.number,
            "state": "open",
            "title": "Add papers",
            "url": f"{api}/pulls/{pull.number}",
            "issue_url": f"{api}/issues/{pull.number}",
            "head": {"sha": pull.head_sha, "ref": "feature", "repo": self.repo_json()},
            "base": {"sha": pull.base_sha, "ref": "main", "repo": self.repo_json()},
        }

    def files_json(self, pull: PullState) -> list[dict[str, Any]]:
        result = []
        for path in sorted(set(pull.base_files) | set(pull.head_files)):
            old, new = pull.base_files.get(path), pull.head_files.get(path)
            if old == new:
                continue
            status = "added" if old is None else "removed" if new is None else "modified"
            data = (new or "").encode()
            patch = None if self.drop_patches else github_patch(old, new)
            result.append(
                {
                    "sha": blob_sha(data),
                    "filename": path,
                    "status": status,
                    "patch": patch,
                    "additions": 1,
                    "deletions": 0,
                    "changes": 1,
                }
            )
        return result

    def bad_anchor(self, pull: PullState, comment: dict[str, Any]) -> bool:
        path, line = comment.get("path"), comment.get("line")
        if (path, line) in self.reject_lines or comment.get("side", "RIGHT") != "RIGHT":
            return True
        old, new = pull.base_files.get(path), pull.head_files.get(path)
        if new is None or old == new:
            return True
        start = comment.get("start_line") or line
        return not any(start in hunk and line in hunk for hunk in commentable(github_patch(old, new)))

    def create_review(self, pull: PullState, body: dict[str, Any]) -> tuple[int, Any]:
        comments = body.get("comments") or []
        if any(self.bad_anchor(pull, c) for c in comments):
            return 422, {"message": "Unprocessable Entity", "errors": ["Line could not be resolved"]}
        review = {
            "id": self.new_id(),
            "body": body.get("body", ""),
            "commit_id": body.get("commit_id"),
            "state": {"COMMENT": "COMMENTED", "REQUEST_CHANGES": "CHANGES_REQUESTED"}.get(
                body.get("event") or "", "PENDING"
            ),
            "event": body.get("event"),
            "user": self.bot_user,
        }
        self.reviews.append(review)
        for comment in comments:
            cid = self.new_id()
            self.review_comments.append(
                {
                    **comment,
                    "pull": pull.number,
                    "id": cid,
                    "user": self.bot_user,
                    "pull_request_review_id": review["id"],
                    "commit_id": body.get("commit_id"),
                    "url": f"{self.url}/repos/{REPO}/pulls/comments/{cid}",
                }
            )
        return 200, review

    def issue_comment(self, number: int, body: str) -> dict[str, Any]:
        cid = self.new_id()
        comment = {
            "id": cid,
            "pull": number,
            "body": body,
            "user": self.bot_user,
            "url": f"{self.url}/repos/{REPO}/issues/comments/{cid}",
        }
        self.issue_comments.append(comment)
        return comment


ROUTES: list[tuple[str, str, str]] = [
    ("GET", r"/repos/{repo}$", "get_repo"),
    ("GET", r"/repos/{repo}/pulls/(\d+)$", "get_pull"),
    ("GET", r"/repos/{repo}/pulls/(\d+)/files$", "get_files"),
    ("GET", r"/repos/{repo}/compare/(\w+)\.\.\.(\w+)$", "get_compare"),
    ("GET", r"/repos/{repo}/contents/(.+)$", "get_contents"),
    ("GET", r"/repos/{repo}/commits/(\w+)$", "get_commit"),
    ("GET", r"/repos/{repo}/pulls/(\d+)/comments$", "list_review_comments"),
    ("DELETE", r"/repos/{repo}/pulls/comments/(\d+)$", "delete_review_comment"),
    ("PATCH", r"/repos/{repo}/pulls/comments/(\d+)$", "edit_review_comment"),
    ("POST", r"/repos/{repo}/pulls/(\d+)/reviews$", "post_review"),
    ("GET", r"/repos/{repo}/issues/(\d+)/comments$", "list_issue_comments"),
    ("POST", r"/repos/{repo}/issues/(\d+)/comments$", "post_issue_comment"),
    ("PATCH", r"/repos/{repo}/issues/comments/(\d+)$", "edit_issue_comment"),
    ("DELETE", r"/repos/{repo}/issues/comments/(\d+)$", "delete_issue_comment"),
]


class Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once: no delayed-ACK stall per request
    wbufsize = 1 << 16

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, data: Any = None, headers: dict[str, str] | None = None) -> None:
        text = isinstance(data, str)
        payload = b"" if data is None else data.encode() if text else json.dumps(data).encode()
        self.send_response(status)
        kind = "text/plain" if text else "application/json"
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}") if length else {}

    def _refusal(self, method: str) -> tuple[int, Any, dict[str, str]] | None:
        fake = self.server.fake
        if fake.server_errors > 0:
            fake.server_errors -= 1
            return 502, {"message": "Server Error"}, {}
        writing = method != "GET"
        if fake.write_errors > 0 and writing:
            fake.write_errors -= 1
            return 502, {"message": "Server Error"}, {}
        if fake.rate_limit_reset is not None and (writing or not fake.rate_limit_writes_only):
            headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(fake.rate_limit_reset)}
            return 403, {"message": "API rate limit exceeded for installation ID 1."}, headers
        if fake.deny_writes and writing:
            return 403, {"message": "Resource not accessible by integration"}, {}
        return None

    def _handle(self, method: str) -> None:
        fake = self.server.fake
        parsed = urlparse(self.path)
        body = self._body() if method in ("POST", "PATCH") else {}
        with fake.lock:
            fake.requests.append((method, parsed.path))
            if parsed.path == "/user":
                if fake.token_user:
                    return self._send(200, {"login": fake.token_user, "id": 9, "type": "User"})
                return self._send(403, {"message": "Resource not accessible by integration"})
            refusal = self._refusal(method)
            if refusal:
                return self._send(refusal[0], refusal[1], refusal[2])
            for verb, pattern, name in ROUTES:
                match = re.match(pattern.format(repo=REPO), parsed.path)
                if verb == method and match:
                    status, data = getattr(self, name)(
                        fake, *match.groups(), query=parse_qs(parsed.query), body=body
                    )
                    return self._send(status, data)
        return self._send(404, {"message": "Not Found"})

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # --- routes ----------------------------------------------------------------------------------

    def get_repo(self, fake: FakeGitHub, **_: Any) -> tuple[int, Any]:
        return 200, fake.repo_json()

    def get_pull(self, fake: FakeGitHub, number: str, **_: Any) -> tuple[int, Any]:
        pull = fake.pulls.get(int(number))
        return (200, fake.pull_json(pull)) if pull else (404, {"message": "Not Found"})

    def get_files(self, fake: FakeGitHub, number: str, **_: Any) -> tuple[int, Any]:
        return 200, fake.files_json(fake.pulls[int(number)])

    def get_compare(self, fake: FakeGitHub, base: str, head: str, **_: Any) -> tuple[int, Any]:
        """The diff media type only (the JSON form is not needed by the bot)."""
        if "diff" not in (self.headers.get("Accept") or ""):
            return 415, {"message": "only the diff media type is served here"}
        if fake.refuse_diff:
            return 406, {"message": "Sorry, the diff exceeded the maximum number of lines (20000)"}
        pull = next((p for p in fake.pulls.values() if p.base_sha == base and p.head_sha == head), None)
        return (200, git_diff(pull)) if pull else (404, {"message": "Not Found"})

    def get_contents(
        self, fake: FakeGitHub, path: str, query: dict[str, list[str]], **_: Any
    ) -> tuple[int, Any]:
        ref = (query.get("ref") or ["main"])[0]
        data = fake.contents.get((ref, unquote(path)))
        if data is None:
            return 404, {"message": "Not Found"}
        encoded = base64.b64encode(data).decode()
        return 200, {
            "type": "file",
            "encoding": "base64",
            "content": encoded,
            "size": len(data),
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "sha": blob_sha(data),
            "url": f"{fake.url}/repos/{REPO}/contents/{path}?ref={ref}",
        }

    def get_commit(self, fake: FakeGitHub, sha: str, **_: Any) -> tuple[int, Any]:
        return 200, {"sha": sha, "url": f"{fake.url}/repos/{REPO}/commits/{sha}"}

    def list_review_comments(self, fake: FakeGitHub, number: str, **_: Any) -> tuple[int, Any]:
        return 200, [c for c in fake.review_comments if c.get("pull") == int(number)]

    def delete_review_comment(self, fake: FakeGitHub, cid: str, **_: Any) -> tuple[int, Any]:
        fake.review_comments[:] = [c for c in fake.review_comments if c["id"] != int(cid)]
        return 204, None

    def edit_review_comment(
        self, fake: FakeGitHub, cid: str, body: dict[str, Any], **_: Any
    ) -> tuple[int, Any]:
        comment = next(c for c in fake.review_comments if c["id"] == int(cid))
        comment["body"] = body["body"]
        return 200, comment

    def post_review(self, fake: FakeGitHub, number: str, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        return fake.create_review(fake.pulls[int(number)], body)

    def list_issue_comments(self, fake: FakeGitHub, number: str, **_: Any) -> tuple[int, Any]:
        return 200, [c for c in fake.issue_comments if c.get("pull") == int(number)]

    def post_issue_comment(
        self, fake: FakeGitHub, number: str, body: dict[str, Any], **_: Any
    ) -> tuple[int, Any]:
        return 201, fake.issue_comment(int(number), body["body"])

    def edit_issue_comment(
        self, fake: FakeGitHub, cid: str, body: dict[str, Any], **_: Any
    ) -> tuple[int, Any]:
        comment = next(c for c in fake.issue_comments if c["id"] == int(cid))
        comment["body"] = body["body"]
        return 200, comment

    def delete_issue_comment(self, fake: FakeGitHub, cid: str, **_: Any) -> tuple[int, Any]:
        fake.issue_comments[:] = [c for c in fake.issue_comments if c["id"] != int(cid)]
        return 204, None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeGitHub


def start() -> tuple[_Server, FakeGitHub]:
    server = _Server(("127.0.0.1", 0), Handler)
    fake = FakeGitHub(url=f"http://127.0.0.1:{server.server_address[1]}")
    server.fake = fake
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, fake
