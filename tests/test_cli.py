"""The command line: formats, exit codes, fix in place, and bad input without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from listbot.cli import main

BAD_ENTRY = "## Papers\n* [2502] [A](https://arxiv.org/pdf/2502.00001)\n* [2412] [B](https://arxiv.org/abs/2502.00002)\n"
CLEAN = "## Papers\n* [2502] [A](https://arxiv.org/abs/2502.00001)\n"


@pytest.fixture
def listfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "README_list.md"
    path.write_text(BAD_ENTRY)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output_sorted_with_summary(listfile, capsys):
    code, out, _ = run(capsys, "check", "README_list.md")
    assert code == 1
    assert out.splitlines() == [
        "README_list.md:2:14: LB304 arXiv link is not in canonical form; use https://arxiv.org/abs/2502.00001",
        "README_list.md:3:3: LB203 tag [2412] is before arXiv 2502.00002 appeared ([2502])",
        "Found 2 problems (1 error, 1 warning). 2 fixable with `listbot fix`.",
    ]


def test_default_files_come_from_config(listfile, capsys):
    assert run(capsys, "check")[0] == 1
    listfile.write_text(CLEAN)
    code, out, _ = run(capsys, "check")
    assert (code, out) == (0, "All clear: no problems in 1 file.\n")


def test_json_output_fields(listfile, capsys):
    code, out, _ = run(capsys, "check", "--format", "json", "README_list.md")
    data = json.loads(out)
    assert code == 1 and len(data) == 2
    first = data[0]
    for key in (
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "severity",
        "message",
        "fix",
    ):
        assert key in first
    assert first["fix"]["edits"][0] == {
        "content": "https://arxiv.org/abs/2502.00001",
        "location": {"line": 2, "column": 14},
        "end_location": {"line": 2, "column": 46},
    }


def test_github_annotations(listfile, capsys):
    _, out, _ = run(capsys, "check", "--format", "github", "README_list.md")
    assert out.splitlines()[1].startswith("::error file=README_list.md,line=3,col=3,endLine=3,endColumn=9,")
    assert out.splitlines()[1].endswith("::LB203 tag [2412] is before arXiv 2502.00002 appeared ([2502])")


def test_sarif_output(listfile, capsys):
    _, out, _ = run(capsys, "check", "--format", "sarif", "README_list.md")
    assert json.loads(out)["runs"][0]["results"][0]["ruleId"] == "LB304"


def test_select_ignore_flags(listfile, capsys):
    assert run(capsys, "check", "--select", "LB2", "README_list.md")[1].count("LB") == 1
    assert run(capsys, "check", "--ignore", "LB203,LB304", "README_list.md")[0] == 0


def test_fix_writes_and_reports(listfile, capsys):
    code, out, _ = run(capsys, "fix", "README_list.md")
    assert code == 0 and "fixed README_list.md:2:14: LB304" in out
    assert (
        listfile.read_text()
        == "## Papers\n* [2502] [A](https://arxiv.org/abs/2502.00001)\n* [2502] [B](https://arxiv.org/abs/2502.00002)\n"
    )
    assert run(capsys, "fix", "README_list.md")[1] == "All clear: no problems in 1 file.\n"


def test_fix_diff_writes_nothing(listfile, capsys):
    _, out, _ = run(capsys, "fix", "--diff", "README_list.md")
    assert "-* [2412] [B]" in out and "+* [2502] [B]" in out
    assert listfile.read_text() == BAD_ENTRY


def test_fix_keeps_crlf_bom_and_mode(listfile, capsys):
    listfile.write_bytes(("\ufeff" + BAD_ENTRY).replace("\n", "\r\n").encode())
    os.chmod(listfile, 0o600)
    run(capsys, "fix", "README_list.md")
    data = listfile.read_bytes()
    assert data.startswith("\ufeff".encode()) and data.count(b"\r\n") == 3 and data.count(b"\n") == 3
    assert b"[2502] [B]" in data and (listfile.stat().st_mode & 0o777) == 0o600


def test_rules_and_rule(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and out.splitlines()[0].startswith("LB101  heading-empty")
    code, out, _ = run(capsys, "rule", "url-noncanonical")
    assert code == 0 and out.startswith("### LB304 url-noncanonical") and "Bad:" in out
    assert run(capsys, "rule", "LB999")[0] == 2


BAD_INPUTS = {
    "missing": (None, "no such file"),
    "directory": ("dir", "is a directory"),
    "binary": (b"\x00\x01\x02PNG", "binary file"),
    "latin-1": (b"## Caf\xe9\n* [x](https://a.org)\n", "not valid UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, case):
    content, words = BAD_INPUTS[case]
    path = tmp_path / "list.md"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    code, _, err = run(capsys, "check", str(path))
    assert code == 2 and words in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "content",
    [
        "",
        "\ufeff## P\r\n* [2502] [A](https://arxiv.org/abs/2502.00001)\r\n",
        "## P\n* [" + "x" * 100_000 + "](https://a.org)\n",
        "".join("  " * i + "* [2502] [n](https://arxiv.org/abs/2502.00001)\n" for i in range(300)),
        "## P\n" + "* [[[ ]] ( [x](( ] ) [[\n" * 200,
        "> " * 200 + "deep quote\n",
    ],
    ids=["empty", "bom-crlf", "long-line", "deep-nesting", "unbalanced", "deep-quote"],
)
def test_odd_but_valid_input_lints_without_error(tmp_path, capsys, content):
    path = tmp_path / "list.md"
    path.write_bytes(content.encode())
    code, out, err = run(capsys, "check", str(path))
    assert code in (0, 1) and err == "" and out.strip().splitlines()[-1].startswith(("All clear", "Found"))
    code, _, err = run(capsys, "fix", str(path))
    assert code in (0, 1) and err == ""


def test_unbalanced_brackets_are_reported_not_crashed(tmp_path, capsys):
    path = tmp_path / "list.md"
    path.write_text("## L\n* [A](https://a.org)\n* [Broken [title(https://b.org)\n")
    _, out, _ = run(capsys, "check", "--select", "LB302", str(path))
    assert "list.md:3:3: LB302 unbalanced `[`" in out


def test_config_error_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".listbot.toml").write_text('select = "LB"\nbogus = 1\n')
    (tmp_path / "README_list.md").write_text(CLEAN)
    code, _, err = run(capsys, "check")
    assert code == 2 and err.startswith("listbot: error: ") and err.count("\n") == 1


def test_usage_error_exit_2(capsys):
    assert run(capsys, "check", "--format", "xml")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "--version")[1] == "listbot 0.1.0\n"


def test_console_script_runs_as_a_process(tmp_path):
    path = tmp_path / "list.md"
    path.write_text(BAD_ENTRY)
    done = subprocess.run(
        [sys.executable, "-m", "listbot", "check", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 1 and "LB203" in done.stdout and done.stderr == ""


def test_a_5_mb_list_lints(tmp_path, capsys):
    entry = "* [2502] [A paper title of typical length {n}](https://arxiv.org/abs/2502.{n:05d}) (Lab)\n"
    body = "".join(entry.format(n=n % 100_000) for n in range(60_000))
    path = tmp_path / "big.md"
    path.write_text("# Big\n\n## Papers\n" + body)
    assert path.stat().st_size > 5_000_000
    code, out, err = run(capsys, "check", "--select", "LB1,LB2,LB3", str(path))
    assert (code, err) == (0, "") and out.startswith("All clear")
