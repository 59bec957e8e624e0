"""Run `check` and `fix` over every list and history file of ../shared/corpus and print the figures.

Run: python bench/corpus.py [--corpus DIR] [--readmes-only]

For each file: does check or fix raise, is fix idempotent, which rendered words and hard line
breaks did fix remove that no applied fix declared (a removed identical duplicate declares its
words; a date fix declares the date it replaces), and how many fixes the render check refused.
Counts per code come last. Not part of the test suite (tests/test_corpus.py checks the READMEs).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from listbot.config import Config  # noqa: E402
from listbot.fixes import FixRefused  # noqa: E402
from listbot.pipeline import fix_text, lint_text  # noqa: E402
from listbot.source import read_source  # noqa: E402
from tests.shapes import rendered, undeclared_losses  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def files_of(corpus: Path, readmes_only: bool) -> list[Path]:
    found = sorted(corpus.glob("*/README.md"))
    if not readmes_only:
        found += sorted(corpus.glob("*/history/*/before.md")) + sorted(corpus.glob("*/history/*/after.md"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--readmes-only", action="store_true")
    args = parser.parse_args()
    totals: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    started = time.perf_counter()
    for path in files_of(args.corpus, args.readmes_only):
        name = str(path.relative_to(args.corpus))
        source = read_source(path)
        try:
            found = lint_text(source.text, name, Config())
            result = fix_text(source.text, name, Config())
        except FixRefused as error:
            totals["fix refused by the loss guard"] += 1
            print(f"REFUSED {name}: {error}")
            continue
        except Exception:  # the figure to report: any crash at all
            totals["crashes"] += 1
            print(f"CRASH {name}\n{traceback.format_exc()}")
            continue
        totals["files"] += 1
        codes.update(d.code for d in found)
        totals["findings"] += len(found)
        totals["fixes applied"] += len(result.fixed)
        totals["fixes refused by the render check"] += len(result.refused)
        if fix_text(result.text, name, Config()).text != result.text:
            totals["not idempotent"] += 1
            print(f"NOT IDEMPOTENT {name}")
        words, breaks = undeclared_losses(source.text, result)
        if words or breaks:
            totals["files losing undeclared words or breaks"] += 1
            print(f"LOST {name}: {dict(list(words.items())[:8])} breaks={breaks}")
        totals["rendered words"] += sum(rendered(source.text)[0].values())
    print(f"\n{totals['files']} files in {time.perf_counter() - started:.1f} s")
    always = (
        "crashes",
        "fix refused by the loss guard",
        "not idempotent",
        "files losing undeclared words or breaks",
    )
    for key in [*totals, *(key for key in always if key not in totals)]:
        print(f"  {key}: {totals[key]}")
    print("findings per code: " + ", ".join(f"{code} {count}" for code, count in sorted(codes.items())))
    return (
        1
        if totals["crashes"] or totals["not idempotent"] or totals["files losing undeclared words or breaks"]
        else 0
    )


if __name__ == "__main__":
    sys.exit(main())
