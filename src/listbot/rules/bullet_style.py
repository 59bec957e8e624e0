from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject


class BulletStyle(Rule):
    """A bullet that differs from the list's own (``-`` among ``*``).

    The list's bullet is the one at least 80% of its entries use (or
    ``style.bullet``); a list that mixes bullets freely has no convention and is
    left alone. Numbered lists are left alone too.

    Bad:
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
        - [2501] [s1: Simple test-time scaling](https://arxiv.org/abs/2501.19393)
        * [2501] [Kimi k1.5](https://arxiv.org/abs/2501.12599)
        * [2501] [DeepSeek-R1](https://arxiv.org/abs/2501.12948)
        * [2412] [PRIME](https://arxiv.org/abs/2412.01981)

    Good:
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
        * [2501] [s1: Simple test-time scaling](https://arxiv.org/abs/2501.19393)
        * [2501] [Kimi k1.5](https://arxiv.org/abs/2501.12599)
        * [2501] [DeepSeek-R1](https://arxiv.org/abs/2501.12948)
        * [2412] [PRIME](https://arxiv.org/abs/2412.01981)
    """

    code = "LB601"
    name = "bullet-style"
    summary = "a bullet that differs from the list's own (`-` among `*`)"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        bullet = ctx.profile.conventions.bullet
        if bullet is None:
            return
        for entry in ctx.entries():
            span = entry.bullet_span
            if span is None or entry.bullet not in ("*", "-", "+") or entry.bullet == bullet:
                continue
            edit = ctx.edit(span.start, span.end, bullet)
            message = f"bullet {entry.bullet!r} differs from this list's {bullet!r}"
            yield self.report(ctx, span, message, ctx.fix(f"use {bullet!r}", edit), subject=subject(entry))
