from tests.helpers import fixed, messages, problems


def test_trailing_blanks_tabs_and_final_newline():
    source = "# L  \n* [A](https://a.org)\t(tab)\n\tindented\n```\ncode\t \n```\nlast"
    assert problems(source, "LB603") == [(1, 4), (2, 21), (3, 1), (7, 5)]
    assert messages(source, "LB603")[-1] == "no newline at end of file"


def test_fix_strips_replaces_and_appends():
    source = "# L  \n* [A](https://a.org)\t(tab)\n\tindented\n```\ncode\t \n```\nlast"
    assert (
        fixed(source, "LB603") == "# L\n* [A](https://a.org) (tab)\n    indented\n```\ncode\t \n```\nlast\n"
    )


def test_stray_carriage_return_in_a_mixed_file_is_trailing_whitespace():
    assert fixed("# L\r\ntext\n", "LB603") == "# L\ntext\n"


def test_empty_file_is_clean():
    assert problems("", "LB603") == []
