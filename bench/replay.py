"""Replay real README commits through the bot's dry run and judge what it would post.

Run: python bench/replay.py [--corpus ../shared/corpus] [--limit N] [--timeout 300] [--show 5]

Every ``history/<commit>/`` folder of the corpus is a realistic pull request: base
``before.md``, head ``after.md``. For each, ``listbot pr --dry-run --base --head`` runs as
its own process (in an empty folder, so no config applies) and its JSON is judged
independently of listbot's own diff and fixer:

- crashes: a traceback, a timeout, or an exit code other than 0, 1 or 2;
- comments off the added lines: a comment whose line range holds a line the commit did not
  add (added lines from ``difflib.SequenceMatcher(autojunk=False)`` on the two versions);
- destructive suggestions: applying the suggestion to the commented lines loses a word a
  reader sees in that block of the list (rendered with mistune, compared as words; a word
  that becomes a link target is not lost, nor one split in two by a blank; numbers may be
  replaced one for one, as when a date tag is set right). A deletion is allowed only when
  the deleted entry reads the same as text that stays;
- comments per added entry (entries as listbot's parser reads them), and summary length.

Targets (issue 8): 0 crashes, 0 comments off the added lines, 0 destructive suggestions,
a summary median under 4,000 characters. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SUGGESTION = re.compile(r"(`{3,})suggestion\n(.*?)\1", re.DOTALL)
JUDGEMENT = "needs a judgement"
_TAG = re.compile(r"<[^>]*>")
_HREF = re.compile(r"""\b(?:href|src)="([^"]*)\"""")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass
class Case:
    name: str
    code: int | None = None
    seconds: float = 0.0
    crash: str = ""
    comments: int = 0
    off_added: list[str] = field(default_factory=list)
    suggestions: int = 0
    judgements: int = 0
    destructive: list[str] = field(default_factory=list)
    added_entries: int = 0
    summary_length: int = 0


def added_lines(before: str, after: str) -> set[int]:
    """1-based lines of ``after`` that the commit added or changed (no autojunk heuristic)."""
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    added: set[int] = set()
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("insert", "replace"):
            added.update(range(j1 + 1, j2 + 1))
    return added


@lru_cache(maxsize=1)
def _markdown() -> Any:
    import mistune

    return mistune.create_markdown(plugins=["table", "strikethrough"])


def _normal(token: str) -> str:
    return _NOT_WORD.sub("", html.unescape(token)).casefold()


def rendered(markdown: str) -> tuple[list[str], set[str]]:
    """The words a reader sees (punctuation and case folded) and the link targets."""
    page = str(_markdown()("\n".join(line.strip() for line in markdown.split("\n")) + "\n"))
    targets = {_normal(url) for url in _HREF.findall(page)}
    words = [word for word in (_normal(token) for token in _TAG.sub(" ", page).split()) if word]
    return words, targets


def lost_words(old: str, new: str) -> tuple[Counter[str], Counter[str]]:
    """Words a reader loses and gains when ``old`` becomes ``new`` (a word that becomes a
    link target is not lost: the text of a bare or broken link became the link; nor is a
    word split in two by a blank, as when a URL glued to a label gets its space)."""
    old_words, _ = rendered(old)
    new_words, new_targets = rendered(new)
    lost = Counter(old_words) - Counter(new_words)
    gained = Counter(new_words) - Counter(old_words)
    if "".join(old_words) == "".join(new_words):
        return Counter(), Counter()  # only blanks moved: a word split in two loses nothing
    for word in list(lost):
        if any(word in target for target in new_targets):
            del lost[word]
    return lost, gained


def suggestion_lines(body: str) -> list[str] | None:
    match = SUGGESTION.search(body)
    if match is None:
        return None
    inner = match.group(2)
    return inner[:-1].split("\n") if inner else []


def context(lines: list[str], first: int, last: int) -> tuple[int, int]:
    """0-based bounds of the block around lines ``first..last``: up to the nearest blank
    lines (at most 200 lines each way), so an entry is rendered whole."""
    low, high = first - 1, last
    while low > 0 and first - low < 200 and lines[low - 1].strip():
        low -= 1
    while high < len(lines) and high - last < 200 and lines[high].strip():
        high += 1
    return low, high


def remains(deleted: str, result: str) -> bool:
    """The deleted text reads exactly like some text that stays (a duplicate removed)."""
    words = " ".join(rendered(deleted)[0])
    return bool(words) and f" {words} " in f" {' '.join(rendered(result)[0])} "


def judge_suggestion(head_lines: list[str], first: int, last: int, body: str) -> tuple[bool, str]:
    """(destructive?, why) for one comment's suggestion, judged on its whole block. A
    suggestion may replace numbers one for one (a date tag set right); nothing else."""
    lines = suggestion_lines(body)
    assert lines is not None
    low, high = context(head_lines, first, last)
    old = "\n".join(head_lines[low:high])
    new = "\n".join(head_lines[low : first - 1] + lines + head_lines[last:high])
    lost, gained = lost_words(old, new)
    if not lost:
        return False, ""
    if not lines:
        result = "\n".join(head_lines[: first - 1] + head_lines[last:])
        deleted = "\n".join(head_lines[first - 1 : last])
        return (False, "") if remains(deleted, result) else (True, "deletes an entry that has no copy")
    numbers = all(word.isdigit() for word in [*lost, *gained])
    if numbers and sum(gained.values()) >= sum(lost.values()):
        return False, ""
    return True, "loses " + ", ".join(sorted(lost))


def count_added_entries(after: str, added: set[int]) -> int:
    from listbot.parse import parse

    return sum(1 for entry in parse(after, "README.md").entries if entry.line in added)


def run_case(folder: Path, timeout: float, workdir: str) -> Case:
    case = Case(f"{folder.parts[-3]}/{folder.name}")
    before = (folder / "before.md").read_text(encoding="utf-8", errors="replace")
    after = (folder / "after.md").read_text(encoding="utf-8", errors="replace")
    command = [
        sys.executable,
        "-m",
        "listbot",
        "pr",
        "--dry-run",
        "--base",
        str(folder / "before.md"),
        "--head",
        str(folder / "after.md"),
        "--path",
        "README.md",
        "--fail-on",
        "never",
    ]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=workdir)
    except subprocess.TimeoutExpired:
        case.crash = f"timeout after {timeout:.0f} s"
        case.seconds = timeout
        return case
    case.seconds = time.perf_counter() - start
    case.code = done.returncode
    if done.returncode not in (0, 1, 2) or "Traceback" in done.stderr:
        case.crash = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
        return case
    if done.returncode == 2:
        case.crash = "exit 2: " + done.stderr.strip()[:200]
        return case
    judge(case, json.loads(done.stdout), before, after)
    return case


def judge(case: Case, data: dict[str, Any], before: str, after: str) -> None:
    added = added_lines(before, after)
    head_lines = after.replace("\r\n", "\n").split("\n")
    comments = data["review"]["comments"]
    case.comments = len(comments)
    case.summary_length = len(data["summary"])
    case.added_entries = count_added_entries(after.replace("\r\n", "\n"), added)
    for comment in comments:
        first, last = comment.get("start_line") or comment["line"], comment["line"]
        outside = [line for line in range(first, last + 1) if line not in added]
        if outside:
            case.off_added.append(f"{case.name}: lines {first}-{last} include unchanged {outside[:5]}")
        if suggestion_lines(comment["body"]) is None:
            continue
        case.suggestions += 1
        case.judgements += JUDGEMENT in comment["body"]
        destructive, why = judge_suggestion(head_lines, first, last, comment["body"])
        if destructive:
            codes = sorted(set(re.findall(r"\bLB\d{3}\b", comment["body"])))
            case.destructive.append(f"{case.name}: lines {first}-{last} ({', '.join(codes)}): {why}"[:240])


def folders(corpus: Path, limit: int | None) -> list[Path]:
    found = sorted(
        path.parent for path in corpus.glob("*/history/*/before.md") if (path.parent / "after.md").is_file()
    )
    return found[:limit] if limit else found


def report(cases: list[Case], show: int) -> None:
    judged = [case for case in cases if not case.crash]
    crashes = [case for case in cases if case.crash]
    comments = sum(case.comments for case in judged)
    entries = sum(case.added_entries for case in judged)
    lengths = [case.summary_length for case in judged] or [0]
    seconds = [case.seconds for case in cases] or [0.0]
    off = [line for case in judged for line in case.off_added]
    bad = [line for case in judged for line in case.destructive]
    rows = [
        ("replays", str(len(cases))),
        ("crashes (traceback, timeout, exit 2)", str(len(crashes))),
        ("line comments", str(comments)),
        ("comments off the added lines", str(len(off))),
        ("suggestions", str(sum(case.suggestions for case in judged))),
        ("  of which marked as needing a judgement", str(sum(case.judgements for case in judged))),
        ("destructive suggestions", str(len(bad))),
        ("added entries", str(entries)),
        ("comments per added entry", f"{comments / entries:.2f}" if entries else "-"),
        ("summary length median / max", f"{statistics.median(lengths):,.0f} / {max(lengths):,}"),
        ("seconds per replay median / max", f"{statistics.median(seconds):.2f} / {max(seconds):.2f}"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"| {'measure'.ljust(width)} | value |")
    print(f"| {'-' * width} | ---: |")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")
    for title, items in (
        ("crashes", [f"{case.name}: {case.crash}" for case in crashes]),
        ("comments off the added lines", off),
        ("destructive suggestions", bad),
    ):
        if items:
            print(f"\n{title} (first {min(show, len(items))} of {len(items)}):")
            for item in items[:show]:
                print(f"  {item}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, help="replay only the first N folders")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per replay")
    parser.add_argument("--show", type=int, default=8, help="examples to print per problem")
    args = parser.parse_args()
    cases = folders(args.corpus, args.limit)
    if not cases:
        print(f"no history folders under {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as workdir:
        results = []
        for index, folder in enumerate(cases, 1):
            results.append(run_case(folder, args.timeout, workdir))
            print(f"\r{index}/{len(cases)}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    report(results, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
