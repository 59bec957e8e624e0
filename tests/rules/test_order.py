from tests.helpers import fixed, problems

SOURCE = """\
## Papers
* [2503] [A](https://arxiv.org/abs/2503.00001)
* [2502] [B](https://arxiv.org/abs/2502.00002)
* [2503] [C](https://arxiv.org/abs/2503.00003)
  (a continuation line that moves with C)
  * a sub-item of C
* [2501] [D](https://arxiv.org/abs/2501.00004)
"""


def test_entry_newer_than_the_one_above_is_flagged():
    assert problems(SOURCE, "LB501") == [(4, 1)]


def test_fix_is_a_stable_sort_of_whole_entries():
    assert fixed(SOURCE, "LB501") == (
        "## Papers\n"
        "* [2503] [A](https://arxiv.org/abs/2503.00001)\n"
        "* [2503] [C](https://arxiv.org/abs/2503.00003)\n"
        "  (a continuation line that moves with C)\n"
        "  * a sub-item of C\n"
        "* [2502] [B](https://arxiv.org/abs/2502.00002)\n"
        "* [2501] [D](https://arxiv.org/abs/2501.00004)\n"
    )


def test_oldest_first_and_none_per_section():
    oldest = {"sections": [{"match": "papers", "order": "oldest"}]}
    assert [line for line, _ in problems(SOURCE, "LB501", **oldest)] == [3, 7]
    assert problems(SOURCE, "LB501", sections=[{"match": "Pap*", "order": "none"}]) == []


def test_no_fix_when_a_tag_is_missing():
    source = "## P\n* [2501] [A](https://x.org/a)\n* [2502] [B](https://x.org/b)\n* [C](https://x.org/c)\n"
    assert fixed(source, "LB501") == source


def test_blank_lines_between_entries_stay_in_place():
    source = "## P\n* [2501] [A](https://x.org/a)\n\n* [2502] [B](https://x.org/b)\n"
    assert fixed(source, "LB501") == "## P\n* [2502] [B](https://x.org/b)\n\n* [2501] [A](https://x.org/a)\n"
