from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Change, Diagnostic
from listbot.model import Link
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject
from listbot.text import fold_title
from listbot.urls import ARXIV_FORMS, ARXIV_HOSTS, arxiv_match, is_web_url, strip_tracking

_FORM_LABELS = {"pdf": "pdf", "html": "html", "abs": "abs", "abstract": "abs"}
_KIND_OF_FORM = {template: kind for kind, template in ARXIV_FORMS.items()}


def _arxiv_target(link: Link, form: str | None, versions: bool, rewrite_mirrors: bool) -> str | None:
    """The URL an arXiv link should have in this list, or None to leave it alone."""
    match = arxiv_match(link.url)
    if match is None:
        return None
    mirror = match["host"].lower() not in ARXIV_HOSTS
    if mirror and not rewrite_mirrors:
        return None
    kind = match["kind"].lower() if not mirror else "abs"
    template = form or ARXIV_FORMS.get(kind, ARXIV_FORMS["abs"])
    target = template.format(id=match["new"] or match["old"])
    if versions and match["version"]:
        target += match["version"]
    if "/pdf/" in target and _pdf_suffix(link.url):
        target += ".pdf"  # `2411.15296.pdf`: the suffix is neither wrong nor required
    labelled = _FORM_LABELS.get(fold_title(link.text))
    target_kind = _KIND_OF_FORM.get(template)
    if labelled is not None and target_kind is not None and labelled != target_kind:
        return None  # `[pdf](...)`: rewriting the URL alone would make the label wrong
    return target


def _pdf_suffix(url: str) -> bool:
    return url.split("?")[0].split("#")[0].lower().endswith(".pdf")


def _reason(url: str, better: str) -> str:
    match, target = arxiv_match(url), arxiv_match(better)
    if match is None or target is None:
        return f"URL carries tracking parameters or a page fragment; use {better}"
    if match["kind"].lower() != target["kind"].lower() and match["host"].lower() in ARXIV_HOSTS:
        return f"arXiv link is not in this list's form ({target['kind'].lower()}); use {better}"
    return f"arXiv link is not in canonical form; use {better}"


class UrlNoncanonical(Rule):
    """A link not in the list's canonical form.

    arXiv links use the list's own form: the one most of its arXiv links use
    (``abs``, ``pdf`` or ``html``; a list that links PDFs throughout is consistent),
    or ``urls.arxiv-form`` when set. No ``www.``, no version unless the list keeps
    versions, no dangling ``?``, no ``#page=``. A link whose label names its form
    (``[pdf](...)``) is left alone rather than made to disagree with its label. Any
    link loses tracking parameters (``urls.tracking-params``: ``utm_*``,
    ``spm_id_from``, ``vd_source``, referral codes...). Mirrors such as alphaxiv.org
    are left alone unless ``urls.rewrite-mirrors = true``.

    Bad:
        * [2501] [Kimi k1.5](https://arxiv.org/pdf/2501.12599v2?)

    Good:
        * [2501] [Kimi k1.5](https://arxiv.org/abs/2501.12599)
    """

    code = "LB304"
    name = "url-noncanonical"
    summary = (
        "a link not in the list's form (arXiv abs/pdf, version, `www.`, `?`, `#page=`), tracking parameters"
    )
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        urls, conventions = ctx.config.urls, ctx.profile.conventions
        for entry in ctx.entries():
            for link in entry.links:
                if link.image or not is_web_url(link.url) or link.url.count("://") > 1:
                    continue
                better = _arxiv_target(
                    link, conventions.arxiv_form, conventions.arxiv_versions, urls.rewrite_mirrors
                )
                if better is None and arxiv_match(link.url) is None:
                    better = strip_tracking(link.url, urls.tracking_params)
                if better is None or better == link.url:
                    continue
                edit = ctx.edit(link.url_span.start, link.url_span.end, better)
                fix = ctx.fix(f"use {better}", edit, change=Change.HREF)
                yield self.report(ctx, link.url_span, _reason(link.url, better), fix, subject=subject(entry))
