"""The plain data the metadata check takes and returns, and what its sources answer.

No I/O here: the core builds :class:`PaperRef` values from its entries, the sources
answer with :class:`PaperLookup` and :class:`RepoLookup`, and :mod:`listbot.metadata.check`
turns those into :class:`Finding` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class PaperRef:
    """One entry of a list, as the core hands it over."""

    key: int  # the caller's handle (entry index); echoed back in findings
    title: str | None  # the entry's real title as written (not a link label like "Paper")
    arxiv_id: str | None  # "2502.03373" (no version) or old style "cs/0501001"
    code_url: str | None  # the entry's code link (github.com/owner/repo[...]) if any
    badge_urls: tuple[str, ...] = ()  # image URLs in the entry (shields.io star/fork badges...)
    has_venue: bool = False  # the entry already shows a venue (ICLR 2025, NeurIPS'24...)
    # (image URL, link target) of each linked image `[![..](image)](target)`: a badge whose
    # target is a repository names that repository even when its image does not.
    badge_links: tuple[tuple[str, str], ...] = ()
    paper_url: str | None = None  # the entry's paper link, for sources other than arXiv


@dataclass(frozen=True)
class Finding:
    """One thing to tell the user about one entry."""

    key: int
    code: str  # LB801 ... LB814, or "unverified" for could-not-verify notes
    message: str  # the full one-line message the user sees
    severity: str  # "error" | "warning" | "info"
    replacement: tuple[str, str] | None = None  # ("title" | "arxiv_id" | "code_url", new value)
    unsafe: bool = False  # the fix needs a person's judgement


UNVERIFIED = "unverified"
# code -> (name, severity, what it flags): for the rule catalogue the core keeps
CODES = {
    "LB801": ("paper-mismatch", "error", "the entry's title is not the title of the paper its id names"),
    "LB802": ("paper-unknown", "error", "an arXiv id that does not exist"),
    "LB803": ("paper-withdrawn", "warning", "the paper was withdrawn"),
    "LB804": (
        "paper-published",
        "info",
        "the paper was published (journal reference or DOI); no venue shown",
    ),
    "LB811": ("code-moved", "warning", "the code repository was renamed or transferred"),
    "LB812": ("code-archived", "info", "the code repository is archived"),
    "LB813": ("code-missing", "error", "the code repository does not exist"),
    "LB814": ("badge-mismatch", "warning", "a star/fork badge names another repository than the code link"),
}


class State(StrEnum):
    """What a source could say about one identifier."""

    FOUND = "found"
    UNKNOWN = "unknown"  # the source answered properly and has no such record
    UNVERIFIED = "unverified"  # no trustworthy answer (failure, throttling, empty feed)


@dataclass(frozen=True)
class PaperRecord:
    """What a paper source knows about one paper."""

    source: str  # "arxiv"
    id: str  # without version
    title: str  # whitespace folded
    version: int | None = None
    withdrawn: bool = False
    journal_ref: str | None = None
    doi: str | None = None


@dataclass(frozen=True)
class PaperLookup:
    state: State
    record: PaperRecord | None = None
    detail: str = ""  # why it could not be verified


@dataclass(frozen=True)
class RepoRecord:
    """A code repository as its host reports it today."""

    name_with_owner: str  # the current "owner/name" (a renamed repository's new name)
    url: str  # the current web address, e.g. https://github.com/owner/name
    archived: bool = False


@dataclass(frozen=True)
class RepoLookup:
    state: State
    record: RepoRecord | None = None
    detail: str = ""


@dataclass
class RunStats:
    """Requests made by one run, per source (for tests and the benchmark)."""

    requests: dict[str, int] = field(default_factory=dict)
    cache_hits: int = 0

    def count(self, source: str) -> None:
        self.requests[source] = self.requests.get(source, 0) + 1


class MetadataUnavailable(Exception):
    """A source cannot be reached at all: one line for the CLI, instead of any finding."""
