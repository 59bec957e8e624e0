"""Fake arXiv export API and fake GitHub (GraphQL and REST), real HTTP servers on 127.0.0.1.

Both keep a request log (start and end times, in-flight counts) so tests can check the
politeness rules, and can be told to misbehave: empty feeds, 503 with Retry-After, slow
answers, a bare "Rate exceeded." body, rate limits, bad credentials.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from listbot.metadata.titles import fold

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Seen:
    method: str
    path: str
    params: dict[str, str]
    body: str
    headers: dict[str, str]
    started: float
    ended: float = 0.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HttpServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        parts = urlsplit(self.path)
        params = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        seen = Seen(self.command, parts.path, params, body, dict(self.headers.items()), time.monotonic())
        with fake.lock:
            fake.requests.append(seen)
            fake.in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
        try:
            status, headers, payload = fake.answer(seen)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        finally:
            with fake.lock:
                fake.in_flight -= 1
            seen.ended = time.monotonic()


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fake: FakeServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up on a slow answer


class FakeServer:
    """``with FakeX() as fake: fake.url`` runs the server; ``fake.requests`` logs what it got."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self._server = _HttpServer(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def answer(self, seen: Seen) -> Answer:
        raise NotImplementedError

    def gaps(self) -> list[float]:
        """Seconds from the end of each request to the start of the next."""
        ordered = sorted(self.requests, key=lambda seen: seen.started)
        return [after.started - before.ended for before, after in itertools.pairwise(ordered)]


# --- arXiv -----------------------------------------------------------------------------------------

_VALID_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?/\d{7})(v\d+)?$")


@dataclass
class Paper:
    id: str
    title: str
    version: int = 1
    summary: str = "We study a problem and propose a method."
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None


def atom_entry(paper: Paper) -> str:
    # titles come hard-wrapped, as arXiv sends them
    words = escape(paper.title).split(" ")
    title = " ".join(words[:4]) + ("\n  " + " ".join(words[4:]) if len(words) > 4 else "")
    extra = ""
    if paper.comment:
        extra += f"\n    <arxiv:comment>{escape(paper.comment)}</arxiv:comment>"
    if paper.journal_ref:
        extra += f"\n    <arxiv:journal_ref>{escape(paper.journal_ref)}</arxiv:journal_ref>"
    if paper.doi:
        extra += f"\n    <arxiv:doi>{escape(paper.doi)}</arxiv:doi>"
    return f"""  <entry>
    <id>http://arxiv.org/abs/{paper.id}v{paper.version}</id>
    <updated>2025-02-01T00:00:00Z</updated>
    <published>2025-01-01T00:00:00Z</published>
    <title>{title}</title>
    <summary>  {escape(paper.summary)}
</summary>
    <author><name>A. Author</name></author>{extra}
    <link href="http://arxiv.org/abs/{paper.id}v{paper.version}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{paper.id}v{paper.version}" rel="related"
          type="application/pdf"/>
    <arxiv:primary_category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


def atom_feed(entries: list[str], total: int | None = None) -> bytes:
    count = len(entries) if total is None else total
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
      xmlns:arxiv="http://arxiv.org/schemas/atom">
  <link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query</title>
  <id>http://arxiv.org/api/fake</id>
  <updated>2025-02-01T00:00:00-05:00</updated>
  <opensearch:totalResults>{count}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>
{"".join(entries)}</feed>
""".encode()


def error_feed(message: str) -> bytes:
    anchor = "http://arxiv.org/api/errors#" + message.replace(" ", "_")
    entry = f"""  <entry>
    <id>{escape(anchor)}</id>
    <title>Error</title>
    <summary>{escape(message)}</summary>
    <updated>2025-02-01T00:00:00-05:00</updated>
    <link href="{escape(anchor)}" rel="alternate" type="text/html"/>
    <author><name>arXiv api core</name></author>
  </entry>
"""
    return atom_feed([entry], total=1)


ATOM = {"Content-Type": "application/atom+xml; charset=utf-8"}


@dataclass
class FakeArxiv(FakeServer):
    """arXiv's ``/api/query``: ``id_list`` lookups and ``ti:`` title searches (AND, OR, parentheses)."""

    papers: dict[str, Paper] = field(default_factory=dict)
    empty_answers: int = 0  # the next N answers are valid but empty feeds
    failures: list[tuple[int, str | None]] = field(
        default_factory=list
    )  # next answers: (status, Retry-After)
    rate_exceeded: int = 0  # the next N answers are the bare text "Rate exceeded."
    slow: float = 0.0  # seconds before each answer

    def __post_init__(self) -> None:
        FakeServer.__init__(self)
        self.api = self.url + "/api/query"

    def add(self, *papers: Paper) -> None:
        for paper in papers:
            self.papers[paper.id] = paper

    def answer(self, seen: Seen) -> Answer:
        if self.slow:
            time.sleep(self.slow)
        if seen.path != "/api/query":
            return 404, {}, b"not found"
        with self.lock:
            if self.failures:
                status, retry_after = self.failures.pop(0)
                return status, ({"Retry-After": retry_after} if retry_after else {}), b"Service Unavailable"
            if self.rate_exceeded:
                self.rate_exceeded -= 1
                return 200, {"Content-Type": "text/plain"}, b"Rate exceeded."
            if self.empty_answers:
                self.empty_answers -= 1
                return 200, ATOM, atom_feed([])
        limit = int(seen.params.get("max_results", "10"))
        if "id_list" in seen.params:
            return self._ids(seen.params["id_list"].split(","), limit)
        return self._search(seen.params.get("search_query", ""), limit)

    def _ids(self, ids: list[str], limit: int) -> Answer:
        for identifier in ids:
            if not _VALID_ID.match(identifier):
                return 400, ATOM, error_feed(f"incorrect id format for {identifier}")
        found = [self.papers[i] for i in ids if i in self.papers]
        found.reverse()  # arXiv does not keep the order asked for
        return 200, ATOM, atom_feed([atom_entry(paper) for paper in found[:limit]])

    def _search(self, query: str, limit: int) -> Answer:
        groups = re.findall(r"\(([^()]*)\)", query) or [query]
        wanted = [
            [term.removeprefix("ti:") for term in re.split(r"\s+AND\s+", group.strip())] for group in groups
        ]
        hits = [
            paper
            for paper in self.papers.values()
            if any(set(words) <= set(fold(paper.title)) for words in wanted if words)
        ]
        return 200, ATOM, atom_feed([atom_entry(paper) for paper in hits[:limit]])


# --- GitHub ----------------------------------------------------------------------------------------

TOKEN = "test-token"
_ALIAS = re.compile(r"(r\d+): repository\(owner: \$(o\d+), name: \$(n\d+), followRenames: true\)")


@dataclass
class Repo:
    name_with_owner: str
    archived: bool = False
    id: int = 0


@dataclass
class FakeGitHub(FakeServer):
    """``POST /graphql`` (aliased ``repository`` fields) and ``GET /repos/{owner}/{name}``."""

    repos: dict[str, Repo] = field(default_factory=dict)  # lower-case owner/name -> repository
    renamed: dict[str, str] = field(default_factory=dict)  # old lower-case owner/name -> new
    rate_limit_after: int | None = None  # answer a rate limit once this many requests were served
    graphql_rate_limited: bool = False  # GraphQL: 200 with a RATE_LIMITED error
    server_errors: int = 0  # the next N answers are 502

    def __post_init__(self) -> None:
        FakeServer.__init__(self)
        self.served = 0

    def add(self, name_with_owner: str, archived: bool = False, renamed_from: tuple[str, ...] = ()) -> Repo:
        repo = Repo(name_with_owner, archived, id=1000 + len(self.repos))
        self.repos[name_with_owner.lower()] = repo
        for old in renamed_from:
            self.renamed[old.lower()] = name_with_owner.lower()
        return repo

    def _resolve(self, owner: str, name: str) -> Repo | None:
        key = f"{owner}/{name}".lower()
        return self.repos.get(self.renamed.get(key, key))

    def _node(self, repo: Repo) -> dict[str, object]:
        return {
            "nameWithOwner": repo.name_with_owner,
            "isArchived": repo.archived,
            "url": f"https://github.com/{repo.name_with_owner}",
        }

    def answer(self, seen: Seen) -> Answer:
        with self.lock:
            self.served += 1
            served = self.served
            if self.server_errors:
                self.server_errors -= 1
                return 502, {}, b"Bad Gateway"
        if self.rate_limit_after is not None and served > self.rate_limit_after:
            reset = str(int(time.time()) + 3600)
            headers = {
                "x-ratelimit-remaining": "0",
                "x-ratelimit-reset": reset,
                "Content-Type": "application/json",
            }
            return 403, headers, b'{"message": "API rate limit exceeded"}'
        if seen.method == "POST" and seen.path == "/graphql":
            return self._graphql(seen)
        if seen.method == "GET" and seen.path.startswith("/repos/"):
            return self._rest(seen.path)
        if seen.method == "GET" and seen.path.startswith("/repositories/"):
            identifier = int(seen.path.rsplit("/", 1)[1])
            repo = next((r for r in self.repos.values() if r.id == identifier), None)
            return self._repo_json(repo)
        return 404, {}, b'{"message": "Not Found"}'

    def _graphql(self, seen: Seen) -> Answer:
        if seen.headers.get("Authorization") != f"Bearer {TOKEN}":
            return 401, {"Content-Type": "application/json"}, b'{"message": "Bad credentials"}'
        request = json.loads(seen.body)
        variables = request["variables"]
        data: dict[str, object] = {}
        errors: list[dict[str, object]] = []
        if self.graphql_rate_limited:
            body = {"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}
            return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()
        for alias, owner_var, name_var in _ALIAS.findall(request["query"]):
            owner, name = variables[owner_var], variables[name_var]
            repo = self._resolve(owner, name)
            data[alias] = self._node(repo) if repo else None
            if repo is None:
                message = f"Could not resolve to a Repository with the name '{owner}/{name}'."
                errors.append({"type": "NOT_FOUND", "path": [alias], "message": message})
        body: dict[str, object] = {"data": data}
        if errors:
            body["errors"] = errors
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def _rest(self, path: str) -> Answer:
        parts = path.split("/")
        if len(parts) != 4:
            return 404, {}, b'{"message": "Not Found"}'
        owner, name = parts[2], parts[3]
        key = f"{owner}/{name}".lower()
        if key in self.renamed and key not in self.repos:
            repo = self.repos[self.renamed[key]]
            return (
                301,
                {"Location": f"{self.url}/repositories/{repo.id}"},
                b'{"message": "Moved Permanently"}',
            )
        return self._repo_json(self.repos.get(key))

    def _repo_json(self, repo: Repo | None) -> Answer:
        if repo is None:
            return 404, {"Content-Type": "application/json"}, b'{"message": "Not Found"}'
        body = {
            "full_name": repo.name_with_owner,
            "html_url": f"https://github.com/{repo.name_with_owner}",
            "archived": repo.archived,
        }
        return (
            200,
            {"Content-Type": "application/json", "x-ratelimit-remaining": "59"},
            json.dumps(body).encode(),
        )


def http_date(seconds_from_now: float) -> str:
    return formatdate(time.time() + seconds_from_now, usegmt=True)
