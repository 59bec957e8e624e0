from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.outcomes import Verdict
from listbot.rules.base import Context, Rule
from listbot.rules.common import checked_links


class LinkUnreachable(Rule):
    """A link that could not be checked: a name that does not resolve, a timeout, 5xx or 429
    after retries, or a 401/403 block.

    Checked only with ``--links``. The link is not proven dead, so this is a warning.
    Hosts that block automated checks can be configured: ``links.accept`` (status codes
    that count as alive), ``links.hosts."<host>"`` overrides (``accept``, ``method = "get"``,
    ``timeout``, ``per-host``, ``skip``) or ``links.exclude`` (URL regexes).

    Bad:
        * [Slides](https://slow.example.org/talk.pdf)   <- timed out after 10 s

    Good:
        * [Slides](https://example.org/talk.pdf)
    """

    code = "LB703"
    name = "link-unreachable"
    summary = "a link timed out, its name did not resolve, or it kept failing with 5xx/429"
    severity = Severity.WARNING
    network = "links"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for link, outcome in checked_links(ctx):
            if outcome.verdict is Verdict.UNREACHABLE:
                yield self.report(
                    ctx, link.url_span, f"{link.url}: {outcome.detail}", subject=f"url:{link.url}"
                )
