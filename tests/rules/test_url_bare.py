from tests.helpers import problems


def test_bare_url_in_an_entry_without_link():
    source = "## P\n* [2502] Demystifying https://arxiv.org/abs/2502.03373\n* [2501] [B](https://arxiv.org/abs/2501.00001)\n"
    assert problems(source, "LB305") == [(2, 23)]


def test_autolink_counts_as_bare():
    assert problems("## L\n* <https://a.org/x>\n* [B](https://b.org)\n", "LB305") == [(2, 3)]


def test_extra_bare_url_next_to_a_link_is_fine():
    assert problems("## L\n* [A](https://a.org) mirror: https://b.org\n", "LB305") == []
