"""Text helpers shared by the parser, the rules and the bot: folding, labels, plurals.

Pure string work; ``fold_title`` is the one way listbot compares titles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_HTML_TAG = re.compile(r"</?\w+[^>]*>")
ANY_TAG = re.compile(r"<[^>]+>")  # what a heading's text loses to HTML
_BLANKS = re.compile(r"[ \t]*")
_MARKUP = re.compile(r"[*_`~]+")

# Link texts that say what a link is, not which paper: never titles (case-insensitive,
# brackets, emoji and punctuation around them ignored).
GENERIC_LABELS = frozenset(
    [
        "paper",
        "papers",
        "pdf",
        "arxiv",
        "abs",
        "abstract",
        "html",
        "code",
        "codes",
        "github",
        "gitlab",
        "repo",
        "repository",
        "project",
        "projectpage",
        "page",
        "website",
        "site",
        "homepage",
        "home",
        "web",
        "webpage",
        "video",
        "videos",
        "youtube",
        "bilibili",
        "blog",
        "blogpost",
        "post",
        "slides",
        "slide",
        "demo",
        "demos",
        "hf",
        "huggingface",
        "hfpaper",
        "model",
        "models",
        "weights",
        "checkpoint",
        "checkpoints",
        "ckpt",
        "dataset",
        "datasets",
        "data",
        "benchmark",
        "leaderboard",
        "poster",
        "talk",
        "openreview",
        "doi",
        "bibtex",
        "citation",
        "cite",
        "link",
        "url",
        "official",
        "twitter",
        "tweet",
        "x",
        "zhihu",
        "colab",
        "notebook",
        "space",
        "spaces",
        "note",
        "notes",
        "docs",
        "documentation",
        "tutorial",
        "preprint",
        "publication",
        "article",
        "report",
        "techreport",
        "technicalreport",
        "modelcard",
        "card",
        "media",
        "news",
        "press",
        "ieee",
        "acm",
        "springer",
        "aclanthology",
        "acl",
        "comingsoon",
        "soon",
        "tbd",
        "todo",
        "localdemo",
        "onlinedemo",
        "live",
        "app",
        "download",
        "star",
        "stars",
        "github★",
        "papercode",
        "pdfcode",
        "supp",
        "supplementary",
        "appendix",
        "review",
        "reviews",
        "thread",
        "discussion",
        "中文",
        "知乎",
        "论文",
        "代码",
        "项目",
        "主页",
        "视频",
    ]
)
_LABEL_STRIP = re.compile(r"[\s\[\](){}*_`~:：.,;!?'\"|/\\<>·•-]+")


@lru_cache(maxsize=65536)
def fold_title(title: str) -> str:
    """Case, punctuation, markup and spacing folded away: for comparing titles."""
    text = (title if title.isascii() else unicodedata.normalize("NFKC", title)).casefold()
    if "<" in text:
        text = remove_tags(text, _HTML_TAG)
    return _NOT_WORD.sub(" ", text).strip()


def blanks_end(text: str, position: int, end: int | None = None) -> int:
    """Where the run of spaces and tabs that starts at ``position`` ends (``position`` if none)."""
    blanks = _BLANKS.match(text, position, len(text) if end is None else end)
    return blanks.end() if blanks is not None else position


def remove_tags(text: str, tag: re.Pattern[str] = ANY_TAG) -> str:
    """``tag.sub("", text)`` for a pattern that ends at the first ``>`` after its start, in
    linear time. A ``<`` after the last ``>`` can never start a match; tried one by one
    against the rest of the text (``<a`` repeated), they made the substitution quadratic."""
    last = text.rfind(">")
    return text if last == -1 else tag.sub("", text[: last + 1]) + text[last + 1 :]


def bracket_links(text: str, image: bool | None) -> Iterator[tuple[int, int, int, int]]:
    """Each ``[body](target)`` as the pattern ``\\[([^\\]]*)\\]\\([^)]*\\)`` finds them, from left to
    right, in one pass: (start, end, body start, body end). ``image``: True for images only
    (``![...]``, the ``!`` included), None for links and images alike (an image with its ``!``),
    False for any bracket pair (a ``!`` before it left out).

    The pattern tried each ``[`` against the rest of the text (quadratic on ``[`` or ``[x](``
    repeated); here every ``[`` before the same ``]`` shares that ``]`` and its ``)``, found once.
    """
    consumed = close = paren = -1  # the end of the last match; the `]` and `)` found last
    opener = text.find("[")
    while opener != -1:
        if close <= opener:
            close = text.find("]", opener + 1)
            if close == -1:
                return
        if not text.startswith("(", close + 1):  # no `[` before this `]` starts a link
            opener = text.find("[", close + 1)
            continue
        if paren < close + 2:
            paren = text.find(")", close + 2)
            if paren == -1:
                return
        bang = opener - 1 > consumed and text[opener - 1] == "!"
        if image and not bang:
            opener = text.find("[", opener + 1)
            continue
        yield (opener - 1 if bang and image is not False else opener), paren + 1, opener + 1, close
        consumed = paren
        opener = text.find("[", paren + 1)


def replace_bracket_links(text: str, image: bool | None, keep_body: bool) -> str:
    """Each of :func:`bracket_links` replaced by its body (``keep_body``) or by nothing."""
    pieces, last = [], 0
    for start, end, body_start, body_end in bracket_links(text, image):
        pieces += [text[last:start], text[body_start:body_end] if keep_body else ""]
        last = end
    return "".join(pieces) + text[last:] if pieces else text


@lru_cache(maxsize=65536)
def is_generic_label(text: str) -> bool:
    """Whether a link text is a label such as ``Paper``, ``[pdf]``, ``Code``, ``🤗 HF``."""
    core = _LABEL_STRIP.sub("", _strip_symbols(text)).casefold()
    if not core:
        return True  # only brackets, emoji or punctuation: not a title either
    return core in GENERIC_LABELS


def _strip_symbols(text: str) -> str:
    """Drop emoji and other symbols (``🔥``, ``📄``, ``⭐️``) that decorate labels."""
    if text.isascii():
        return text
    return "".join(char for char in text if not unicodedata.category(char).startswith(("S", "M", "C")))


# A link's target (one level of parentheses inside it), after the `]` of its text: linear, and
# right for `[[pdf]](url)`, where the text itself holds brackets.
_LINK_TARGET = re.compile(r"\]\((?:[^()]|\([^()]*\))*\)")


def title_key(title: str) -> str:
    """A title as a reader sees it, folded: link targets inside it do not count."""
    return fold_title(_LINK_TARGET.sub("]", title) if "](" in title else title)


def visible_words(text: str) -> str:
    """Markdown emphasis and code marks dropped, whitespace folded: what a reader sees."""
    return " ".join(_MARKUP.sub("", text).split())


def word_alternation(words: tuple[str, ...]) -> str:
    """A case-insensitive regex alternation of ``words``, factored into a trie and led by a
    lookahead on the first letters: Python's ``re`` tries each branch of a plain alternation
    at every position, which made a 90-word pattern the parser's slowest search. It matches
    the same strings; at one position the longer word wins, so no word may be another's prefix
    where a plain alternation would have preferred the shorter one. A word may hold ``\\s?``."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = tree
        for piece in re.findall(r"\\s\?|.", word):
            node = node.setdefault(piece if len(piece) > 1 else piece.lower(), {})
        node[""] = {}

    def branches(node: dict) -> str:  # type: ignore[type-arg]
        options = [
            (re.escape(key) if len(key) == 1 else key) + branches(child) for key, child in node.items() if key
        ]
        if "" in node:
            options.append("")
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    firsts = sorted({word[0].lower() for word in words})
    return f"(?=[{''.join(firsts)}])" + branches(tree)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 problem``, ``2 problems`` (``many`` for irregular plurals)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def without_controls(text: str) -> str:
    """Control characters (terminal escapes, bidi overrides) shown as ``\\x1b``-style escapes."""
    if text.isascii() and text.isprintable():
        return text
    return _CONTROL.sub(
        lambda match: (
            f"\\x{ord(match.group()):02x}" if ord(match.group()) < 256 else f"\\u{ord(match.group()):04x}"
        ),
        text,
    )


def leading_columns(line: str, column: int = 0) -> tuple[int, int]:
    """(column of the first non-blank character, its index) with tabs at multiples of 4, for a
    line that starts at ``column``."""
    for index, char in enumerate(line):
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            return column, index
    return column, len(line)


def occurrences(
    text: str, char: str, start: int = 0, end: int | None = None, *, after: bool = False
) -> list[int]:
    """Every offset of ``char`` in ``text[start:end]``, in order, or the offset just after each
    (``str.find`` in a loop: the fastest way in Python, and linear)."""
    end = len(text) if end is None else end
    step = 1 if after else 0
    found, position = [], text.find(char, start, end)
    while position != -1:
        found.append(position + step)
        position = text.find(char, position + 1, end)
    return found
