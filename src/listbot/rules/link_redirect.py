from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Change, Diagnostic, Severity
from listbot.outcomes import Verdict
from listbot.rules.base import Context, Rule
from listbot.rules.common import checked_links
from listbot.urls import with_fragment


class LinkRedirect(Rule):
    """A link that permanently redirects (301, 308) to another URL; the fix writes the final URL.

    Checked only with ``--links``; ``listbot fix --links`` applies the fix. Not reported:
    redirects to the same URL give or take a trailing slash, ``www.``, letter case or a
    default port, and redirects to a login, consent or challenge page. A deep link that
    now redirects to the site's home page is reported without a fix (the page probably
    went away), and so is a target that is not safe to write into the list (whitespace,
    brackets, HTML, a private address). Temporary redirects (302, 303, 307) are never
    reported. A github.com repository that was renamed is reported when ``GITHUB_TOKEN``
    is set.

    Bad:
        * [Project](http://example.org/old-page)   <- 301 to https://example.org/new-page

    Good:
        * [Project](https://example.org/new-page)
    """

    code = "LB702"
    name = "link-redirect"
    summary = "a link permanently redirects to another URL"
    severity = Severity.WARNING
    fixable = True
    network = "links"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for link, outcome in checked_links(ctx):
            if outcome.verdict is not Verdict.REDIRECT:
                continue
            subject = f"url:{link.url}"
            if outcome.final_url is None:
                yield self.report(ctx, link.url_span, f"{link.url}: {outcome.detail}", subject=subject)
                continue
            final = with_fragment(outcome.final_url, link.url)
            if not outcome.fixable:
                message = (
                    f"{link.url} redirects permanently to {final}, the site's home page; the page may be gone"
                )
                yield self.report(ctx, link.url_span, message, subject=subject)
                continue
            edit = ctx.edit(link.url_span.start, link.url_span.end, final)
            fix = ctx.fix(f"replace with {final}", edit, change=Change.HREF)
            message = f"{link.url} redirects permanently to {final}"
            yield self.report(ctx, link.url_span, message, fix, subject=subject)
