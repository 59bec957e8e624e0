from tests.helpers import fixed, problems

SOURCE = "## P\n* [2502] [Searching for the Right Intuition ](https://arxiv.org/abs/2502.06773) (MIT)\n"


def test_trailing_blank_in_title():
    assert problems(SOURCE, "LB306") == [(2, 11)]


def test_fix_trims_only_the_title():
    assert (
        fixed(SOURCE, "LB306")
        == "## P\n* [2502] [Searching for the Right Intuition](https://arxiv.org/abs/2502.06773) (MIT)\n"
    )
