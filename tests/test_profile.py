"""Learning a list's conventions: from the list itself, or from the version a pull request changes."""

from __future__ import annotations

from listbot.config import Config
from listbot.model import Document
from listbot.parse import parse
from listbot.profile import SectionKind, learn, profile

NEWEST_FIRST = """# Papers

## Reasoning
* [2503] [Alpha Paper on Reasoning Models](https://arxiv.org/abs/2503.00001)
* [2502] [Beta Paper on Reasoning Models](https://arxiv.org/abs/2502.00002)
* [2501] [Gamma Paper on Reasoning Models](https://arxiv.org/abs/2501.00003)
* [2412] [Delta Paper on Reasoning Models](https://arxiv.org/abs/2412.00004)
* [2411] [Epsilon Paper on Reasoning Models](https://arxiv.org/abs/2411.00005)
"""


def _mixed_up() -> str:
    """The same section with two entries moved: read alone, it has no clear order."""
    lines = NEWEST_FIRST.splitlines(keepends=True)
    entries = lines[3:]
    shuffled = [entries[3], entries[0], entries[4], entries[1], entries[2]]
    return "".join(lines[:3] + shuffled)


def _reasoning(doc: Document) -> int:
    return next(section.index for section in doc.sections if section.title == "Reasoning")


def test_a_section_learns_its_order_from_its_neighbours() -> None:
    doc = parse(NEWEST_FIRST, "l.md")
    reasoning = learn(doc).sections[_reasoning(doc)]
    assert reasoning.kind is SectionKind.DATED and reasoning.order == "newest"
    learned = learn(doc)
    assert learned.conventions.arxiv_form == "https://arxiv.org/abs/{id}"


def test_the_base_version_decides_orders_and_conventions() -> None:
    head = parse(_mixed_up(), "l.md")
    assert learn(head).sections[_reasoning(head)].order == "none"
    with_base = profile(head, Config(), parse(NEWEST_FIRST, "l.md"))
    assert with_base.sections[_reasoning(head)].order == "newest"


def test_a_tiny_base_teaches_nothing() -> None:
    tiny = parse("# Papers\n\n## Reasoning\n* [2503] [Alpha](https://arxiv.org/pdf/2503.00001)\n", "l.md")
    head = parse(NEWEST_FIRST, "l.md")
    assert profile(head, Config(), tiny) == profile(head, Config())
