from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.metadata.refs import code_place
from listbot.rules.base import Context, Rule
from listbot.rules.metadata_common import code_findings, severity


class CodeMissing(Rule):
    """The GitHub repository an entry's code link names does not exist (deleted, made
    private, or never there).

    Checked only with ``listbot check --metadata``. A renamed or transferred repository is
    LB811, not this. When GitHub could not be asked (rate limit, outage), the entry gets a
    note (severity info) "could not verify the code link" instead, and nothing is cached.

    Bad:
        * [2502] [A Paper](https://arxiv.org/abs/2502.03373) [[Code](https://github.com/nobody/nothing-here)]

    Good:
        * [2502] [A Paper](https://arxiv.org/abs/2502.03373)
    """

    code = "LB813"
    name = "code-missing"
    summary = "the GitHub code repository does not exist (a note when GitHub could not be asked)"
    severity = Severity.ERROR
    network = "metadata"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry, finding in code_findings(ctx, self.code, notes=True):
            place = code_place(entry)
            if place is not None:
                yield self.report(
                    ctx, place.span, finding.message, severity=severity(finding), subject=f"url:{place.url}"
                )
