"""Real pre-commit runs with this repository as the hook repository.

The hook repository is a snapshot of this checkout's files (tracked, plus new files not
ignored) committed to a temporary git repository, so the hooks under test are the ones in
the working tree. All tests share one PRE_COMMIT_HOME: each hook environment is built once.
pre-commit installs the hook with pip from the package index, as it does for a user.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.links.server import LoopbackServer, ok

ROOT = Path(__file__).resolve().parents[1]
GOOD = "# List\n\n## Papers\n* [2502] [Demystifying Long CoT](https://arxiv.org/abs/2502.03373) (IN.AI)\n"
BAD_LINE = "* [2412] [LIMO: Less is More for Reasoning](https://arxiv.org/pdf/2502.03387?) (SJTU)\n"
CLEAN_LINE = "* [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/abs/2502.03387) (SJTU)\n"
README_REPO_URL = "https://github.com/listbot-dev/listbot"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@dataclass(frozen=True)
class HookRepo:
    path: Path
    sha: str
    home: Path  # PRE_COMMIT_HOME shared by the tests


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def _new_repository(path: Path) -> Path:
    path.mkdir(parents=True)
    _git(path, "init", "-q")
    _git(path, "config", "user.email", "t@example.org")
    _git(path, "config", "user.name", "t")
    _git(path, "config", "commit.gpgsign", "false")
    return path


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> HookRepo:
    try:
        listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    except subprocess.CalledProcessError:
        pytest.skip("this checkout is not a git repository")
    snapshot = _new_repository(tmp_path_factory.mktemp("hook-repo") / "listbot")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    _git(snapshot, "add", "-A")
    _git(snapshot, "commit", "-qm", "snapshot of the working tree")
    return HookRepo(snapshot, _git(snapshot, "rev-parse", "HEAD"), tmp_path_factory.mktemp("pre-commit-home"))


def _pre_commit(repo: HookRepo, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PRE_COMMIT_HOME": str(repo.home),
        "PRE_COMMIT_COLOR": "never",
        "XDG_CACHE_HOME": str(cwd.parent / "cache"),  # the link cache of the links hook
        **env,
    }
    environment.pop("GITHUB_TOKEN", None)
    command = [sys.executable, "-m", "pre_commit", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment, timeout=600)


def _use_hooks(project: Path, repo: HookRepo, *hooks: str) -> None:
    pins = {"repo": str(repo.path), "rev": repo.sha, "hooks": [{"id": hook} for hook in hooks]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [pins]}))


def _readme_section(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {heading}\n")
    following = text.find("\n## ", start + 1)
    return text[start : following if following != -1 else len(text)]


def _readme_blocks(heading: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", _readme_section(heading), flags=re.DOTALL)


def _project_from_readme(repo: HookRepo, path: Path) -> Path:
    """A list repository set up exactly as the README's Pre-commit section says."""
    project = _new_repository(path)
    (config_toml,) = _readme_blocks("Pre-commit", "toml")
    (hooks_yaml,) = _readme_blocks("Pre-commit", "yaml")
    assert README_REPO_URL in hooks_yaml
    (project / ".listbot.toml").write_text(config_toml)
    (project / ".pre-commit-config.yaml").write_text(hooks_yaml.replace(README_REPO_URL, str(repo.path)))
    (project / "README.md").write_text(GOOD)
    (project / "NOTES.md").write_text("* not a list file [ (\n")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "base")
    return project


def test_the_manifest_and_config_are_valid_and_the_hooks_are_what_the_readme_says() -> None:
    for command, path in (
        ("validate-manifest", ".pre-commit-hooks.yaml"),
        ("validate-config", ".pre-commit-config.yaml"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", command, path], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"listbot", "listbot-fix", "listbot-links"}
    for hook in hooks.values():
        assert hook["types"] == ["markdown"] and hook["language"] == "python"
        assert hook["minimum_pre_commit_version"] == "3.0.0"
        assert "--only-configured" in hook["entry"] and "files" not in hook
    assert hooks["listbot-links"]["additional_dependencies"] == [".[links]"]
    assert (
        "additional_dependencies" not in hooks["listbot"]
        and "additional_dependencies" not in hooks["listbot-fix"]
    )
    section = _readme_section("Pre-commit")
    assert all(f"`{hook_id}`" in section for hook_id in hooks)


def test_the_readme_snippet_pinned_by_autoupdate_fails_a_bad_entry_and_passes_a_clean_list(
    hook_repo: HookRepo, tmp_path: Path
) -> None:
    project = _project_from_readme(hook_repo, tmp_path / "awesome-list")
    (pin_command,) = _readme_blocks("Pre-commit", "sh")
    assert pin_command.strip() == f"pre-commit autoupdate --freeze --repo {README_REPO_URL}"
    pinned = _pre_commit(hook_repo, project, "autoupdate", "--freeze", "--repo", str(hook_repo.path))
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    assert config["repos"][0]["rev"] == hook_repo.sha

    (project / "NOTES.md").write_text("* other Markdown, not the list [ (\n")
    _git(project, "add", ".")
    elsewhere = _pre_commit(hook_repo, project, "run")  # the list exists but is not staged
    assert elsewhere.returncode == 0, elsewhere.stdout + elsewhere.stderr

    (project / "README.md").write_text(GOOD + BAD_LINE)
    (project / "NOTES.md").write_text("* still not a list file [ (\n")
    _git(project, "add", ".")
    failed = _pre_commit(hook_repo, project, "run")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "listbot check" in output and "Failed" in output
    assert "README.md:5:3: LB203 tag [2412] is before arXiv 2502.03387 appeared ([2502])" in output
    assert "README.md:5:" in output and "LB304" in output
    assert "NOTES.md" not in output

    (project / "README.md").write_text(GOOD + CLEAN_LINE)
    _git(project, "add", ".")
    passed = _pre_commit(hook_repo, project, "run")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"listbot check\.+Passed", passed.stdout), passed.stdout


def test_the_hook_fails_a_commit_that_adds_a_bad_entry_to_the_default_list(
    hook_repo: HookRepo, tmp_path: Path
) -> None:
    project = _new_repository(tmp_path / "awesome-list")  # no config: `files` is README_list.md
    _use_hooks(project, hook_repo, "listbot")
    (project / "README_list.md").write_text(GOOD)
    (project / "NOTES.md").write_text("* not a list file [ (\n")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "base")
    (project / "README_list.md").write_text(GOOD + BAD_LINE)
    (project / "NOTES.md").write_text("* still not a list file [ (\n")
    _git(project, "add", ".")
    done = _pre_commit(hook_repo, project, "run")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "README_list.md:5:3: LB203 tag [2412] is before arXiv 2502.03387 appeared ([2502])" in output
    assert "NOTES.md" not in output


@pytest.fixture
def link_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def test_the_links_hook_installs_its_extra_and_fails_on_a_dead_staged_link(
    hook_repo: HookRepo, tmp_path: Path, link_server: LoopbackServer
) -> None:
    project = _new_repository(tmp_path / "awesome-list")
    (project / ".listbot.toml").write_text(
        'files = ["README.md"]\n\n[links]\nallow-private = true\ntimeout = 2\nretries = 0\n'
    )
    _use_hooks(project, hook_repo, "listbot-links")
    alive, dead = link_server.route("/alive", ok), link_server.url("/gone")
    (project / "README.md").write_text(f"# List\n\n## Tools\n* [Old tool]({dead})\n")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "base: a dead link that this commit does not touch")

    (project / "README.md").write_text(f"# List\n\n## Tools\n* [Old tool]({dead})\n* [New tool]({alive})\n")
    _git(project, "add", ".")
    passed = _pre_commit(hook_repo, project, "run", "--files", "README.md")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert link_server.requests_for("/gone") == []  # only the staged lines are checked

    (project / "README.md").write_text(
        f"# List\n\n## Tools\n* [Old tool]({dead})\n* [New tool]({alive})\n* [Newer]({dead}?v=2)\n"
    )
    _git(project, "add", ".")
    failed = _pre_commit(hook_repo, project, "run", "--files", "README.md")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "README.md:6:" in output and "LB701" in output and "404" in output


def _environments(home: Path) -> list[set[str]]:
    """The top-level names installed in each hook environment under PRE_COMMIT_HOME."""
    sites = home.glob("repo*/py_env-*/lib/python*/site-packages")
    return [{child.name for child in site.iterdir()} for site in sites]


def test_the_lint_hook_environment_holds_only_the_core(hook_repo: HookRepo, tmp_path: Path) -> None:
    project = _new_repository(tmp_path / "awesome-list")
    _use_hooks(project, hook_repo, "listbot", "listbot-fix", "listbot-links")
    installed = _pre_commit(hook_repo, project, "install-hooks")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    environments = _environments(hook_repo.home)
    assert len(environments) == 2  # listbot and listbot-fix share one; the links hook has its own
    lint_only = [names for names in environments if "listbot" in names and "httpx" not in names]
    with_links = [names for names in environments if "httpx" in names]
    assert lint_only and with_links, environments
    for names in lint_only:
        assert {"mistune", "pydantic"} <= names
        assert not names & {"github", "rich", "unidiff", "requests", "cryptography", "platformdirs"}
    for names in with_links:
        assert {"rich", "platformdirs", "unidiff"} <= names and "github" not in names


def test_a_hook_run_that_matches_no_configured_list_says_so(hook_repo: HookRepo, tmp_path: Path) -> None:
    project = _new_repository(tmp_path / "awesome-list")  # no config: `files` is README_list.md
    _use_hooks(project, hook_repo, "listbot")
    (project / "README.md").write_text(GOOD + BAD_LINE)
    _git(project, "add", ".")
    done = _pre_commit(hook_repo, project, "run")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output  # pre-commit shows a hook's output only when it fails
    assert "no file matched the configured `files` (README_list.md); nothing checked" in output
