"""The rule catalogue: one module per rule, registered here in code order."""

from __future__ import annotations

from listbot.config import Config, ConfigError, validate
from listbot.links.rules import LINK_RULES
from listbot.rules.base import Context, Rule
from listbot.rules.bullet_style import BulletStyle
from listbot.rules.continuation_indent import ContinuationIndent
from listbot.rules.duplicate_link import DuplicateLink
from listbot.rules.duplicate_title import DuplicateTitle
from listbot.rules.entry_spacing import EntrySpacing
from listbot.rules.heading_duplicate import HeadingDuplicate
from listbot.rules.heading_empty import HeadingEmpty
from listbot.rules.heading_increment import HeadingIncrement
from listbot.rules.id_conflict import IdConflict
from listbot.rules.link_malformed import LinkMalformed
from listbot.rules.link_missing import LinkMissing
from listbot.rules.order import Order
from listbot.rules.section_empty import SectionEmpty
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
            TitleWhitespace,
            UrlNoncanonical,
            UrlBare,
            DuplicateLink,
            DuplicateTitle,
            IdConflict,
            Order,
            BulletStyle,
            EntrySpacing,
            Whitespace,
            ContinuationIndent,
            *LINK_RULES,  # type: ignore[arg-type]  # same interface; they report after the network run
        ),
        key=lambda rule: rule.code,
    )
)
BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}
BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in ALL_RULES}


def find_rule(key: str) -> type[Rule] | None:
    """A rule by code (``LB304``, any case) or by name (``url-noncanonical``)."""
    return BY_CODE.get(key.upper()) or BY_NAME.get(key.lower())


def rule_options(rule: type[Rule], config: Config):
    raw = config.rules.get(rule.code) or config.rules.get(rule.name)
    if not raw:  # the defaults are valid by construction; skip building a validator
        return rule.Options.model_construct()
    return rule.Options.model_validate(raw)


def validate_rule_options(config: Config, where: str) -> None:
    """Reject unknown rule keys and bad rule options, naming them."""
    for key, raw in config.rules.items():
        rule = find_rule(key)
        if rule is None:
            raise ConfigError(f"{where}: rules.{key}: unknown rule (see `listbot rules`)")
        validate(rule.Options, raw, where, f"rules.{key}.")


__all__ = ["ALL_RULES", "BY_CODE", "Context", "Rule", "find_rule", "rule_options"]
