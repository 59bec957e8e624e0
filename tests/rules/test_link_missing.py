from tests.helpers import problems


def test_entry_without_link_in_a_dated_section():
    source = "## P\n* [2502] [A](https://arxiv.org/abs/2502.00001)\n* [2502] Just a title\n* [2501] [B](https://arxiv.org/abs/2501.00001)\n"
    assert problems(source, "LB301") == [(3, 1)]


def test_prose_bullets_are_not_entries_to_check():
    assert problems("## Why?\n* Why do we need reasoning?\n* Why RL?\n", "LB301") == []


def test_bare_urls_and_broken_links_are_other_rules():
    source = "## L\n* [A](https://a.org)\n* see https://b.org\n* [C] (https://c.org)\n"
    assert problems(source, "LB301") == []
