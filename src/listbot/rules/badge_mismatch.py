from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.metadata.refs import badge_mismatches
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject


class BadgeMismatch(Rule):
    """A star or fork badge in an entry names another GitHub repository than its code link.

    Offline: no lookup is needed, so it runs in every ``listbot check``. A badge names a
    repository when its image is a shields.io or badgen.net GitHub badge
    (``img.shields.io/github/stars/OWNER/REPO``, forks, watchers, issues, last-commit,
    license...), GitHub's own ``badge.svg``, or when it is a linked badge
    ``[![Stars](…)](https://github.com/OWNER/REPO)``. The usual cause is an entry copied from
    its neighbour with only the code link changed. A badge naming any repository the entry
    links is fine; letter case does not matter. A renamed repository still counts as
    another name here (``--metadata`` reports the rename itself as LB811).

    Bad:
        * [2501] [DeepSeek-R1](https://arxiv.org/abs/2501.12948) [[Code](https://github.com/ds/R1)]
          ![Stars](https://img.shields.io/github/stars/ds/V3)

    Good:
        * [2501] [DeepSeek-R1](https://arxiv.org/abs/2501.12948) [[Code](https://github.com/ds/R1)]
          ![Stars](https://img.shields.io/github/stars/ds/R1)
    """

    code = "LB814"
    name = "badge-mismatch"
    summary = "a star/fork badge names another GitHub repository than the entry's code link"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry in ctx.entries():
            if not entry.links:
                continue
            for mismatch in badge_mismatches(entry):
                yield self.report(ctx, mismatch.span, mismatch.message, subject=subject(entry))
