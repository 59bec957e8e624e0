from tests.helpers import problems


def test_same_title_same_parent_is_flagged():
    assert problems("# L\n## Video\nx\n## video!\nx\n", "LB103") == [(4, 1)]


def test_same_title_under_different_parents_is_fine():
    source = "# L\n## Papers\n### Surveys\nx\n## Talks\n### Surveys\nx\n"
    assert problems(source, "LB103") == []
