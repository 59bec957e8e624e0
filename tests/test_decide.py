"""Deciding what is reported: selection, per-section overrides, suppression comments, severities."""

from __future__ import annotations

import os
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from listbot.config import parse_config
from listbot.decide import directives, is_selected, suppressions
from listbot.diagnostics import Severity
from listbot.model import Span
from listbot.parse import parse
from listbot.pipeline import Run, analyse, lint_text
from tests.helpers import md

SOURCE = md("""
    ## Papers
    * [2502] [A](https://arxiv.org/abs/2502.00001?utm_source=x)
    <!-- listbot: ignore LB304 -->

    * [2502] [B](https://arxiv.org/abs/2502.00002?utm_source=x)
    * [2502] [C](https://arxiv.org/abs/2502.00003?utm_source=x) <!-- listbot: ignore -->
    <!-- listbot: disable LB304 -->
    * [2502] [D](https://arxiv.org/abs/2502.00004?utm_source=x)
    <!-- listbot: enable LB304 -->
    * [2502] [E](https://arxiv.org/abs/2502.00005?utm_source=x)
""")


def lines(config: dict | None = None, **kwargs) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in lint_text(SOURCE, config=parse_config(config or {}), **kwargs)]


def test_prefix_selection_longest_match_wins():
    assert is_selected("LB304", ["LB"], ["LB3"]) is False
    assert is_selected("LB304", ["LB304"], ["LB3"]) is True
    assert is_selected("LB304", ["LB3"], ["LB3"]) is False
    assert is_selected("LB304", ["url-noncanonical"], []) is True


def test_inline_suppression_comments_across_blank_lines():
    assert [line for line, code in lines() if code == "LB304"] == [2, 10]


def test_select_and_ignore_from_cli_and_config():
    assert lines(select=["LB5"]) == []
    assert lines({"ignore": ["LB3"]}) == []
    assert lines(ignore=["LB304"]) == []


def test_per_section_ignore():
    assert lines({"sections": [{"match": "papers", "ignore": ["LB304"]}]}) == []


def test_severity_override():
    found = lint_text(SOURCE, config=parse_config({"severity": {"LB304": "error"}}))
    assert {d.severity for d in found} == {Severity.ERROR}


def test_section_kind_override_turns_rules_on():
    source = (
        "## Talks\n"
        + "".join(f"* [A talk {n}](https://a.org/{n})\n" for n in range(4))
        + "* [2501] [D](https://arxiv.org/abs/2501.00001)\n"
    )
    config = parse_config({"sections": [{"match": "talks", "kind": "dated"}]})
    assert {d.code for d in lint_text(source, config=config, select=["LB2"])} == set()
    assert {d.code for d in lint_text(source, config=config, select=["LB201", "LB202"])} <= {"LB201"}


def test_comments_with_a_typo_are_reported_not_obeyed():
    source = "## P\n<!-- listbot: ignroe LB304 -->\n* [2502] [A](https://arxiv.org/abs/2502.00001?utm_source=x)\n<!-- listbot: ignore LB3O4 -->\n* [2502] [B](https://arxiv.org/abs/2502.00002)\n"
    found = [(d.line, d.code, d.message) for d in lint_text(source)]
    assert (2, "LB902", "unknown suppression 'ignroe'; use ignore, disable or enable") in found
    assert (3, "LB304") in [(line, code) for line, code, _ in found]
    assert (4, "LB902", "suppression names unknown code LB3O4") in found


def test_an_unused_suppression_is_reported_only_when_its_rule_ran():
    source = "## P\n<!-- listbot: ignore LB304 -->\n* [2502] [A](https://arxiv.org/abs/2502.00001)\n<!-- listbot: ignore LB701 -->\n* [B](https://b.org)\n"
    found = [(d.line, d.code) for d in lint_text(source)]
    assert (2, "LB901") in found and (4, "LB901") not in found  # LB701 needs --links
    assert (2, "LB901") not in [(d.line, d.code) for d in lint_text(source, select=["LB2"])]


def test_comments_on_untrusted_lines_suppress_nothing():
    doc = parse(SOURCE, "l.md")
    run = Run(parse_config({}), untrusted={"l.md": frozenset({3, 6})})
    assert [d.line for d in analyse(doc, run) if d.code == "LB304"] == [2, 5, 6, 10]


def test_linting_one_document_twice_with_different_configs_is_independent():
    doc = parse(SOURCE + "* [2412] [F](https://arxiv.org/abs/2412.00006)\n", "l.md")
    prose = Run(parse_config({"sections": [{"match": "papers", "kind": "prose"}]}))
    dated = Run(parse_config({}))
    assert analyse(doc, prose) == [] or all(d.code.startswith("LB9") for d in analyse(doc, prose))
    assert any(d.code == "LB304" for d in analyse(doc, dated))
    assert all(d.code.startswith("LB9") for d in analyse(doc, prose))


# The suppression-comment regex before issue 9's one-pass reader: the reference it must agree with.
_LAZY_DIRECTIVE = re.compile(r"<!--\s*listbot\s*:\s*(?P<verb>[\w-]*)(?P<codes>[^>]*?)\s*-->", re.IGNORECASE)
_PIECES = ["<!--", "-->", "--", "->", ">", "-", "listbot", "LISTBOT", ":", " ", "\n", "\t", "\x1c", "\xa0"]
_PIECES += ["ignore", "disable", "LB304", ",", "x", "<!-- listbot: ignore LB304 -->", "<!---->", "<!-->"]


@settings(max_examples=int(os.environ.get("LISTBOT_EXAMPLES", "300")), deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_suppression_comments_are_read_as_the_lazy_regex_reads_them(text: str) -> None:
    expected = [
        (Span(match.start(), match.end()), match["verb"], match["codes"])
        for match in _LAZY_DIRECTIVE.finditer(text)
    ]
    assert list(directives(text)) == expected


def test_unclosed_suppression_comments_are_read_in_linear_time() -> None:
    # the lazy regex tried every `<!--` against the rest of the text: 80 KB took 11 s, 320 KB 3 minutes
    text = (
        "# List\n\n## Papers\n\n* [2501] [T](https://arxiv.org/abs/2501.00001) " + "<!-- listbot: x " * 20_000
    )
    started = time.perf_counter()
    assert suppressions(parse(text, "l.md")) == []
    assert time.perf_counter() - started < 5  # about 0.1 s; quadratic, it took minutes
