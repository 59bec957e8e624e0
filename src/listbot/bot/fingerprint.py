"""Fingerprints: which problem a line comment is about, stable across pushes.

A fingerprint is derived from the rule's code, the file and what the diagnostic is about
(``Diagnostic.subject``: an arXiv id or a folded real title, never a link label), plus
which occurrence of that pair it is. Never from a line number or a message, so a push
that inserts lines above leaves every fingerprint as it was.

Markers are trusted only in comments the bot's own identity wrote, and only as the
exact last line of such a comment (see :mod:`listbot.bot.publish`). Everything quoted
from the list is escaped, so list text can never form a marker in the bot's own
comments; that is why the fingerprints need no secret key. (A key derived from the
token would change on every run: an Actions token lives for one job.)
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

from listbot.diagnostics import Diagnostic
from listbot.model import Document
from listbot.text import fold_title

VERSION = "2"
MARKER = "<!-- listbot:fp={} -->"
_MARKER_LINE = re.compile(r"<!-- listbot:fp=([0-9a-f]{16}(?:,[0-9a-f]{16})*) -->")


def subject_of(doc: Document, diagnostic: Diagnostic) -> str:
    """What the diagnostic is about: its subject, else its entry's, else its line's words."""
    if diagnostic.subject:
        return diagnostic.subject
    entry = doc.entry_at(diagnostic.line)
    if entry is not None:
        if entry.arxiv_id:
            return f"arxiv:{entry.arxiv_id}"
        if entry.title is not None and fold_title(entry.title.text):
            return "title:" + fold_title(entry.title.text)
    line = doc.line_text(diagnostic.line) if 1 <= diagnostic.line <= doc.line_count else ""
    return "line:" + fold_title(line)


def fingerprints(doc: Document, diagnostics: Iterable[Diagnostic]) -> dict[int, str]:
    """A fingerprint per diagnostic (keyed by ``id``), numbered by occurrence when two
    diagnostics share a code and a subject (a paper added three times)."""
    seen: Counter[tuple[str, str]] = Counter()
    by_line: dict[int, str] = {}  # a subject read from a line, once per line
    hashers: dict[tuple[str, str, str], hashlib._Hash] = {}  # the digest of all but the number
    result: dict[int, str] = {}
    for diagnostic in sorted(diagnostics, key=lambda d: d.sort_key):
        subject = diagnostic.subject
        if not subject:
            if diagnostic.line not in by_line:
                by_line[diagnostic.line] = subject_of(doc, diagnostic)
            subject = by_line[diagnostic.line]
        key = (diagnostic.code, subject)
        # a line of 200,000 findings hashed its whole text once per finding (issue 9)
        head = (diagnostic.code, diagnostic.path, subject)
        if head not in hashers:
            hashers[head] = hashlib.sha256("\0".join((VERSION, *head, "")).encode())
        hasher = hashers[head].copy()
        hasher.update(str(seen[key]).encode())
        seen[key] += 1
        result[id(diagnostic)] = hasher.hexdigest()[:16]
    return result


def marker(prints: Iterable[str]) -> str:
    return MARKER.format(",".join(sorted(set(prints))))


def read_marker(body: str) -> frozenset[str]:
    """The fingerprints of a comment whose last line is a marker (empty otherwise)."""
    lines = (body or "").rstrip().rsplit("\n", 1)
    match = _MARKER_LINE.fullmatch(lines[-1].strip())
    return frozenset(match.group(1).split(",")) if match else frozenset()
