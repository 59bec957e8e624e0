from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject
from listbot.rules.metadata_common import paper_findings, severity


class PaperPublished(Rule):
    """The paper was published (its arXiv record has a journal reference or a DOI) and the
    entry shows no venue.

    Checked only with ``listbot check --metadata``; a note (severity info), with no fix:
    where and how a list shows venues is its own choice. The message names the journal
    reference or the DOI. A venue the entry already shows (``ICLR 2025``, ``*NeurIPS'24*``,
    a venue column) counts; "arXiv" or "preprint" does not. A DOI of arXiv's own
    (``10.48550/...``) is not a publication.

    Bad:
        * [2106] [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)

    Good:
        * [2106] [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)
          ICLR 2022
    """

    code = "LB804"
    name = "paper-published"
    summary = "the arXiv paper was published (journal reference or DOI) but no venue is shown"
    severity = Severity.INFO
    network = "metadata"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry, finding in paper_findings(ctx, self.code):
            yield self.report(
                ctx, entry.anchor, finding.message, severity=severity(finding), subject=subject(entry)
            )
