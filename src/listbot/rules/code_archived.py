from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.rules.base import Context, Rule
from listbot.rules.metadata_common import report_on_code_links


class CodeArchived(Rule):
    """The entry's GitHub code repository is archived (read-only).

    Checked only with ``listbot check --metadata``; a note (severity info), with no fix.
    The code is still there, but nobody maintains it any more: readers may want to know,
    and a list may prefer a maintained fork.

    Bad:
        * [2104] [A Paper](https://arxiv.org/abs/2104.08821) [[Code](https://github.com/lab/old)] archived

    Good:
        * [2104] [A Paper](https://arxiv.org/abs/2104.08821) [[Code](https://github.com/lab/fork)]
    """

    code = "LB812"
    name = "code-archived"
    summary = "the GitHub code repository is archived"
    severity = Severity.INFO
    network = "metadata"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        return report_on_code_links(self, ctx)
