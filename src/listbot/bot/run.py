"""`listbot pr` from start to end: gather, review, post (or print), summarise, exit."""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from listbot.bot import files as choosing
from listbot.bot.context import RunContext, ToolSource
from listbot.bot.findings import ListFile, review
from listbot.bot.outputs import exit_code, print_annotations, write_outputs, write_step_summary
from listbot.bot.plan import Plan, PlannedComment
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
from listbot.bot.records import ApiError, ChangedFile
from listbot.bot.summary import DIRTY_MARKER, SummaryParts, render_summary, severity_counts
from listbot.config import Config, ConfigError, parse_config
from listbot.config.pr import PrSettings
from listbot.diffmap import DiffMap, compare, from_full_diff, from_patch
from listbot.parse import parse
from listbot.source import InputError, decode

if TYPE_CHECKING:
    from listbot.bot.rest_client import PullRequestApi

CONFIG_FILES = (".listbot.toml", "pyproject.toml")


@dataclass(frozen=True, slots=True)
class Overrides:
    """Flags given on the command line (None: not given, use the config's ``pr`` table)."""

    event: str | None = None
    fail_on: str | None = None
    max_comments: int | None = None
    files: tuple[str, ...] = ()
    links: bool | None = None
    bot_login: str | None = None


def settings_for(config: Config, overrides: Overrides) -> PrSettings:
    """The base config's ``[pr]`` table with the flags applied; ``--max-comments`` may lower
    the configured limit but not raise it (a pull request can edit its workflow's flags)."""
    configured = config.pr
    wanted = overrides.max_comments
    if wanted is not None and wanted > configured.max_comments:
        print(
            f"listbot: note: --max-comments {wanted} is above the configured limit "
            f"({configured.max_comments}); using {configured.max_comments}",
            file=sys.stderr,
        )
        wanted = configured.max_comments
    given = {
        "event": overrides.event,
        "fail_on": overrides.fail_on,
        "max_comments": wanted,
        "files": list(overrides.files) or None,
        "links": overrides.links,
    }
    return configured.model_copy(update={k: v for k, v in given.items() if v is not None})


def patterns_for(config: Config, settings: PrSettings) -> list[str]:
    """Globs naming the files to review: ``--files``/``[pr] files``, else a configured
    ``files``; none (review the changed Markdown files that read as lists) otherwise."""
    if settings.files:
        return list(settings.files)
    return list(config.files) if "files" in config.model_fields_set else []


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


@dataclass(slots=True)
class Gathered:
    items: list[ListFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


class _Diffs:
    """Which lines each file added: GitHub's ``patch``, else the compare API's diff (read
    once), else a local comparison (added lines only: no anchor GitHub would accept)."""

    def __init__(self, api: PullRequestApi, base: str, head: str) -> None:
        self.api, self.base, self.head = api, base, head
        self._full: str | None = None
        self._asked = False

    def of(self, file: ChangedFile, head_text: str, base_text: str | None) -> DiffMap:
        if file.patch is not None:
            return from_patch(file.patch, file.path)
        if not self._asked:
            self._asked = True
            self._full = self.api.compare_diff(self.base, self.head)
        found = from_full_diff(self._full, file.path) if self._full else None
        if found is not None:
            return found
        return DiffMap(added=compare(base_text, head_text).added)

    def base_text(self, file: ChangedFile) -> str | None:
        """The file before the pull request (None for a new file or one that is not text)."""
        if file.status == "added":
            return None
        try:
            return _text(self.api.content(file.previous_path or file.path, self.base), file.path)
        except InputError:
            return None


def _text(data: bytes | None, path: str) -> str | None:
    return None if data is None else decode(data, path).text


def gather(
    api: PullRequestApi, changed: Sequence[ChangedFile], patterns: Sequence[str], shas: tuple[str, str]
) -> Gathered:
    """Fetch the head version of each file to review and learn what it added."""
    head, base = shas
    choice = choosing.choose(changed, patterns)
    result = Gathered(skipped=list(choice.skipped))
    diffs = _Diffs(api, base, head)
    for file in choice.wanted:
        data = api.content(file.path, head)
        if data is None:
            continue
        reason = choosing.too_large(data)
        doc = None
        if reason is None and not choice.configured:
            try:
                doc = parse(decode(data, file.path).text, file.path)
            except InputError:
                reason = "not UTF-8 text"
            else:
                reason = choosing.not_a_list(doc)
        if reason is not None:
            result.skipped.append((file.path, reason))
            continue
        text = doc.text if doc is not None else decode(data, file.path).text  # not text: exit 2
        base_text = diffs.base_text(file)
        result.items.append(ListFile(file.path, text, diffs.of(file, text, base_text), doc, base_text))
    return result


# --- printing and posting -----------------------------------------------------------------------


def dry_run_json(event: str, comments: Sequence[PlannedComment], plan: Plan, summary: str) -> str:
    total = len(plan.comments) + len(plan.overflow)
    review_part = {
        "event": event,
        "body": review_body(len(comments), total) if comments else "",
        "comments": [c.as_json() for c in comments],
    }
    data = {
        "review": review_part,
        "summary": summary,
        "outputs": outputs(plan),
        "files": {
            "reviewed": [f.path for f in plan.files],
            "skipped": [{"path": path, "reason": why} for path, why in plan.skipped],
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def outputs(plan: Plan) -> dict[str, int]:
    return severity_counts(plan.touched) | {"elsewhere": len(plan.untouched)}


def finish(plan: Plan, settings: PrSettings, ctx: RunContext, summary: str) -> int:
    write_step_summary(ctx.step_summary, summary)
    write_outputs(ctx.output, outputs(plan))
    return exit_code(plan.touched, settings.fail_on)


def run_local(
    base_path: str, head_path: str, name: str | None, config: Config, overrides: Overrides, tool: ToolSource
) -> int:
    """``--dry-run --base OLD --head NEW``: everything from two local files, no API."""
    from listbot.source import read_source

    settings = settings_for(config, overrides)
    path = name or head_path
    base_text = read_source(base_path).text
    head_text = read_source(head_path).text
    item = ListFile(path, head_text, compare(base_text, head_text), base_text=base_text)
    plan = review([item], config, settings.links, settings.max_comments, tool)
    summary = render_summary(plan, SummaryParts(fail_on=settings.fail_on, tool=tool))
    print(dry_run_json(settings.event, plan.comments, plan, summary))
    return exit_code(plan.touched, settings.fail_on)


@dataclass(slots=True)
class Prepared:
    api: PullRequestApi
    head: str
    plan: Plan
    settings: PrSettings
    existing: Existing
    tool: ToolSource


def prepare(ctx: RunContext, config: Config | None, overrides: Overrides, tuning: dict[str, Any]) -> Prepared:
    from listbot.bot.rest_client import PullRequestApi  # PyGithub: only a run against GitHub needs it

    api = PullRequestApi(ctx, **tuning)
    head, base = api.shas()
    config = base_config(api, base) if config is None else config
    settings = settings_for(config, overrides)
    me = overrides.bot_login or api.identity()
    gathered = gather(api, api.changed_files(), patterns_for(config, settings), (head, base))
    plan = review(gathered.items, config, settings.links, settings.max_comments, ctx.tool)
    plan.skipped = gathered.skipped
    existing = read_existing(api.review_comments(), api.issue_comments(), me)
    return Prepared(api, head, plan, settings, existing, ctx.tool)


def review_event(job: Prepared) -> str:
    """REQUEST_CHANGES only when the findings fail the check; warnings alone just comment."""
    failing = exit_code(job.plan.touched, job.settings.fail_on) != 0
    return job.settings.event if failing else "COMMENT"


def _parts(job: Prepared, **more: Any) -> SummaryParts:
    was_dirty = job.existing.summary is not None and DIRTY_MARKER in job.existing.summary.body
    return SummaryParts(job.head, job.settings.fail_on, job.tool, was_dirty=was_dirty, **more)


def publish(job: Prepared, to_post: list[PlannedComment]) -> str:
    """Post the review, tidy up, update the summary; return the summary Markdown."""
    plan, total = job.plan, len(job.plan.comments) + len(job.plan.overflow)
    posted = post_review(job.api, job.head, review_event(job), to_post, total, job.existing.me)
    stale = outdated([*plan.comments, *plan.overflow], job.existing)
    resolve_outdated(job.api, stale, job.existing, job.head)
    summary = render_summary(plan, _parts(job, moved=posted.moved, notes=posted.notes))
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
    return render_summary(job.plan, _parts(job, moved=job.plan.comments, notes=[note]))


def run_api(
    ctx: RunContext, config: Config | None, overrides: Overrides, dry_run: bool, tuning: dict[str, Any]
) -> int:
    job = prepare(ctx, config, overrides, tuning)
    to_post = new_comments(job.plan.comments, job.existing)
    if dry_run:
        summary = render_summary(job.plan, _parts(job))
        print(dry_run_json(review_event(job), to_post, job.plan, summary))
        return finish(job.plan, job.settings, ctx, summary)
    try:
        summary = publish(job, to_post)
    except ApiError as failure:
        if failure.kind not in ("forbidden", "rate_limit", "server", "network", "not_found"):
            print(f"listbot: warning: {failure}", file=sys.stderr)
        summary = fallback(job, failure)
    return finish(job.plan, job.settings, ctx, summary)
