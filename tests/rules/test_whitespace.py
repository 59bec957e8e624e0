from tests.helpers import fixed, messages, problems


def test_trailing_blanks_tabs_and_final_newline():
    source = "# L  \n* [A](https://a.org)\t(tab)\n    text\n```\ncode\t \n```\nlast"
    assert problems(source, "LB603") == [(1, 4), (2, 21), (7, 5)]
    assert messages(source, "LB603")[-1] == "no newline at end of file"


def test_fix_strips_replaces_and_appends():
    source = "# L  \n* [A](https://a.org)\t(tab)\n```\ncode\t \n```\nlast"
    assert fixed(source, "LB603") == "# L\n* [A](https://a.org) (tab)\n```\ncode\t \n```\nlast\n"


def test_hard_line_breaks_are_kept():
    source = (
        "- **Title**  \n  *A. Author*. [[pdf](https://arxiv.org/pdf/2501.00001)]\n- **Other**\\\n  *B*.\n"
    )
    assert problems(source, "LB603") == []
    assert problems(source, "LB603", rules={"whitespace": {"hard-breaks": False}}) == [(1, 12)]


def test_two_spaces_before_a_blank_line_are_trailing_whitespace():
    assert problems("text  \n\nmore\n", "LB603") == [(1, 5)]


def test_tabs_that_indent_nested_lists_are_a_convention():
    nested = "- Group\n\t- [a](https://a.org) - x\n\t- [b](https://b.org) - y\n"
    assert problems(nested, "LB603") == []
    spaced = "- G\n  - [a](https://a.org)\n  - [b](https://b.org)\n  - [c](https://c.org)\n  - [d](https://d.org)\n  - [e](https://e.org)\n\t- [f](https://f.org)\n"
    assert problems(spaced, "LB603") == [(7, 1)]


def test_stray_carriage_return_in_a_mixed_file_is_trailing_whitespace():
    assert fixed("# L\r\ntext\n", "LB603") == "# L\ntext\n"


def test_empty_file_is_clean():
    assert problems("", "LB603") == []


def test_stray_tabs_on_one_line_are_one_finding_fixed_together():
    source = "* [A](https://a.org)\t(x)\t\t(y)\tz\n"
    assert problems(source, "LB603") == [(1, 21)]
    assert messages(source, "LB603") == ["4 tab characters"]
    assert fixed(source, "LB603") == "* [A](https://a.org) (x) (y) z\n"


def test_a_line_of_many_tabs_is_one_finding():
    source = "* [A](https://a.org)" + " \t" * 50_000 + "end\n"
    assert messages(source, "LB603") == ["50000 tab characters"]
    assert fixed(source, "LB603") == "* [A](https://a.org)" + "  " * 50_000 + "end\n"


def test_a_tab_after_spaces_becomes_the_spaces_to_the_next_tab_stop():
    # "  \t" reaches column 4, where the sub-item stays a sub-item; six spaces made it a
    # continuation of "Category" and the loss guard refused the whole file (found by fuzzing)
    source = "## S\n\n- Category\n  \t- [pify](https://github.com/x/pify) - Reasoning.\n"
    assert (
        fixed(source, "LB603") == "## S\n\n- Category\n    - [pify](https://github.com/x/pify) - Reasoning.\n"
    )
