from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.rules.base import Context, Rule


class BulletStyle(Rule):
    """A bullet that differs from the section's majority (``-`` among ``*``).

    Ties go to the bullet used first. Numbered lists are left alone.

    Bad:
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
        - [2502] [s1: Simple test-time scaling](https://arxiv.org/abs/2501.19393)

    Good:
        * [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387)
        * [2501] [s1: Simple test-time scaling](https://arxiv.org/abs/2501.19393)
    """

    code = "LB601"
    name = "bullet-style"
    summary = "a bullet that differs from the section's majority (`-` among `*`)"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for section in ctx.doc.sections:
            bullets = [ctx.doc.entries[i] for i in section.entries if ctx.doc.entries[i].bullet in "*-+"]
            if not bullets:
                continue
            counts = Counter(entry.bullet for entry in bullets)
            majority = max(
                counts, key=lambda b: (counts[b], -next(i for i, e in enumerate(bullets) if e.bullet == b))
            )
            for entry in bullets:
                if entry.bullet != majority:
                    edit = ctx.edit(entry.bullet_span.start, entry.bullet_span.end, majority)
                    message = f"bullet {entry.bullet!r} differs from this section's {majority!r}"
                    yield self.report(ctx, entry.bullet_span, message, ctx.fix(f"use {majority!r}", edit))
