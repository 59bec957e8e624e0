"""LB801-LB814 through the real command line, fixer and bot, against the fake arXiv and GitHub.

The servers are the metadata engine's fakes (tests/metadata/servers.py) on 127.0.0.1; the
list is written to a temporary folder with a ``.listbot.toml`` pointing at them.
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listbot.cli import main
from listbot.config import parse_config
from listbot.metadata.refs import check_documents_metadata, refs_of
from listbot.parse import parse
from listbot.pipeline import Run, analyse
from listbot.rules.paper_mismatch import _inner
from tests.metadata.papers import DEEPSEEK, INSTRUCT, KIMI, TEST_TIME, VERIFY, WITHDRAWN
from tests.metadata.servers import TOKEN, FakeArxiv, FakeGitHub, Paper

LORA = Paper(
    "2106.09685", "LoRA: Low-Rank Adaptation of Large Language Models", doi="10.5555/3600270.3602070"
)
S1 = Paper("2501.19393", "s1: Simple test-time scaling")
ANCHOR = Paper("1706.03762", "Attention Is All You Need")

# One planted case per line from line 5 on; the comment names what must be reported there.
PLANTED = """\
# Papers

## Reasoning

* [2501] [DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning](https://arxiv.org/abs/2501.12948) [[Code](https://github.com/deepseek-ai/DeepSeek-R1)] ![Stars](https://img.shields.io/github/stars/deepseek-ai/deepseek-r1?style=social)
* [2501] [Kimi k1.5: Scaling Reinforcement Learning with LLMs](https://arxiv.org/abs/2501.12599)
* [2501] [Kimi k1.5: Scaling Reinforcement Learning with LLMs](https://arxiv.org/abs/2501.12948)
* [2501] [s1: Simple test-time scaling](https://arxiv.org/abs/2408.03314)
* [2412] [A Paper That Was Never Announced](https://arxiv.org/abs/2412.99999)
* [2408] [Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters](https://arxiv.org/abs/2408.03314) [[Code](https://github.com/old-owner/old-name/tree/main/src)]
* [2402] [A Study of Reward Hacking in Small Models](https://arxiv.org/abs/2402.01234) [[Code](https://github.com/google-research/frozen-thing)]
* [2305] **Let's Verify Step by Step.** [[Paper](https://arxiv.org/abs/2305.20050)] [[Code](https://github.com/nobody/nothing-here)]
* [2203] [Training language models to follow instructions with human feedback](https://arxiv.org/abs/2203.02155)
* [2106] [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685) (ICLR 2022) [[Code](https://github.com/alice/model)] ![Stars](https://img.shields.io/github/stars/bob/other-model)
"""
EXPECTED = {
    (7, "LB801", "error"),  # carries its neighbour's id (DeepSeek-R1's); line 6 has the right one
    (8, "LB801", "error"),  # carries another paper's id; a title search finds the right one
    (9, "LB802", "error"),
    (10, "LB811", "warning"),
    (11, "LB803", "warning"),
    (11, "LB812", "info"),
    (12, "LB801", "warning"),  # retitled: the list has the old, shorter title
    (12, "LB813", "error"),
    (13, "LB804", "info"),
    (14, "LB814", "warning"),
}


def _plant(arxiv: FakeArxiv, github: FakeGitHub) -> None:
    arxiv.add(ANCHOR, DEEPSEEK, KIMI, VERIFY, TEST_TIME, WITHDRAWN, INSTRUCT, LORA, S1)
    for name in ("deepseek-ai/DeepSeek-R1", "alice/model"):
        github.add(name)
    github.add("new-owner/new-name", renamed_from=("old-owner/old-name",))
    github.add("google-research/frozen-thing", archived=True)


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[tuple[FakeArxiv, FakeGitHub]]:
    """Both fakes, planted, and a folder holding the list and a config that points at them."""
    for name in ("GITHUB_TOKEN", "GITHUB_API_URL", "GITHUB_GRAPHQL_URL", "LISTBOT_ARXIV_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    with FakeArxiv() as arxiv, FakeGitHub() as github:
        _plant(arxiv, github)
        monkeypatch.setenv("GITHUB_API_URL", github.url)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        _write_config(tmp_path, arxiv.api)
        (tmp_path / "list.md").write_text(PLANTED, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        yield arxiv, github


def _write_config(folder: Path, api: str) -> None:
    settings = f'arxiv-api-url = "{api}"\ndelay = 0.02\nbackoff = 0.02\nretries = 1\ntimeout = 2\n'
    (folder / ".listbot.toml").write_text("[metadata]\n" + settings, encoding="utf-8")


def _check_json(capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, list[dict], str]:
    code = main(["check", "--format", "json", "--cache-path", "cache.sqlite3", *flags, "list.md"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else [], err


def _line(number: int) -> str:
    return PLANTED.splitlines()[number - 1]


def test_every_planted_case_is_reported_with_the_right_code_and_nothing_else(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str]
) -> None:
    code, found, err = _check_json(capsys, "--metadata", "--select", "LB8")
    assert code == 1
    assert {(d["line"], d["code"], d["severity"]) for d in found} == EXPECTED
    by_place = {(d["line"], d["code"]): d for d in found}
    wrong = by_place[(7, "LB801")]
    assert "links the wrong paper" in wrong["message"] and "DeepSeek-R1" in wrong["message"]
    assert wrong["fix"]["applicability"] == "unsafe"
    assert wrong["fix"]["edits"][0]["content"] == "https://arxiv.org/abs/2501.12599"
    assert by_place[(8, "LB801")]["fix"]["edits"][0]["content"] == "https://arxiv.org/abs/2501.19393"
    moved = by_place[(10, "LB811")]
    assert moved["fix"]["applicability"] == "safe"
    assert moved["fix"]["edits"][0]["content"] == "https://github.com/new-owner/new-name/tree/main/src"
    assert "NeurIPS 2022" in by_place[(13, "LB804")]["message"]
    assert "bob/other-model" in by_place[(14, "LB814")]["message"]
    assert "metadata: 8 papers and 5 repositories looked up: 3 requests (arXiv 2, GitHub 1)" in err


def test_each_finding_points_at_the_part_it_is_about(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str]
) -> None:
    _, found, _ = _check_json(capsys, "--metadata")

    def text(d: dict) -> str:
        assert d["line"] == d["end_line"]
        return _line(d["line"])[d["column"] - 1 : d["end_column"] - 1]

    by_place = {(d["line"], d["code"]): d for d in found}
    assert text(by_place[(7, "LB801")]) == KIMI.title
    assert text(by_place[(12, "LB801")]) == "Let's Verify Step by Step."
    assert text(by_place[(9, "LB802")]) == "https://arxiv.org/abs/2412.99999"
    assert text(by_place[(11, "LB803")]) == "https://arxiv.org/abs/2402.01234"
    assert text(by_place[(13, "LB804")]) == "*"
    assert text(by_place[(10, "LB811")]) == "https://github.com/old-owner/old-name/tree/main/src"
    assert text(by_place[(11, "LB812")]) == "https://github.com/google-research/frozen-thing"
    assert text(by_place[(12, "LB813")]) == "https://github.com/nobody/nothing-here"
    assert text(by_place[(14, "LB814")]) == "![Stars](https://img.shields.io/github/stars/bob/other-model)"


def test_a_warm_rerun_makes_no_request(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str]
) -> None:
    arxiv, github = servers
    _, first, _ = _check_json(capsys, "--metadata")
    served = len(arxiv.requests), len(github.requests)
    _, second, err = _check_json(capsys, "--metadata")
    assert second == first
    assert (len(arxiv.requests), len(github.requests)) == served
    assert "looked up: 0 requests, 14 from the cache" in err  # 8 papers, 5 repositories, 1 search


def test_no_cache_asks_again_and_writes_nothing(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    arxiv, _ = servers
    for _ in range(2):
        _check_json(capsys, "--metadata", "--no-cache")
    assert sum("id_list" in seen.params for seen in arxiv.requests) == 2
    assert not (tmp_path / "cache.sqlite3").exists()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_no_network_is_one_line_and_exit_2_never_a_false_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}"
    monkeypatch.setenv("GITHUB_API_URL", dead)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    _write_config(tmp_path, dead + "/api/query")
    (tmp_path / "list.md").write_text(PLANTED, encoding="utf-8")
    code, found, err = _check_json(capsys, "--metadata")
    assert code == 2 and found == []
    assert err.count("\n") == 1 and err.startswith("listbot: error: metadata check: ")
    assert "unreachable" in err and "nothing was checked" in err


def test_a_throttled_arxiv_gives_notes_not_findings(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str]
) -> None:
    arxiv, _ = servers
    arxiv.failures = [(503, "0")] * 10
    code, found, err = _check_json(capsys, "--metadata")
    papers = [d for d in found if d["code"].startswith("LB80")]
    assert papers and all(d["code"] == "LB802" and d["severity"] == "info" for d in papers)
    assert all(d["message"].startswith("could not verify arXiv ") for d in papers)
    assert {(d["line"], d["code"]) for d in found if d["code"].startswith("LB81")} == {
        (10, "LB811"),
        (11, "LB812"),
        (12, "LB813"),
        (14, "LB814"),
    }
    assert code == 1  # the code findings; notes alone would not fail
    assert f"; {len(papers)} could not be verified" in err


def test_without_metadata_nothing_is_asked(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str]
) -> None:
    arxiv, github = servers
    _, found, err = _check_json(capsys, "--select", "LB8")
    assert {d["code"] for d in found} == {"LB814"}  # the offline rule only
    assert arxiv.requests == [] and github.requests == [] and "metadata:" not in err


def test_metadata_true_and_the_environment_variable_turn_it_on(
    servers: tuple[FakeArxiv, FakeGitHub],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    arxiv, _ = servers
    _check_json(capsys, "--metadata")  # warms the cache: the default 3 s pause is never waited
    (tmp_path / ".listbot.toml").write_text("metadata = true\n", encoding="utf-8")
    monkeypatch.setenv("LISTBOT_ARXIV_API_URL", arxiv.api)
    _, found, err = _check_json(capsys, "--select", "LB8")
    assert {(d["line"], d["code"], d["severity"]) for d in found} == EXPECTED
    assert "looked up: 0 requests" in err


def test_only_the_selected_part_is_looked_up(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str]
) -> None:
    arxiv, github = servers
    _, found, _ = _check_json(capsys, "--metadata", "--select", "LB81")
    assert {d["code"] for d in found} == {"LB811", "LB812", "LB813", "LB814"}
    assert arxiv.requests == [] and len(github.requests) == 1


def test_without_lb801_no_title_is_searched(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str]
) -> None:
    arxiv, github = servers
    _, found, _ = _check_json(capsys, "--metadata", "--select", "LB802,LB803")
    assert {(d["line"], d["code"]) for d in found} == {(9, "LB802"), (11, "LB803")}
    assert [list(seen.params) for seen in arxiv.requests] == [["id_list", "max_results"]]
    assert github.requests == []


# --- fixing -------------------------------------------------------------------------------------------


def test_fix_writes_the_moved_repository_keeping_its_path(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    main(["fix", "--metadata", "--select", "LB8", "--cache-path", "cache.sqlite3", "list.md"])
    fixed = (tmp_path / "list.md").read_text(encoding="utf-8")
    assert fixed == PLANTED.replace(
        "https://github.com/old-owner/old-name/tree/main/src",
        "https://github.com/new-owner/new-name/tree/main/src",
    )
    assert "Fixed 1 problem" in capsys.readouterr().out


def test_unsafe_fix_links_the_paper_the_title_names(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = PLANTED.replace(_line(12) + "\n", "")  # the retitle is tested on its own below
    (tmp_path / "list.md").write_text(text, encoding="utf-8")
    main(["fix", "--metadata", "--unsafe-fixes", "--select", "LB801", "--cache-path", "c.sqlite3", "list.md"])
    fixed = (tmp_path / "list.md").read_text(encoding="utf-8").splitlines()
    assert fixed[6] == _line(7).replace("2501.12948", "2501.12599")  # the neighbour's id
    assert fixed[7] == _line(8).replace("2408.03314", "2501.19393")  # found by a title search
    capsys.readouterr()
    _, found, _ = _check_json(capsys, "--metadata", "--select", "LB801")
    assert found == []


def test_the_retitle_fix_passes_the_render_check(servers: tuple[FakeArxiv, FakeGitHub]) -> None:
    from listbot import rail

    config = parse_config({"metadata": {"arxiv-api-url": servers[0].api, "delay": 0.02}})
    doc = parse(PLANTED, "list.md")
    answers = check_documents_metadata([doc], config, use_cache=False)
    found = analyse(doc, Run(config, network=frozenset({"metadata"})), metadata=answers)
    (retitle,) = [d for d in found if d.code == "LB801" and d.line == 12]
    assert retitle.fix is not None and retitle.fix.edits[0].content == VERIFY.title + "."
    assert rail.check(doc, [retitle]) == {}
    (relink,) = [d for d in found if d.code == "LB801" and d.line == 7]
    assert rail.check(doc, [relink]) == {}


def test_unsafe_fix_writes_the_current_title(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(
        ["fix", "--metadata", "--unsafe-fixes", "--select", "LB801", "--cache-path", "c.sqlite3", "list.md"]
    )
    fixed = (tmp_path / "list.md").read_text(encoding="utf-8").splitlines()
    assert code != 2 and fixed[11] == _line(12).replace("Let's Verify Step by Step.", VERIFY.title + ".")


def test_findings_follow_entries_that_a_sort_moves(
    servers: tuple[FakeArxiv, FakeGitHub], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The fixer lints again after each pass: findings are filed by what entries link, not where."""
    moved, archived = _line(10), _line(11)
    text = PLANTED.replace(moved + "\n" + archived, archived + "\n" + moved)  # [2402] above [2408]
    (tmp_path / "list.md").write_text(text, encoding="utf-8")
    main(["fix", "--metadata", "--select", "LB8,LB501", "--cache-path", "cache.sqlite3", "list.md"])
    fixed = (tmp_path / "list.md").read_text(encoding="utf-8").splitlines()
    assert fixed[9] == moved.replace("old-owner/old-name", "new-owner/new-name")
    assert fixed[10] == archived
    capsys.readouterr()
    _, found, _ = _check_json(capsys, "--metadata", "--select", "LB81")
    assert {(d["line"], d["code"]) for d in found} == {(11, "LB812"), (12, "LB813"), (14, "LB814")}


# --- building the refs, and the bot ------------------------------------------------------------------


def test_refs_carry_titles_ids_code_links_badges_and_venues() -> None:
    refs = {ref.key: ref for ref in refs_of(parse(PLANTED, "list.md"))}
    assert len(refs) == 10
    first = refs[0]
    assert first.title == DEEPSEEK.title and first.arxiv_id == DEEPSEEK.id
    assert first.code_url == "https://github.com/deepseek-ai/DeepSeek-R1"
    assert first.badge_urls == ("https://img.shields.io/github/stars/deepseek-ai/deepseek-r1?style=social",)
    assert refs[7].title == "Let's Verify Step by Step." and refs[7].code_url.endswith("nothing-here")
    assert refs[9].has_venue and not refs[8].has_venue


@pytest.mark.parametrize("switch", ["metadata", "pr"])
def test_the_bot_looks_up_only_the_entries_a_pull_request_adds(
    servers: tuple[FakeArxiv, FakeGitHub], switch: str
) -> None:
    from listbot.bot.findings import ListFile, lint_file
    from listbot.diffmap import compare

    arxiv, _ = servers
    base = PLANTED.replace(_line(9) + "\n", "").replace(_line(12) + "\n", "")
    item = ListFile("list.md", PLANTED, compare(base, PLANTED), base_text=base)
    settings: dict[str, object] = {"arxiv-api-url": arxiv.api, "delay": 0.02}
    if switch == "metadata":  # `metadata = true` for every run, or `[pr] metadata = true` for the bot only
        config = parse_config({"metadata": {"enabled": True, **settings}})
    else:
        config = parse_config({"metadata": settings, "pr": {"metadata": True}})
    _, diagnostics, _ = lint_file(item, config, links=False)
    network = {(d.line, d.code) for d in diagnostics if d.code.startswith("LB8")}
    assert network == {(9, "LB802"), (12, "LB801"), (12, "LB813"), (14, "LB814")}
    asked = ",".join(seen.params.get("id_list", "") for seen in arxiv.requests)
    assert set(asked.split(",")) == {"2412.99999", "2305.20050"}


# How LB801's retitle fix found the title inside its markup before issue 9 (quadratic on blanks).
_LAZY_AROUND = re.compile(r"^(?P<lead>[*_~\s]*)(?P<inner>.*?)(?P<trail>[*_~\s]*)$", re.S)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="*_~ \t\n\xa0\x1cab.", max_size=30))
def test_the_title_inside_its_markup_is_found_as_the_lazy_regex_found_it(written: str) -> None:
    parts = _LAZY_AROUND.match(written)
    assert parts is not None
    assert _inner(written) == (parts.start("inner"), parts.end("inner"))


def test_a_title_of_many_blanks_is_read_in_linear_time() -> None:
    written = "**A" + " " * 200_000 + "B**"  # the lazy regex took 30 s for 80,000 blanks
    started = time.perf_counter()
    assert _inner(written) == (2, len(written) - 2)
    assert time.perf_counter() - started < 5
