"""``listbot style``: what listbot learned of a list's conventions, as TOML to paste and pin.

Every value is what the list's majority does (see :mod:`listbot.profile`); pasting the
fragment into ``.listbot.toml`` keeps listbot to it even when the list drifts. A value
the list does not settle on is written as ``"any"`` with a comment.
"""

from __future__ import annotations

from listbot.model import DatePlace, Document
from listbot.profile import SectionKind, learn
from listbot.urls import ARXIV_FORMS

_PLACES = {
    DatePlace.TAG: "a [YYMM] tag before the title",
    DatePlace.LEAD: "before the title",
    DatePlace.TRAILER: "after the links",
    DatePlace.VENUE: "with the venue",
    DatePlace.FIELD: "in a Date: line",
    DatePlace.CELL: "in a date column",
}


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _literal_glob(title: str) -> str:
    """A ``match`` glob that matches exactly this title (``[``, ``*`` and ``?`` escaped)."""
    return "".join(f"[{char}]" if char in "[*?" else char for char in title)


def style_toml(doc: Document) -> str:
    """The learned conventions of ``doc`` as a ``.listbot.toml`` fragment, with comments."""
    profile = learn(doc)
    seen = profile.conventions
    form = next((name for name, template in ARXIV_FORMS.items() if template == seen.arxiv_form), None)
    lines = [
        f"# listbot style {doc.path}: conventions learned from {len(doc.entries)} entries",
        "# Paste into .listbot.toml (or [tool.listbot] of pyproject.toml) to pin them.",
        "",
        "[urls]",
        f"arxiv-form = {_quoted(form or 'any')}" + ("" if form else "  # no form in 90% of the arXiv links"),
        "",
        "[style]",
        f"bullet = {_quoted(seen.bullet or 'any')}",
        f"indent = {_quoted(seen.indent or 'any')}",
        f"cross-list = {_quoted('yes' if seen.cross_list else 'no')}",
        f"label-spacing = {_quoted({' ': 'space', '': 'none'}.get(seen.label_spacing or 'x', 'any'))}",
        f"continuation = {_quoted(seen.continuation or 'any')}",
        f"bare-urls = {_quoted('yes' if seen.bare_urls else 'no')}",
    ]
    if seen.date_place is not None:
        lines.append(f"# dates are written {_PLACES[seen.date_place]}, as {seen.date_pattern}")
    for section, learned in zip(doc.sections, profile.sections, strict=True):
        if learned.kind is not SectionKind.DATED or not section.title:
            continue
        newer, older = learned.evidence
        lines += [
            "",
            "[[sections]]",
            f"match = {_quoted(_literal_glob(section.title))}",
            f"order = {_quoted(learned.order)}  # neighbours: {newer} newer first, {older} older first",
        ]
    return "\n".join(lines) + "\n\n"
