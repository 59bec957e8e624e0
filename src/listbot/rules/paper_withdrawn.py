from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.metadata.refs import arxiv_place
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject
from listbot.rules.metadata_common import paper_findings, severity


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
        for entry, finding in paper_findings(ctx, self.code):
            place = arxiv_place(entry)
            span = place.span if place is not None else entry.anchor
            yield self.report(ctx, span, finding.message, severity=severity(finding), subject=subject(entry))
