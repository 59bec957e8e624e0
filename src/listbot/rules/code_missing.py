from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.rules.base import Context, Rule
from listbot.rules.metadata_common import report_on_code_links


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
        return report_on_code_links(self, ctx, notes=True)
