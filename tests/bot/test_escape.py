"""List text quoted in comments reads as itself and does nothing else."""

from __future__ import annotations

import html
import re

import mistune
from hypothesis import given, settings
from hypothesis import strategies as st

from listbot.bot import escape

render = mistune.create_markdown(plugins=["strikethrough", "table"])


def shown(markdown: str) -> str:
    """What a reader sees: the rendered text, tags removed, entities resolved."""
    page = str(render(markdown))
    assert re.sub(r"</?(p|code)>", "", page).count("<") == 0, page  # no markup of its own
    return html.unescape(re.sub(r"<[^>]+>", "", page)).strip()


def test_mentions_and_references_do_not_ping_or_link() -> None:
    quoted = escape.text("thanks @octocat and @org/team, see #12 and GH-7")
    assert "@octocat" not in quoted and "@org/team" not in quoted
    assert "#12" not in quoted and "GH-7" not in quoted
    assert shown(quoted).replace(escape.WORD_JOINER, "") == "thanks @octocat and @org/team, see #12 and GH-7"


def test_html_details_and_markers_are_shown_not_run() -> None:
    raw = "</details> <b>bold</b> <img src=x onerror=alert(1)> <!-- listbot:fp=0123456789abcdef -->"
    quoted = escape.text(raw)
    assert "<" not in quoted.replace("\\<", "")
    assert shown(quoted) == raw


def test_markdown_in_list_text_stays_literal() -> None:
    raw = "[click](https://evil.example) **bold** `code` ![img](x) | cell | ~~gone~~"
    assert shown(escape.text(raw)) == raw


def test_control_characters_and_line_breaks_are_removed() -> None:
    assert escape.text("a\x1b[31mred\x00\u202egnp.exe\r\nnext") == "a\\[31mredgnp.exe next"
    assert escape.has_controls("x\u202ey") and not escape.has_controls("tab\there\nand lines")


def test_long_text_is_cut() -> None:
    assert len(escape.text("w" * 5000)) == 1000 and escape.text("w" * 5000).endswith("…")


def test_code_spans_hold_any_backticks() -> None:
    assert escape.code("a ``b`` c") == "```a ``b`` c```"
    assert escape.code("`edge`") == "`` `edge` ``"
    assert shown(escape.code("<!-- x --> @me")) == "<!-- x --> @me"


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="<>&[]()*_`!#|~\\-+.:@=/;\"' \n\tab1", max_size=40),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80),
    )
)
def test_any_text_renders_as_itself_without_markup(raw: str) -> None:
    """Quoted text always follows other words on its line (``- **LB304** …: text``)."""
    quoted = escape.text(raw)
    visible = shown(f"problem: {quoted}").replace(escape.WORD_JOINER, "")
    expected = " ".join(f"problem: {escape.clean(raw)}".split())
    assert " ".join(visible.split()) == expected
