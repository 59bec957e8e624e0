from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from listbot.diagnostics import Diagnostic, Related, Severity
from listbot.model import Entry
from listbot.rules.base import Context, Rule, RuleOptions
from listbot.rules.common import description, link_key, subject
from listbot.text import fold_title


class DuplicateTitleOptions(RuleOptions):
    min_words: int = Field(
        2, ge=1, description="titles with fewer words are not compared (short names collide)"
    )


class DuplicateTitle(Rule):
    """The same title under a different link.

    Titles are the entries' real titles (never link labels such as "Paper"),
    compared with case, punctuation and spacing folded. Often the same paper is
    listed once as a preprint and once as a venue PDF, or under two arXiv ids.
    Short names in a generic list are not duplicates when their descriptions
    differ. Across sections of a list that cross-lists on purpose, it is an info.

    Bad:
        * [2402] [DeepSeekMath: Pushing the Limits](https://arxiv.org/abs/2402.03300)
        * [2402] [DeepSeekMath: Pushing the Limits](https://example.org/deepseekmath.pdf)

    Good:
        * [2402] [DeepSeekMath: Pushing the Limits](https://arxiv.org/abs/2402.03300)
    """

    code = "LB402"
    name = "duplicate-title"
    summary = "the same title (case, punctuation and spacing folded) under a different link"
    Options = DuplicateTitleOptions

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        tracking = ctx.config.urls.tracking_params
        seen: dict[str, Entry] = {}
        for entry in ctx.entries():
            key = link_key(entry, tracking)
            if entry.title is None or key is None:
                continue
            title = fold_title(entry.title.text)
            if len(title.split()) < ctx.options.min_words:
                continue
            first = seen.setdefault(title, entry)
            if first is entry or link_key(first, tracking) == key:
                continue
            if len(title.split()) < 4 and description(ctx.doc, entry) != description(ctx.doc, first):
                continue  # homonyms: short names with different descriptions
            severity = None
            if entry.section != first.section and ctx.profile.conventions.cross_list:
                if not (entry.arxiv_id and first.arxiv_id):
                    continue  # a list that files papers under several topics links them in several ways
                severity = Severity.INFO  # one paper under two arXiv ids: one of them is wrong
            message = f"title already listed on line {first.line} with another link"
            related = Related(first.line, f"title listed again on line {entry.line} with another link")
            span = entry.title.span
            yield self.report(ctx, span, message, None, severity, related, subject(entry))
