"""The LB7xx rules: catalogue entries (code, name, docs) and the diagnostics built from outcomes.

They are not offline rules: ``check`` yields nothing; the link checker reports
through :func:`diagnose` after the network run, and the engine filters the
result like any other diagnostic.

They do not subclass :class:`listbot.rules.base.Rule` on purpose: the registry in
``listbot.rules`` lists them, so importing ``listbot.rules.base`` from here would make
the two modules import each other (and fail when this one is imported first). They
offer the same interface: ``code``, ``name``, ``summary``, ``severity``, ``fixable``,
``Options``, ``documentation()`` and ``check()``.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from listbot.diagnostics import Applicability, Change, Diagnostic, Fix, Severity, diagnostic_at, edit_at
from listbot.links.outcome import Outcome, Verdict
from listbot.links.redirects import with_fragment
from listbot.model import Document, Span

if TYPE_CHECKING:  # targets imports the settings model; `listbot rules` does not need it
    from listbot.links.targets import Target


class NoLinkOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class LinkRule:
    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity]
    fixable: ClassVar[bool] = False
    Options: ClassVar[type[BaseModel]] = NoLinkOptions
    network: ClassVar[str | None] = "links"

    def check(self, ctx: Any) -> Iterator[Diagnostic]:
        return iter(())  # reported by the link checker (`--links`), not by the offline engine

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    def report(self, doc: Document, span: Span, message: str, fix: Fix | None = None) -> Diagnostic:
        return diagnostic_at(doc, span, (self.code, self.name, self.severity), message, fix)


def _replacement(doc: Document, span: Span, content: str) -> Fix:
    edit = edit_at(doc, span.start, span.end, content)
    return Fix(message=f"replace with {content}", edits=(edit,), applicability=Applicability.SAFE, change=Change.HREF)


class LinkDead(LinkRule):
    """A link that is gone: 404, 410, a name that does not resolve, a refused connection or a TLS failure.

    Checked only with ``listbot check --links`` (or ``links.enabled = true``). A redirect
    that ends in one of these, or a redirect loop, counts as dead. The message names the
    status or the error. Find where the page moved (the Wayback Machine helps) or drop the entry.

    Bad:
        * [2502] [A Paper](https://example.org/papers/gone)   <- 404 Not Found

    Good:
        * [2502] [A Paper](https://arxiv.org/abs/2502.03373)
    """

    code = "LB701"
    name = "link-dead"
    summary = "a link answers 404/410 or its host does not resolve or refuses connections"
    severity = Severity.ERROR


class LinkRedirect(LinkRule):
    """A link that permanently redirects (301, 308) to another URL; the fix writes the final URL.

    Checked only with ``--links``; ``listbot fix --links`` applies the fix. Not reported:
    redirects to the same URL give or take a trailing slash, ``www.``, letter case or a
    default port, and redirects to a login, consent or challenge page. A deep link that
    now redirects to the site's home page is reported without a fix (the page probably
    went away). Temporary redirects (302, 303, 307) are never reported. A github.com
    repository that was renamed is reported when ``GITHUB_TOKEN`` is set.

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


class LinkUnreachable(LinkRule):
    """A link that could not be checked: a timeout, 5xx or 429 after retries, or a 401/403 block.

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
    summary = "a link timed out or kept failing with 5xx/429 (not proven dead)"
    severity = Severity.WARNING


LINK_RULES: tuple[type[LinkRule], ...] = (LinkDead, LinkRedirect, LinkUnreachable)
_RULE_FOR = {Verdict.DEAD: LinkDead, Verdict.REDIRECT: LinkRedirect, Verdict.UNREACHABLE: LinkUnreachable}


def _diagnostic(target: Target, outcome: Outcome) -> Diagnostic | None:
    rule_class = _RULE_FOR.get(outcome.verdict)
    if rule_class is None:
        return None
    rule, doc = rule_class(), target.doc
    url, span = target.link.url, target.link.url_span
    if outcome.verdict is not Verdict.REDIRECT or outcome.final_url is None:
        return rule.report(doc, span, f"{url}: {outcome.detail}")
    final = with_fragment(outcome.final_url, url)
    if not outcome.fixable:
        message = f"{url} redirects permanently to {final}, the site's home page; the page may be gone"
        return rule.report(doc, span, message)
    return rule.report(doc, span, f"{url} redirects permanently to {final}", _replacement(doc, span, final))


def diagnose(targets: list[Target], outcomes: dict[str, Outcome]) -> list[Diagnostic]:
    """One diagnostic per occurrence of a link whose outcome is worth reporting."""
    found = []
    for target in targets:
        outcome = outcomes.get(target.request_url)
        diagnostic = _diagnostic(target, outcome) if outcome else None
        if diagnostic is not None:
            found.append(diagnostic)
    return found
