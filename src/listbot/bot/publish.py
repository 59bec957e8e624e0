"""Posting the plan: one review, cleanup of outdated comments, the one summary comment.

The trust boundary: a comment is the bot's own only when GitHub says the bot's identity
wrote it (the token's user from ``GET /user``, or ``github-actions[bot]`` for an
Actions token), and its marker counts only as the exact last line (first line for the
summary). The bot edits and deletes only its own comments. A contributor's comment
with a copied marker neither stops a comment from being posted nor gets edited or
deleted; a marker written into the list is escaped wherever the bot quotes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from listbot.bot.fingerprint import read_marker
from listbot.bot.plan import PlannedComment
from listbot.bot.records import ApiError, PostedComment
from listbot.bot.summary import SUMMARY_MARKER
from listbot.text import plural

if TYPE_CHECKING:
    from listbot.bot.rest_client import PullRequestApi

RESOLVED_MARKER = "<!-- listbot:resolved -->"
REVIEW_MARKER = "<!-- listbot:review -->"
_SUGGESTION_BLOCK = re.compile(r"\n*(?:Suggested change[^\n]*\n+)?(`{3,})suggestion\n.*?\1", re.DOTALL)


@dataclass(slots=True)
class Existing:
    """What the bot finds of its own earlier runs on this pull request."""

    me: str | None = None  # the bot's identity; None: nothing is trusted as its own
    standing: list[PostedComment] = field(default_factory=list)  # own unresolved line comments
    replied: set[int] = field(default_factory=set)  # own comment ids a person answered
    summary: PostedComment | None = None

    def standing_sets(self) -> set[frozenset[str]]:
        return {read_marker(c.body) for c in self.standing}


def is_summary(body: str) -> bool:
    return (body or "").split("\n", 1)[0].strip() == SUMMARY_MARKER


def read_existing(
    review_comments: Sequence[PostedComment], issue_comments: Sequence[PostedComment], me: str | None
) -> Existing:
    """The bot's own comments (by author) and the replies people wrote to them."""
    found = Existing(me=me)
    if me is None:
        return found
    own_ids = {c.id for c in review_comments if c.author == me}
    for comment in review_comments:
        if comment.author == me:
            if read_marker(comment.body):
                found.standing.append(comment)
        elif comment.in_reply_to in own_ids:
            found.replied.add(comment.in_reply_to)  # type: ignore[arg-type]
    found.summary = next((c for c in issue_comments if c.author == me and is_summary(c.body)), None)
    return found


def new_comments(planned: Sequence[PlannedComment], existing: Existing) -> list[PlannedComment]:
    standing = existing.standing_sets()
    return [c for c in planned if frozenset(c.fingerprints) not in standing]


def outdated(planned: Sequence[PlannedComment], existing: Existing) -> list[PostedComment]:
    """Own standing comments whose problem no planned comment carries any more."""
    wanted = {frozenset(c.fingerprints) for c in planned}
    return [c for c in existing.standing if read_marker(c.body) not in wanted]


def review_body(count: int, total: int) -> str:
    more = f" ({total - count} more in the summary comment)" if total > count else ""
    return (
        f"**listbot** found problems on lines this pull request added: {plural(count, 'line comment')} "
        f"below{more}. Each suggestion changes only the lines its comment covers; apply it with one "
        f"click.\n\n{REVIEW_MARKER}"
    )


@dataclass(slots=True)
class Posted:
    comments: list[PlannedComment] = field(default_factory=list)
    moved: list[PlannedComment] = field(default_factory=list)  # refused by GitHub: into the summary
    notes: list[str] = field(default_factory=list)


def _landed(api: PullRequestApi, batch: Sequence[PlannedComment], me: str | None) -> bool:
    """After a 5xx, did the review get created all the same? (GitHub sometimes does.)"""
    standing = {read_marker(c.body) for c in api.review_comments() if me is not None and c.author == me}
    return all(frozenset(c.fingerprints) in standing for c in batch)


def _create(
    api: PullRequestApi, head_sha: str, event: str, batch: list[PlannedComment], total: int, me: str | None
) -> None:
    """Create the review; after a 5xx, retry once unless it landed anyway."""
    payload = [c.payload() for c in batch]
    try:
        api.create_review(head_sha, review_body(len(batch), total), event, payload)
    except ApiError as error:
        if error.kind not in ("server", "network"):
            raise
        if not _landed(api, batch, me):
            api.create_review(head_sha, review_body(len(batch), total), event, payload)


def post_review(
    api: PullRequestApi,
    head_sha: str,
    event: str,
    comments: list[PlannedComment],
    total: int,
    me: str | None = None,
) -> Posted:
    """One review; on 422 retry with single-line comments only, then give up on line comments."""
    result = Posted()
    if not comments:
        return result
    single = [c for c in comments if c.start_line is None]
    attempts = [comments] + ([single] if single and len(single) < len(comments) else [])
    for batch in attempts:
        try:
            _create(api, head_sha, event, batch, total, me)
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


def resolved_body(original: str, sha: str) -> str:
    """An answered comment whose problem is gone: kept, marked resolved, without its
    suggestion (which must not be applied any more) and without its fingerprint."""
    lines = original.rstrip().split("\n")
    if read_marker(original):
        lines = lines[:-1]
    kept = _SUGGESTION_BLOCK.sub("", "\n".join(lines)).rstrip()
    return (
        f"**Resolved** in `{sha[:12]}`: listbot no longer finds this problem.\n\n"
        f"<details><summary>Original comment</summary>\n\n{kept}\n\n</details>\n\n{RESOLVED_MARKER}"
    )


def resolve_outdated(
    api: PullRequestApi, stale: Sequence[PostedComment], existing: Existing, sha: str
) -> None:
    """Delete own comments whose problem is gone; mark them resolved where a person replied."""
    for comment in stale:
        if existing.me is None or comment.author != existing.me:
            continue  # never touch a comment someone else wrote
        if comment.id in existing.replied:
            api.edit_review_comment(comment, resolved_body(comment.body, sha))
        else:
            api.delete_review_comment(comment)


def upsert_summary(api: PullRequestApi, existing: Existing, body: str) -> str:
    """Edit the one own summary comment in place (or create it); return what was done."""
    if existing.summary is None:
        api.create_issue_comment(body)
        return "created"
    if existing.summary.body.strip() == body.strip():
        return "unchanged"
    api.edit_issue_comment(existing.summary, body)
    return "updated"
