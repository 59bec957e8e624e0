from tests.helpers import problems


def test_heading_followed_by_heading_is_empty():
    assert problems("# L\n## A\n\n## B\n* x\n", "LB105") == [(2, 1)]


def test_section_with_only_subsections_is_not_empty():
    assert problems("# L\n## Papers\n### A\n* x\n", "LB105") == []


def test_comment_counts_as_content():
    assert problems("# L\n## A\n<!-- todo -->\n## B\ntext\n", "LB105") == []
