"""A real HTTP server on 127.0.0.1 for the link tests: routes, a request log, in-flight counts."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[["RequestHandler"], None]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class ServerState:
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)
    events: dict[str, threading.Event] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    fallback: Handler | None = None  # answers paths without a route (default: 404)
    in_flight_by_host: dict[str, int] = field(default_factory=dict)  # by Host header
    max_in_flight_by_host: dict[str, int] = field(default_factory=dict)

    def event(self, name: str) -> threading.Event:
        with self.lock:
            return self.events.setdefault(name, threading.Event())


class RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        state = self.server.state
        host = self.headers.get("Host", "")
        with state.lock:
            state.requests.append(Seen(self.command, self.path, dict(self.headers), time.monotonic()))
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
            state.in_flight_by_host[host] = state.in_flight_by_host.get(host, 0) + 1
            state.max_in_flight_by_host[host] = max(
                state.max_in_flight_by_host.get(host, 0), state.in_flight_by_host[host]
            )
        try:
            state.routes.get(self.path.split("?")[0], state.fallback or not_found)(self)
        finally:
            with state.lock:
                state.in_flight -= 1
                state.in_flight_by_host[host] -= 1

    def answer(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def hit(self, key: str | None = None) -> int:
        """How many times this route (or ``key``) was requested before, counting this one."""
        state = self.server.state
        with state.lock:
            name = key or self.path
            state.counters[name] = state.counters.get(name, 0) + 1
            return state.counters[name]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256  # many clients connect at once in the concurrency tests
    state: ServerState

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up early is what several tests provoke


def not_found(request: RequestHandler) -> None:
    request.answer(404)


def status(code: int, **headers: str) -> Handler:
    return lambda request: request.answer(code, {k.replace("_", "-"): v for k, v in headers.items()})


def ok(request: RequestHandler) -> None:
    request.answer(200, {"Content-Type": "text/html"}, b"<html>ok</html>")


class LoopbackServer:
    """Start with ``with LoopbackServer() as server``; ``server.url("/path")`` is its address."""

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None, port: int = 0) -> None:
        self.state = ServerState()
        self._server = _Server((host, port), RequestHandler)
        self._server.state = self.state
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.state.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> str:
        self.state.routes[path] = handler
        return self.url(path)

    def requests_for(self, path: str) -> list[Seen]:
        with self.state.lock:
            return [seen for seen in self.state.requests if seen.path == path]


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
