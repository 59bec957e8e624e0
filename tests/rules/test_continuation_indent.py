from listbot.pipeline import lint_text
from tests.helpers import fixed, problems

SOURCE = """\
## Papers
* [2502] [STP](https://arxiv.org/abs/2502.00212) (a long note
that wraps) (Stanford)
* [2502] [Split
title](https://arxiv.org/abs/2502.00213)
* [2502] [Ok](https://arxiv.org/abs/2502.00214) (note
  indented) (X)
"""


def test_lazy_line_is_flagged_but_not_a_split_title():
    assert problems(SOURCE, "LB604") == [(3, 1)]


def test_fix_indents_under_the_bullet_text():
    assert fixed(SOURCE, "LB604").splitlines()[2] == "  that wraps) (Stanford)"


def test_a_table_written_lazily_under_an_item_is_reported_but_not_indented():
    """Indented, the lines would become a table inside the item: more than whitespace changes."""
    text = "## Papers\n1. [R](https://arxiv.org/abs/2301.00000) - a note  \n| Date | Title |\n| --- | --- |\n"
    diagnostics = [d for d in lint_text(text) if d.code == "LB604"]
    assert [d.line for d in diagnostics] == [3, 4]
    assert all(d.fix is None for d in diagnostics)
    assert fixed(text, "LB604") == text
