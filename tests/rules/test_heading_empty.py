from tests.helpers import problems


def test_empty_heading_is_flagged_with_its_line():
    assert problems("# List\n\n### \n\ntext\n", "LB101") == [(3, 1)]


def test_closed_atx_heading_without_text_is_empty():
    assert problems("## ##\ntext\n", "LB101") == [(1, 1)]


def test_heading_with_text_passes():
    assert problems("# List\n## Papers\n", "LB101") == []
