"""`listbot pr` from start to end: gather, analyse, post (or print), summarise, exit."""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from listbot.bot.analyse import FileInput, analyse
from listbot.bot.context import RunContext
from listbot.bot.github_api import ApiError, ChangedFile, PullRequestApi
from listbot.bot.outputs import EXIT_ERROR, exit_code, print_annotations, write_outputs, write_step_summary
from listbot.bot.publish import (
    Existing,
    new_comments,
    outdated,
    post_review,
    read_existing,
    resolve_outdated,
    review_body,
    upsert_summary,
)
from listbot.bot.review import Plan, PlannedComment
from listbot.bot.settings import PrSettings, parse_pr_settings
from listbot.bot.summary import DIRTY_MARKER, render_summary, severity_counts
from listbot.config import Config, ConfigError, parse_config
from listbot.diffmap import local_patch
from listbot.source import InputError, decode

CONFIG_FILES = (".listbot.toml", "pyproject.toml")


@dataclass(frozen=True, slots=True)
class Overrides:
    """Flags given on the command line (None: not given, use the config's ``pr`` table)."""

    event: str | None = None
    fail_on: str | None = None
    max_comments: int | None = None
    files: tuple[str, ...] = ()
    links: bool | None = None

    def apply(self, settings: PrSettings) -> PrSettings:
        given = {
            "event": self.event,
            "fail_on": self.fail_on,
            "max_comments": self.max_comments,
            "files": list(self.files) or None,
            "links": self.links,
        }
        return settings.model_copy(update={k: v for k, v in given.items() if v is not None})


def error(message: str) -> int:
    print(f"listbot: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def settings_for(config: Config, overrides: Overrides) -> PrSettings:
    return overrides.apply(parse_pr_settings(config.pr, "config"))


# --- config from the base branch ----------------------------------------------------------------


def config_from_toml(name: str, data: bytes) -> Config | None:
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as problem:
        raise ConfigError(f"{name} on the base branch: invalid TOML: {problem}") from None
    if name == "pyproject.toml":
        listbot = table.get("tool", {}).get("listbot")
        return None if listbot is None else parse_config(listbot, f"{name} [tool.listbot] on the base branch")
    return parse_config(table, f"{name} on the base branch")


def base_config(api: PullRequestApi, base_sha: str) -> Config:
    """The base branch's config: a pull request cannot switch off its own checks."""
    for name in CONFIG_FILES:
        data = api.content(name, base_sha)
        if data is not None:
            config = config_from_toml(name, data)
            if config is not None:
                return config
    return Config()


# --- gathering the files ------------------------------------------------------------------------


def wanted(path: str, patterns: Sequence[str]) -> bool:
    return any(fnmatchcase(path, pattern) for pattern in patterns)


def _text(data: bytes | None, path: str) -> str | None:
    return None if data is None else decode(data, path).text


def gather(api: PullRequestApi, changed: Sequence[ChangedFile], head: str, base: str) -> list[FileInput]:
    items = []
    for file in changed:
        head_text = _text(api.content(file.path, head), file.path)
        if head_text is None:
            continue
        base_text = None
        if file.status != "added":
            base_text = _text(api.content(file.previous_path or file.path, base), file.path)
        items.append(FileInput(file.path, base_text, head_text, file.patch))
    return items


# --- printing and posting -----------------------------------------------------------------------


def dry_run_json(event: str, comments: Sequence[PlannedComment], total: int, summary: str) -> str:
    review = {
        "event": event,
        "body": review_body(len(comments), total) if comments else "",
        "comments": [c.as_json() for c in comments],
    }
    return json.dumps({"review": review, "summary": summary}, indent=2, ensure_ascii=False)


def finish(
    plan: Plan, settings: PrSettings, ctx_summary: str | None, ctx_output: str | None, summary: str
) -> int:
    write_step_summary(ctx_summary, summary)
    write_outputs(ctx_output, severity_counts(plan.touched) | {"elsewhere": len(plan.untouched)})
    return exit_code(plan.touched, settings.fail_on)


def run_local(base_path: str, head_path: str, name: str | None, config: Config, overrides: Overrides) -> int:
    """``--dry-run --base OLD --head NEW``: everything from two local files, no API."""
    from listbot.source import read_source

    settings = settings_for(config, overrides)
    path = name or head_path
    base_text = read_source(base_path).text
    head_text = read_source(head_path).text
    item = FileInput(path, base_text, head_text, local_patch(base_text, head_text, path))
    plan = analyse([item], config, settings.links, settings.max_comments)
    summary = render_summary(plan, None, len(plan.comments))
    print(dry_run_json(settings.event, plan.comments, len(plan.comments) + len(plan.overflow), summary))
    return exit_code(plan.touched, settings.fail_on)


@dataclass(slots=True)
class Prepared:
    api: PullRequestApi
    head: str
    plan: Plan
    settings: PrSettings
    existing: Existing


def prepare(ctx: RunContext, config: Config | None, overrides: Overrides, tuning: dict[str, Any]) -> Prepared:
    api = PullRequestApi(ctx, **tuning)
    head, base = api.shas()
    config = base_config(api, base) if config is None else config
    settings = settings_for(config, overrides)
    patterns = settings.files or config.files
    changed = [f for f in api.changed_files() if f.status != "removed" and wanted(f.path, patterns)]
    plan = analyse(gather(api, changed, head, base), config, settings.links, settings.max_comments)
    existing = read_existing(api.review_comments(), api.issue_comments())
    return Prepared(api, head, plan, settings, existing)


def review_event(job: Prepared) -> str:
    """REQUEST_CHANGES only when the findings fail the check; warnings alone just comment."""
    failing = exit_code(job.plan.touched, job.settings.fail_on) != 0
    return job.settings.event if failing else "COMMENT"


def publish(job: Prepared, to_post: list[PlannedComment]) -> str:
    """Post the review, tidy up, update the summary; return the summary Markdown."""
    plan, total = job.plan, len(job.plan.comments) + len(job.plan.overflow)
    posted = post_review(job.api, job.head, review_event(job), to_post, total)
    stale = outdated([*plan.comments, *plan.overflow], job.existing)
    resolve_outdated(job.api, stale, job.existing, job.head)
    was_dirty = job.existing.summary is not None and DIRTY_MARKER in job.existing.summary.body
    standing = len(plan.comments) - len(to_post)
    summary = render_summary(
        plan, job.head, len(posted.comments) + standing, posted.moved, posted.notes, was_dirty
    )
    upsert_summary(job.api, job.existing, summary)
    return summary


def fallback(job: Prepared, failure: ApiError) -> str:
    """No write access (a fork's read-only token) or rate-limited: annotations + job summary."""
    reason = "the token cannot write to this pull request" if failure.kind == "forbidden" else str(failure)
    print(
        f"listbot: cannot comment on the pull request ({failure}); showing annotations instead",
        file=sys.stderr,
    )
    print_annotations(job.plan.touched)
    note = f"listbot could not comment on the pull request: {reason}. The problems are shown as annotations."
    return render_summary(job.plan, job.head, 0, job.plan.comments, [note])


def run_api(
    ctx: RunContext, config: Config | None, overrides: Overrides, dry_run: bool, tuning: dict[str, Any]
) -> int:
    try:
        job = prepare(ctx, config, overrides, tuning)
    except (ApiError, InputError) as failure:  # an API failure, or a list file that is not text
        write_step_summary(
            ctx.step_summary, f"## listbot review\n\nlistbot could not read the pull request: {failure}\n"
        )
        return error(str(failure))
    to_post = new_comments(job.plan.comments, job.existing)
    if dry_run:
        was_dirty = job.existing.summary is not None and DIRTY_MARKER in job.existing.summary.body
        summary = render_summary(job.plan, job.head, len(job.plan.comments), was_dirty=was_dirty)
        total = len(job.plan.comments) + len(job.plan.overflow)
        print(dry_run_json(review_event(job), to_post, total, summary))
        return finish(job.plan, job.settings, ctx.step_summary, ctx.output, summary)
    try:
        summary = publish(job, to_post)
    except ApiError as failure:
        if failure.kind not in ("forbidden", "rate_limit", "server", "network", "not_found"):
            print(f"listbot: warning: {failure}", file=sys.stderr)
        summary = fallback(job, failure)
    return finish(job.plan, job.settings, ctx.step_summary, ctx.output, summary)
