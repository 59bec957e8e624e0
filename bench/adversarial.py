"""Benchmark: listbot on generated worst cases at growing sizes, to show where work is not bounded.

Run: python bench/adversarial.py [--cases NAMES] [--sizes 1,2,4] [--timeout 60] [--runs 1] [--keep DIR]

Each case is a function of a size factor that returns Markdown text (1x is about 256 KB to
1.25 MB). For each case and factor the file is written to a temp folder and three whole
processes are timed: ``listbot check FILE``, ``listbot fix --diff FILE`` and ``listbot pr
--dry-run --base SMALL.md --head FILE --path README.md``. A command that runs past the timeout
is killed and shown as TIMEOUT; the larger sizes of that command are then skipped. A traceback
is shown as CRASH, any exit code but 0 or 1 as EXIT n.

The growth exponent k (time ~ size^k) is log(t_big / t_small) / log(size_big / size_small) (with
sizes 1,2,4: log(t4 / t1) / log(4)), where t is CPU time (user + system: steadier than the wall
clock on a shared machine) above a tiny list's (Python start-up and imports), between the
smallest and the largest size whose t is at least 0.2 s; ~ when none or one is, >k a lower bound
from a timeout. Targets (issue 9): 1 MB of any input in under 2 s for
check and fix and under 10 s for a dry run (scaled linearly above 1 MB), growth no worse than
n log n (k about 1.1; flagged above 1.3). A cell over target is marked with ``!``.

The last column is a yardstick, not a target: mistune 3's own parse of the largest input (its
``create_markdown(renderer=None)``, block and inline, in a process of its own, start-up
included), the parser listbot is built on. Where it alone takes longer than the target allows
listbot, the target cannot be met on that input without another parser.
Not part of the test suite: it takes minutes.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

KB = 1024
MB = 1024 * KB
TARGET_SECONDS_PER_MB = {"check": 2.0, "fix": 2.0, "pr": 10.0}
GROWTH_LIMIT = 1.3  # n log n over 4x at ~1 MB is about 1.1; the rest is a shared machine's noise
TOO_FAST_TO_TELL = 0.2  # CPU seconds above start-up under which the exponent is noise
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}

# --- the cases: factor -> Markdown --------------------------------------------------------------

WORDS = ("reasoning", "reinforcement", "learning", "language", "models", "scaling", "reward", "policy")


def _month(rng: random.Random) -> str:
    return f"{rng.randint(19, 25):02d}{rng.randint(1, 12):02d}"


def _entry(rng: random.Random, month: str | None = None) -> str:
    month = month or _month(rng)
    title = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(4, 9)))
    return f"* [{month}] [{title}](https://arxiv.org/abs/{month}.{rng.randint(10000, 99999)})"


def _fill(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


def whitespace_run(factor: float) -> str:
    """An entry followed by a run of spaces, tabs and newlines (issue 9: 80,000 took 6 s)."""
    rng = random.Random(1)
    run = "".join(rng.choice("    \t\n") for _ in range(int(256 * KB * factor)))
    return f"# List\n\n## Papers\n\n{_entry(rng, '2501')}{run}\n"


def space_line(factor: float) -> str:
    """An entry whose line goes on with one long run of spaces and tabs, then a word."""
    rng = random.Random(2)
    run = _fill("   \t", int(256 * KB * factor))
    return f"# List\n\n## Papers\n\n{_entry(rng, '2501')}{run}end\n"


def space_heading(factor: float) -> str:
    """A heading that is mostly spaces between two words (issue 9: 40 KB took 43 s in the trim)."""
    rng = random.Random(3)
    return f"# List\n\n## Papers{' ' * int(256 * KB * factor)}on RL\n\n{_entry(rng, '2501')}\n"


def many_headings(factor: float) -> str:
    """10,000 headings at 1x, each over one dated entry (issue 9: 243 s for a dry run)."""
    rng = random.Random(4)
    parts = ["# List\n"]
    for number in range(int(10_000 * factor)):
        parts.append(f"\n## Topic {number}\n\n{_entry(rng)}\n")
    return "".join(parts)


def unsorted_entries(factor: float) -> str:
    """10,000 dated entries at 1x (20,000 at 2x) in random date order: one LB501 fix for each."""
    rng = random.Random(5)
    entries = [_entry(rng) for _ in range(int(10_000 * factor))]
    return "# List\n\n## Papers\n\n" + "\n".join(entries) + "\n"


def nested_lists(factor: float) -> str:
    """Lists nested 40 deep, repeated: every level holds an entry."""
    rng = random.Random(6)
    depth, parts, size = 40, ["# List\n\n## Papers\n\n"], 0
    while size < 256 * KB * factor:
        block = "".join("  " * level + _entry(rng) + "\n" for level in range(depth)) + "\n"
        parts.append(block)
        size += len(block)
    return "".join(parts)


def nested_quotes(factor: float) -> str:
    """Block quotes nested ever deeper (up to 200), holding entries, then one 16K-deep quote."""
    rng = random.Random(7)
    parts, size, depth = ["# List\n\n## Papers\n\n"], 0, 1
    while size < 240 * KB * factor:
        block = "> " * depth + _entry(rng) + "\n\n"
        parts.append(block)
        size += len(block)
        depth = depth % 200 + 1
    parts.append(">" * int(16 * KB * factor) + " the end\n")
    return "".join(parts)


def seed_like(factor: float) -> str:
    """A list shaped like the seed, 1.25 MB at 1x (5 MB at 4x): sections, notes, badges, defects."""
    rng = random.Random(8)
    forms = ("https://arxiv.org/abs/{}", "https://www.alphaxiv.org/abs/{}", "https://arxiv.org/pdf/{}v2")
    badge = "[![Code](https://img.shields.io/badge/code-blue)](https://github.com/a/b) "
    parts, size, section = ["# A paper list\n\n## Papers\n"], 0, 0
    while size < 1.25 * MB * factor:
        section += 1
        lines = [f"\n### Topic {section}\n"]
        for month in sorted((_month(rng) for _ in range(50)), reverse=True):
            title = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(6, 14)))
            url = rng.choice(forms).format(f"{month}.{rng.randint(10000, 99999)}")
            note = rng.choice(["", " (Some University)", " (Lab A, Lab B) (a note on the method)"])
            lead = badge if rng.random() < 0.05 else ""
            lines.append(f"* {lead}[{month}] [**RL**] [{title}]({url}){note}\n")
        block = "".join(lines)
        parts.append(block)
        size += len(block)
    return "".join(parts)


def open_brackets(factor: float) -> str:
    """A line of `[` and an entry whose brackets never close (1x: 2 x 128 K brackets)."""
    count = int(128 * KB * factor)
    return f"# List\n\n## Papers\n\n{'[' * count}\n\n* [2501] {'[' * count}\n"


def lone_bullets(factor: float) -> str:
    """Bullets with nothing after them: `-`, `1.` before a blank line, `*`, `+`."""
    return "# List\n\n## Papers\n\n" + _fill("-\n1.\n\n* [2501]\n*\n+\n\n2)\n", int(256 * KB * factor))


def long_table(factor: float) -> str:
    """A table of papers, 256 KB at 1x."""
    rng = random.Random(9)
    rows, size = ["# List\n\n## Papers\n\n| Paper | Note |\n| --- | --- |\n"], 0
    while size < 256 * KB * factor:
        row = f"| {_entry(rng)[2:]} | a note |\n"
        rows.append(row)
        size += len(row)
    return "".join(rows)


def many_links(factor: float) -> str:
    """One entry line carrying thousands of links after its title."""
    rng = random.Random(10)
    links: list[str] = []
    size = 0
    while size < 256 * KB * factor:
        link = f"[{rng.choice(WORDS)}](https://example.org/{len(links)}) "
        links.append(link)
        size += len(link)
    return f"# List\n\n## Papers\n\n{_entry(rng, '2501')} {''.join(links)}\n"


def emphasis_run(factor: float) -> str:
    """Unclosed emphasis and code markers inside an entry title, the inline parser's worst case."""
    return f"# List\n\n## Papers\n\n* [2501] [{_fill('*_`a', int(256 * KB * factor))}](https://arxiv.org/abs/2501.00001)\n"


def duplicates(factor: float) -> str:
    """Every entry twice in a row, 1,300 pairs at 1x: one LB401 removal each (the fixer scanned
    every link of the document for each removal)."""
    rng = random.Random(11)
    pairs = [_entry(rng) for _ in range(int(1_300 * factor))]
    return "# List\n\n## Papers\n\n" + "".join(f"{entry}\n{entry}\n" for entry in pairs)


def out_of_place(factor: float) -> str:
    """A table of 3,200 dated rows at 1x, newest first but for every sixth row: LB501 said where
    each belongs by scanning the rows above it (quadratic)."""
    import datetime

    day, rows = datetime.date(2025, 12, 31), ["# List\n\n## Papers\n\n| Date | Title | Venue | Paper |\n"]
    rows.append("| --- | --- | --- | --- |\n")
    for number in range(int(3_200 * factor)):
        rows.append(f"| {day:%Y-%m-%d} | Paper {number} | ICLR | [pdf](https://example.org/{number}.pdf) |\n")
        day += datetime.timedelta(days=1 if number % 6 == 4 else -2)
    return "".join(rows)


def suppressions(factor: float) -> str:
    """An ignore comment above each of 2,800 entries at 1x, each hiding its entry's LB304 (`www.`):
    deciding which comment covers a finding tried every comment for every finding (quadratic)."""
    parts = ["# List\n\n## Papers\n\n"]
    for number in range(int(2_800 * factor)):
        url = f"https://www.arxiv.org/abs/2501.{number:05d}"
        parts.append(f"<!-- listbot: ignore LB304 -->\n* [2501] [Paper {number}]({url})\n")
    return "".join(parts)


def open_links(factor: float) -> str:
    """An entry of `[a](x` repeated, no `)` anywhere: each bracket pair walked the rest of the line
    for its destination, and the bot hashed the whole line once per finding (quadratic)."""
    return "# List\n\n## Papers\n\n* [2501] " + _fill("[a](x", int(256 * KB * factor)) + "\n"


def open_lines(factor: float) -> str:
    """Lines of `[a](`: one paragraph of broken links, one finding per line; each review comment
    walked every added line of the paragraph (quadratic)."""
    return "# List\n\n## Papers\n\n" + _fill("[a](\n", int(256 * KB * factor)) + "\n"


def setext_headings(factor: float) -> str:
    """A two-line setext heading (`a` over `-`) repeated: a section every 4 bytes."""
    return "# List\n\n" + _fill("a\n-\n", int(256 * KB * factor))


def dense_entries(factor: float) -> str:
    """The shortest entries that are still entries (`1) [a](http://x)`), one per 17 bytes."""
    return "# List\n\n## Papers\n\n" + _fill("1) [a](http://x)\n", int(256 * KB * factor))


def open_comments(factor: float) -> str:
    """Suppression comments that never close (`<!-- listbot: x`): the comment regex tried each
    `<!--` against the rest of the text (80 KB took 11 s)."""
    return (
        "# List\n\n## Papers\n\n* [2501] [T](https://arxiv.org/abs/2501.00001) "
        + _fill("<!-- listbot: x ", int(256 * KB * factor))
        + "\n"
    )


def open_tags(factor: float) -> str:
    """HTML tags that never close, full of attributes (`<a href=x href=x`, `<a id=x`, `<img src=x`,
    `<summary>` lines): each pattern retried every attribute against the rest (224 KB: 18 s)."""
    quarter = int(64 * KB * factor)
    return (
        "# List\n\n## Papers\n\n* [2501] [T](https://arxiv.org/abs/2501.00001) <a "
        + _fill("href=x ", quarter)
        + "\n\n<a "
        + _fill("id=x ", quarter)
        + "\n\n* [2501] [U](https://arxiv.org/abs/2501.00002) <img "
        + _fill("src=x ", quarter)
        + "\n\n"
        + _fill("<summary>\n", quarter)
    )


def bracket_heading(factor: float) -> str:
    """A heading of `[`, `[x](` and `<a` and a title of `<a`: the anchor and title regexes tried
    each `[` or `<` against the rest (a 20 KB heading of `[` took 2 s)."""
    third = int(256 * KB * factor) // 3
    return (
        f"# List\n\n## {_fill('[', third)}\n\n## {_fill('[x](', third)}\n\n"
        f"* [2501] [T {_fill('<a', third)}](https://arxiv.org/abs/2501.00001)\n"
    )


CASES: dict[str, Callable[[float], str]] = {
    "whitespace-run": whitespace_run,
    "space-line": space_line,
    "space-heading": space_heading,
    "headings": many_headings,
    "unsorted-entries": unsorted_entries,
    "nested-lists": nested_lists,
    "nested-quotes": nested_quotes,
    "seed-like": seed_like,
    "open-brackets": open_brackets,
    "lone-bullets": lone_bullets,
    "long-table": long_table,
    "many-links": many_links,
    "emphasis-run": emphasis_run,
    "duplicates": duplicates,
    "out-of-place": out_of_place,
    "suppressions": suppressions,
    "open-links": open_links,
    "open-lines": open_lines,
    "setext-headings": setext_headings,
    "dense-entries": dense_entries,
    "open-comments": open_comments,
    "open-tags": open_tags,
    "bracket-heading": bracket_heading,
}

# --- running ------------------------------------------------------------------------------------

SMALL_BASE = "# List\n\n## Papers\n\n"


@dataclass
class Cell:
    """One command on one file: wall and CPU seconds, or why there are none."""

    seconds: float | None = None
    status: str = "ok"  # ok, TIMEOUT, CRASH, EXIT n, skip
    note: str = ""
    cpu: float | None = None

    def shown(self, allowed: float) -> str:
        if self.status != "ok" or self.seconds is None:
            return self.status
        return f"{self.seconds:.2f}" + ("!" if self.seconds > allowed else "")


@dataclass
class Row:
    case: str
    sizes: list[int] = field(default_factory=list)
    cells: dict[str, list[Cell]] = field(default_factory=dict)
    parser: Cell = field(default_factory=lambda: Cell(status="skip"))  # mistune alone, largest size


def commands(file: Path, base: Path) -> dict[str, list[str]]:
    listbot = [sys.executable, "-m", "listbot"]
    return {
        "check": [*listbot, "check", str(file)],
        "fix": [*listbot, "fix", "--diff", str(file)],
        "pr": [*listbot, "pr", "--dry-run", "--base", str(base), "--head", str(file), "--path", "README.md"],
    }


MISTUNE_PARSE = (
    "import sys, mistune; mistune.create_markdown(renderer=None)(open(sys.argv[1], encoding='utf-8').read())"
)


def parser_command(file: Path) -> list[str]:
    """mistune 3 parsing the file and nothing else: the yardstick column."""
    return [sys.executable, "-c", MISTUNE_PARSE, str(file)]


def run_once(command: Sequence[str], folder: Path, timeout: float) -> Cell:
    """Time one whole process; kill its process group at the timeout, so nothing is left running."""
    started, used = time.perf_counter(), _children_cpu()
    process = subprocess.Popen(
        command,
        cwd=folder,  # no listbot config up from a temp folder: the defaults
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return Cell(status="TIMEOUT")
    seconds, cpu = time.perf_counter() - started, _children_cpu() - used
    text = stderr.decode("utf-8", "replace")
    last = text.strip().splitlines()[-1] if text.strip() else ""
    if "Traceback (most recent call last)" in text:
        return Cell(seconds, "CRASH", last, cpu)
    if process.returncode not in (0, 1):
        return Cell(seconds, f"EXIT {process.returncode}", last, cpu)
    return Cell(seconds, cpu=cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # of the children waited for so far
    return usage.ru_utime + usage.ru_stime


def measure(command: Sequence[str], folder: Path, timeout: float, runs: int) -> Cell:
    cells = [run_once(command, folder, timeout) for _ in range(runs)]
    failed = next((cell for cell in cells if cell.status != "ok"), None)
    if failed:
        return failed
    return Cell(
        statistics.median(cell.seconds or 0.0 for cell in cells),
        cpu=statistics.median(cell.cpu or 0.0 for cell in cells),
    )


def start_up(folder: Path, timeout: float) -> dict[str, Cell]:
    """Each command on a tiny list (Python start-up and imports): the least of five runs."""
    tiny = folder / "tiny.md"
    tiny.write_text(SMALL_BASE + "* [2501] [A paper](https://arxiv.org/abs/2501.00001)\n", encoding="utf-8")
    floors = {}
    for name, command in commands(tiny, folder / "base.md").items():
        run_once(command, folder, timeout)  # warm-up: writes the bytecode caches
        cells = [run_once(command, folder, timeout) for _ in range(5)]
        floors[name] = Cell(min(c.seconds or 0.0 for c in cells), cpu=min(c.cpu or 0.0 for c in cells))
    return floors


def run_case(name: str, factors: Sequence[float], folder: Path, timeout: float, runs: int) -> Row:
    row = Row(name)
    gave_up: set[str] = set()
    for factor in factors:
        file = folder / f"{name}-{factor:g}x.md"
        file.write_text(CASES[name](factor), encoding="utf-8")
        row.sizes.append(file.stat().st_size)
        for command, argv in commands(file, folder / "base.md").items():
            cell = Cell(status="skip") if command in gave_up else measure(argv, folder, timeout, runs)
            if cell.status == "TIMEOUT":
                gave_up.add(command)  # a larger input would only take longer
            row.cells.setdefault(command, []).append(cell)
            print(f"  {name} {factor:g}x {command}: {cell.shown(math.inf)}", file=sys.stderr, flush=True)
    row.parser = measure(parser_command(file), folder, timeout, runs)
    return row


# --- reporting ----------------------------------------------------------------------------------


def allowed_seconds(command: str, size: int) -> float:
    return TARGET_SECONDS_PER_MB[command] * max(1.0, size / MB)


def growth(cells: Sequence[Cell], sizes: Sequence[int], floor: Cell, timeout: float) -> str:
    """The exponent k in time ~ size^k, from CPU time above start-up (see the module docstring)."""
    net = [
        (size, (cell.cpu or 0.0) - (floor.cpu or 0.0))
        for cell, size in zip(cells, sizes, strict=False)
        if cell.status == "ok"
    ]
    telling = [(size, seconds) for size, seconds in net if seconds >= TOO_FAST_TO_TELL]
    timed_out = [size for cell, size in zip(cells, sizes, strict=False) if cell.status == "TIMEOUT"]
    if timed_out:  # it took at least the timeout: a lower bound from each size that finished
        bounds = [
            math.log((timeout - (floor.seconds or 0.0)) / seconds) / math.log(timed_out[0] / size)
            for size, seconds in telling
        ]
        return f">{max(bounds):.1f}" if bounds else "-"
    if len(telling) < 2:
        return "~" if net else "-"
    (small, small_seconds), (big, big_seconds) = telling[0], telling[-1]
    exponent = math.log(big_seconds / small_seconds) / math.log(big / small)
    return f"{exponent:.2f}" + ("!" if exponent > GROWTH_LIMIT else "")


def table(rows: Sequence[Row], factors: Sequence[float], floors: dict[str, Cell], timeout: float) -> str:
    heads = [f"{factor:g}x" for factor in factors]
    width = 7
    top = f"{'':<17} {'bytes at':>10}"
    sub = f"{'case':<17} {heads[0]:>10}"
    for command in TARGET_SECONDS_PER_MB:
        span = (width + 1) * (len(factors) + 1) - 1
        top += f" | {command + ' (s)':^{span}}"
        sub += " | " + " ".join(f"{h:>{width}}" for h in [*heads, "k"])
    top += f" | {'mistune':>{width}}"
    sub += f" | {heads[-1]:>{width}}"
    lines = [top, sub, "-" * len(sub)]
    for row in rows:
        line = f"{row.case:<17} {row.sizes[0]:>10,}"
        for command, cells in row.cells.items():
            shown = [
                cell.shown(allowed_seconds(command, size))
                for cell, size in zip(cells, row.sizes, strict=True)
            ]
            shown.append(growth(cells, row.sizes, floors[command], timeout))
            line += " | " + " ".join(f"{text:>{width}}" for text in shown)
        line += f" | {row.parser.shown(math.inf):>{width}}"
        lines.append(line)
    notes = _failures(rows, factors)
    legend = (
        "start-up (tiny list, wall/CPU): "
        + ", ".join(f"{command} {cell.seconds:.2f}/{cell.cpu:.2f} s" for command, cell in floors.items())
        + f"; timeout {timeout:g} s; ! = over target (check/fix 2 s per MB, pr 10 s per MB, at least 1 MB)"
        + f" or k > {GROWTH_LIMIT}; k from CPU time; mistune: its parse alone at the largest size (wall)"
    )
    return "\n".join([*lines, "", legend, *(["failures:", *notes] if notes else [])]) + "\n"


def _failures(rows: Sequence[Row], factors: Sequence[float]) -> list[str]:
    """One line per case, command and message, naming the sizes it happened at."""
    seen: dict[tuple[str, str, str, str], list[str]] = {}
    for row in rows:
        for command, cells in row.cells.items():
            for factor, cell in zip(factors, cells, strict=False):
                if cell.note:
                    seen.setdefault((row.case, command, cell.status, cell.note), []).append(f"{factor:g}x")
    return [
        f"  {case} {command} ({', '.join(at)}): {status}: {note}"
        for (case, command, status, note), at in seen.items()
    ]


def _factors(text: str) -> list[float]:
    factors = [float(part) for part in text.split(",") if part.strip()]
    if not factors or any(f <= 0 for f in factors) or factors != sorted(factors):
        raise argparse.ArgumentTypeError("increasing positive factors, e.g. 1,2,4")
    return factors


def _cases(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in CASES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown case(s) {', '.join(unknown)}; known: {', '.join(CASES)}")
    return names


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=_cases, default=list(CASES), help="comma-separated (default: all)")
    parser.add_argument("--sizes", type=_factors, default=[1.0, 2.0, 4.0], help="factors (default 1,2,4)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per command (default 60)")
    parser.add_argument("--runs", type=int, default=1, help="runs per cell; the median is shown (default 1)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the generated lists in DIR")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, make in CASES.items():
            print(f"{name:<17} {(make.__doc__ or '').strip()}")
        return 0
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing child must not dump gigabytes
    with tempfile.TemporaryDirectory(prefix="listbot-adversarial-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "base.md").write_text(SMALL_BASE, encoding="utf-8")
        started = time.monotonic()
        floors = start_up(folder, args.timeout)
        rows = [run_case(name, args.sizes, folder, args.timeout, args.runs) for name in args.cases]
        sys.stdout.write(table(rows, args.sizes, floors, args.timeout))
        print(f"total {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
