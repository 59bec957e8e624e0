from tests.helpers import fixed, messages, problems

SOURCE = """\
## Links
* [Space before paren] (https://a.org/x)
* [Empty url]()
* [](https://b.org/empty-text)
* [Ftp](javascript:alert(1))
* [Relative](docs/paper.pdf)
* [No scheme](www.d.org/page)
* [Pasted](https://arxiv.org/abs/2502.0001https://arxiv.org/abs/2502.00011)
* [Unbalanced [bracket](https://e.org)
* [Fine](https://f.org)
"""


def test_each_kind_of_breakage_is_flagged():
    assert [line for line, _ in problems(SOURCE, "LB302")] == [2, 3, 4, 5, 7, 8, 9]


def test_messages_name_the_problem():
    found = " | ".join(messages(SOURCE, "LB302"))
    for words in (
        "space between",
        "empty URL",
        "empty text",
        "'javascript'",
        "no scheme",
        "pasted",
        "unbalanced",
    ):
        assert words in found


def test_relative_links_are_fine_in_a_repository_readme():
    assert 6 not in [line for line, _ in problems(SOURCE, "LB302")]


def test_unambiguous_repairs_only():
    result = fixed(SOURCE, "LB302")
    assert "* [Space before paren](https://a.org/x)\n" in result
    assert "* [No scheme](https://www.d.org/page)\n" in result
    assert "* [Empty url]()\n" in result
