import os
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from listbot.rules.title_split import line_breaks
from tests.helpers import fixed, problems

SOURCE = """\
## Papers
* [2502] [The Danger of Overthinking: Examining the Reasoning-Action Dilemma in
Agentic Tasks](https://arxiv.org/abs/2502.08235) (Berkeley)
* [2502] [One line](https://arxiv.org/abs/2502.00001)
"""


def test_split_title_is_flagged_at_the_link():
    assert problems(SOURCE, "LB303") == [(2, 10)]


def test_fix_joins_with_one_space_and_keeps_the_rest():
    assert fixed(SOURCE, "LB303") == (
        "## Papers\n"
        "* [2502] [The Danger of Overthinking: Examining the Reasoning-Action Dilemma in Agentic Tasks]"
        "(https://arxiv.org/abs/2502.08235) (Berkeley)\n"
        "* [2502] [One line](https://arxiv.org/abs/2502.00001)\n"
    )


_PATTERN = re.compile(r"[ \t]*\n[ \t]*")  # the breaks as LB303 found them before issue 9


@settings(max_examples=int(os.environ.get("LISTBOT_EXAMPLES", "300")), deadline=None, derandomize=True)
@given(st.text(alphabet=" \t\nab", max_size=30))
def test_line_breaks_are_found_as_the_pattern_found_them(text: str) -> None:
    assert list(line_breaks(text)) == [match.span() for match in _PATTERN.finditer(text)]


def test_a_title_with_a_long_run_of_blanks_is_fixed_in_linear_time():
    # each blank of the run was tried against the rest of it: 40,000 blanks took 5 s
    source = "## Papers\n* [2502] [Title" + " " * 300_000 + "x\nend](https://arxiv.org/abs/2502.08235)\n"
    started = time.perf_counter()
    assert problems(source, "LB303") == [(2, 10)]
    assert time.perf_counter() - started < 5
