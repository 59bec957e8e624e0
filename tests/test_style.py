"""The code stays ruff clean: a future edit cannot quietly drop the standard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean() -> None:
    pytest.importorskip("ruff", reason="ruff is not installed (pip install -e '.[test]')")
    command = [sys.executable, "-m", "ruff", "check", "src", "tests", "bench", "action"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean() -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_core_has_no_network_or_github_imports() -> None:
    core = [
        p
        for p in (ROOT / "src" / "listbot").rglob("*.py")
        if p.parent.name not in ("links", "bot", "metadata")
    ]
    for path in core:
        text = path.read_text(encoding="utf-8")
        for module in ("httpx", "github", "requests", "socket", "urllib.request"):
            assert f"import {module}" not in text and f"from {module} " not in text, (
                f"{path.name} imports {module}"
            )


def test_check_without_links_does_not_import_httpx_or_github() -> None:
    code = (
        "import sys; from listbot.cli import main; main(['check', '--exit-zero', 'README_list.md']); "
        "print(sorted(m for m in ('httpx', 'github', 'rich') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
