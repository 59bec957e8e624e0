"""Posting the plan: one review, cleanup of outdated comments, the one summary comment.

Own comments are recognised by their hidden markers (never by ``GET /user``, which an
Actions token may not call). A planned comment whose fingerprints already stand in an
unresolved own comment is not posted again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from listbot.bot.github_api import ApiError, PostedComment, PullRequestApi
from listbot.bot.review import PlannedComment, fingerprints_of
from listbot.bot.summary import SUMMARY_MARKER

RESOLVED_MARKER = "<!-- listbot:resolved -->"
REVIEW_MARKER = "<!-- listbot:review -->"


@dataclass(slots=True)
class Existing:
    """What the bot finds of its own earlier runs on this pull request."""

    standing: list[PostedComment] = field(default_factory=list)  # unresolved own line comments
    replied: set[int] = field(default_factory=set)  # own comment ids a person answered
    summary: PostedComment | None = None

    def standing_sets(self) -> set[frozenset[str]]:
        return {fingerprints_of(c.body) for c in self.standing}


def read_existing(
    review_comments: Sequence[PostedComment], issue_comments: Sequence[PostedComment]
) -> Existing:
    found = Existing()
    for comment in review_comments:
        if fingerprints_of(comment.body) and RESOLVED_MARKER not in comment.body:
            found.standing.append(comment)
        elif comment.in_reply_to is not None and not fingerprints_of(comment.body):
            found.replied.add(comment.in_reply_to)
    found.summary = next((c for c in issue_comments if SUMMARY_MARKER in c.body), None)
    return found


def new_comments(planned: Sequence[PlannedComment], existing: Existing) -> list[PlannedComment]:
    standing = existing.standing_sets()
    return [c for c in planned if frozenset(c.fingerprints) not in standing]


def outdated(planned: Sequence[PlannedComment], existing: Existing) -> list[PostedComment]:
    wanted = {frozenset(c.fingerprints) for c in planned}
    return [c for c in existing.standing if fingerprints_of(c.body) not in wanted]


def review_body(count: int, total: int) -> str:
    more = f" ({total - count} more in the summary comment)" if total > count else ""
    return (
        f"**listbot** found problems on lines this pull request changed: {count} line "
        f"comment{'s' if count != 1 else ''} below{more}. Suggestions show what `listbot fix` "
        f"would write; apply them with one click.\n\n{REVIEW_MARKER}"
    )


@dataclass(slots=True)
class Posted:
    comments: list[PlannedComment] = field(default_factory=list)
    moved: list[PlannedComment] = field(default_factory=list)  # refused by GitHub: into the summary
    notes: list[str] = field(default_factory=list)


def _landed(api: PullRequestApi, batch: Sequence[PlannedComment]) -> bool:
    """After a 5xx, did the review get created all the same? (GitHub sometimes does.)"""
    standing = {fingerprints_of(c.body) for c in api.review_comments()}
    return all(frozenset(c.fingerprints) in standing for c in batch)


def _create(api: PullRequestApi, head_sha: str, event: str, batch: list[PlannedComment], total: int) -> None:
    """Create the review; after a 5xx, retry once unless it landed anyway."""
    payload = [c.payload() for c in batch]
    try:
        api.create_review(head_sha, review_body(len(batch), total), event, payload)
    except ApiError as error:
        if error.kind not in ("server", "network"):
            raise
        if not _landed(api, batch):
            api.create_review(head_sha, review_body(len(batch), total), event, payload)


def post_review(
    api: PullRequestApi, head_sha: str, event: str, comments: list[PlannedComment], total: int
) -> Posted:
    """One review; on 422 retry with single-line comments only, then give up on line comments."""
    result = Posted()
    if not comments:
        return result
    single = [c for c in comments if c.start_line is None]
    attempts = [comments] + ([single] if single and len(single) < len(comments) else [])
    for batch in attempts:
        try:
            _create(api, head_sha, event, batch, total)
        except ApiError as error:
            if error.kind != "unprocessable":
                raise
            result.notes.append(f"GitHub refused the review ({error}); retrying with fewer line comments.")
            continue
        result.comments = batch
        result.moved = [c for c in comments if c not in batch]
        return result
    result.moved = list(comments)
    result.notes.append("GitHub refused every line comment; they are listed in this summary instead.")
    return result


def resolve_outdated(
    api: PullRequestApi, stale: Sequence[PostedComment], existing: Existing, sha: str
) -> None:
    """Delete own comments whose problem is gone; mark them resolved where a person replied."""
    for comment in stale:
        if comment.id in existing.replied:
            body = (
                f"**Resolved** in `{sha[:12]}`: listbot no longer finds this problem.\n\n"
                f"<details><summary>Original comment</summary>\n\n{comment.body}\n\n</details>\n"
                f"{RESOLVED_MARKER}"
            )
            api.edit_review_comment(comment, body)
        else:
            api.delete_review_comment(comment)


def upsert_summary(api: PullRequestApi, existing: Existing, body: str) -> str:
    """Edit the one summary comment in place (or create it); return what was done."""
    if existing.summary is None:
        api.create_issue_comment(body)
        return "created"
    if existing.summary.body.strip() == body.strip():
        return "unchanged"
    api.edit_issue_comment(existing.summary, body)
    return "updated"
