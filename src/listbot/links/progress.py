"""Progress while checking: a rich bar on a terminal, one summary line on stderr otherwise."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal

from listbot.outcomes import Outcome, Verdict


class LinkProgress:
    """Counts outcomes as they arrive; draws a bar when stderr is a terminal."""

    def __init__(
        self, total: int, cached: int, mode: Literal["auto", "always", "never"] = "auto", console: Any = None
    ) -> None:
        self.total = total
        self.cached = cached
        self.counts: Counter[Verdict] = Counter()
        self.excluded = 0
        self.started = time.monotonic()
        wants_bar = mode == "always" or (mode == "auto" and sys.stderr.isatty())
        self._bar: Any = None
        self._task: Any = None
        if wants_bar and total > cached:
            self._start_bar(total - cached, console)

    def _start_bar(self, to_check: int, console: Any) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            TextColumn("checking links"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[dead]} dead"),
            TimeElapsedColumn(),
            console=console or Console(stderr=True),
            transient=False,
        )
        self._task = self._bar.add_task("links", total=to_check, dead=0)
        self._bar.start()

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.verdict] += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, dead=self.counts[Verdict.DEAD])

    def add_cached(self, outcome: Outcome) -> None:
        self.counts[outcome.verdict] += 1

    def recount(self, outcomes: Iterable[Outcome]) -> None:
        """Final counts (the checker may revise outcomes at the end, e.g. when offline)."""
        self.counts = Counter(outcome.verdict for outcome in outcomes)

    def summary(self) -> str:
        seconds = time.monotonic() - self.started
        parts = [
            f"{self.total} links ({self.cached} cached)",
            f"{self.counts[Verdict.DEAD]} dead",
            f"{self.counts[Verdict.REDIRECT]} redirected",
            f"{self.counts[Verdict.UNREACHABLE]} unreachable",
        ]
        if self.counts[Verdict.SKIPPED]:
            parts.append(
                f"{self.counts[Verdict.SKIPPED]} skipped (private address; --allow-private checks them)"
            )
        if self.excluded:
            parts.append(f"{self.excluded} excluded")
        return "listbot links: " + ", ".join(parts) + f" in {seconds:.1f} s"

    def close(self, *, summary: bool = True) -> None:
        if self._bar is not None:
            self._bar.stop()
        if summary:
            print(self.summary(), file=sys.stderr)
