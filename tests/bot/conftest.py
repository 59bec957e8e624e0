"""Fixtures: a fake GitHub on loopback, and a way to run `listbot pr` against it in-process."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from listbot.cli import main
from tests.bot.fake_github import REPO, FakeGitHub, start


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    server, fake = start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class BotRun:
    code: int
    out: str
    err: str
    step_summary: str
    outputs: dict[str, str]

    @property
    def json(self) -> dict:
        return json.loads(self.out)


Runner = Callable[..., BotRun]


@pytest.fixture
def run_bot(
    github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Runner:
    """Run `listbot pr` as a workflow would: the Actions environment plus a few flags."""
    monkeypatch.chdir(tmp_path)

    def run(
        *flags: str, number: int = 1, token: str = "ghs_test", env: dict[str, str] | None = None
    ) -> BotRun:
        pull = github.pulls[number]
        event = tmp_path / "event.json"
        event.write_text(
            json.dumps(
                {
                    "number": number,
                    "pull_request": {
                        "number": number,
                        "head": {"sha": pull.head_sha},
                        "base": {"sha": pull.base_sha},
                    },
                }
            )
        )
        step, output = tmp_path / "step_summary.md", tmp_path / "output.txt"
        monkeypatch.delenv("GITHUB_ACTION_REPOSITORY", raising=False)
        step.write_text("")
        output.write_text("")
        env = {
            "GITHUB_API_URL": github.url,
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_TOKEN": token,
            "GITHUB_STEP_SUMMARY": str(step),
            "GITHUB_OUTPUT": str(output),
            **(env or {}),
        }
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        code = main(["pr", "--retry-delay", "0", "--write-delay", "0", *flags])
        captured = capsys.readouterr()
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        return BotRun(code, captured.out, captured.err, step.read_text(), outputs)

    return run
