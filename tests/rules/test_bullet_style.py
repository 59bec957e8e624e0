from tests.helpers import fixed, problems

SOURCE = "## L\n* [A](https://a.org)\n- [B](https://b.org)\n* [C](https://c.org)\n"


def test_minority_bullet_is_flagged():
    assert problems(SOURCE, "LB601") == [(3, 1)]


def test_fix_uses_the_majority():
    assert (
        fixed(SOURCE, "LB601") == "## L\n* [A](https://a.org)\n* [B](https://b.org)\n* [C](https://c.org)\n"
    )


def test_tie_goes_to_the_first_bullet():
    assert problems("## L\n- [A](https://a.org)\n* [B](https://b.org)\n", "LB601") == [(3, 1)]
