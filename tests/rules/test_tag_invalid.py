from tests.helpers import messages, problems

SOURCE = """\
## Papers
* [24-08] [A](https://arxiv.org/abs/2408.00001)
* [250] [B](https://arxiv.org/abs/2501.00002)
* [2513] [C](https://arxiv.org/abs/2501.00003)
* [2712] [D](https://arxiv.org/abs/2501.00004)
* [2501] [E](https://arxiv.org/abs/2501.00005)
"""


def test_malformed_out_of_range_and_future_tags():
    assert problems(SOURCE, "LB202", today="2026-11") == [(2, 3), (3, 3), (4, 3), (5, 3)]


def test_messages_say_what_is_wrong():
    found = messages(SOURCE, "LB202", today="2026-11")
    assert "malformed" in found[0] and "month 13" in found[2] and "future" in found[3]


def test_the_current_month_is_not_the_future():
    assert problems("## P\n* [2611] [A](https://arxiv.org/abs/2611.00001)\n", "LB202", today="2026-11") == []
