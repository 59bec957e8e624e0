from tests.helpers import problems


def test_skipped_level_is_flagged():
    assert problems("# A\n## B\n#### C\n", "LB102") == [(3, 1)]


def test_going_back_up_any_number_of_levels_is_fine():
    assert problems("# A\n## B\n### C\n# D\n## E\n", "LB102") == []


def test_setext_headings_count_as_levels():
    assert problems("A\n===\n\n### C\n", "LB102") == [(4, 1)]
