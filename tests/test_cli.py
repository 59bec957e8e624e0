"""The command line: formats, exit codes, ruff's conventions, fixing in place, and bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import listbot
from listbot.cli import main

ENTRIES = "".join(f"* [2502] [Paper {n}](https://arxiv.org/abs/2502.0000{n}) (Lab)\n" for n in range(3, 8))
BAD_ENTRY = (
    "## Papers\n* [2502] [A](https://arxiv.org/abs/2502.00001?utm_source=x) (Lab)\n"
    "* [2412] [B](https://arxiv.org/abs/2502.00002) (Lab)\n" + ENTRIES
)
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


def test_configured_files_are_globs_from_the_configs_folder(tmp_path, monkeypatch, capsys):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "a.md").write_text(BAD_ENTRY)
    (tmp_path / "lists" / "b.md").write_text(CLEAN)
    (tmp_path / ".listbot.toml").write_text('files = ["lists/*.md"]\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    code, out, _ = run(capsys, "check")
    assert code == 1 and "a.md:3:3: LB203" in out and out.endswith("in 2 files.\n") is False


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
        "fixable",
        "related",
    ):
        assert key in first
    assert first["fix"]["edits"][0] == {
        "content": "https://arxiv.org/abs/2502.00001",
        "location": {"line": 2, "column": 14},
        "end_location": {"line": 2, "column": 59},
    }


def test_json_marks_unsafe_fixes_as_not_fixable(tmp_path, capsys):
    path = tmp_path / "l.md"
    path.write_text("## P\n* [2505] [Later](https://arxiv.org/abs/2502.00001)\n" + ENTRIES)
    data = json.loads(run(capsys, "check", "--format", "json", "--select", "LB203", str(path))[1])
    assert [(d["code"], d["fixable"], d["fix"]["applicability"]) for d in data] == [
        ("LB203", False, "unsafe")
    ]


def test_github_annotations(listfile, capsys):
    _, out, _ = run(capsys, "check", "--format", "github", "README_list.md")
    assert out.splitlines()[1].startswith("::error file=README_list.md,line=3,col=3,endLine=3,endColumn=9,")
    assert out.splitlines()[1].endswith("::LB203 tag [2412] is before arXiv 2502.00002 appeared ([2502])")


def test_select_ignore_and_extend_select_flags(listfile, capsys):
    assert run(capsys, "check", "--select", "LB2", "README_list.md")[1].count("LB") == 1
    assert run(capsys, "check", "--ignore", "LB203,LB304", "README_list.md")[0] == 0
    assert (
        run(capsys, "check", "--select", "LB3", "--extend-select", "tag-mismatch", "README_list.md")[1].count(
            "LB"
        )
        == 2
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--select", "XYZ"], "--select XYZ: unknown rule code"),
        (["--ignore", "LB3O4"], "--ignore LB3O4: unknown rule code"),
        (["--extend-select", "nope"], "--extend-select nope: unknown"),
    ],
)
def test_typos_in_codes_are_errors_not_silence(listfile, capsys, args, words):
    code, out, err = run(capsys, "check", *args, "README_list.md")
    assert (code, out) == (2, "") and words in err


def test_typos_in_config_codes_name_the_key(listfile, capsys):
    Path(".listbot.toml").write_text('ignore = ["LB3O4"]\n')
    code, out, err = run(capsys, "check", "README_list.md")
    assert (code, out) == (2, "") and "ignore: unknown rule code or name 'LB3O4'" in err


def test_per_file_ignores_and_extend_ignore(listfile, capsys):
    Path(".listbot.toml").write_text(
        'per-file-ignores = { "README_*.md" = ["LB2"] }\nextend-ignore = ["LB304"]\n'
    )
    assert run(capsys, "check", "README_list.md")[0] == 0


def test_config_is_found_from_each_files_folder(tmp_path, monkeypatch, capsys):
    (tmp_path / ".git").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "list.md").write_text(BAD_ENTRY)
    (tmp_path / "b" / "list.md").write_text(BAD_ENTRY)
    (tmp_path / "a" / ".listbot.toml").write_text('ignore = ["LB2"]\n')
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys, "check", "a/list.md", "b/list.md")
    assert "b/list.md:3:3: LB203" in out and "a/list.md:3:3: LB203" not in out


def test_fail_on_and_notes(tmp_path, capsys):
    """A list that files papers under several topics: copies that disagree are notes, not problems."""
    topics = "\n".join(
        f"## Topic {t}\n"
        + "".join(
            f"* [25{n:02d}] [Paper {n}](https://arxiv.org/abs/25{n:02d}.0000{n})\n" for n in range(1, 5)
        )
        for t in range(1, 4)
    ).replace("* [2501] [Paper 1]", "* [2502] [Paper 1]", 1)
    path = tmp_path / "l.md"
    path.write_text(topics)
    code, out, _ = run(capsys, "check", "--select", "LB4", str(path))
    assert code == 0 and out.splitlines()[-1] == "All clear: no problems in 1 file (2 notes)."
    assert run(capsys, "check", "--select", "LB4", "--fail-on", "info", str(path))[0] == 1


def test_statistics_and_quiet(listfile, capsys):
    _, out, _ = run(capsys, "check", "--statistics", "README_list.md")
    assert out.splitlines() == ["1\tLB203\t[*] tag-mismatch", "1\tLB304\t[*] url-noncanonical"]
    _, out, _ = run(capsys, "check", "--quiet", "README_list.md")
    assert len(out.splitlines()) == 2 and "Found" not in out


def test_color_on_request_and_never_with_no_color(listfile, capsys, monkeypatch):
    _, out, _ = run(capsys, "check", "--color", "always", "README_list.md")
    assert "\x1b[" in out and "LB203" in out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "check", "README_list.md")[1]


def test_control_characters_from_a_list_never_reach_the_terminal(tmp_path, capsys):
    path = tmp_path / "l.md"
    path.write_text("## P\n* [2412] [A\x1b[2J](https://arxiv.org/abs/2502.00002\x1b]8;;x)\n" + ENTRIES)
    out = run(capsys, "check", str(path))[1]
    assert "\x1b" not in out


def test_check_fix_and_show_fixes(listfile, capsys):
    code, out, err = run(capsys, "check", "--fix", "--show-fixes", "README_list.md")
    assert code == 0 and "fixed README_list.md:3:3: LB203" in err and out.startswith("All clear")
    assert "[2502] [B]" in listfile.read_text()


def test_fix_writes_and_reports(listfile, capsys):
    code, out, _ = run(capsys, "fix", "README_list.md")
    assert code == 0 and "fixed README_list.md:2:14: LB304" in out
    assert out.splitlines()[-1] == "Fixed 2 problems, 0 remaining."
    assert "* [2502] [B](https://arxiv.org/abs/2502.00002)" in listfile.read_text()
    assert run(capsys, "fix", "README_list.md")[1] == "Fixed 0 problems, 0 remaining.\n"


def test_fix_counts_what_unsafe_fixes_would_do(tmp_path, capsys):
    path = tmp_path / "l.md"
    path.write_text("## P\n* [2505] [Later](https://arxiv.org/abs/2502.00001) (Lab)\n" + ENTRIES)
    code, out, _ = run(capsys, "fix", str(path))
    assert code == 1 and out.splitlines()[-1] == "Fixed 0 problems, 1 remaining (1 more with --unsafe-fixes)."
    assert run(capsys, "fix", "--unsafe-fixes", str(path))[0] == 0


def test_fix_diff_writes_nothing_and_exits_1_like_ruff(listfile, capsys):
    code, out, err = run(capsys, "fix", "--diff", "README_list.md")
    assert code == 1 and "-* [2412] [B]" in out and "+* [2502] [B]" in out
    assert err == "Would fix 2 problems.\n" and listfile.read_text() == BAD_ENTRY
    run(capsys, "fix", "README_list.md")
    assert run(capsys, "fix", "--diff", "README_list.md")[:2] == (0, "")


def test_fix_keeps_crlf_bom_and_mode(listfile, capsys):
    listfile.write_bytes(("\ufeff" + BAD_ENTRY).replace("\n", "\r\n").encode())
    os.chmod(listfile, 0o600)
    run(capsys, "fix", "README_list.md")
    data = listfile.read_bytes()
    assert data.startswith("\ufeff".encode()) and data.count(b"\r\n") == 8 and data.count(b"\n") == 8
    assert b"[2502] [B]" in data and (listfile.stat().st_mode & 0o777) == 0o600


def test_stdin_with_a_filename(listfile, capsys, monkeypatch):
    Path(".listbot.toml").write_text('ignore = ["LB304"]\n')
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD_ENTRY.encode())))
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "docs/list.md")
    assert code == 1 and out.splitlines() == [
        "docs/list.md:3:3: LB203 tag [2412] is before arXiv 2502.00002 appeared ([2502])",
        "Found 1 problem (1 error). 1 fixable with `listbot fix`.",
    ]


def test_fix_from_stdin_prints_the_fixed_list(listfile, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD_ENTRY.encode())))
    code, out, err = run(capsys, "fix", "-")
    assert code == 0 and "* [2502] [B](https://arxiv.org/abs/2502.00002)" in out and "Fixed 2 problems" in err


def test_folders_and_globs_check_the_markdown_files_that_read_as_lists(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs" / "deep").mkdir(parents=True)
    (tmp_path / "docs" / "deep" / "papers.md").write_text(BAD_ENTRY)
    (tmp_path / "docs" / "CONTRIBUTING.md").write_text("# How to help\n\nOpen an issue.\n")
    (tmp_path / "docs" / "notes.txt").write_text(BAD_ENTRY)
    _, out, _ = run(capsys, "check", "docs")
    assert "docs/deep/papers.md:3:3: LB203" in out and out.endswith("in 1 file.\n") is False
    assert "CONTRIBUTING" not in out and "notes.txt" not in out
    assert "papers.md:3:3" in run(capsys, "check", "docs/**/*.md")[1]


def test_rules_and_rule(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and out.splitlines()[0].startswith("LB101  heading-empty")
    code, out, _ = run(capsys, "rule", "url-noncanonical")
    assert code == 0 and out.startswith("### LB304 url-noncanonical") and "Bad:" in out
    assert run(capsys, "rule", "LB999")[:2] == (2, "")


def test_style_prints_toml_that_the_config_reads(tmp_path, capsys):
    from listbot.config import parse_config

    path = tmp_path / "l.md"
    path.write_text(
        "## Papers\n" + "".join(f"- [2502] [P{n}](https://arxiv.org/pdf/2502.0000{n})\n" for n in range(9))
    )
    code, out, _ = run(capsys, "style", str(path))
    import tomllib

    table = tomllib.loads(out)
    assert code == 0 and table["urls"]["arxiv-form"] == "pdf" and table["style"]["bullet"] == "-"
    parse_config(table)


BAD_INPUTS = {
    "missing": (None, "no such file"),
    "binary": (b"\x00\x01\x02PNG", "binary file"),
    "latin-1": (b"## Caf\xe9\n* [x](https://a.org)\n", "not valid UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_exit_2_and_nothing_on_stdout(tmp_path, capsys, case):
    content, words = BAD_INPUTS[case]
    path = tmp_path / "list.md"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "check", str(path))
    assert (code, out) == (2, "") and words in err and err.count("\n") == 1 and "Traceback" not in err


def test_an_empty_folder_checks_nothing(tmp_path, capsys):
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert (code, out) == (0, "All clear: no problems in 0 files.\n")


@pytest.mark.parametrize(
    "content",
    [
        "",
        "\ufeff## P\r\n* [2502] [A](https://arxiv.org/abs/2502.00001)\r\n",
        "## P\n* [" + "x" * 100_000 + "](https://a.org)\n",
        "".join("  " * i + "* [2502] [n](https://arxiv.org/abs/2502.00001)\n" for i in range(300)),
        "## P\n" + "* [[[ ]] ( [x](( ] ) [[\n" * 200,
        "> " * 200 + "deep quote\n",
        "-\n",
        "1.\n\nx\n",
        "- \n- [A](https://a.org)\n",
    ],
    ids=[
        "empty",
        "bom-crlf",
        "long-line",
        "deep-nesting",
        "unbalanced",
        "deep-quote",
        "dash",
        "one-dot",
        "dash-space",
    ],
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
    path.write_text("## L\n* [A](https://a.org)\n* [Broken [title(https://b.org)\n* [C](https://c.org)\n")
    _, out, _ = run(capsys, "check", "--select", "LB302", str(path))
    assert "list.md:3:3: LB302 unbalanced `[`" in out


def test_config_errors_are_one_readable_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README_list.md").write_text(CLEAN)
    for config, words in (
        ('select = "LB"\nbogus = 1\n', "select"),
        ('today = "November"\n', "today: Value error, must be a month written YYYY-MM"),
    ):
        (tmp_path / ".listbot.toml").write_text(config)
        code, out, err = run(capsys, "check")
        assert (code, out) == (2, "") and err.startswith("listbot: error: ") and err.count("\n") == 1
        assert words in err


def test_usage_errors_and_help(capsys):
    assert run(capsys, "check", "--format", "xml")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "--version")[1] == f"listbot {listbot.__version__}\n"
    code, out, err = run(capsys)
    assert (code, out) == (2, "") and "usage: listbot" in err and "check" in err
    for command in ("check", "fix", "style", "rules", "rule", "pr"):
        code, out, _ = run(capsys, command, "--help")
        assert code == 0 and out.startswith("usage: listbot")


def test_docs_module_help_is_not_a_traceback():
    done = subprocess.run([sys.executable, "-m", "listbot.docs", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "usage" in done.stdout and done.stderr == ""


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
