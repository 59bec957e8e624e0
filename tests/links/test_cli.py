"""The link checker through the command line and the fixer: `check --links`, `fix --links`, staged lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from listbot.cli import main
from listbot.config import Config
from listbot.links import check_documents
from listbot.parse import parse
from listbot.pipeline import fix_text
from tests.links.conftest import FAST, make_list
from tests.links.server import LoopbackServer, ok, status


def test_fix_links_rewrites_a_permanent_redirect_in_place(
    server: LoopbackServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    new = server.route("/new", ok)
    old = server.route("/old", status(301, Location="/new"))
    alive = server.route("/ok", ok)
    monkeypatch.chdir(tmp_path)
    Path("list.md").write_text(make_list(old, alive), encoding="utf-8")
    main(["fix", "--links", "--allow-private", "--no-cache", "list.md"])
    text = Path("list.md").read_text(encoding="utf-8")
    assert f"({new})" in text and f"({old})" not in text and f"({alive})" in text
    assert "LB702" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("flags", "inline"),
    [(["--ignore", "LB702"], ""), (["--select", "LB1"], ""), ([], " <!-- listbot: ignore LB702 -->")],
    ids=["--ignore LB702", "--select LB1", "inline ignore"],
)
def test_fix_links_leaves_a_redirect_that_is_not_selected(
    server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flags: list[str], inline: str
):
    """Link diagnostics go through the same decide step as the others (issue 10)."""
    server.route("/new", ok)
    old = server.route("/old", status(301, Location="/new"))
    monkeypatch.chdir(tmp_path)
    text = make_list(old, server.route("/ok", ok)).replace(f"({old})", f"({old}){inline}", 1)
    Path("list.md").write_text(text, encoding="utf-8")
    main(["fix", "--links", "--allow-private", "--no-cache", *flags, "list.md"])
    assert Path("list.md").read_text(encoding="utf-8") == text


def test_fix_text_applies_lb702_from_extra(server: LoopbackServer, tmp_path: Path):
    new = server.route("/new", ok)
    old = server.route("/old", status(308, Location=new))
    text = make_list(old)
    config = Config(links=FAST)
    extra = check_documents([parse(text, "list.md")], config, use_cache=False, allow_private=True)
    result = fix_text(text, "list.md", config, extra=extra)
    assert [d.code for d in result.fixed] == ["LB702"]
    assert result.text == make_list(new)


def test_check_links_end_to_end_json(server: LoopbackServer, tmp_path: Path):
    alive = server.route("/ok", ok)
    server.route("/new", ok)
    moved = server.route("/moved", status(301, Location="/new"))
    failing = server.route("/failing", status(503))
    dead = server.url("/missing")
    (tmp_path / ".listbot.toml").write_text("[links]\nbackoff = 0.05\ntimeout = 2\n", encoding="utf-8")
    (tmp_path / "list.md").write_text(make_list(alive, moved, failing, dead), encoding="utf-8")
    command = [sys.executable, "-m", "listbot", "check", "--links", "--allow-private", "--no-cache"]
    process = subprocess.run(
        [*command, "--format", "json", "list.md"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert process.returncode == 1, process.stderr
    found = [d for d in json.loads(process.stdout) if d["code"].startswith("LB7")]
    assert [(d["code"], d["line"], d["severity"]) for d in found] == [
        ("LB702", 6, "warning"),
        ("LB703", 7, "warning"),
        ("LB701", 8, "error"),
    ]
    assert found[0]["fix"]["edits"][0]["content"] == server.url("/new")
    assert "1 dead, 1 redirected, 1 unreachable" in process.stderr


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_git_staged_checks_only_links_on_added_lines(
    server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    old, new = server.url("/old-missing"), server.url("/new-missing")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "root")
    (tmp_path / "list.md").write_text(make_list(old), encoding="utf-8")
    _git(tmp_path, "add", "list.md")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "list")
    (tmp_path / "list.md").write_text(make_list(old, new), encoding="utf-8")
    _git(tmp_path, "add", "list.md")
    monkeypatch.chdir(tmp_path)
    doc = parse(make_list(old, new), "list.md")
    found = check_documents(
        [doc], Config(links=FAST), use_cache=False, allow_private=True, changed_lines="git-staged"
    )
    assert [d.message for d in found] == [f"{new}: 404 Not Found"]
    assert server.requests_for("/old-missing") == []
