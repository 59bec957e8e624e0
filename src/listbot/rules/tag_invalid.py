from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.model import SectionKind
from listbot.rules.base import Context, Rule
from listbot.rules.common import entries


class TagInvalid(Rule):
    """A malformed date tag, a month outside 01-12, or a date in the future.

    Tags are four digits, year then month: ``[2502]`` is February 2025.
    "The future" is the current month (or ``today = "YYYY-MM"`` in the config).

    Bad:
        * [24-08] [Title](https://arxiv.org/abs/2408.08152)
        * [2513] [Title](https://arxiv.org/abs/2501.00001)

    Good:
        * [2408] [Title](https://arxiv.org/abs/2408.08152)
    """

    code = "LB202"
    name = "tag-invalid"
    summary = "a malformed tag (`[24-08]`, `[250]`), month outside 01-12, or a date in the future"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        today = ctx.config.today_yymm()
        for entry in entries(ctx.doc, SectionKind.DATED):
            tag = entry.date_like
            if tag is None:
                continue
            if not tag.is_date:
                yield self.report(ctx, tag.span, f"malformed date tag [{tag.text}]; expected [YYMM]")
            elif not 1 <= int(tag.text[2:]) <= 12:
                yield self.report(ctx, tag.span, f"date tag [{tag.text}] has month {tag.text[2:]}, not 01-12")
            elif tag.text > today:
                yield self.report(ctx, tag.span, f"date tag [{tag.text}] is in the future (now {today})")
