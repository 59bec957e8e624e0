"""Running the rules over a parsed document: which rules run, with which options.

Rules that need the network (``Rule.network``: "links" or "metadata") run only when
their check was asked for; they read the network's answers from the context.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from listbot.config import Config, ConfigError, validate
from listbot.decide import Selection, rule_is_wanted
from listbot.diagnostics import Diagnostic
from listbot.model import Document
from listbot.profile import Profile
from listbot.rules import ALL_RULES, Rule, RuleOptions, find_rule


def rule_options(rule: type[Rule], config: Config) -> RuleOptions:
    """A rule's options from ``[tool.listbot.rules.<name or code>]`` (defaults when absent)."""
    raw = config.rules.get(rule.code) or config.rules.get(rule.name)
    if not raw:
        return rule.Options.model_construct()  # the defaults: no schema to build
    return validate(rule.Options, raw, "config", f"rules.{rule.name}.")


def check_rule_options(config: Config, where: str) -> None:
    """Reject unknown rule keys and bad rule options, naming them (before any output)."""
    for key, raw in config.rules.items():
        rule = find_rule(key)
        if rule is None:
            raise ConfigError(f"{where}: rules.{key}: unknown rule (see `listbot rules`)")
        validate(rule.Options, raw, where, f"rules.{key}.")


def rules_to_run(
    config: Config, chosen: Selection, network: frozenset[str] = frozenset()
) -> list[type[Rule]]:
    """The rules selected anywhere (globally or by a section), network ones only when asked for."""
    return [
        rule
        for rule in ALL_RULES
        if (rule.network is None or rule.network in network) and rule_is_wanted(rule.code, config, chosen)
    ]


def run_rules(
    doc: Document,
    config: Config,
    profile: Profile,
    rules: list[type[Rule]],
    outcomes: Mapping[str, Any] | None = None,
    metadata: Any = None,
) -> list[Diagnostic]:
    """Every diagnostic the rules find in ``doc`` (not yet filtered by the config)."""
    from listbot.rules.base import Context

    found: list[Diagnostic] = []
    for rule in rules:
        ctx = Context(doc, config, profile, rule_options(rule, config), outcomes, metadata)
        found.extend(rule().check(ctx))
    return found
