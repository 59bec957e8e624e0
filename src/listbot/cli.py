"""The ``listbot`` command: arguments -> files and configs -> pipeline -> report -> exit code.

Exit codes: 0 clean, 1 problems found (or a diff printed), 2 usage, config or input
error (one line on stderr, nothing on stdout).
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

from listbot.config import ConfigError
from listbot.diagnostics import EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS, Diagnostic, fails
from listbot.extras import MissingExtra
from listbot.metadata.model import MetadataUnavailable
from listbot.outcomes import NetworkDown
from listbot.source import InputError

if TYPE_CHECKING:
    from listbot.fixes import FixResult
    from listbot.inputs import Target
    from listbot.metadata.refs import MetadataAnswers
    from listbot.model import Document
    from listbot.outcomes import Outcome
    from listbot.pipeline import Run

FORMATS = ("text", "json", "github", "sarif")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line and exit 2, like every other error
        self.exit(EXIT_ERROR, f"listbot: error: {message}\n")


class UsageError(Exception):
    """A flag combination that cannot work; the message is one line."""


def _codes(values: list[str] | None) -> list[str]:
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {value!r}") from None
    if seconds <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return seconds


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILES",
        help="list files, folders or globs; - reads stdin (default: `files`)",
    )
    parser.add_argument(
        "--config", metavar="PATH", help="a .listbot.toml or pyproject.toml to use for every file"
    )
    parser.add_argument(
        "--select", action="append", metavar="CODES", help="codes, prefixes or names to check"
    )
    parser.add_argument("--ignore", action="append", metavar="CODES", help="codes, prefixes or names to skip")
    parser.add_argument("--extend-select", action="append", metavar="CODES", help="codes to check as well")
    parser.add_argument(
        "--stdin-filename", metavar="NAME", help="with -: the name (and config) of stdin's list"
    )
    parser.add_argument(
        "--only-configured",
        action="store_true",
        help="skip FILES the configured `files` globs do not name (hooks)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print problems only, no summary")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour output")
    network = parser.add_argument_group("network checks")
    network.add_argument("--links", action="store_true", default=None, help="also check that links are alive")
    network.add_argument(
        "--timeout", type=_seconds, metavar="SECONDS", help="with --links: seconds per request"
    )
    network.add_argument(
        "--metadata",
        action="store_true",
        default=None,
        help="also look papers and code repositories up (arXiv, GitHub): LB801-LB813",
    )
    network.add_argument(
        "--no-cache", action="store_true", help="with --links/--metadata: ignore and do not update the cache"
    )
    network.add_argument(
        "--cache-path", metavar="PATH", help="with --links/--metadata: the SQLite cache file to use"
    )
    network.add_argument(
        "--allow-private", action="store_true", default=None, help="with --links: allow private addresses"
    )
    network.add_argument(
        "--changed-lines",
        metavar="git-staged",
        help="with --links: only links on lines added in `git diff --cached`",
    )


def _add_fixing(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply fixes that may change meaning"
    )
    parser.add_argument("--show-fixes", action="store_true", help="list each fix that was applied")


class _VersionAction(argparse.Action):
    """``--version``, reading the installed version only when asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show the version and exit")
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        import listbot

        print(f"listbot {listbot.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="listbot", description="Lint, fix and review curated Markdown paper lists.")
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    check = commands.add_parser("check", help="report problems")
    _add_common(check)
    check.add_argument("--format", "--output-format", dest="format", default="text", choices=FORMATS)
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="warning",
        help="exit 1 on problems at least this severe (default: warning; infos are notes)",
    )
    check.add_argument("--statistics", action="store_true", help="count the problems per rule")
    check.add_argument("--fix", action="store_true", help="fix what can be fixed, then report the rest")
    _add_fixing(check)

    fix = commands.add_parser("fix", help="repair what can be repaired, in place")
    _add_common(fix)
    fix.add_argument(
        "--diff", action="store_true", help="print a unified diff instead of writing (exit 1 if any)"
    )
    _add_fixing(fix)

    style = commands.add_parser("style", help="print the conventions listbot learned, as TOML to pin them")
    style.add_argument(
        "files", nargs="*", metavar="FILES", help="list files (default: the configured `files`)"
    )
    style.add_argument("--config", metavar="PATH", help="a .listbot.toml or pyproject.toml to use")

    rules = commands.add_parser("rules", help="list the rule catalogue")
    rules.add_argument("--format", default="text", choices=("text", "json", "markdown"))

    rule = commands.add_parser("rule", help="explain one rule")
    rule.add_argument("code", help="a code (LB304) or name (url-noncanonical)")

    from listbot.bot.cli import add_pr_parser

    add_pr_parser(commands)
    return parser


# --- running the pipeline over the inputs ---------------------------------------------------------


@dataclass(slots=True)
class Checked:
    """One file after linting: its target, parsed document and what is reported."""

    target: Target
    doc: Document
    run: Run
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outcomes: dict[str, Outcome] | None = None  # what the link checker found, by request URL
    metadata: MetadataAnswers | None = None  # what the paper and code lookups found


def _run(args: argparse.Namespace, target: Target) -> Run:
    from listbot.pipeline import Run

    network = frozenset({"links"}) if _links_wanted(args, target) else frozenset()
    if bool(getattr(args, "metadata", None)) or target.config.metadata.enabled:
        network |= {"metadata"}
    return Run(
        target.config,
        tuple(_codes(args.select)),
        tuple(_codes(args.ignore)),
        bool(getattr(args, "unsafe_fixes", False)),
        network,
        extend_select=tuple(_codes(args.extend_select)),
    )


def _links_wanted(args: argparse.Namespace, target: Target) -> bool:
    return bool(args.links) or target.config.links.enabled


def _targets(args: argparse.Namespace) -> list[Target]:
    from listbot.decide import check_codes
    from listbot.inputs import gather
    from listbot.lint import check_rule_options

    inputs = gather(args.files, args.config, args.only_configured, getattr(args, "stdin_filename", None))
    if inputs.errors:
        raise InputError("; ".join(inputs.errors))
    flags = [
        (f"--{name.replace('_', '-')}", _codes(getattr(args, name, None)))
        for name in ("select", "ignore", "extend_select")
    ]
    for target in inputs.targets:
        check_codes(target.config, "config", *flags)
        check_rule_options(target.config, "config")
    return inputs.targets


def _check_links(args: argparse.Namespace, checked: list[Checked]) -> None:
    """One link-check run per links configuration (usually one for all files)."""
    groups: dict[int, list[Checked]] = {}
    for item in checked:
        if "links" in item.run.network:
            groups.setdefault(id(item.target.config.links), []).append(item)
    if not groups:
        return
    from listbot.extras import require

    require("links")
    from listbot.links import check_links

    for group in groups.values():
        outcomes = check_links(
            [item.doc for item in group],
            group[0].target.config.links,
            use_cache=not args.no_cache,
            cache_path=args.cache_path,
            allow_private=args.allow_private,
            changed_lines=args.changed_lines,
            timeout=args.timeout,
        )
        for item in group:
            item.outcomes = outcomes


def _check_metadata(args: argparse.Namespace, checked: list[Checked]) -> None:
    """One paper and code lookup run per metadata configuration, for the parts whose rules are
    selected; a one-line summary on stderr."""
    from listbot.lint import rules_to_run

    groups: dict[int, list[Checked]] = {}
    codes: dict[int, set[str]] = {}
    for item in checked:
        if "metadata" not in item.run.network:
            continue
        rules = rules_to_run(item.target.config, item.run.chosen(item.doc.path), item.run.network)
        wanted = {rule.code for rule in rules if rule.network == "metadata"}
        if wanted:
            key = id(item.target.config.metadata)
            groups.setdefault(key, []).append(item)
            codes.setdefault(key, set()).update(wanted)
    if not groups:
        return
    from listbot.extras import require

    require("links")  # httpx, and platformdirs for the cache's place
    from listbot.metadata.refs import check_documents_metadata, summary

    for key, group in groups.items():
        answers = check_documents_metadata(
            [item.doc for item in group],
            group[0].target.config.metadata,
            papers=any(code.startswith("LB80") for code in codes[key]),
            code=any(code.startswith("LB81") for code in codes[key]),
            suggest="LB801" in codes[key],
            use_cache=not args.no_cache,
            cache_path=args.cache_path,
        )
        for item in group:
            item.metadata = answers
        if not args.quiet:
            print(summary(answers), file=sys.stderr)


def _check_all(args: argparse.Namespace, targets: list[Target]) -> list[Checked]:
    from listbot.parse import parse
    from listbot.pipeline import analyse

    checked = [Checked(t, parse(t.source.text, t.source.path), _run(args, t)) for t in targets]
    _check_links(args, checked)
    _check_metadata(args, checked)
    for item in checked:
        item.diagnostics = analyse(item.doc, item.run, item.outcomes, metadata=item.metadata)
    return checked


# --- commands -------------------------------------------------------------------------------------


def _report(args: argparse.Namespace, diagnostics: list[Diagnostic], files: int) -> None:
    from listbot.report import render
    from listbot.report.text import print_colored, statistics, wants_color

    if args.format == "text" and getattr(args, "statistics", False):
        sys.stdout.write(statistics(diagnostics))
    elif args.format == "text" and wants_color(args.color):
        print_colored(diagnostics, files, args.quiet)
    else:
        sys.stdout.write(render(args.format, diagnostics, files, quiet=args.quiet))


def run_check(args: argparse.Namespace) -> int:
    targets = _targets(args)
    if args.fix:
        results = _fix_all(args, targets, write=True)
        diagnostics = [d for _, result in results for d in result.remaining]
        if args.show_fixes and not args.quiet:
            _print_fixes(results, sys.stderr)
    else:
        diagnostics = [d for item in _check_all(args, targets) for d in item.diagnostics]
    diagnostics.sort(key=lambda d: d.sort_key)
    _report(args, diagnostics, len(targets))
    return EXIT_PROBLEMS if fails(diagnostics, args.fail_on) and not args.exit_zero else EXIT_CLEAN


def _fix_all(args: argparse.Namespace, targets: list[Target], write: bool) -> list[tuple[Checked, FixResult]]:
    """Fix every file. A file that changes on disk meanwhile is read and fixed again; a file the
    loss guard refuses, or that cannot be written, is an error for the whole run (exit 2)."""
    from listbot.fixes import FixRefused

    results, failures = [], []
    for item in _check_all(args, targets):
        try:
            result = _fix_one(item, write and not item.target.stdin)
        except (FixRefused, InputError) as error:
            failures.append(f"{error}" if isinstance(error, InputError) else f"{error}; nothing written")
            continue
        results.append((item, result))
    if failures:
        raise InputError("; ".join(failures))
    return results


def _fix_one(item: Checked, write: bool) -> FixResult:
    from listbot.parse import parse
    from listbot.pipeline import fix
    from listbot.source import Source, fix_file

    if not write:
        return fix(item.doc, item.run, item.outcomes, found=item.diagnostics, metadata=item.metadata)

    def fixed(current: Source) -> FixResult:  # the network answers hold whatever else changed
        if current.text == item.doc.text:
            return fix(item.doc, item.run, item.outcomes, found=item.diagnostics, metadata=item.metadata)
        return fix(parse(current.text, current.path), item.run, item.outcomes, metadata=item.metadata)

    return fix_file(item.target.source.path, fixed, first=item.target.source).result


def _print_fixes(results: list[tuple[Checked, FixResult]], stream) -> None:  # type: ignore[no-untyped-def]
    from listbot.report.text import line

    for _, result in results:
        for number, diagnostic in enumerate(result.fixed):
            if number < result.first_pass:
                print(f"fixed {line(diagnostic)}", file=stream)
            else:  # found only after earlier fixes moved the text: no position in the original
                print(
                    f"fixed {diagnostic.path}: {diagnostic.code} {diagnostic.message} (second pass)",
                    file=stream,
                )


def _fix_summary(results: list[tuple[Checked, FixResult]], diff: bool) -> str:
    from listbot.report.text import problems_and_notes
    from listbot.text import plural

    fixed = sum(len(result.fixed) for _, result in results)
    remaining = problems_and_notes([d for _, result in results for d in result.remaining])[0]
    unsafe = sum(result.unsafe_left for _, result in results)
    more = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
    if diff:
        return f"Would fix {plural(fixed, 'problem')}{more}."
    return f"Fixed {plural(fixed, 'problem')}, {len(remaining)} remaining{more}."


def run_fix(args: argparse.Namespace) -> int:
    from listbot.fixes import unified_diff
    from listbot.report.text import line

    targets = _targets(args)
    results = _fix_all(args, targets, write=not args.diff)
    remaining = sorted((d for _, result in results for d in result.remaining), key=lambda d: d.sort_key)
    if args.diff:
        for item, result in results:
            sys.stdout.write(unified_diff(item.target.source.text, result.text, item.target.source.path))
        print(_fix_summary(results, diff=True), file=sys.stderr)
        return EXIT_PROBLEMS if any(result.changed for _, result in results) else EXIT_CLEAN
    stdin = [(item, result) for item, result in results if item.target.stdin]
    if stdin:  # `listbot fix -`: the fixed list goes to stdout, the report to stderr
        for item, result in stdin:
            sys.stdout.write(item.target.source.encode(result.text).decode("utf-8"))
    out = sys.stderr if stdin else sys.stdout
    if not args.quiet:
        if args.show_fixes or not stdin:
            _print_fixes(results, out)
        for diagnostic in remaining:
            print(line(diagnostic), file=out)
        print(_fix_summary(results, diff=False), file=out)
    return EXIT_PROBLEMS if fails(remaining, "warning") else EXIT_CLEAN


def run_style(args: argparse.Namespace) -> int:
    from listbot.inputs import gather
    from listbot.parse import parse
    from listbot.style import style_toml

    inputs = gather(args.files, args.config)
    if inputs.errors:
        raise InputError("; ".join(inputs.errors))
    for target in inputs.targets:
        sys.stdout.write(style_toml(parse(target.source.text, target.source.path)))
    return EXIT_CLEAN


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
        raise UsageError(f"unknown rule {args.code!r} (see `listbot rules`)")
    sys.stdout.write(rule_page(rule))
    return EXIT_CLEAN


HANDLERS = {"check": run_check, "fix": run_fix, "style": run_style, "rules": run_rules, "rule": run_rule}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        args = parser.parse_args(arguments)
    except SystemExit as done:  # --help, --version and usage errors
        return int(done.code or 0)
    try:
        if args.command == "pr":
            from listbot.bot.cli import run_pr

            return run_pr(args)
        return HANDLERS[args.command](args)
    except (ConfigError, InputError, MissingExtra, NetworkDown, MetadataUnavailable, UsageError) as error:
        print(f"listbot: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("listbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN


def entry_point() -> None:
    # A one-shot process that builds many small objects and few cycles: collecting rarely makes a
    # 10,000-entry list parse in about half the time. mypy's settings (200,000, 30, 30) still
    # scanned every surviving object each 6 million allocations: a tenth of `fix` on a 1 MB table.
    gc.freeze()
    gc.set_threshold(1_000_000, 20, 20)
    sys.exit(main())
