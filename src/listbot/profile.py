"""A list's conventions, learned from its majority and overridden by the config.

Real lists are consistent in ways that differ from one another: one links arXiv
PDFs everywhere, another sorts each section oldest first, a third lists a paper
under several topics on purpose. Rules flag what departs from the list's own
convention, so this module decides, once per document:

- per section: its kind (dated, links, prose) and sort order (newest, oldest, none);
- for the whole list: the arXiv link form, the bullet, tabs or spaces for nesting,
  cross-listing, the spacing between link labels, indented or lazy continuation
  lines, bare URLs, and how dates are written.

:func:`learn` reads the document only; :func:`profile` applies the config. The
parsed document is never changed: the result is passed to the rules alongside it.
``listbot style`` prints :func:`learn`'s findings as a TOML fragment to pin them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from listbot.config import Config
from listbot.model import DatePlace, Document, Entry, EntryKind, LinkRole, Section
from listbot.text import fold_title
from listbot.urls import ARXIV_FORMS, DEFAULT_TRACKING_PARAMS, arxiv_kind, identity, is_web_url

MAJORITY = 0.6  # share of the evidence a form needs to be the list's convention
SORTED = 0.8  # share of ordered neighbour pairs that makes a section sorted
_VERSION = re.compile(r"v\d+(?:[?#].*)?$")


class SectionKind(StrEnum):
    """What a section's entries are expected to carry."""

    DATED = "dated"  # most entries carry a date: date rules apply
    LINKS = "links"  # resources without dates
    PROSE = "prose"  # no entries: entry rules do not apply


@dataclass(frozen=True, slots=True)
class SectionProfile:
    kind: SectionKind
    order: str  # "newest", "oldest" or "none"
    evidence: tuple[int, int] = (0, 0)  # neighbour pairs (newer first, older first)


@dataclass(frozen=True, slots=True)
class Conventions:
    """The list-wide conventions; None means "no convention: anything goes"."""

    arxiv_form: str | None = None  # a template such as https://arxiv.org/abs/{id}
    arxiv_versions: bool = False  # the list writes versions (v2) in its arXiv links
    bullet: str | None = None
    indent: str | None = None  # "spaces" or "tabs"
    cross_list: bool = False
    label_spacing: str | None = None  # " " or ""
    continuation: str | None = None  # "indented" or "lazy"
    bare_urls: bool = False
    date_place: DatePlace | None = None
    date_pattern: str | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    conventions: Conventions
    sections: tuple[SectionProfile, ...]

    def section(self, entry: Entry) -> SectionProfile:
        return self.sections[entry.section]

    def kind(self, entry: Entry) -> SectionKind:
        return self.sections[entry.section].kind


# --- learning from the document ------------------------------------------------------------------


def _majority(counts: Counter, minimum: int = 3, share: float = MAJORITY):  # type: ignore[no-untyped-def]
    """The most common value when it has at least ``share`` of ``minimum`` or more votes."""
    total = sum(counts.values())
    if total < minimum:
        return None
    value, count = counts.most_common(1)[0]
    return value if count >= share * total else None


def _arxiv_links(doc: Document) -> list[str]:
    return [
        link.url
        for entry in doc.entries
        for link in entry.links
        if not link.image and link.role is LinkRole.PAPER and arxiv_kind(link.url)
    ]


def _arxiv_form(doc: Document) -> tuple[str | None, bool]:
    """The arXiv link form of 90% of the list's arXiv links (mirrors aside); whether they keep versions."""
    urls = _arxiv_links(doc)
    kind = _majority(Counter(kind for url in urls if (kind := arxiv_kind(url)) != "mirror"), share=0.9)
    versions = sum(1 for url in urls if _VERSION.search(url)) * 2 > len(urls) > 0
    return (ARXIV_FORMS.get(kind) if kind else None), versions


def _indent(doc: Document) -> str | None:
    counts: Counter[str] = Counter()
    for entry in doc.entries:
        if entry.kind is not EntryKind.ITEM:
            continue
        if entry.indent and entry.bullet_span is not None:
            counts["tabs" if doc.text[doc.line_starts[entry.line - 1]] == "\t" else "spaces"] += 1
        for line in range(entry.line + 1, entry.end_line + 1):
            first = doc.text[doc.line_starts[line - 1] : doc.line_starts[line - 1] + 1]
            if first in (" ", "\t"):
                counts["tabs" if first == "\t" else "spaces"] += 1
    return _majority(counts, minimum=1, share=0.8)


def entry_key(entry: Entry, tracking: tuple[str, ...] | list[str] = DEFAULT_TRACKING_PARAMS) -> str | None:
    """What the entry links: ``arxiv:ID`` for a paper, else its main link's (or bare URL's) identity."""
    if entry.arxiv_id:
        return f"arxiv:{entry.arxiv_id}"
    if entry.link is not None:
        return identity(entry.link.url, tracking) if is_web_url(entry.link.url) else None
    bare = next((url for url in entry.bare_urls if url.role is LinkRole.PAPER), None)
    return identity(bare.url, tracking) if bare is not None else None


def _cross_listed(doc: Document) -> bool:
    """Two or more papers listed under several sections by the same title: the list files a
    paper under every topic it fits, on purpose."""
    sections_of: dict[tuple[str, str], set[int]] = {}
    for entry in doc.entries:
        key = entry_key(entry)
        if key is not None and entry.title is not None:
            sections_of.setdefault((key, fold_title(entry.title.text)), set()).add(entry.section)
    return sum(1 for sections in sections_of.values() if len(sections) > 1) >= 2


def _label_groups(doc: Document, entry: Entry) -> list[tuple[int, int]]:
    """Spans of consecutive label links, a bracket around each included (``[[Code](url)]``)."""
    text, groups = doc.text, []
    for link in entry.links:
        if (
            not link.label
            or link.image
            or link.span.start < entry.head.start
            or link.span.end > entry.head.end
        ):
            continue
        start, end = link.span.start, link.span.end
        if start > 0 and text[start - 1] == "[" and end < len(text) and text[end] == "]":
            start, end = start - 1, end + 1
        groups.append((start, end))
    return groups


def label_gaps(doc: Document, entry: Entry) -> list[tuple[int, int]]:
    """The blank gaps between consecutive label groups of an entry's head."""
    gaps = []
    for (_, left_end), (right_start, _) in pairwise(_label_groups(doc, entry)):
        if left_end <= right_start and not doc.text[left_end:right_start].strip():
            gaps.append((left_end, right_start))
    return gaps


def _label_spacing(doc: Document) -> str | None:
    counts: Counter[str] = Counter()
    for entry in doc.entries:
        for start, end in label_gaps(doc, entry):
            gap = doc.text[start:end]
            counts[gap if gap in ("", " ") else "other"] += 1
    spacing = _majority(counts, minimum=3, share=0.8)
    return spacing if spacing != "other" else None


def lazy_lines(doc: Document, entry: Entry) -> list[int]:
    """1-based lines of an entry's first paragraph written lazily (not indented under the bullet)."""
    if entry.kind is not EntryKind.ITEM:
        return []
    width = entry.content_start - doc.line_starts[entry.line - 1]
    last = doc.position(entry.head.end)[0]
    title = entry.title_link.text_span if entry.title_link else None
    lazy = []
    for line in range(entry.line + 1, last + 1):
        start = doc.line_starts[line - 1]
        if title is not None and title.start <= start <= title.end:
            continue  # a title split over lines is LB303's business
        text = doc.line_text(line)
        if len(text) - len(text.lstrip(" \t")) < width:
            lazy.append(line)
    return lazy


def _continuation(doc: Document) -> str | None:
    counts: Counter[str] = Counter()
    for entry in doc.entries:
        if entry.kind is not EntryKind.ITEM or doc.position(entry.head.end)[0] == entry.line:
            continue
        counts["lazy" if lazy_lines(doc, entry) else "indented"] += 1
    return _majority(counts, minimum=2, share=0.75)


def _bare_urls(doc: Document) -> bool:
    bare = sum(1 for entry in doc.entries if entry.bare_urls and not entry.link)
    return bare >= 3 and bare * 2 > len(doc.entries)


def _date_form(doc: Document) -> tuple[DatePlace | None, str | None]:
    form = _majority(Counter((entry.date.place, entry.date.pattern) for entry in doc.entries if entry.date))
    return form if form else (None, None)


def _order_votes(doc: Document, section: Section) -> tuple[int, int]:
    """Neighbour pairs within each list of the section: (newer first, older first)."""
    newer = older = 0
    dated = [entry for entry in doc.section_entries(section) if entry.date is not None and entry.date.yymm]
    for first, second in pairwise(dated):
        if first.block != second.block:
            continue
        a, b = _date_key(first, second), _date_key(second, first)
        if a == b:
            continue
        if a > b:
            newer += 1
        else:
            older += 1
    return newer, older


def _date_key(entry: Entry, other: Entry) -> tuple[int, ...]:
    """By day when both entries write one, else by month."""
    mark, theirs = entry.date, other.date
    assert mark is not None and theirs is not None
    if mark.day is not None and theirs.day is not None:
        return (mark.year or 0, mark.month or 0, mark.day)
    return (mark.year or 0, mark.month or 0)


def _order(votes: tuple[int, int], minimum: int = 3) -> str | None:
    newer, older = votes
    total = newer + older
    if total < minimum:
        return None
    if newer >= SORTED * total:
        return "newest"
    if older >= SORTED * total:
        return "oldest"
    return "none"


def _kind(doc: Document, section: Section) -> SectionKind:
    entries = [doc.entries[i] for i in section.entries]
    if not entries:
        return SectionKind.PROSE
    dated = sum(1 for entry in entries if entry.date is not None)
    return SectionKind.DATED if dated * 2 >= len(entries) else SectionKind.LINKS


def learn(doc: Document) -> Profile:
    """What the document itself says about its conventions (no config)."""
    form, versions = _arxiv_form(doc)
    place, pattern = _date_form(doc)
    bullets = Counter(entry.bullet for entry in doc.entries if entry.bullet in ("*", "-", "+"))
    conventions = Conventions(
        arxiv_form=form,
        arxiv_versions=versions,
        bullet=_majority(bullets, minimum=3, share=0.8),
        indent=_indent(doc),
        cross_list=_cross_listed(doc),
        label_spacing=_label_spacing(doc),
        continuation=_continuation(doc),
        bare_urls=_bare_urls(doc),
        date_place=place,
        date_pattern=pattern,
    )
    votes = [_order_votes(doc, section) for section in doc.sections]
    overall = _order((sum(v[0] for v in votes), sum(v[1] for v in votes)), minimum=5)
    sections = []
    for section, vote in zip(doc.sections, votes, strict=True):
        kind = _kind(doc, section)
        order = _order(vote) or (overall if overall != "none" else None) or "none"
        sections.append(SectionProfile(kind, order if kind is SectionKind.DATED else "none", vote))
    return Profile(conventions, tuple(sections))


# --- applying the config ---------------------------------------------------------------------------


def _setting(value: str, inferred):  # type: ignore[no-untyped-def]
    if value == "auto":
        return inferred
    return None if value == "any" else value


def _arxiv_setting(value: str, learned: Conventions) -> str | None:
    if value == "auto":
        return learned.arxiv_form
    if value == "any":
        return None
    return ARXIV_FORMS.get(value, value)


def _yes_no(value: str, inferred: bool) -> bool:
    return inferred if value == "auto" else value == "yes"


BASE_ENTRIES = 5  # a base version with fewer entries has no conventions to teach


def _from_base(head: Profile, doc: Document, base: Document) -> Profile:
    """The head's profile with what the base version says where it says something: a pull
    request cannot flip the list's conventions or a section's order by what it adds."""
    if len(base.entries) < BASE_ENTRIES:
        return head
    taught = learn(base)
    orders = {
        section.title.casefold(): learned
        for section, learned in zip(base.sections, taught.sections, strict=True)
        if learned.order != "none"
    }
    sections = []
    for section, own in zip(doc.sections, head.sections, strict=True):
        learned = orders.get(section.title.casefold())
        order = learned.order if learned is not None and own.kind is SectionKind.DATED else own.order
        sections.append(SectionProfile(own.kind, order, own.evidence))
    return Profile(taught.conventions, tuple(sections))


def profile(doc: Document, config: Config, base: Document | None = None) -> Profile:
    """The conventions and section decisions in force: learned (from ``base``, the version a
    pull request changes, when given), then overridden by the config."""
    learned = learn(doc)
    if base is not None:
        learned = _from_base(learned, doc, base)
    style, found = config.style, learned.conventions
    conventions = Conventions(
        arxiv_form=_arxiv_setting(config.urls.arxiv_form, found),
        arxiv_versions=found.arxiv_versions if config.urls.arxiv_form == "auto" else False,
        bullet=_setting(style.bullet, found.bullet),
        indent=_setting(style.indent, found.indent),
        cross_list=_yes_no(style.cross_list, found.cross_list),
        label_spacing=_setting(
            {"space": " ", "none": ""}.get(style.label_spacing, style.label_spacing), found.label_spacing
        ),
        continuation=_setting(style.continuation, found.continuation),
        bare_urls=_yes_no(style.bare_urls, found.bare_urls),
        date_place=found.date_place,
        date_pattern=found.date_pattern,
    )
    sections = []
    for section, inferred in zip(doc.sections, learned.sections, strict=True):
        overrides = config.section_overrides(section.title)
        kind = inferred.kind
        for override in overrides:
            if override.kind:
                kind = SectionKind(override.kind)
        order = inferred.order if config.order == "auto" else config.order
        if kind is not SectionKind.DATED:
            order = "none"
        for override in overrides:
            if override.order:
                order = override.order
        sections.append(SectionProfile(kind, order, inferred.evidence))
    return Profile(conventions, tuple(sections))
