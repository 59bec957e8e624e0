"""The rule reference, generated from the rules themselves (their attributes and docstrings).

``python -m listbot.docs README.md`` rewrites the part of README.md between the
``<!-- rules:start -->`` and ``<!-- rules:end -->`` markers; a test keeps it in sync.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from listbot.rules import ALL_RULES, Rule

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def _sections(rule: type[Rule]) -> tuple[str, str, str]:
    """The docstring split into its explanation, its Bad example and its Good example."""
    doc = rule.documentation()
    match = re.search(r"^Bad:\n(?P<bad>.*?)^Good:\n(?P<good>.*)\Z", doc, re.S | re.M)
    if not match:
        raise ValueError(f"{rule.code}: the docstring needs a Bad: and a Good: example")
    about = doc[: match.start()].split("\n", 1)[1].strip() if "\n" in doc[: match.start()] else ""

    def dedent(block: str) -> str:
        return "\n".join(
            line[4:] if line.startswith("    ") else line for line in block.strip("\n").splitlines()
        )

    return about, dedent(match["bad"]), dedent(match["good"])


def _options(rule: type[Rule]) -> list[tuple[str, str, str]]:
    """(key, default, description) of each option, from the rule's Options model."""
    return [
        (name.replace("_", "-"), json.dumps(field.default), field.description or "")
        for name, field in rule.Options.model_fields.items()
    ]


def rules_table() -> str:
    width = max(len(rule.name) for rule in ALL_RULES)
    lines = []
    for rule in ALL_RULES:
        fix = "fix" if rule.fixable else "   "
        lines.append(f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {fix}  {rule.summary}")
    return "\n".join(lines) + "\n"


def rules_json() -> str:
    data = [
        {
            "code": rule.code,
            "name": rule.name,
            "summary": rule.summary,
            "severity": rule.severity.value,
            "fixable": rule.fixable,
            "options": {
                key: {"default": default, "description": about} for key, default, about in _options(rule)
            },
            "network": rule.network,
        }
        for rule in ALL_RULES
    ]
    return json.dumps(data, indent=2) + "\n"


def rule_page(rule: type[Rule]) -> str:
    about, bad, good = _sections(rule)
    fix = "yes" if rule.fixable else "no"
    parts = [
        f"### {rule.code} {rule.name}",
        "",
        f"{rule.summary[0].upper()}{rule.summary[1:]}. Severity: {rule.severity.value}. Fixable: {fix}.",
        "",
        about,
        "",
        "Bad:",
        "",
        "```markdown",
        bad,
        "```",
        "",
        "Good:",
        "",
        "```markdown",
        good,
        "```",
    ]
    options = _options(rule)
    if options:
        parts += ["", f"Options (`[tool.listbot.rules.{rule.name}]`):", ""]
        parts += [f"- `{name}` (default `{default}`): {about}" for name, default, about in options]
    if rule.network:
        parts += ["", f"Runs only with `--{rule.network}` (it needs the network)."]
    return "\n".join(parts) + "\n"


def rules_markdown() -> str:
    table = ["| code | name | severity | fix | what it flags |", "| --- | --- | --- | --- | --- |"]
    for rule in ALL_RULES:
        summary = rule.summary.replace("|", "\\|")
        fix = "yes" if rule.fixable else "-"
        table.append(f"| {rule.code} | {rule.name} | {rule.severity.value} | {fix} | {summary} |")
    pages = "\n".join(rule_page(rule) for rule in ALL_RULES)
    return "\n".join(table) + "\n\n" + pages


def sync_readme(path: Path) -> bool:
    """Rewrite the generated part of ``path``; return whether it changed."""
    text = path.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    updated = f"{before}{START}\n{rules_markdown()}{END}{after}"
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m listbot.docs", description="Rewrite the rule reference in a README from the rules."
    )
    parser.add_argument(
        "readme", nargs="?", default="README.md", help="the README to update (default: README.md)"
    )
    args = parser.parse_args(argv)
    path = Path(args.readme)
    if not path.is_file():
        print(f"listbot.docs: error: {path}: no such file", file=sys.stderr)
        return 2
    changed = sync_readme(path)
    print("rule reference updated" if changed else "rule reference already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
