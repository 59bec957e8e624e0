from tests.helpers import fixed, problems

SOURCE = """\
## L
* [A](https://a.org)
* [B](https://b.org)
- [C](https://c.org)
* [D](https://d.org)
* [E](https://e.org)
"""


def test_minority_bullet_is_flagged():
    assert problems(SOURCE, "LB601") == [(4, 1)]


def test_fix_uses_the_lists_bullet():
    assert fixed(SOURCE, "LB601") == SOURCE.replace("- [C]", "* [C]")


def test_a_list_that_mixes_bullets_freely_has_no_convention():
    mixed = "## L\n* [A](https://a.org)\n- [B](https://b.org)\n* [C](https://c.org)\n- [D](https://d.org)\n"
    assert problems(mixed, "LB601") == []


def test_the_config_can_pin_the_bullet():
    assert problems(SOURCE, "LB601", style={"bullet": "-"}) == [(2, 1), (3, 1), (5, 1), (6, 1)]
