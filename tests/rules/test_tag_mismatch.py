from listbot.config import parse_config
from listbot.diagnostics import Severity
from listbot.pipeline import fix_text, lint_text
from tests.helpers import fixed, md, problems

SOURCE = """\
## Papers
* [2412] [Earlier than possible](https://arxiv.org/abs/2502.13389)
* [2502] [A venue date](https://arxiv.org/pdf/2412.13389)
* [2502] [Right](https://www.alphaxiv.org/abs/2502.03373)
"""


def test_both_disagreements_are_flagged():
    assert problems(SOURCE, "LB203") == [(2, 3), (3, 3)]


def test_earlier_is_an_error_and_later_a_warning():
    found = lint_text(md(SOURCE), select=["LB203"])
    assert [d.severity for d in found] == [Severity.ERROR, Severity.WARNING]


def test_safe_fix_only_sets_impossible_tags():
    result = fixed(SOURCE, "LB203")
    assert "* [2502] [Earlier than possible]" in result
    assert "* [2502] [A venue date]" in result


def test_unsafe_fixes_also_set_later_tags():
    result = fix_text(md(SOURCE), config=parse_config({}), select=["LB203"], unsafe=True).text
    assert "* [2412] [A venue date]" in result
