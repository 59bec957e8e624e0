"""Benchmark: `listbot check` as a whole process on the seed list and on a 10,000-entry list.

Run: python bench/lint.py [--runs 5]. Prints the median wall time and the peak memory (RSS) of
each command over the runs. Targets (issue 2): the seed under 150 ms, 10,000 entries under 1 s
(aim 0.5 s), memory under 100 MB. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMS = (
    "https://arxiv.org/abs/{id}",
    "https://arxiv.org/pdf/{id}",
    "https://www.alphaxiv.org/abs/{id}",
    "https://arxiv.org/abs/{id}v2",
)
WORDS = [
    "reasoning",
    "reinforcement",
    "learning",
    "language",
    "models",
    "scaling",
    "test-time",
    "compute",
    "reward",
    "policy",
]


def generate(entries: int = 10_000, sections: int = 20, seed: int = 7) -> str:
    """A list shaped like the seed: dated sections, newest first, notes, a few defects."""
    rng = random.Random(seed)
    lines = ["# A generated paper list", "", "## Papers", ""]
    per_section = entries // sections
    number = 0
    for section in range(sections):
        lines += [f"### Topic {section + 1}"]
        months = sorted(
            (f"{rng.randint(19, 25):02d}{rng.randint(1, 12):02d}" for _ in range(per_section)), reverse=True
        )
        for month in months:
            number += 1
            arxiv = f"{month}.{rng.randint(10000, 99999)}"
            title = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(6, 14)))
            url = rng.choice(FORMS).format(id=arxiv)
            note = rng.choice(["", " (Some University)", " (Lab A, Lab B) (a short note on the method)"])
            lines.append(f"* [{month}] [{title}]({url}){note}")
        lines.append("")
    return "\n".join(lines) + "\n"


# As a user's machine runs it: Python keeps compiled bytecode (some sandboxes switch that off,
# which makes every run recompile listbot's modules). One warm-up run writes the cache.
FLOOR_WITH_A_MODEL = """
import mistune
from pydantic import BaseModel, Field
class Settings(BaseModel):
    files: list[str] = Field(default_factory=list)
Settings.model_validate({"files": ["README_list.md"]})
"""
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str], runs: int) -> tuple[float, float, float, float, int]:
    """Median and fastest wall seconds, median CPU seconds (user + system: steadier than the
    wall clock on a shared machine), peak RSS in MB, and the exit code, over ``runs`` processes."""
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    walls, cpus, peaks, code = [], [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV
        )
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        cpus.append(usage.ru_utime + usage.ru_stime)
        code = os.waitstatus_to_exitcode(status)
    return statistics.median(walls), min(walls), statistics.median(cpus), max(peaks), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    listbot = shutil.which("listbot") or sys.exit("listbot is not installed: pip install .")
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big_list.md"
        big.write_text(generate(), encoding="utf-8")
        cases = [
            ("seed README_list.md", [listbot, "check", "README_list.md"], 0.150),
            (f"10,000 entries ({big.stat().st_size / 1e6:.2f} MB)", [listbot, "check", str(big)], 1.0),
            ("fix --diff, 10,000 entries (no target)", [listbot, "fix", "--diff", str(big)], None),
        ]
        print(f"listbot, median of {args.runs} runs, whole process:")
        for label, command, target in cases:
            wall, fastest, cpu, peak, code = measure(command, args.runs)
            verdict = "-" if target is None else "ok" if wall < target and peak < 100 else "OVER TARGET"
            timing = (
                f"median {wall * 1000:5.0f} ms (fastest {fastest * 1000:4.0f} ms, cpu {cpu * 1000:4.0f} ms)"
            )
            print(f"  {label:<38} {timing}  {peak:5.1f} MB peak  exit {code}  [{verdict}]")
        floors = {
            "python, import pydantic and mistune": "import pydantic, mistune; from pydantic import BaseModel",
            "... and validate a one-field pydantic model": FLOOR_WITH_A_MODEL,
        }
        for label, code in floors.items():
            median, fastest, cpu, _, _ = measure([sys.executable, "-c", code], args.runs)
            print(f"  (floor: {label}: median {median * 1000:.0f} ms, fastest {fastest * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
