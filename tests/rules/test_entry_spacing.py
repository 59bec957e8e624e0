from tests.helpers import fixed, problems

SOURCE = """\
## Papers
*  [2502] [A](https://arxiv.org/abs/2502.00001) (Lab)
* [2502][B](https://arxiv.org/abs/2502.00002) (Lab)
* [2502] [C](https://arxiv.org/abs/2502.00003)(IN.AI)
* [2502]  [D](https://arxiv.org/abs/2502.00004)   (note)
* [2502] [E](https://arxiv.org/abs/2502.00005) (fine)
* [2502] [F](https://arxiv.org/abs/2502.00006) (fine)
* [2502] [G](https://arxiv.org/abs/2502.00007) (fine)
* [2502] [H](https://arxiv.org/abs/2502.00008) (fine)
* [2502] [I](https://arxiv.org/abs/2502.00009) (fine)
* [2502] [J](https://arxiv.org/abs/2502.00010) (fine)
* [2502] [K](https://arxiv.org/abs/2502.00011) (fine)
* [2502] [L](https://arxiv.org/abs/2502.00012) (fine)
"""


def test_spacing_unlike_the_lists_own_is_flagged():
    assert problems(SOURCE, "LB602") == [(2, 2), (3, 9), (4, 47), (5, 9), (5, 48)]


def test_fix_changes_blanks_only():
    assert fixed(SOURCE, "LB602").splitlines()[1:5] == [
        "* [2502] [A](https://arxiv.org/abs/2502.00001) (Lab)",
        "* [2502] [B](https://arxiv.org/abs/2502.00002) (Lab)",
        "* [2502] [C](https://arxiv.org/abs/2502.00003) (IN.AI)",
        "* [2502] [D](https://arxiv.org/abs/2502.00004) (note)",
    ]


def test_label_spacing_follows_the_list():
    entries = "".join(
        f"* Title {n} [[paper](https://x.org/{n})] [[code](https://g.org/{n})]\n" for n in range(6)
    )
    source = "## P\n" + entries + "* Title 9 [[paper](https://x.org/9)][[code](https://g.org/9)]\n"
    assert problems(source, "LB602") == [(8, 37)]
    tight = source.replace("] [[code]", "][[code]")
    assert problems(tight, "LB602") == []


def test_no_bullet_fix_that_would_pull_the_next_item_under_this_one():
    # "*  A" puts A's text at column 3; "  * B" at indent 2 is then a sibling. With one space
    # after the bullet B would become A's sub-item: reported, not fixed (found by fuzzing)
    source = SOURCE.replace(
        "* [2502] [L](https://arxiv.org/abs/2502.00012) (fine)\n",
        "*  [2502] [L](https://arxiv.org/abs/2502.00012) (fine)\n  * [2502] [M](https://arxiv.org/abs/2502.00013)\n",
    )
    assert (13, 2) in problems(source, "LB602")
    assert "*  [2502] [L]" in fixed(source, "LB602")
    assert fixed(source, "LB602").startswith("## Papers\n* [2502] [A]")
