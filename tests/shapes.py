"""Hypothesis strategies for lists in every shape listbot reads, and an independent reader of
what a list renders to (mistune's HTML, read with the standard library's HTML parser).

Used by the fixer's properties (tests/test_fixes.py) and the fuzz test (tests/test_fuzz.py), which
also mutates the lists (:func:`mutated_lists`).
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from html.parser import HTMLParser

from hypothesis import strategies as st
from markdown_it import MarkdownIt

WORDS = st.sampled_from(
    ["Reasoning", "RL", "LLM", "Scaling", "Chain-of-Thought", "Agents", "Zero", "(GRPO)", "Self-Play", "R1:"]
)
TITLES = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
IDS = st.tuples(st.integers(23, 25), st.integers(1, 12), st.integers(0, 99999)).map(
    lambda t: f"{t[0]:02d}{t[1]:02d}.{t[2]:05d}"
)
FORMS = st.sampled_from(
    [
        "https://arxiv.org/abs/{id}",
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
SPACE = st.sampled_from([" ", " ", " ", "", "  ", "\t"])
TRAILING = st.sampled_from(["", "", "", " ", "  ", "\t"])


def _date(arxiv: str, form: str) -> str:
    yy, mm = arxiv[:2], arxiv[2:4]
    return form.format(yy=yy, mm=mm, yyyy=f"20{yy}")


@st.composite
def seed_entry(draw: st.DrawFn) -> str:
    arxiv = draw(IDS)
    bullet = draw(st.sampled_from(["* ", "* ", "- ", "*  "]))
    tag = draw(st.sampled_from(["[{m}] ", "[{m}] ", "", "[{m}]", "[2412] ", "[24-08] "])).format(m=arxiv[:4])
    title = draw(TITLES)
    if draw(st.booleans()) and " " in title:
        title = title.replace(" ", "\n", 1)
    title += draw(st.sampled_from(["", "", " "]))
    note = draw(st.sampled_from(["", " (Lab)", "(Lab)", "  (note) (X)", " (a long note\nthat wraps)"]))
    return f"{bullet}{tag}[{title}]({draw(FORMS).format(id=arxiv)}){note}{draw(TRAILING)}\n"


@st.composite
def bold_labels_entry(draw: st.DrawFn) -> str:
    arxiv = draw(IDS)
    gap = draw(SPACE)
    return (
        f"- **{draw(TITLES)}** [[Paper]]({draw(FORMS).format(id=arxiv)}){gap}"
        f"[[Code]](https://github.com/a/{arxiv}){draw(TRAILING)}\n"
    )


@st.composite
def authors_entry(draw: st.DrawFn) -> str:
    arxiv = draw(IDS)
    date = _date(arxiv, draw(st.sampled_from(["{yyyy}.{mm}", "{yyyy}.{mm}", "2019.01"])))
    hard = draw(st.sampled_from(["  ", "  ", "", "\\"]))
    indent = draw(st.sampled_from(["  ", "  ", ""]))
    return (
        f"- **{draw(TITLES)}**{hard}\n{indent}*A. Author, B. Author*. "
        f"[[pdf]({draw(FORMS).format(id=arxiv)})], {date}.{draw(TRAILING)}\n"
    )


@st.composite
def plain_labels_entry(draw: st.DrawFn) -> str:
    arxiv = draw(IDS)
    date = _date(arxiv, "({yyyy}.{mm}.15)")
    return (
        f"* {draw(TITLES)} [[paper]({draw(FORMS).format(id=arxiv)})]{draw(SPACE)}"
        f"[[code](https://github.com/b/{arxiv})] {date}\n"
    )


@st.composite
def numbered_entry(draw: st.DrawFn) -> str:
    arxiv = draw(IDS)
    return f"1. [{draw(TITLES)}]({draw(FORMS).format(id=arxiv)}) - a description{draw(TRAILING)}\n"


@st.composite
def paragraph_entry(draw: st.DrawFn) -> str:
    arxiv = draw(IDS)
    date = _date(arxiv, "(Arxiv {yy}.{mm}.0") + f"{draw(st.integers(1, 9))})"
    return f"{date} {draw(TITLES)} [Paper]({draw(FORMS).format(id=arxiv)}){draw(TRAILING)}\n\n"


@st.composite
def details_entry(draw: st.DrawFn) -> str:
    arxiv = draw(IDS)
    return (
        f'<details>\n<summary> {draw(TITLES)}<a href="{draw(FORMS).format(id=arxiv)}" target="_blank">\n'
        f"    [Paper]\n</a></summary>\n\n</details>\n\n"
    )


@st.composite
def table_row(draw: st.DrawFn) -> str:
    arxiv = draw(IDS)
    date = _date(arxiv, draw(st.sampled_from(["{yyyy}.{mm}", "{yyyy}-{mm}", "-"])))
    return (
        f"| {date} | {draw(TITLES)} | ICLR'25 | [[pdf]]({draw(FORMS).format(id=arxiv)}) |"
        f" [code](https://github.com/c/{arxiv}) |{draw(TRAILING)}\n"
    )


@st.composite
def generic_entry(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(["pify", "delay", "uv", "requests", "into-stream"]))
    nested = draw(st.sampled_from(["", "", "\t", "  "]))
    return f"{nested}- [{name}](https://github.com/x/{name}) - {draw(TITLES)}.{draw(TRAILING)}\n"


SHAPES = {
    "seed": (seed_entry(), ""),
    "bold": (bold_labels_entry(), ""),
    "authors": (authors_entry(), ""),
    "plain": (plain_labels_entry(), ""),
    "numbered": (numbered_entry(), ""),
    "paragraph": (paragraph_entry(), ""),
    "details": (details_entry(), ""),
    "table": (table_row(), "| Date | Title | Venue | Paper | Code |\n| --- | --- | --- | --- | --- |\n"),
    "generic": (generic_entry(), "- Category\n"),
}


@st.composite
def lists(draw: st.DrawFn, shapes: tuple[str, ...] = tuple(SHAPES)) -> str:
    """A list of one to three sections, each in one shape, with repeats and stray blanks."""
    parts = ["# Generated list\n"]
    for number in range(draw(st.integers(1, 3))):
        shape = draw(st.sampled_from(shapes))
        entry, header = SHAPES[shape]
        parts.append(f"\n## Section {number}\n\n{header}")
        items = draw(st.lists(entry, min_size=1, max_size=6))
        if draw(st.booleans()):
            items.append(items[0])  # an exact repeat
        separator = (
            "" if shape in ("table", "paragraph", "details") else draw(st.sampled_from(["", "", "\n"]))
        )
        parts.append(separator.join(items))
    text = "".join(parts)
    return text if draw(st.booleans()) else text.rstrip("\n")


# --- mutations: what hostile or careless contributors write --------------------------------------------

# Pieces that break structure: lone bullets, unbalanced brackets and parentheses, code and
# emphasis markers, HTML and comments (suppressions too), table pipes, headings, quotes, badges,
# date tags, long blank runs, wide characters. No carriage returns: the parser sees `\n` only.
FRAGMENTS = st.sampled_from(
    [
        "-",
        "1.",
        "*",
        "+ ",
        "2)",
        "\n",
        "\n\n",
        "[",
        "]",
        "(",
        ")",
        "](",
        "] (",
        "`",
        "```",
        "**",
        "_",
        "\\",
        "|",
        "| --- |",
        "---",
        "#",
        "## ",
        "> ",
        "    ",
        "\t",
        " " * 40,
        "<details>",
        "</details>",
        "<summary>",
        "<!-- listbot: ignore -->",
        "<!-- listbot: disable LB501 -->",
        "<!--",
        '<a href="https://arxiv.org/abs/2501.00001">',
        "</a>",
        "<br>",
        "![b](https://img.shields.io/badge/x)",
        "[![b](https://img.shields.io/badge/x)](https://github.com/a/b) ",
        "[2501] ",
        "[2513]",
        "[**RL**] ",
        "(2024.01.18)",
        "https://arxiv.org/pdf/2501.00001v2?",
        "<https://a.org>",
        "[x]: https://a.org",
        "&amp;",
        "🔥",
        "论文",
        "\u200b",
    ]
)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` after one to four mutations: fragments inserted, a slice deleted, a line repeated
    or moved, an indentation changed."""
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "insert", "delete", "repeat", "move", "indent"]))
        at = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:at] + draw(FRAGMENTS) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        else:
            lines = text.split("\n")
            line = draw(st.integers(0, len(lines) - 1))
            if kind == "repeat":
                lines.insert(line, lines[line])
            elif kind == "move":
                lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(line))
            else:
                lines[line] = draw(st.sampled_from(["  ", "    ", "\t", "1. ", "- "])) + lines[line]
            text = "\n".join(lines)
    return text


@st.composite
def mutated_lists(draw: st.DrawFn, shapes: tuple[str, ...] = tuple(SHAPES)) -> str:
    """A generated list (:func:`lists`) after :func:`mutated`."""
    return draw(mutated(draw(lists(shapes))))


# --- what a list renders to -------------------------------------------------------------------------

# The oracle renders with markdown-it-py (CommonMark with GFM tables and strikethrough), neither
# with the parser's mistune nor with the rail's cmark-gfm: an independent reading. Fuzzing found
# mistune (the rail's renderer until it rendered with cmark-gfm) reading `- \t- x` as code, dropping
# a table whose row is short of a cell or whose header has no leading pipe, and missing a table
# that starts under a paragraph or inside a list item.
_HTML = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render
_WORD = re.compile(r"\w+")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: Counter[str] = Counter()
        self.breaks = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.breaks += 1

    def handle_data(self, data: str) -> None:
        self.words.update(_WORD.findall(data))


def rendered(markdown: str) -> tuple[Counter[str], int]:
    """The words a reader sees (runs of letters and digits) and the number of hard line breaks."""
    reader = _Visible()
    reader.feed(_MARKED_SECTION.sub("", _HTML(markdown)))
    return reader.words, reader.breaks


# `<![...>` in raw HTML that a list passes through is a bogus comment to a browser (hidden up to
# the next `>`); Python's HTMLParser asserts on it instead
_MARKED_SECTION = re.compile(r"<!\[[^>]*>")


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text))


def undeclared_losses(before: str, result) -> tuple[Counter[str], int]:  # type: ignore[no-untyped-def]
    """Rendered words and hard line breaks that ``fix`` removed although no applied fix declared
    them (a fix declares the words it replaces; a removed duplicate declares all of its own)."""
    from listbot.diagnostics import Change

    allowed: Counter[str] = Counter()
    allowed_breaks = 0
    for diagnostic in result.fixed:
        fix = diagnostic.fix
        allowed.update(words(" ".join(fix.removes)))
        if fix.change is Change.DUPLICATE:
            # the kept copy read on its own, out of its list: a nested item's indentation
            # would otherwise make it a code block, whose <br> is text, not a break (fuzzing)
            removed_words, removed_breaks = rendered(textwrap.dedent(fix.keeps.expandtabs(4)))
            allowed.update(removed_words)
            allowed_breaks += removed_breaks
    before_words, before_breaks = rendered(before)
    after_words, after_breaks = rendered(result.text)
    return (before_words - after_words) - allowed, max(0, before_breaks - after_breaks - allowed_breaks)
