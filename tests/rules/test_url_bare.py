from tests.helpers import problems


def test_bare_url_in_an_entry_without_link():
    source = (
        "## P\n* [2502] Demystifying https://arxiv.org/abs/2502.03373\n"
        "* [2501] [B](https://arxiv.org/abs/2501.00001)\n* [2501] [C](https://arxiv.org/abs/2501.00002)\n"
    )
    assert problems(source, "LB305") == [(2, 23)]


def test_autolink_counts_as_bare():
    source = "## L\n* Tool <https://a.org/x>\n* [B](https://b.org)\n* [C](https://c.org)\n"
    assert problems(source, "LB305") == [(2, 8)]


def test_extra_bare_url_next_to_a_link_is_fine():
    assert problems("## L\n* [A](https://a.org) mirror: https://b.org\n", "LB305") == []


def test_a_list_that_writes_bare_urls_throughout_is_left_alone():
    source = "# Mamba\n\n" + "\n".join(
        f"**Paper {n}**\n\n- Paper: https://arxiv.org/abs/2501.0000{n}\n- Code: https://github.com/a/b{n}\n"
        for n in range(1, 4)
    )
    assert problems(source, "LB305") == []
