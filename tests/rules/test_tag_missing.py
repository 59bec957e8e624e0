from tests.helpers import fixed, messages, problems

DATED = """\
## Papers
* [2502] [A](https://arxiv.org/abs/2502.00001)
* [Demystifying Long CoT](https://arxiv.org/pdf/2502.03373v2) (IN.AI)
* [2501] [C](https://arxiv.org/abs/2501.00003)
* [2501] [D](https://arxiv.org/abs/2501.00004)
* [A blog post](https://example.org/post)
"""


def test_undated_entries_of_a_dated_section_are_flagged():
    assert problems(DATED, "LB201") == [(3, 1), (6, 1)]


def test_message_names_the_month_from_the_id():
    assert "arXiv 2502.03373 gives [2502]" in messages(DATED, "LB201")[0]


def test_fix_inserts_the_tag_only_where_the_id_gives_it():
    result = fixed(DATED, "LB201")
    assert "* [2502] [Demystifying Long CoT](https://arxiv.org/pdf/2502.03373v2) (IN.AI)\n" in result
    assert "* [A blog post](https://example.org/post)\n" in result


def test_tag_goes_after_a_category_and_before_a_short_name():
    source = """\
    ## Papers
    * [**RL**] [2505] [A](https://arxiv.org/abs/2505.00001)
    * [**RL**] [Name] [B](https://arxiv.org/abs/2504.00002)
    * [2504] [C](https://arxiv.org/abs/2504.00003)
    * [2504] [D](https://arxiv.org/abs/2504.00004)
    """
    assert "* [**RL**] [2504] [Name] [B]" in fixed(source, "LB201")


def test_a_tag_after_a_badge_is_seen_so_the_fix_is_idempotent():
    source = """\
    ## Papers
    * [2502] [A](https://arxiv.org/abs/2502.00001)
    * [2501] [B](https://arxiv.org/abs/2501.00002)
    * [2501] [B2](https://arxiv.org/abs/2501.00012)
    * ![Stars](https://img.shields.io/github/stars/a/b) [C](https://arxiv.org/abs/2501.00003)
    """
    once = fixed(source, "LB201")
    assert once.count("[2501] [C]") == 1
    assert fixed(once, "LB201") == once


def test_other_date_forms_are_expected_where_the_list_writes_them():
    source = """\
    ## Papers
    * Title One [[paper](https://arxiv.org/abs/2405.00001)] (2024.05.01)
    * Title Two [[paper](https://arxiv.org/abs/2405.00002)] (2024.05.02)
    * Title Four [[paper](https://arxiv.org/abs/2405.00004)] (2024.05.04)
    * Title Three [[paper](https://arxiv.org/abs/2405.00003)]
    """
    assert messages(source, "LB201") == ["entry has no date; its neighbours carry a date after the links"]


def test_link_sections_need_no_dates():
    source = "## Video\n* [A talk](https://youtube.com/watch?v=1)\n* [B](https://youtube.com/watch?v=2)\n"
    assert problems(source, "LB201") == []


def test_no_tag_is_inserted_into_an_entry_with_broken_link_syntax():
    source = (
        DATED
        + "* [2501] [E](https://arxiv.org/abs/2501.00005)\n* [Open](<!--https://arxiv.org/abs/2501.00006)\n"
    )
    assert "entry has no [YYMM] tag; arXiv 2501.00006 gives [2501]" in messages(source, "LB201")
    assert fixed(source, "LB201").endswith("* [Open](<!--https://arxiv.org/abs/2501.00006)\n")
