"""The ``listbot`` command: arguments -> config -> engine -> reporter -> exit code.

Exit codes: 0 clean, 1 problems found, 2 usage, config or input error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from listbot import __version__
from listbot.config import Config, ConfigError, load_config
from listbot.diagnostics import Diagnostic
from listbot.source import InputError, Source, read_source, write_atomic

if TYPE_CHECKING:
    from listbot.pipeline import Run

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line and exit 2, like every other error
        self.exit(EXIT_ERROR, f"listbot: error: {message}\n")


def _codes(values: list[str] | None) -> list[str]:
    return [code for value in values or [] for code in value.split(",") if code.strip()]


def _add_lint_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", metavar="FILES", help="list files (default: the configured `files`)"
    )
    parser.add_argument("--config", metavar="PATH", help="a .listbot.toml or pyproject.toml to use")
    parser.add_argument(
        "--select", action="append", metavar="CODES", help="codes or prefixes to check, comma-separated"
    )
    parser.add_argument(
        "--ignore", action="append", metavar="CODES", help="codes or prefixes to skip, comma-separated"
    )
    parser.add_argument(
        "--links", action="store_true", default=None, help="also check that links are alive (network)"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="with --links: ignore and do not update the link cache"
    )
    parser.add_argument("--cache-path", metavar="PATH", help="with --links: the SQLite cache file to use")
    parser.add_argument(
        "--allow-private",
        action="store_true",
        default=None,
        help="with --links: allow private and loopback addresses",
    )
    parser.add_argument(
        "--changed-lines",
        metavar="git-staged",
        help="with --links: only the links on lines added in `git diff --cached` (the listbot-links hook)",
    )
    parser.add_argument(
        "--only-configured",
        action="store_true",
        help="skip FILES that the configured `files` patterns do not name (for pre-commit hooks)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="listbot", description="Lint, fix and review curated Markdown paper lists.")
    parser.add_argument("--version", action="version", version=f"listbot {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="report problems")
    _add_lint_options(check)
    check.add_argument(
        "--format",
        "--output-format",
        dest="format",
        default="text",
        choices=("text", "json", "github", "sarif"),
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")

    fix = commands.add_parser("fix", help="repair what can be repaired, in place")
    _add_lint_options(fix)
    fix.add_argument("--diff", action="store_true", help="print a unified diff instead of writing")
    fix.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes that may change meaning")

    rules = commands.add_parser("rules", help="list the rule catalogue")
    rules.add_argument("--format", default="text", choices=("text", "json", "markdown"))

    rule = commands.add_parser("rule", help="explain one rule")
    rule.add_argument("code", help="a code (LB304) or name (url-noncanonical)")

    from listbot.bot.cli import add_pr_parser

    add_pr_parser(commands)
    return parser


def _load(args: argparse.Namespace) -> Config:
    from listbot.lint import check_rule_options

    config = load_config(args.config)
    check_rule_options(config, "config")
    updates = {}
    if getattr(args, "links", None):
        updates["links"] = {**config.links, "enabled": True}
    return config.model_copy(update=updates) if updates else config


def _files(args: argparse.Namespace, config: Config) -> list[str]:
    """FILES, or the configured files; with --only-configured, FILES the config names."""
    if not args.files:
        return list(config.files)
    if args.only_configured:
        from fnmatch import fnmatchcase
        from pathlib import PurePath

        return [f for f in args.files if any(fnmatchcase(PurePath(f).as_posix(), p) for p in config.files)]
    return list(args.files)


def _read_all(files: Sequence[str]) -> tuple[list[Source], bool]:
    sources, failed = [], False
    for name in files:
        try:
            sources.append(read_source(name))
        except InputError as error:
            print(f"listbot: error: {error}", file=sys.stderr)
            failed = True
    return sources, failed


def _links_wanted(config: Config) -> bool:
    return bool(config.links.get("enabled"))  # --links sets it (see _load)


def _link_diagnostics(args: argparse.Namespace, config: Config, docs: list) -> list[Diagnostic]:
    from listbot.links import check_documents

    return check_documents(
        docs,
        config,
        use_cache=not args.no_cache,
        cache_path=args.cache_path,
        allow_private=args.allow_private,
        changed_lines=args.changed_lines,
    )


def _run(args: argparse.Namespace, config: Config) -> Run:
    from listbot.pipeline import Run

    network = frozenset({"links"}) if _links_wanted(config) else frozenset()
    unsafe = bool(getattr(args, "unsafe_fixes", False))
    return Run(config, tuple(_codes(args.select)), tuple(_codes(args.ignore)), unsafe, network)


def _lint(args: argparse.Namespace, config: Config, sources: list[Source]) -> list[Diagnostic]:
    from listbot.parse import parse
    from listbot.pipeline import analyse

    run = _run(args, config)
    docs = [parse(source.text, source.path) for source in sources]
    links = _link_diagnostics(args, config, docs) if _links_wanted(config) else []
    found = [d for doc in docs for d in analyse(doc, run, extra=[x for x in links if x.path == doc.path])]
    return sorted(found, key=lambda d: d.sort_key)


def run_check(args: argparse.Namespace) -> int:
    from listbot.report import render

    config = _load(args)
    sources, failed = _read_all(_files(args, config))
    diagnostics = _lint(args, config, sources)
    sys.stdout.write(render(args.format, diagnostics, len(sources)))
    if failed:
        return EXIT_ERROR
    return EXIT_PROBLEMS if diagnostics and not args.exit_zero else EXIT_CLEAN


def run_fix(args: argparse.Namespace) -> int:
    from listbot.fixes import FixRefused, unified_diff
    from listbot.parse import parse
    from listbot.pipeline import fix
    from listbot.report.text import line, summary

    config = _load(args)
    sources, failed = _read_all(_files(args, config))
    run = _run(args, config)
    remaining: list[Diagnostic] = []
    docs = [parse(source.text, source.path) for source in sources]
    links = _link_diagnostics(args, config, docs) if _links_wanted(config) else []
    for source, doc in zip(sources, docs, strict=True):
        extra = [d for d in links if d.path == source.path]
        try:
            result = fix(doc, run, extra=extra)
        except FixRefused as error:
            print(f"listbot: error: {error}; nothing written", file=sys.stderr)
            failed = True
            continue
        remaining.extend(result.remaining)
        if args.diff:
            sys.stdout.write(unified_diff(source.text, result.text, source.path))
            continue
        if result.changed:
            write_atomic(source.path, source.encode(result.text))
            for number, diagnostic in enumerate(result.fixed):
                if number < result.first_pass:
                    print(f"fixed {line(diagnostic)}")
                else:  # found only after earlier fixes moved the text: no original position
                    print(f"fixed {diagnostic.path}: {diagnostic.code} {diagnostic.message} (second pass)")
    if not args.diff:
        for diagnostic in remaining:
            print(line(diagnostic))
        print(summary(remaining, len(sources)))
    if failed:
        return EXIT_ERROR
    return EXIT_PROBLEMS if remaining else EXIT_CLEAN


def run_rules(args: argparse.Namespace) -> int:
    from listbot.docs import rules_json, rules_markdown, rules_table

    output = {"json": rules_json, "markdown": rules_markdown}.get(args.format, rules_table)()
    sys.stdout.write(output)
    return EXIT_CLEAN


def run_rule(args: argparse.Namespace) -> int:
    from listbot.docs import rule_page
    from listbot.rules import find_rule

    rule = find_rule(args.code)
    if rule is None:
        print(f"listbot: error: unknown rule {args.code!r} (see `listbot rules`)", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(rule_page(rule))
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as done:  # --help, --version and usage errors
        return int(done.code or 0)
    handlers = {"check": run_check, "fix": run_fix, "rules": run_rules, "rule": run_rule}
    try:
        if args.command == "pr":
            from listbot.bot.cli import run_pr

            return run_pr(args)
        return handlers[args.command](args)
    except (ConfigError, InputError) as error:
        print(f"listbot: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("listbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN


def entry_point() -> None:
    sys.exit(main())
