"""The fixer: edits, fixed points, the loss guard, and properties over generated lists."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from listbot.config import parse_config
from listbot.diagnostics import Diagnostic, Edit, Fix, Severity
from listbot.engine import lint_text
from listbot.fixes import FixRefused, apply_fixes, fix_text
from listbot.parse import parse
from listbot.rules.common import fold_title
from listbot.urls import identity

CONFIG = parse_config({"today": "2026-11"})


def _diag(start: int, end: int, content: str, code: str = "LB000") -> Diagnostic:
    fix = Fix("f", (Edit(start, end, content),))
    return Diagnostic("p", 1, 1, 1, 1, code, "n", "m", Severity.WARNING, fix)


def test_overlapping_fixes_wait_for_the_next_pass():
    text, applied = apply_fixes("abcdef", [_diag(0, 3, "X"), _diag(2, 4, "Y"), _diag(4, 6, "Z")])
    assert text == "XdZ" and len(applied) == 2


def test_fix_reaches_a_fixed_point_across_rules(tmp_path):
    source = "## P\n*  [2502][A  ](https://arxiv.org/pdf/2502.00001v2?)(X)  \n- [2503] [B](https://arxiv.org/abs/2503.00002)\n"
    result = fix_text(source, config=CONFIG)
    assert result.text == (
        "## P\n"
        "* [2503] [B](https://arxiv.org/abs/2503.00002)\n"
        "* [2502] [A](https://arxiv.org/abs/2502.00001) (X)\n"
    )
    assert not [d for d in result.remaining if d.fixable]
    assert fix_text(result.text, config=CONFIG).text == result.text


def test_guard_refuses_a_fix_that_loses_an_entry(monkeypatch):
    import listbot.fixes as fixes

    source = "## P\n* [2502] [A](https://arxiv.org/pdf/2502.00001)\n* [2502] [B](https://arxiv.org/abs/2502.00002)\n"
    real = fixes.apply_fixes

    def lossy(text: str, diagnostics, unsafe=False):
        new, applied = real(text, diagnostics, unsafe)
        return new.replace("* [2502] [B](https://arxiv.org/abs/2502.00002)\n", ""), applied

    monkeypatch.setattr(fixes, "apply_fixes", lossy)
    with pytest.raises(FixRefused, match="lose the entry titled 'b'"):
        fix_text(source, config=CONFIG)


# --- properties over generated lists -------------------------------------------------

WORDS = st.sampled_from(
    ["Reasoning", "RL", "LLM", "Scaling", "Chain-of-Thought", "Agents", "Zero", "(GRPO)", "Self-Play"]
)
TITLES = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
IDS = st.tuples(st.integers(23, 25), st.integers(1, 12), st.integers(0, 99999)).map(
    lambda t: f"{t[0]:02d}{t[1]:02d}.{t[2]:05d}"
)


@st.composite
def urls(draw: st.DrawFn, arxiv: str) -> str:
    form = draw(
        st.sampled_from(
            [
                "https://arxiv.org/abs/{id}",
                "https://arxiv.org/pdf/{id}",
                "https://www.arxiv.org/pdf/{id}v2",
                "https://arxiv.org/pdf/{id}?",
                "https://arxiv.org/pdf/{id}#page=3",
                "https://www.alphaxiv.org/abs/{id}",
                "https://github.com/org/{id}",
                "https://www.bilibili.com/video/{id}?spm_id_from=1.2&vd_source=ab",
            ]
        )
    )
    return form.format(id=arxiv)


@st.composite
def entries(draw: st.DrawFn) -> str:
    arxiv = draw(IDS)
    bullet = draw(st.sampled_from(["* ", "* ", "- ", "*  "]))
    tag = draw(st.sampled_from(["[{m}] ", "[{m}] ", "", "[{m}]", "[2412] ", "[24-08] "])).format(m=arxiv[:4])
    title = draw(TITLES)
    if draw(st.booleans()) and " " in title:
        title = title.replace(" ", "\n", 1)
    title = title + draw(st.sampled_from(["", "", " "]))
    note = draw(st.sampled_from(["", " (Lab)", "(Lab)", "  (note) (X)", " (a long note\nthat wraps)"]))
    trailing = draw(st.sampled_from(["", "", " ", "\t"]))
    return f"{bullet}{tag}[{title}]({draw(urls(arxiv))}){note}{trailing}\n"


@st.composite
def lists(draw: st.DrawFn) -> str:
    parts = ["# Generated list\n"]
    for number in range(draw(st.integers(1, 3))):
        parts.append(f"\n## Section {number}\n")
        items = draw(st.lists(entries(), min_size=1, max_size=6))
        if draw(st.booleans()) and items:
            items.append(items[0])  # an exact repeat
        separator = draw(st.sampled_from(["", "", "\n"]))
        parts.append(separator.join(items))
    text = "".join(parts)
    return text if draw(st.booleans()) else text.rstrip("\n")


def _titles(text: str) -> Counter[str]:
    return Counter(fold_title(e.link.text) for e in parse(text).entries if e.link)


def _identities(text: str) -> set[str]:
    return {identity(link.url) for link in parse(text).all_links}


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(lists())
def test_fix_is_idempotent(text: str) -> None:
    once = fix_text(text, config=CONFIG).text
    assert fix_text(once, config=CONFIG).text == once


@PROPERTY
@given(lists())
def test_fix_never_loses_a_title_or_url(text: str) -> None:
    result = fix_text(text, config=CONFIG)
    assert set(_titles(text)) == set(_titles(result.text))
    assert _identities(text) == _identities(result.text)
    removed = sum(1 for d in result.fixed if d.code == "LB401")
    assert sum(_titles(text).values()) - removed == sum(_titles(result.text).values())


@PROPERTY
@given(lists())
def test_no_safe_fix_is_left_undone(text: str) -> None:
    result = fix_text(text, config=CONFIG)
    assert [d.code for d in lint_text(result.text, config=CONFIG) if d.fixable] == []


@PROPERTY
@given(lists())
def test_lines_nobody_reported_come_through_one_pass_unchanged(text: str) -> None:
    """Per pass: later passes report what earlier fixes brought out (see the CLI's `second pass`)."""
    reported: set[int] = set()
    for d in lint_text(text, config=CONFIG):
        reported.update(range(d.line, d.end_line + 1))
        if d.fix:
            for edit in d.fix.edits:
                reported.update(range(edit.line, edit.end_line + 1))
    untouched = Counter(
        line for number, line in enumerate(text.split("\n"), 1) if number not in reported and line
    )
    after = Counter(fix_text(text, config=CONFIG, passes=1).text.split("\n"))
    assert not untouched - after
