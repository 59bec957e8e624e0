from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.rules.base import Context, Rule


class SectionEmpty(Rule):
    """A section with nothing under it: no entries, no list, no prose, no subsection.

    An empty section is a placeholder that was never filled, or a heading that
    lost its entries in a merge. Blank lines do not count as content; a
    comment does.

    Bad:
        ### Search algorithms

        ## Slides

    Good:
        ### Search algorithms
        * [2408] [Deepseek-prover-v1.5](https://arxiv.org/abs/2408.08152)

        ## Slides
        * [A Visual Guide to Reasoning LLMs](https://substack.com/home/post/p-153314921)
    """

    code = "LB105"
    name = "section-empty"
    summary = "a section with nothing under it (no entries, list, prose or subsection)"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        parents = {section.parent for section in ctx.doc.sections}
        for section in ctx.doc.sections[1:]:
            decorative = "<" in section.title  # `<h3 id="x">Group</h3>` titles grouping headings below
            if not section.has_content and section.index not in parents and not decorative:
                label = repr(section.title) if section.title.strip() else "empty heading"
                yield self.report(ctx, section.span, f"section {label} has nothing under it")
