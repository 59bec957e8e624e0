from tests.helpers import fixed, problems

SOURCE = """\
## Papers
* [2502] [The Danger of Overthinking: Examining the Reasoning-Action Dilemma in
Agentic Tasks](https://arxiv.org/abs/2502.08235) (Berkeley)
* [2502] [One line](https://arxiv.org/abs/2502.00001)
"""


def test_split_title_is_flagged_at_the_link():
    assert problems(SOURCE, "LB303") == [(2, 10)]


def test_fix_joins_with_one_space_and_keeps_the_rest():
    assert fixed(SOURCE, "LB303") == (
        "## Papers\n"
        "* [2502] [The Danger of Overthinking: Examining the Reasoning-Action Dilemma in Agentic Tasks]"
        "(https://arxiv.org/abs/2502.08235) (Berkeley)\n"
        "* [2502] [One line](https://arxiv.org/abs/2502.00001)\n"
    )
