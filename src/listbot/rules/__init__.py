"""The rule catalogue: one module per rule, registered here in code order."""

from __future__ import annotations

from listbot.rules.badge_mismatch import BadgeMismatch
from listbot.rules.base import Context, NoOptions, Rule, RuleOptions
from listbot.rules.bullet_style import BulletStyle
from listbot.rules.code_archived import CodeArchived
from listbot.rules.code_missing import CodeMissing
from listbot.rules.code_moved import CodeMoved
from listbot.rules.continuation_indent import ContinuationIndent
from listbot.rules.duplicate_link import DuplicateLink
from listbot.rules.duplicate_title import DuplicateTitle
from listbot.rules.entry_spacing import EntrySpacing
from listbot.rules.heading_duplicate import HeadingDuplicate
from listbot.rules.heading_empty import HeadingEmpty
from listbot.rules.heading_increment import HeadingIncrement
from listbot.rules.id_conflict import IdConflict
from listbot.rules.label_mismatch import LabelMismatch
from listbot.rules.link_dead import LinkDead
from listbot.rules.link_malformed import LinkMalformed
from listbot.rules.link_missing import LinkMissing
from listbot.rules.link_redirect import LinkRedirect
from listbot.rules.link_unreachable import LinkUnreachable
from listbot.rules.order import Order
from listbot.rules.paper_mismatch import PaperMismatch
from listbot.rules.paper_published import PaperPublished
from listbot.rules.paper_unknown import PaperUnknown
from listbot.rules.paper_withdrawn import PaperWithdrawn
from listbot.rules.section_empty import SectionEmpty
from listbot.rules.suppression import SuppressionInvalid, SuppressionUnused
from listbot.rules.tag_invalid import TagInvalid
from listbot.rules.tag_mismatch import TagMismatch
from listbot.rules.tag_missing import TagMissing
from listbot.rules.title_split import TitleSplit
from listbot.rules.title_whitespace import TitleWhitespace
from listbot.rules.toc_anchor import TocAnchor
from listbot.rules.url_bare import UrlBare
from listbot.rules.url_noncanonical import UrlNoncanonical
from listbot.rules.whitespace import Whitespace

ALL_RULES: tuple[type[Rule], ...] = tuple(
    sorted(
        (
            HeadingEmpty,
            HeadingIncrement,
            HeadingDuplicate,
            SectionEmpty,
            TocAnchor,
            TagMissing,
            TagInvalid,
            TagMismatch,
            LinkMissing,
            LinkMalformed,
            TitleSplit,
            UrlNoncanonical,
            UrlBare,
            TitleWhitespace,
            LabelMismatch,
            DuplicateLink,
            DuplicateTitle,
            IdConflict,
            Order,
            BulletStyle,
            EntrySpacing,
            Whitespace,
            ContinuationIndent,
            LinkDead,
            LinkRedirect,
            LinkUnreachable,
            SuppressionUnused,
            SuppressionInvalid,
            PaperMismatch,
            PaperUnknown,
            PaperWithdrawn,
            PaperPublished,
            CodeMoved,
            CodeArchived,
            CodeMissing,
            BadgeMismatch,
        ),
        key=lambda rule: rule.code,
    )
)
BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}
BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in ALL_RULES}


def find_rule(key: str) -> type[Rule] | None:
    """A rule by code (``LB304``, any case) or by name (``url-noncanonical``)."""
    return BY_CODE.get(key.upper()) or BY_NAME.get(key.lower())


__all__ = ["ALL_RULES", "BY_CODE", "BY_NAME", "Context", "NoOptions", "Rule", "RuleOptions", "find_rule"]
