"""LB814 badge-mismatch: offline, in every `listbot check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from listbot.cli import main
from tests.helpers import md, messages, problems

STARS = "https://img.shields.io/github/stars"


def test_plain_check_reports_a_star_badge_of_another_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    entry = (
        "* [2405] [SSAMBA: Self-Supervised Audio Mamba](https://arxiv.org/abs/2405.11831)"
        f" [code](https://github.com/SiavashShams/ssamba) ![Stars]({STARS}/ZhangYezhuo/MAMCA)"
    )
    Path("list.md").write_text(f"# Papers\n\n## Mamba\n\n{entry}\n", encoding="utf-8")
    code = main(["check", "list.md"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0] == (
        f"list.md:5:{entry.index('![Stars]') + 1}: LB814 the badge names github.com/ZhangYezhuo/MAMCA"
        " but the code link is github.com/SiavashShams/ssamba"
    )


def test_a_linked_badge_whose_image_names_another_repository_than_its_target() -> None:
    # the shape of a real copy-paste slip: the EPO row shows GRAPE's stars
    row = (
        "| 2025-09 | `EPO` | EPO: Entropy-regularized Policy Optimization | [paper](https://arxiv.org/abs/2509.22576)"
        f" | [![GitHub Stars]({STARS}/aiming-lab/grape?style=for-the-badge)](https://github.com/WujiangXu/EPO) |"
    )
    source = f"| Date | Name | Title | Paper | Code |\n| --- | --- | --- | --- | --- |\n{row}\n"
    assert messages(source, "LB814") == [
        "the badge names github.com/aiming-lab/grape but the code link is github.com/WujiangXu/EPO"
    ]
    assert problems(source, "LB814") == [(3, row.index("![GitHub Stars]") + 1)]  # the image, not the link


@pytest.mark.parametrize(
    "entry",
    [
        # the same repository, whatever the case and the path
        f"* [2501] [A Paper](https://arxiv.org/abs/2501.00001) [[Code](https://github.com/Alice/Model/tree/main)]"
        f" ![Stars]({STARS}/alice/model?style=social)",
        # a badge of the other repository the entry links (a dataset next to the code)
        f"* [2501] [A Paper](https://arxiv.org/abs/2501.00001) [[Code](https://github.com/alice/model)]"
        f" [[Data](https://github.com/alice/data)] ![Stars]({STARS}/alice/data)",
        # no code link: nothing to compare with
        f"* [2501] [A Paper](https://arxiv.org/abs/2501.00001) ![Stars]({STARS}/alice/model)",
        # badges that name no repository
        "* [2501] [A Paper](https://arxiv.org/abs/2501.00001) [[Code](https://github.com/alice/model)]"
        " ![](https://img.shields.io/badge/ICLR-2025-blue) ![](https://img.shields.io/github/v/release/bob/x)",
        # a linked badge of the code repository
        f"* [2501] [A Paper](https://arxiv.org/abs/2501.00001)"
        f" [![Stars]({STARS}/alice/model)](https://github.com/alice/model)",
    ],
)
def test_badges_that_name_a_repository_the_entry_links_are_fine(entry: str) -> None:
    assert problems(f"## Papers\n\n{entry}\n", "LB814") == []


def test_one_finding_per_repository_at_each_badge_place() -> None:
    source = f"""
        ## Papers

        * [2501] [A Paper](https://arxiv.org/abs/2501.00001) [[Code](https://github.com/alice/model)]
          ![Stars]({STARS}/bob/x) ![Forks](https://img.shields.io/github/forks/bob/x) ![Stars]({STARS}/carol/y)
        """
    assert messages(source, "LB814") == [
        "the badge names github.com/bob/x but the code link is github.com/alice/model",
        "the badge names github.com/carol/y but the code link is github.com/alice/model",
    ]
    badges = md(source).splitlines()[3]
    assert problems(source, "LB814") == [(4, 3), (4, badges.index("![Stars]", 3) + 1)]


def test_an_ignore_comment_silences_it() -> None:
    source = f"""
        ## Papers

        <!-- listbot: ignore LB814 -->
        * [2501] [A Paper](https://arxiv.org/abs/2501.00001) [[Code](https://github.com/alice/model)] ![S]({STARS}/bob/x)
        """
    assert problems(source, "LB814") == []
