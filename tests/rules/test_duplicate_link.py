from tests.helpers import fixed, messages, problems

SOURCE = """\
## Outcome
* [2502] [LIMO: Less is More for Reasoning](https://arxiv.org/pdf/2502.03387?) (SJTU)
* [2502] [BOLT](https://arxiv.org/abs/2502.03860)
## Other
* [2502] [LIMO: Less is More for Reasoning](https://www.alphaxiv.org/abs/2502.03387v1) (SJTU)
* [2502] [limo - less is more for reasoning](https://arxiv.org/abs/2502.03387) (different note)
## Links
* [Repo](https://github.com/a/b)
* [Repo again](https://www.github.com/a/b/)
"""


def test_later_copies_are_flagged_under_any_url_form():
    assert [line for line, _ in problems(SOURCE, "LB401")] == [5, 6, 9]


def test_message_points_to_the_first():
    assert messages(SOURCE, "LB401")[0] == "arXiv 2502.03387 is already listed on line 2"


def test_fix_removes_only_copies_identical_after_fixing():
    result = fixed(SOURCE, "LB401")
    assert result.count("LIMO: Less is More for Reasoning") == 1
    assert "limo - less is more for reasoning" in result
    assert "[Repo again]" in result


def test_the_first_copy_is_named_as_related():
    from listbot.pipeline import lint_text
    from tests.helpers import md

    first = lint_text(md(SOURCE), select=["LB401"])[0]
    assert first.related == (2, "arXiv 2502.03387 is listed again on line 5")
