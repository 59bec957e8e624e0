"""What `pip install listbot-lint` gets: the wheel's metadata and files, and a light lint path.

The wheel is built from a copy of the source (so the checkout gets no build/ or egg-info),
without build isolation so the test needs no network: the build backend, flit_core, is a test extra.
"""

from __future__ import annotations

import email.parser
import email.policy
import shutil
import subprocess
import sys
import textwrap
import zipfile
from email.message import Message
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import listbot
from listbot.extras import DISTRIBUTION, EXTRA_MODULES, MissingExtra, missing_modules, require

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("httpx", "github", "rich", "unidiff", "sqlite3", "platformdirs", "requests")
SMALL_LIST = (
    "# List\n\n## Papers\n* [2502] [Demystifying Long CoT](https://arxiv.org/abs/2502.03373) (IN.AI)\n"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("dist")
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(out),
    ]
    done = subprocess.run([*command, str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        text = archive.read(name).decode()
    return email.parser.Parser(policy=email.policy.compat32).parsestr(text)


def _extra_requirements(metadata: Message) -> dict[str, set[str]]:
    """``{extra: {requirement name, with its own extras}}``; the key ``""`` holds the core."""
    extras = metadata.get_all("Provides-Extra") or []
    found: dict[str, set[str]] = {}
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        marker = requirement.marker
        owners = [e for e in extras if marker.evaluate({"extra": e})] if marker else [""]
        label = requirement.name + (f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else "")
        for owner in owners:
            found.setdefault(owner, set()).add(label)
    return found


def test_the_distribution_name_is_ours_and_the_version_is_the_one_listbot_reports(metadata: Message) -> None:
    assert metadata["Name"] == DISTRIBUTION == "listbot-lint"
    assert metadata.get_all("Version") == [listbot.__version__]
    assert listbot.__version__ != "0+unknown"


def test_the_version_is_written_only_in_pyproject() -> None:
    version = listbot.__version__
    holders = [
        path.relative_to(ROOT).as_posix()
        for path in [ROOT / "pyproject.toml", *(ROOT / "src").rglob("*.py"), ROOT / "action.yml"]
        if f'"{version}"' in path.read_text(encoding="utf-8")
    ]
    assert holders == ["pyproject.toml"]


def test_license_is_an_spdx_expression_with_its_file(metadata: Message, wheel: Path) -> None:
    assert metadata["License-Expression"] == "MIT"
    assert metadata["License"] is None  # the old free-text field is gone
    assert metadata.get_all("License-File") == ["LICENSE"]
    with zipfile.ZipFile(wheel) as archive:
        (license_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        text = archive.read(license_name).decode()
    assert text.startswith("MIT License") and "the listbot authors" in text


def test_py_typed_is_shipped(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        assert "listbot/py.typed" in archive.namelist()
        assert "listbot/extras.py" in archive.namelist()


def test_classifiers_urls_and_the_command(metadata: Message, wheel: Path) -> None:
    classifiers = metadata.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # PEP 639: the expression says it
    urls = dict(line.split(", ", 1) for line in metadata.get_all("Project-URL") or [])
    assert {"Homepage", "Source", "Issues"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        scripts = archive.read(entry_points).decode().replace(" ", "")
    assert "[console_scripts]\nlistbot=listbot.cli:entry_point\n" in scripts


def test_the_core_lints_with_mistune_pydantic_and_cmarkgfm_and_the_extras_add_the_rest(
    metadata: Message,
) -> None:
    extras = _extra_requirements(metadata)
    assert set(metadata.get_all("Provides-Extra") or []) == {"links", "bot", "all", "test"}
    assert extras[""] == {"mistune", "pydantic", "cmarkgfm"}
    assert extras["links"] == {"httpx", "rich", "platformdirs", "unidiff"}
    assert extras["bot"] == {"PyGithub", "unidiff"}
    assert extras["all"] == {"listbot-lint[bot,links]"}
    assert "listbot-lint[all]" in extras["test"] and "pytest" in extras["test"]


def test_every_module_an_extra_names_is_installed_by_that_extra(metadata: Message) -> None:
    modules_of = {"httpx": "httpx", "rich": "rich", "platformdirs": "platformdirs", "unidiff": "unidiff"}
    modules_of |= {"PyGithub": "github"}
    extras = _extra_requirements(metadata)
    for extra, modules in EXTRA_MODULES.items():
        assert sorted(modules) == sorted(modules_of[name] for name in extras[extra])


def _run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_import_and_check_load_none_of_the_heavy_modules(tmp_path: Path) -> None:
    (tmp_path / "LIST.md").write_text(
        SMALL_LIST + "* [2412] [LIMO](https://arxiv.org/pdf/2502.03387) (SJTU)\n"
    )
    done = _run_python(
        f"""
        import sys
        import listbot.cli
        after_import = sorted(m for m in {HEAVY!r} if m in sys.modules)
        code = listbot.cli.main(["check", "LIST.md"])
        after_check = sorted(m for m in {HEAVY!r} if m in sys.modules)
        print("RESULT", code, after_import, after_check)
        """,
        tmp_path,
    )
    result = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    assert result == ["RESULT 1 [] []"], done.stdout + done.stderr
    assert "LIST.md:5:" in done.stdout  # it did lint: the problems are there


# The extras' modules made unimportable, as where only the core is installed: a None in
# sys.modules makes `import` raise ModuleNotFoundError and find_spec return None.
_WITHOUT_EXTRAS = """
import sys
for name in {absent!r}:
    sys.modules[name] = None
"""


def test_check_works_when_no_extra_is_installed(tmp_path: Path) -> None:
    (tmp_path / "LIST.md").write_text(SMALL_LIST)
    absent = sorted({m for modules in EXTRA_MODULES.values() for m in modules} | {"requests"})
    done = _run_python(
        _WITHOUT_EXTRAS.format(absent=absent)
        + "import listbot.cli\nprint('EXIT', listbot.cli.main(['check', 'LIST.md']))\n",
        tmp_path,
    )
    assert "EXIT 0" in done.stdout, done.stdout + done.stderr
    assert "All clear" in done.stdout


def test_require_names_the_extra_to_install_when_a_module_is_missing(tmp_path: Path) -> None:
    done = _run_python(
        _WITHOUT_EXTRAS.format(absent=["httpx"])
        + textwrap.dedent(
            """
            from listbot.extras import MissingExtra, missing_modules, require
            print("MISSING", missing_modules("links"), missing_modules("bot"))
            require("bot")
            try:
                require("links")
            except MissingExtra as error:
                print("ERROR", error.extra, error.module, error)
            """
        ),
        tmp_path,
    )
    assert "MISSING ['httpx'] []" in done.stdout, done.stdout + done.stderr
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("ERROR")]
    assert line == (
        "ERROR links httpx link checking and paper lookups (--links, --metadata, the listbot-links hook) needs the [links] extra "
        "(module 'httpx' is not installed): pip install 'listbot-lint[links]'"
    )


def test_require_passes_when_the_extras_are_installed_and_rejects_unknown_names() -> None:
    assert missing_modules("links") == [] and missing_modules("bot") == []
    require("links")
    require("bot", "github")
    with pytest.raises(MissingExtra, match=r"pip install 'listbot-lint\[bot\]'"):
        require("bot", "no_such_module_for_listbot")
    with pytest.raises(ValueError, match="unknown extra 'linkz'"):
        missing_modules("linkz")


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        pytest.param(["check", "--links", "LIST.md"], "links", id="check --links"),
        pytest.param(
            ["pr", "--dry-run", "--base", "LIST.md", "--head", "LIST.md"],
            "bot",
            id="pr",
        ),
    ],
)
def test_a_command_whose_extra_is_missing_names_it_in_one_line(
    tmp_path: Path, command: list[str], extra: str
) -> None:
    (tmp_path / "LIST.md").write_text(SMALL_LIST)
    absent = sorted({m for modules in EXTRA_MODULES.values() for m in modules})
    done = _run_python(
        _WITHOUT_EXTRAS.format(absent=absent)
        + f"import sys, listbot.cli\nsys.exit(listbot.cli.main({command!r}))\n",
        tmp_path,
    )
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("listbot: error: ") and f"needs the [{extra}] extra" in line
    assert line.endswith(f"pip install '{DISTRIBUTION}[{extra}]'")
