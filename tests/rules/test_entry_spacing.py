from tests.helpers import fixed, problems

SOURCE = """\
## Papers
*  [2502] [A](https://arxiv.org/abs/2502.00001)
* [2502][B](https://arxiv.org/abs/2502.00002)
* [2502] [C](https://arxiv.org/abs/2502.00003)(IN.AI)
* [2502]  [D](https://arxiv.org/abs/2502.00004)   (note)
* [2502] [E](https://arxiv.org/abs/2502.00005) (fine)
## Open-Source
* ![Stars](https://img.shields.io/x) [TinyZero](https://github.com/a/b) (fine too)
* [Name](https://example.org) - description
"""


def test_spacing_problems_are_flagged():
    assert problems(SOURCE, "LB602") == [(2, 2), (3, 9), (4, 47), (5, 9), (5, 48)]


def test_fix_normalises_to_one_space():
    assert fixed(SOURCE, "LB602").splitlines()[1:5] == [
        "* [2502] [A](https://arxiv.org/abs/2502.00001)",
        "* [2502] [B](https://arxiv.org/abs/2502.00002)",
        "* [2502] [C](https://arxiv.org/abs/2502.00003) (IN.AI)",
        "* [2502] [D](https://arxiv.org/abs/2502.00004) (note)",
    ]
