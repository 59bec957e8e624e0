"""The step of action.yml that runs listbot: inputs (environment variables) -> command -> results.

``mode: pr`` runs ``listbot pr``, which writes its own outputs and job summary. ``mode: check``
and ``mode: links`` run ``listbot check --format json`` and turn the JSON into workflow
annotations, the step outputs (``errors``, ``warnings``, ``infos``, ``total``, ``elsewhere``,
``report``), a Markdown report (the job summary, and a file for an issue body) and the exit
code by ``fail-on``. Standard library only: it runs with whichever listbot ``version`` the
action installed, and reads only the documented JSON format.

Exit codes: 0 nothing at or above ``fail-on``, 1 something is, 2 bad inputs or listbot failed.
"""

from __future__ import annotations

import glob
import json
import os
import shlex
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

MODES = ("pr", "check", "links")
RANKS = {"error": 3, "warning": 2, "info": 1, "never": 99}
PR_FLAGS = {
    "--event": "LISTBOT_EVENT",
    "--fail-on": "LISTBOT_FAIL_ON",
    "--max-comments": "LISTBOT_MAX_COMMENTS",
    "--bot-login": "LISTBOT_BOT_LOGIN",
}
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
TITLES = {"check": "listbot check", "links": "listbot: links"}


class InputProblem(Exception):
    """An action input that cannot be used; the message names it."""


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Mapping[str, object]) -> str:
    """A workflow command that shows ``problem`` on the file in the GitHub UI."""
    title, text = f"{problem['code']} {problem['name']}", f"{problem['code']} {problem['message']}"
    props = (
        f"file={_escape_property(str(problem['path']))},line={problem['line']},col={problem['column']},"
        f"endLine={problem['end_line']},endColumn={problem['end_column']},title={_escape_property(title)}"
    )
    level = LEVELS[str(problem["severity"])]
    return f"::{level} {props}::{_escape_data(text)}"


def expand_files(value: str) -> list[str]:
    """Comma-separated globs (``**`` crosses folders) -> the files they match, in order."""
    found: list[str] = []
    for pattern in (part.strip() for part in value.split(",")):
        if not pattern:
            continue
        matches = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else [pattern]
        matches = [match for match in matches if Path(match).is_file()]
        if not matches:
            raise InputProblem(f"files: {pattern!r} matches no file")
        found.extend(match for match in matches if match not in found)
    return found


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    value = env.get(f"LISTBOT_{name.upper().replace('-', '_')}", "").strip() or default
    if value not in choices:
        raise InputProblem(f"{name}: {value!r} is not one of {', '.join(choices)}")
    return value


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(f"LISTBOT_{name.upper()}", "").strip().lower() or "false"
    if value not in ("true", "false"):
        raise InputProblem(f"{name}: {value!r} is not true or false")
    return value == "true"


def build_command(env: Mapping[str, str]) -> list[str]:
    """The listbot command line that the inputs ask for."""
    mode = _choice(env, "mode", MODES, "pr")
    _choice(env, "fail-on", tuple(RANKS), "error")  # a bad value stops the run before listbot runs
    config = env.get("LISTBOT_CONFIG", "").strip()
    try:
        extra = shlex.split(env.get("LISTBOT_ARGS", ""))
    except ValueError as error:
        raise InputProblem(f"args: {error}") from None
    files = env.get("LISTBOT_FILES", "")
    listbot = env.get("LISTBOT_EXECUTABLE", "listbot")
    if mode == "pr":
        # Only the inputs that are set: the others come from the base config's [pr] table.
        command = [listbot, "pr"]
        for flag, variable in PR_FLAGS.items():
            value = env.get(variable, "").strip()
            command += [flag, value] if value else []
        command += ["--files", files] if files.strip() else []
        command += ["--links"] if _flag(env, "links") else []
        command += ["--config", config] if config else []
        return command + extra
    command = [listbot, "check", "--format", "json"]
    if mode == "links":
        command += ["--links", "--select", "LB7"]
    elif _flag(env, "links"):
        command += ["--links"]
    command += ["--config", config] if config else []
    return command + extra + expand_files(files)


def _file_link(problem: Mapping[str, object], env: Mapping[str, str]) -> str:
    where = f"{problem['path']}:{problem['line']}"
    names = ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")
    server, repository, sha = (env.get(name, "") for name in names)
    if not (server and repository and sha):
        return f"`{where}`"
    return f"[`{where}`]({server}/{repository}/blob/{sha}/{problem['path']}#L{problem['line']})"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def headline(problems: list[dict[str, object]]) -> str:
    if not problems:
        return "All clear: no problems found."
    counts = Counter(str(problem["severity"]) for problem in problems)
    parts = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in RANKS if counts.get(s))
    return f"Found {len(problems)} problem{'s' if len(problems) != 1 else ''} ({parts})."


def report(problems: list[dict[str, object]], mode: str, env: Mapping[str, str]) -> str:
    """The job summary, also written to a file for an issue body."""
    lines = [f"## {TITLES[mode]}", "", headline(problems)]
    if not problems:
        return "\n".join(lines) + "\n"
    lines += ["", "| where | code | severity | problem |", "| --- | --- | --- | --- |"]
    for problem in problems:
        cells = (_file_link(problem, env), problem["code"], problem["severity"], _cell(problem["message"]))
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    run = env.get("GITHUB_RUN_ID")
    if run and env.get("GITHUB_SERVER_URL") and env.get("GITHUB_REPOSITORY"):
        url = f"{env['GITHUB_SERVER_URL']}/{env['GITHUB_REPOSITORY']}/actions/runs/{run}"
        lines += ["", f"From [this workflow run]({url})."]
    return "\n".join(lines) + "\n"


def counts_of(problems: list[dict[str, object]]) -> dict[str, int]:
    severities = Counter(str(problem["severity"]) for problem in problems)
    return {
        "errors": severities["error"],
        "warnings": severities["warning"],
        "infos": severities["info"],
        "total": len(problems),
        "elsewhere": 0,  # check and links look at whole files: nothing is outside the change
    }


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)


def run_check(command: list[str], mode: str, env: Mapping[str, str]) -> int:
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, env=dict(env))
    if done.returncode not in (0, 1):
        return 2  # listbot printed its one line on stderr
    try:
        problems = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"listbot-action: error: listbot printed no JSON:\n{done.stdout}", file=sys.stderr)
        return 2
    for problem in sorted(problems, key=lambda p: -RANKS[str(p["severity"])]):
        print(annotation(problem))
    markdown = report(problems, mode, env)
    report_path = Path(env.get("RUNNER_TEMP") or ".") / "listbot-report.md"
    report_path.write_text(markdown, encoding="utf-8")
    _append(env.get("GITHUB_STEP_SUMMARY"), markdown)
    outputs = {**counts_of(problems), "report": str(report_path)}
    _append(env.get("GITHUB_OUTPUT"), "".join(f"{key}={value}\n" for key, value in outputs.items()))
    print(headline(problems))
    threshold = RANKS[_choice(env, "fail-on", tuple(RANKS), "error")]
    return 1 if any(RANKS[str(p["severity"])] >= threshold for p in problems) else 0


def main(env: Mapping[str, str]) -> int:
    try:
        command = build_command(env)
    except InputProblem as problem:
        print(f"listbot-action: error: {problem}", file=sys.stderr)
        return 2
    print("+ " + shlex.join(command), file=sys.stderr)
    mode = _choice(env, "mode", MODES, "pr")
    if mode == "pr":
        return subprocess.run(command, env=dict(env)).returncode
    return run_check(command, mode, env)


if __name__ == "__main__":
    sys.exit(main(os.environ))
