from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.outcomes import Verdict
from listbot.rules.base import Context, Rule
from listbot.rules.common import checked_links


class LinkDead(Rule):
    """A link that is gone: 404, 410, a refused connection or a TLS failure.

    Checked only with ``listbot check --links`` (or ``links.enabled = true``). A redirect
    that ends in one of these, or a redirect loop, counts as dead. The message names the
    status or the error. Find where the page moved (the Wayback Machine helps) or drop
    the entry. A name that does not resolve is LB703: the network may be at fault.

    Bad:
        * [2502] [A Paper](https://example.org/papers/gone)   <- 404 Not Found

    Good:
        * [2502] [A Paper](https://arxiv.org/abs/2502.03373)
    """

    code = "LB701"
    name = "link-dead"
    summary = "a link answers 404/410, refuses connections or fails TLS"
    severity = Severity.ERROR
    network = "links"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for link, outcome in checked_links(ctx):
            if outcome.verdict is Verdict.DEAD:
                yield self.report(
                    ctx, link.url_span, f"{link.url}: {outcome.detail}", subject=f"url:{link.url}"
                )
