"""LB901 and LB902: problems with suppression comments, reported by :mod:`listbot.decide`.

They are not found by reading entries but by deciding what is reported, so their
``check`` finds nothing; they are rules for their code, name, severity and docs.
"""

from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.rules.base import Context, Rule


class SuppressionUnused(Rule):
    """A suppression comment that suppresses nothing.

    The problem it silenced was fixed, or the comment sits in the wrong place
    (``ignore`` covers the next entry, or its own line's entry). Remove it, so
    that it does not hide a future problem. Comments about rules that did not run
    (``--select``, link rules without ``--links``) are not reported.

    Bad:
        <!-- listbot: ignore LB304 -->
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)

    Good:
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
    """

    code = "LB901"
    name = "suppression-unused"
    summary = "a suppression comment that suppresses nothing"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        return iter(())


class SuppressionInvalid(Rule):
    """A suppression comment with a typo: an unknown verb or code.

    ``<!-- listbot: ignroe LB304 -->`` or ``<!-- listbot: ignore LB3O4 -->``
    silences nothing, while its author believes it does.

    Bad:
        <!-- listbot: ignroe LB304 -->
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/pdf/2502.03387)

    Good:
        <!-- listbot: ignore LB304 -->
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/pdf/2502.03387)
    """

    code = "LB902"
    name = "suppression-invalid"
    summary = "a suppression comment with an unknown verb or code"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        return iter(())
