"""A real pre-commit run: the hook from .pre-commit-hooks.yaml fails a commit that adds a bad entry."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD = "# List\n\n## Papers\n* [2502] [Demystifying Long CoT](https://arxiv.org/abs/2502.03373) (IN.AI)\n"
BAD_LINE = "* [2412] [LIMO: Less is More for Reasoning](https://arxiv.org/pdf/2502.03387?) (SJTU)\n"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_try_repo_fails_a_commit_that_adds_a_bad_entry(tmp_path: Path) -> None:
    project = tmp_path / "awesome-list"
    project.mkdir()
    _git(project, "init", "-q")
    _git(project, "config", "user.email", "t@example.org")
    _git(project, "config", "user.name", "t")
    (project / "README_list.md").write_text(GOOD)
    (project / "NOTES.md").write_text("* not a list file [ (\n")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "base")
    (project / "README_list.md").write_text(GOOD + BAD_LINE)
    (project / "NOTES.md").write_text("* still not a list file [ (\n")
    _git(project, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "listbot", "--verbose"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "README_list.md:5:3: LB203 tag [2412] is before arXiv 2502.03387 appeared ([2502])" in output
    assert "README_list.md:5:" in output and "LB304" in output
    assert "NOTES.md" not in output.split("listbot check", 1)[-1]
