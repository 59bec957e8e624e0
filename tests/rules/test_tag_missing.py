from tests.helpers import fixed, messages, problems

DATED = """\
## Papers
* [2502] [A](https://arxiv.org/abs/2502.00001)
* [Demystifying Long CoT](https://arxiv.org/pdf/2502.03373v2) (IN.AI)
* [2501] [C](https://arxiv.org/abs/2501.00003)
* [A blog post](https://example.org/post)
"""


def test_untagged_entries_of_a_dated_section_are_flagged():
    assert problems(DATED, "LB201") == [(3, 1), (5, 1)]


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
    """
    assert "* [**RL**] [2504] [Name] [B]" in fixed(source, "LB201")


def test_link_sections_need_no_tags():
    source = "## Video\n* [A talk](https://youtube.com/watch?v=1)\n* [B](https://youtube.com/watch?v=2)\n"
    assert problems(source, "LB201") == []
