"""Whole pull requests replayed against the fake GitHub, through PyGithub over real HTTP."""

from __future__ import annotations

import re

import pytest

from listbot.bot.summary import SUMMARY_MARKER
from listbot.diagnostics import Diagnostic, Severity
from listbot.model import Document
from listbot.pipeline import fix_text
from tests.bot.conftest import Runner
from tests.bot.fake_github import MAINTAINER, FakeGitHub
from tests.bot.lists import (
    BAD_TAG_ENTRY,
    BASE,
    CLEAN_ENTRY,
    FIXED_ENTRIES,
    PDF_ENTRY,
    SPLIT_ENTRY,
    SUGGESTION,
    many_bad_entries,
    with_entries,
)

LIST = "README_list.md"
BAD_HEAD = with_entries(PDF_ENTRY + BAD_TAG_ENTRY + SPLIT_ENTRY)


def open_bad_pull(github: FakeGitHub) -> None:
    github.open_pull(1, {LIST: BASE}, {LIST: BAD_HEAD}, "1" * 40)


def summaries(github: FakeGitHub) -> list[str]:
    return [c["body"] for c in github.issue_comments if c["body"].startswith(SUMMARY_MARKER)]


def own_line_comments(github: FakeGitHub) -> list[dict]:
    return [c for c in github.review_comments if c["user"]["login"] == "github-actions[bot]"]


def writes(github: FakeGitHub) -> list[tuple[str, str]]:
    return [r for r in github.requests if r[0] != "GET"]


def test_clean_addition_posts_no_review_and_a_green_summary(github: FakeGitHub, run_bot: Runner) -> None:
    github.open_pull(1, {LIST: BASE}, {LIST: with_entries(CLEAN_ENTRY)}, "1" * 40)
    result = run_bot()
    assert result.code == 0
    assert github.reviews == []
    [summary] = summaries(github)
    assert ":white_check_mark: **listbot passes**" in summary
    assert result.outputs == {"errors": "0", "warnings": "0", "infos": "0", "total": "0", "elsewhere": "0"}
    assert "listbot passes" in result.step_summary


def test_problems_become_comments_on_exactly_the_added_lines(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    result = run_bot()
    assert result.code == 1  # the [2513] tag is an error
    [review] = github.reviews
    assert review["event"] == "COMMENT" and review["commit_id"] == "1" * 40
    anchors = sorted((c.get("start_line") or c["line"], c["line"]) for c in github.review_comments)
    assert anchors == [(6, 6), (7, 7), (8, 9)]  # the split entry spans lines 8-9
    assert result.outputs["errors"] == "1" and result.outputs["warnings"] == "2"
    assert ":x: **listbot fails**: 1 error, 2 warnings" in summaries(github)[0]


def test_suggestions_applied_together_equal_what_listbot_fix_writes(
    github: FakeGitHub, run_bot: Runner
) -> None:
    open_bad_pull(github)
    run_bot()
    lines = BAD_HEAD.splitlines()
    by_position = sorted(github.review_comments, key=lambda c: c["line"], reverse=True)
    for comment in by_position:  # apply every suggestion, bottom up, as a contributor would
        match = SUGGESTION.search(comment["body"])
        if match is None:
            assert "LB202" in comment["body"]  # the unfixable month has no suggestion
            continue
        first = comment.get("start_line") or comment["line"]
        lines[first - 1 : comment["line"]] = match.group(2).rstrip("\n").split("\n")
    assert "\n".join(lines) + "\n" == fix_text(BAD_HEAD, LIST).text


def test_follow_up_push_flips_the_summary_and_resolves_stale_comments(
    github: FakeGitHub, run_bot: Runner
) -> None:
    open_bad_pull(github)
    run_bot()
    replied_to = next(c["id"] for c in own_line_comments(github) if "suggestion" in c["body"])
    github.person_replies(replied_to)
    github.push(1, {LIST: with_entries(FIXED_ENTRIES)}, "2" * 40)
    result = run_bot()
    assert result.code == 0
    assert len(github.reviews) == 1  # nothing new to say
    remaining = own_line_comments(github)
    assert [c["id"] for c in remaining] == [replied_to]  # kept because a person replied...
    assert "**Resolved**" in remaining[0]["body"]  # ...marked resolved...
    assert "```suggestion" not in remaining[0]["body"]  # ...and no longer applicable
    assert "listbot:fp=" not in remaining[0]["body"]
    [summary] = summaries(github)  # edited in place, never a second one
    assert "Everything listbot reported earlier is fixed" in summary
    assert github.calls("PATCH", r"/issues/comments/")


def test_push_keeps_standing_comments_and_adds_only_new_ones(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    run_bot()
    before = {c["id"] for c in own_line_comments(github)}
    extra = "* [2502] [ A Synthetic Extra Paper on Reasoning ](https://arxiv.org/abs/2502.00001)\n"
    github.push(1, {LIST: with_entries(PDF_ENTRY + BAD_TAG_ENTRY + SPLIT_ENTRY + extra)}, "3" * 40)
    run_bot()
    after = own_line_comments(github)
    assert before <= {c["id"] for c in after}
    assert len(after) == len(before) + 1
    assert len(github.reviews) == 2 and len(github.reviews[1]["body"]) > 0


def test_a_push_that_inserts_lines_above_deletes_and_reposts_nothing(
    github: FakeGitHub, run_bot: Runner
) -> None:
    """Fingerprints follow the entry, not its line: every comment still stands."""
    open_bad_pull(github)
    run_bot()
    before = sorted(c["id"] for c in own_line_comments(github))
    writes_before = writes(github)
    shifted = BAD_HEAD.replace("## Papers\n", "## Papers\n\nA short introduction.\nAnd a second line.\n\n", 1)
    github.push(1, {LIST: shifted}, "4" * 40)
    run_bot()
    new_writes = writes(github)[len(writes_before) :]
    assert not [w for w in new_writes if w[0] == "DELETE"]
    assert not [w for w in new_writes if w[1].endswith("/reviews")]
    assert sorted(c["id"] for c in own_line_comments(github)) == before


def test_rerun_on_the_same_sha_posts_nothing_new(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    first = run_bot()
    writes_before = writes(github)
    second = run_bot()
    assert second.code == first.code == 1
    assert writes(github) == writes_before
    assert len(summaries(github)) == 1 and len(github.reviews) == 1


# --- the trust boundary ----------------------------------------------------------------------------


def test_asks_who_it_is_and_trusts_only_its_own_comments(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    run_bot()
    assert github.calls("GET", r"^/user$")
    planted = [c["body"] for c in own_line_comments(github)]
    github.review_comments.clear()
    for body in planted:  # a contributor copies every marker into comments of their own
        github.person_comments(1, body, line=6)
    run_bot()
    assert len(own_line_comments(github)) == 3  # posted again: foreign markers count for nothing
    assert len([c for c in github.review_comments if c["user"]["login"] == "contributor"]) == 3


def test_never_edits_or_deletes_someone_elses_comments(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    run_bot()
    stale_marker = "Please keep this.\n\n<!-- listbot:fp=0123456789abcdef -->"
    maintainer_note = github.person_comments(1, stale_marker, line=6, user=MAINTAINER)
    fake_summary = github.person_comments(1, f"{SUMMARY_MARKER}\nI am not the bot")
    github.push(1, {LIST: with_entries(FIXED_ENTRIES)}, "2" * 40)
    run_bot()
    assert any(c["id"] == maintainer_note and c["body"] == stale_marker for c in github.review_comments)
    assert any(
        c["id"] == fake_summary and c["body"].endswith("I am not the bot") for c in github.issue_comments
    )
    assert not github.calls("PATCH", rf"/comments/({maintainer_note}|{fake_summary})$")
    assert len([s for s in summaries(github) if "listbot review" in s]) == 1


def test_a_personal_token_is_trusted_under_its_own_login(github: FakeGitHub, run_bot: Runner) -> None:
    github.token_user = "list-maintainer-bot"
    open_bad_pull(github)
    run_bot()
    writes_before = writes(github)
    run_bot()  # recognises its comments by the login GET /user gave
    assert writes(github) == writes_before
    assert {c["user"]["login"] for c in github.review_comments} == {"list-maintainer-bot"}


def test_an_app_token_needs_its_login_named(github: FakeGitHub, run_bot: Runner) -> None:
    """GET /user is refused to an installation token, which is taken for the Actions bot;
    --bot-login says who it really writes as."""
    github.app_login = "list-app[bot]"
    open_bad_pull(github)
    run_bot("--bot-login", "list-app[bot]")
    writes_before = writes(github)
    run_bot("--bot-login", "list-app[bot]")
    assert writes(github) == writes_before
    run_bot()  # without it, nothing is its own: it comments again, and touches none of them
    assert len(github.reviews) == 2 and not [w for w in writes(github) if w[0] in ("PATCH", "DELETE")]


def test_a_marker_written_in_the_list_is_escaped_and_never_read(github: FakeGitHub, run_bot: Runner) -> None:
    sneaky = (
        "* [2503] [Hi @octocat </details> <b>bold</b> <!-- listbot:fp=0123456789abcdef -->]"
        "(https://arxiv.org/pdf/2503.11111)\n"
    )
    github.open_pull(1, {LIST: BASE}, {LIST: with_entries(sneaky)}, "1" * 40)
    run_bot()
    writes_before = writes(github)
    run_bot()
    assert writes(github) == writes_before  # no repost, no delete on the second run
    everything = "\n".join([*summaries(github), *(c["body"] for c in github.review_comments)])
    outside_code = re.sub(r"(`{3,})(suggestion|diff)\n.*?\1", "", everything, flags=re.DOTALL)
    outside_code = re.sub(r"`[^`\n]*`", "", outside_code)  # code spans show text, never markup
    assert "@octocat" not in outside_code and "</details> <b>" not in outside_code
    assert outside_code.count("<!-- listbot:fp=") == len(github.review_comments)


def test_a_suppression_the_pull_request_adds_silences_nothing(github: FakeGitHub, run_bot: Runner) -> None:
    head = with_entries("<!-- listbot: disable -->\n" + BAD_TAG_ENTRY)
    github.open_pull(1, {LIST: BASE}, {LIST: head}, "1" * 40)
    result = run_bot()
    assert result.code == 1  # the bad tag still fails the check
    bodies = [c["body"] for c in github.review_comments]
    assert any("LB202" in body for body in bodies)
    assert any("This pull request adds a suppression" in body for body in bodies)
    assert "adds 1 suppression comment" in summaries(github)[0]


def test_a_suppression_on_the_base_branch_is_honoured(github: FakeGitHub, run_bot: Runner) -> None:
    base = with_entries("<!-- listbot: ignore LB202 -->\n" + CLEAN_ENTRY)
    head = base.replace(CLEAN_ENTRY, BAD_TAG_ENTRY)
    github.open_pull(1, {LIST: base}, {LIST: head}, "1" * 40)
    assert run_bot().code == 0
    assert "LB202" not in " ".join(c["body"] for c in github.review_comments)


# --- diffs ------------------------------------------------------------------------------------------


def test_without_a_patch_the_compare_diff_still_anchors_comments(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    github.drop_patches = True
    result = run_bot()
    assert result.code == 1
    assert github.calls("GET", r"/compare/b{40}\.\.\.1{40}$")
    anchors = sorted((c.get("start_line") or c["line"], c["line"]) for c in github.review_comments)
    assert anchors == [(6, 6), (7, 7), (8, 9)]


def test_without_any_diff_from_github_problems_go_to_the_summary(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    github.drop_patches = github.refuse_diff = True
    result = run_bot()
    assert result.code == 1  # the added lines are still known from the two versions
    assert github.reviews == []
    [summary] = summaries(github)
    assert "not posted as line comments (3)" in summary and "LB202" in summary


# --- which files, which limits ----------------------------------------------------------------------


def test_without_configured_files_every_changed_list_is_reviewed(github: FakeGitHub, run_bot: Runner) -> None:
    guide = "# Contributing\n\nOpen a pull request. Thanks!\n"
    github.open_pull(
        1,
        {LIST: BASE, "README.md": BASE},
        {
            LIST: BAD_HEAD,
            "README.md": with_entries(PDF_ENTRY),
            "CONTRIBUTING.md": guide,
            "setup.py": "x = 1\n",
        },
        "1" * 40,
    )
    data = run_bot("--dry-run").json
    assert data["files"]["reviewed"] == ["README.md", LIST]
    assert data["files"]["skipped"] == [
        {"path": "CONTRIBUTING.md", "reason": "does not read as a list: 0 entries"}
    ]
    assert {c["path"] for c in data["review"]["comments"]} == {"README.md", LIST}
    assert "Not reviewed: `CONTRIBUTING.md` (does not read as a list: 0 entries)" in data["summary"]


def test_configured_files_are_the_only_ones_reviewed(github: FakeGitHub, run_bot: Runner) -> None:
    github.open_pull(
        1,
        {LIST: BASE, "README.md": BASE, ".listbot.toml": 'files = ["README.md"]\n'},
        {LIST: BAD_HEAD, "README.md": with_entries(PDF_ENTRY), ".listbot.toml": 'files = ["README.md"]\n'},
        "1" * 40,
    )
    data = run_bot("--dry-run").json
    assert data["files"]["reviewed"] == ["README.md"]
    assert {c["path"] for c in data["review"]["comments"]} == {"README.md"}


def test_max_comments_cannot_exceed_the_configured_limit(github: FakeGitHub, run_bot: Runner) -> None:
    github.open_pull(1, {LIST: BASE, ".listbot.toml": "[pr]\nmax-comments = 2\n"}, {LIST: BAD_HEAD}, "1" * 40)
    result = run_bot("--max-comments", "50")
    assert len(github.review_comments) == 2
    assert "above the configured limit (2); using 2" in result.err
    github.review_comments.clear()
    github.issue_comments.clear()
    run_bot("--max-comments", "1")  # lowering it is fine
    assert len(github.review_comments) == 1


def test_three_hundred_lines_cap_the_comments(github: FakeGitHub, run_bot: Runner) -> None:
    github.open_pull(1, {LIST: BASE}, {LIST: with_entries(many_bad_entries(300))}, "1" * 40)
    result = run_bot()
    [review] = github.reviews
    assert len(github.review_comments) == 30
    [summary] = summaries(github)
    assert "not posted as line comments (270)" in summary
    assert len(summary) < 6_000 and all(len(c["body"]) < 65_536 for c in github.review_comments)
    assert len(review["body"]) < 65_536
    assert result.outputs["total"] == "300"


def test_the_base_branch_pr_table_sets_defaults(github: FakeGitHub, run_bot: Runner) -> None:
    github.open_pull(1, {LIST: BASE, ".listbot.toml": "[pr]\nmax-comments = 1\n"}, {LIST: BAD_HEAD}, "1" * 40)
    run_bot()
    assert len(github.review_comments) == 1
    assert "not posted as line comments (2)" in summaries(github)[0]


def test_config_comes_from_the_base_branch(github: FakeGitHub, run_bot: Runner) -> None:
    base_config = 'ignore = ["LB304"]\n'
    sneaky = 'ignore = ["LB"]\n'
    github.open_pull(
        1, {LIST: BASE, ".listbot.toml": base_config}, {LIST: BAD_HEAD, ".listbot.toml": sneaky}, "1" * 40
    )
    result = run_bot()
    codes = re.findall(r"\*\*(LB\d+)\*\*", " ".join(c["body"] for c in github.review_comments))
    assert sorted(set(codes)) == ["LB202", "LB303"]
    assert result.code == 1


def test_the_action_names_its_install_command_and_rule_pages(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    env = {"GITHUB_ACTION_REPOSITORY": "acme/listbot", "GITHUB_ACTION_REF": "v2.1.0"}
    summary = run_bot("--dry-run", env=env).json["summary"]
    assert 'pip install "git+https://github.com/acme/listbot@v2.1.0"' in summary
    assert "(https://github.com/acme/listbot#lb202-tag-invalid)" in summary
    assert "listbot rule LB202" in summary and "LB304 url" not in summary.split("Run listbot locally")[1]


# --- failures ---------------------------------------------------------------------------------------


def test_read_only_fork_token_falls_back_to_annotations(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    github.deny_writes = True
    result = run_bot()
    assert result.code == 1  # the lint result, not a crash
    assert github.reviews == [] and github.issue_comments == []
    assert "::error file=README_list.md,line=7" in result.out
    assert "::warning file=README_list.md,line=6" in result.out
    assert "could not comment on the pull request" in result.step_summary
    assert "could not be posted as line comments (3)" in result.step_summary
    assert "LB202" in result.step_summary
    assert "Traceback" not in result.err
    assert result.outputs["total"] == "3"


def test_fail_on_never_exits_zero_even_with_errors(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    result = run_bot("--fail-on", "never")
    assert result.code == 0
    assert ":white_check_mark: **listbot passes** with 1 error, 2 warnings" in summaries(github)[0]


def test_422_retries_without_the_refused_comments(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    github.reject_lines = {(LIST, 9)}  # GitHub disagrees about the multi-line anchor 8-9
    result = run_bot()
    assert result.code == 1
    assert len(github.reviews) == 1
    assert sorted(c["line"] for c in github.review_comments) == [6, 7]
    [summary] = summaries(github)
    assert "could not be posted as line comments (1)" in summary and "README_list.md:8-9" in summary
    assert "Traceback" not in result.err


def test_rate_limit_on_writes_reports_the_reset_time(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    github.rate_limit_reset, github.rate_limit_writes_only = 1_900_000_000, True
    result = run_bot()
    assert result.code == 1
    assert "rate limit" in result.err and "2030-03-17 17:46:40 UTC" in result.err
    assert "::error file=README_list.md" in result.out
    assert "Traceback" not in result.err


def test_rate_limit_on_reads_is_a_clear_error(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    github.rate_limit_reset = 1_900_000_000
    result = run_bot()
    assert result.code == 2
    assert "rate limit exceeded" in result.err and "resets at" in result.err
    assert "could not read the pull request" in result.step_summary
    assert "The review could not run" in result.step_summary


def test_server_errors_on_reads_are_retried(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    github.server_errors = 2
    result = run_bot()
    assert result.code == 1
    assert len(github.reviews) == 1


def test_persistent_server_errors_end_cleanly(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    github.server_errors = 50
    result = run_bot()
    assert result.code == 2
    assert "502" in result.err and "Traceback" not in result.err


def test_server_error_on_posting_is_retried_once(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    github.write_errors = 1
    result = run_bot()
    assert result.code == 1
    assert len(github.reviews) == 1 and len(own_line_comments(github)) == 3
    assert len(summaries(github)) == 1


def test_an_internal_error_exits_2_and_says_the_review_did_not_run(
    github: FakeGitHub, run_bot: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import listbot.bot.run

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(listbot.bot.run, "review", broken)
    open_bad_pull(github)
    result = run_bot()
    assert result.code == 2  # not 1: an error is not a finding
    assert result.err.strip() == "listbot: error: internal error (ZeroDivisionError: a bug); please report it"
    assert "The review could not run" in result.step_summary
    assert github.reviews == [] and github.issue_comments == []


def test_request_changes_only_when_the_check_fails(github: FakeGitHub, run_bot: Runner) -> None:
    github.open_pull(1, {LIST: BASE}, {LIST: with_entries(PDF_ENTRY)}, "1" * 40)
    github.open_pull(2, {LIST: BASE}, {LIST: BAD_HEAD}, "2" * 40)
    assert run_bot("--event", "REQUEST_CHANGES").code == 0
    assert run_bot("--event", "REQUEST_CHANGES", number=2).code == 1
    assert [review["event"] for review in github.reviews] == ["COMMENT", "REQUEST_CHANGES"]


def test_dry_run_against_the_api_posts_nothing(github: FakeGitHub, run_bot: Runner) -> None:
    open_bad_pull(github)
    result = run_bot("--dry-run")
    data = result.json
    assert set(data) == {"review", "summary", "outputs", "files"}
    assert data["review"]["event"] == "COMMENT"
    assert {tuple(sorted(c)) for c in data["review"]["comments"]} == {
        ("body", "line", "path", "side", "start_line")
    }
    assert [c["line"] for c in data["review"]["comments"]] == [6, 7, 9]
    assert data["outputs"] == {"errors": 1, "warnings": 2, "infos": 0, "total": 3, "elsewhere": 0}
    assert writes(github) == []


def test_links_are_checked_only_when_asked_and_only_on_added_lines(
    github: FakeGitHub, run_bot: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import listbot.links

    seen: list[list[int]] = []

    def check_documents(docs: list[Document], config: object, **options: object) -> list[Diagnostic]:
        doc = docs[0]
        seen.append([entry.line for entry in doc.entries])
        line = doc.entries[0].line
        return [
            Diagnostic(doc.path, line, 1, line, 2, "LB701", "link-dead", "link is dead (404)", Severity.ERROR)
        ]

    monkeypatch.setattr(listbot.links, "check_documents", check_documents)
    github.open_pull(1, {LIST: BASE}, {LIST: with_entries(CLEAN_ENTRY)}, "1" * 40)
    assert run_bot().code == 0 and seen == []
    result = run_bot("--links")
    assert seen == [[6]]  # only the added entry's links are fetched
    assert result.code == 1
    [comment] = github.review_comments
    assert comment["line"] == 6 and "LB701" in comment["body"]


def test_an_unknown_pr_option_is_a_clear_config_error(github: FakeGitHub, run_bot: Runner) -> None:
    github.open_pull(1, {LIST: BASE, ".listbot.toml": "[pr]\nmax-coments = 1\n"}, {LIST: BAD_HEAD}, "1" * 40)
    result = run_bot()
    assert result.code == 2
    assert "pr.max-coments: unknown key" in result.err
    assert github.reviews == []


def test_a_configured_list_that_is_not_utf8_is_one_clear_error(github: FakeGitHub, run_bot: Runner) -> None:
    config = {".listbot.toml": f'files = ["{LIST}"]\n'}
    github.open_pull(1, {LIST: BASE, **config}, {LIST: BAD_HEAD, **config}, "1" * 40)
    github.contents[("1" * 40, LIST)] = "## Caf\u00e9\n".encode("latin-1")
    result = run_bot()
    assert result.code == 2 and "Traceback" not in result.err
    assert "not valid UTF-8" in result.err and "not valid UTF-8" in result.step_summary
    assert github.reviews == []


def test_a_markdown_file_that_is_not_utf8_is_skipped_when_files_are_not_configured(
    github: FakeGitHub, run_bot: Runner
) -> None:
    github.open_pull(1, {LIST: BASE}, {LIST: BAD_HEAD, "notes.md": "x"}, "1" * 40)
    github.contents[("1" * 40, "notes.md")] = "## Caf\u00e9\n".encode("latin-1")
    data = run_bot("--dry-run").json
    assert data["files"]["skipped"] == [{"path": "notes.md", "reason": "not UTF-8 text"}]
    assert data["files"]["reviewed"] == [LIST]
