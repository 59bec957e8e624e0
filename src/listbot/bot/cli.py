"""`listbot pr`: arguments only here; PyGithub is imported when the command runs.

The CLI imports this module for every command, so it must stay import-light: nothing
from ``listbot.bot`` beyond this file is imported before :func:`run_pr`.
"""

from __future__ import annotations

import argparse
import os
import sys


def _positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def add_pr_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    pr = commands.add_parser("pr", help="review a pull request (GitHub Actions)")
    where = pr.add_argument_group("which pull request (default: the GitHub Actions environment)")
    where.add_argument("--repo", metavar="OWNER/NAME", help="repository (default: $GITHUB_REPOSITORY)")
    where.add_argument(
        "--pr", type=int, metavar="N", help="pull request number (default: from $GITHUB_EVENT_PATH)"
    )
    where.add_argument("--api-url", metavar="URL", help="REST API root (default: $GITHUB_API_URL)")
    where.add_argument(
        "--token-env",
        default="GITHUB_TOKEN",
        metavar="NAME",
        help="environment variable holding the token (default: GITHUB_TOKEN)",
    )
    what = pr.add_argument_group("what to check and how to report")
    what.add_argument(
        "--files",
        action="append",
        metavar="GLOBS",
        help="list files to review, comma-separated globs (default: the config's files)",
    )
    what.add_argument("--links", action="store_true", default=None, help="also check the links (network)")
    what.add_argument(
        "--event",
        type=str.upper,
        choices=("COMMENT", "REQUEST_CHANGES"),
        help="review event (default: COMMENT)",
    )
    what.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        help="exit 1 on problems at least this severe on changed lines (default: error)",
    )
    what.add_argument(
        "--max-comments",
        type=_positive,
        metavar="N",
        help="line comments per run (default and upper limit: the config's pr.max-comments, 30)",
    )
    what.add_argument("--config", metavar="PATH", help="use this local config instead of the base branch's")
    what.add_argument("--dry-run", action="store_true", help="print the review as JSON; post nothing")
    what.add_argument(
        "--base", metavar="OLD.md", help="with --dry-run --head: compare two local files, no API"
    )
    what.add_argument("--head", metavar="NEW.md", help="with --dry-run --base: the new version")
    what.add_argument("--path", metavar="NAME", help="with --base/--head: the file name to show")
    what.add_argument(
        "--bot-login",
        metavar="LOGIN",
        help="the login the token writes as, when GET /user cannot tell (a GitHub App's "
        "installation token); only comments by this login are taken as the bot's own",
    )
    tuning = pr.add_argument_group("API tuning")
    tuning.add_argument("--retries", type=_positive, default=3, help="attempts for reads on 5xx (default: 3)")
    tuning.add_argument("--retry-delay", type=float, default=2.0, help="seconds between retries (default: 2)")
    tuning.add_argument(
        "--write-delay",
        type=float,
        default=1.0,
        help="seconds between API writes, against secondary rate limits (default: 1)",
    )


def _globs(values: list[str] | None) -> tuple[str, ...]:
    return tuple(part.strip() for value in values or [] for part in value.split(",") if part.strip())


def run_pr(args: argparse.Namespace) -> int:
    """Run the review; whatever goes wrong is one line and exit 2, never a traceback and
    never confused with findings (exit 1)."""
    from listbot.bot.outputs import could_not_run
    from listbot.extras import require

    require("bot")  # PyGithub and unidiff: one line naming the extra when they are missing
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY") or None
    try:
        return _run(args)
    except KeyboardInterrupt:
        raise
    except Exception as problem:
        from listbot.bot.context import ContextError
        from listbot.bot.records import ApiError
        from listbot.config import ConfigError
        from listbot.source import InputError

        if isinstance(problem, ApiError):
            message = f"could not read the pull request: {problem}"
        elif isinstance(problem, ContextError | ConfigError | InputError | UsageError):
            message = str(problem)
        else:
            message = f"internal error ({type(problem).__name__}: {problem}); please report it"
        return could_not_run(step_summary, message)


def _run(args: argparse.Namespace) -> int:
    from listbot.bot.context import ToolSource, resolve
    from listbot.bot.run import Overrides, run_api, run_local
    from listbot.config import load_config

    overrides = Overrides(
        args.event, args.fail_on, args.max_comments, _globs(args.files), args.links, args.bot_login
    )
    if args.base or args.head:
        if not (args.base and args.head and args.dry_run):
            raise UsageError("--base and --head go together, with --dry-run")
        tool = ToolSource.find(os.environ)
        return run_local(args.base, args.head, args.path, load_config(args.config), overrides, tool)
    ctx = resolve(os.environ, args.repo, args.pr, args.api_url, args.token_env)
    if ctx.token is None and not args.dry_run:
        print(f"listbot: warning: ${args.token_env} is empty; reading anonymously", file=sys.stderr)
    config = load_config(args.config) if args.config else None
    tuning = {
        "retries": max(args.retries, 1),
        "retry_delay": args.retry_delay,
        "write_delay": args.write_delay,
    }
    return run_api(ctx, config, overrides, args.dry_run, tuning)


class UsageError(Exception):
    """Flags that do not go together."""
