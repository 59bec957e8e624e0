from tests.helpers import fixed, problems

SOURCE = """\
## Papers
* [2502] [STP](https://arxiv.org/abs/2502.00212) (a long note
that wraps) (Stanford)
* [2502] [Split
title](https://arxiv.org/abs/2502.00213)
* [2502] [Ok](https://arxiv.org/abs/2502.00214) (note
  indented) (X)
"""


def test_lazy_line_is_flagged_but_not_a_split_title():
    assert problems(SOURCE, "LB604") == [(3, 1)]


def test_fix_indents_under_the_bullet_text():
    assert fixed(SOURCE, "LB604").splitlines()[2] == "  that wraps) (Stanford)"
