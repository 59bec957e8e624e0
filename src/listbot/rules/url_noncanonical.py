from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.rules.base import Context, Rule
from listbot.rules.common import listed_entries
from listbot.urls import arxiv_match, preferred_url


def _reason(url: str, better: str) -> str:
    match = arxiv_match(url)
    if match:
        return f"arXiv link is not in canonical form; use {better}"
    return f"URL carries tracking parameters or a page fragment; use {better}"


class UrlNoncanonical(Rule):
    """A link not in its canonical form.

    arXiv links use one form (``urls.arxiv-form``, default
    ``https://arxiv.org/abs/{id}``): no version, no ``www.``, no ``pdf``,
    no dangling ``?``, no ``#page=``. Any link loses tracking parameters
    (``urls.tracking-params``: ``utm_*``, ``spm_id_from``, ``vd_source``,
    referral codes...). Mirrors such as alphaxiv.org are left alone unless
    ``urls.rewrite-mirrors = true``. Canonical links make duplicates visible
    and keep the list uniform.

    Bad:
        * [2501] [Kimi k1.5](https://arxiv.org/pdf/2501.12599v2?)

    Good:
        * [2501] [Kimi k1.5](https://arxiv.org/abs/2501.12599)
    """

    code = "LB304"
    name = "url-noncanonical"
    summary = "a link not in canonical form (arXiv pdf/version/www, `?`, `#page=`, tracking parameters)"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        urls = ctx.config.urls
        for entry in listed_entries(ctx.doc):
            for link in entry.links:
                if link.image or "://" not in link.url or link.url.count("://") > 1:
                    continue
                better = preferred_url(link.url, urls.arxiv_form, urls.rewrite_mirrors, urls.tracking_params)
                if better != link.url:
                    edit = ctx.edit(link.url_span.start, link.url_span.end, better)
                    yield self.report(
                        ctx, link.url_span, _reason(link.url, better), ctx.fix(f"use {better}", edit)
                    )
