from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.rules.base import Context, Rule
from listbot.rules.metadata_common import report_on_papers


class PaperUnknown(Rule):
    """An arXiv id that does not exist.

    Checked only with ``listbot check --metadata``. arXiv answered the lookup properly and
    has no such paper: a typo in the id, digits swapped, or an id that was never announced.
    A failed, throttled or empty answer never counts as "unknown": such an entry gets a
    note (severity info) "could not verify arXiv ID", and the lookup is made again on the
    next run (nothing unverified is cached).

    Bad:
        * [2502] [A Paper](https://arxiv.org/abs/2502.99999)

    Good:
        * [2502] [s1: Simple test-time scaling](https://arxiv.org/abs/2501.19393)
    """

    code = "LB802"
    name = "paper-unknown"
    summary = "an arXiv id that does not exist (a note when arXiv could not be asked)"
    severity = Severity.ERROR
    network = "metadata"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        return report_on_papers(self, ctx, notes=True)
