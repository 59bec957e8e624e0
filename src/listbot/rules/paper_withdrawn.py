from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.rules.base import Context, Rule
from listbot.rules.metadata_common import report_on_papers


class PaperWithdrawn(Rule):
    """The paper the entry links was withdrawn by its authors.

    Checked only with ``listbot check --metadata``. arXiv keeps a withdrawn paper's page,
    so the link still works, but its latest version says the work should not be relied
    on (the comment gives the reason). Drop the entry, or keep it on purpose and say so.

    Bad:
        * [2402] [Reward Hacking in Small Models](https://arxiv.org/abs/2402.01234)   <- withdrawn (v3)

    Good:
        <!-- listbot: ignore LB803 -->
        * [2402] [Reward Hacking in Small Models](https://arxiv.org/abs/2402.01234) (withdrawn)
    """

    code = "LB803"
    name = "paper-withdrawn"
    summary = "the linked arXiv paper was withdrawn"
    severity = Severity.WARNING
    network = "metadata"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        return report_on_papers(self, ctx)
