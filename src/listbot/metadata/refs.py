"""From a parsed list to the metadata check and back: PaperRefs out, findings per entry in.

:func:`refs_of` turns a document's entries into :class:`PaperRef` values (key: the entry's
index in ``doc.entries``). :func:`check_documents_metadata` looks them up and returns a
:class:`MetadataAnswers`, which the LB8xx rules read through ``Context.metadata``.

The answers are keyed by what an entry links, not by its position: the paper part by the
arXiv id, the title as written and whether a venue is shown; the code part by the
repository (``owner/name``). ``listbot fix`` lints again after each pass, when a sort may
have moved entries; an entry finds its findings again wherever it went, and an entry
whose title or code link a fix has just changed finds none for what was fixed.

Which link carries what, for the rules' spans and fixes: :func:`arxiv_place` (the link
or bare URL carrying the entry's arXiv id), :func:`code_place` (the entry's GitHub code
link) and :func:`badge_mismatches` (LB814, offline).

"Could not verify" notes (a source gave no trustworthy answer for one paper or one
repository) stay findings with the code ``unverified``; the rules report them as notes
(severity info) under LB802 for papers and LB813 for code links, the checks that could
not be made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from listbot.metadata.model import UNVERIFIED, Finding, PaperRef, RunStats
from listbot.model import Document, Entry, Link, LinkRole, Span
from listbot.text import replace_bracket_links, visible_words
from listbot.urls import RepoLink, arxiv_id, badge_repository, is_badge_image, parse_repo_url

if TYPE_CHECKING:
    from pathlib import Path

    from listbot.config import Config
    from listbot.config.metadata import MetadataSettings

PAPER_CODES = frozenset({"LB801", "LB802", "LB803", "LB804"})
CODE_CODES = frozenset({"LB811", "LB812", "LB813"})
# Venues that say "not published (yet)": an entry showing one of these still gets LB804.
_PREPRINT_VENUES = frozenset({"arxiv", "arxiv preprint", "preprint", "corr", "tech report", "-", "—"})
_NON_WORD = re.compile(r"[\W_]+")


# --- what an entry links ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """A URL of an entry and where it is written (a link's URL, or a bare URL)."""

    url: str
    span: Span
    link: Link | None = None


def ref_title(entry: Entry) -> str | None:
    """The entry's title as a reader sees it (markup and inner link targets gone), or None."""
    if entry.title is None:
        return None
    text = entry.title.text
    if "](" in text:
        text = replace_bracket_links(text, image=None, keep_body=True)
    return visible_words(text) or None


def shows_venue(entry: Entry) -> bool:
    """The entry names a venue (ICLR 2025, NeurIPS'24...), not just arXiv or "preprint"."""
    if entry.venue is None:
        return False
    folded = " ".join(_NON_WORD.sub(" ", entry.venue.casefold()).split())
    return bool(folded) and folded not in _PREPRINT_VENUES


def arxiv_place(entry: Entry) -> Place | None:
    """The link (else the bare URL) that carries the entry's arXiv id."""
    if entry.arxiv_id is None:
        return None
    for link in entry.links:
        if not link.image and arxiv_id(link.url) == entry.arxiv_id:
            return Place(link.url, link.url_span, link)
    for bare in entry.bare_urls:
        if arxiv_id(bare.url) == entry.arxiv_id:
            return Place(bare.url, bare.span)
    return None


def _wraps_image(link: Link) -> bool:
    """``[![Stars](badge)](target)``: a link whose text is an image."""
    return not link.image and link.text.lstrip().startswith("![")


# Repository links repeat within and across runs (a check, then each fix pass): parse each once.
@lru_cache(maxsize=65536)
def _repository(url: str) -> RepoLink | None:
    return parse_repo_url(url) if "github.com" in url.lower() else None


_badge_repository = lru_cache(maxsize=65536)(badge_repository)


def _repo_links(entry: Entry) -> list[tuple[Place, RepoLink]]:
    found = []
    for link in entry.links:
        if not link.image and link.role is LinkRole.CODE and (repo := _repository(link.url)):
            found.append((Place(link.url, link.url_span, link), repo))
    for bare in entry.bare_urls:
        if repo := _repository(bare.url):
            found.append((Place(bare.url, bare.span), repo))
    return found


def _code_of(found: list[tuple[Place, RepoLink]]) -> tuple[Place, RepoLink] | None:
    plain = [item for item in found if item[0].link is not None and not _wraps_image(item[0].link)]
    badges = [item for item in found if item[0].link is not None]
    bare = [item for item in found if item[0].link is None]
    return next(iter(plain or badges or bare), None)


def code_place(entry: Entry) -> Place | None:
    """The entry's GitHub code link: the first repository link that is not a linked badge,
    else a linked badge's target, else a bare repository URL."""
    found = _code_of(_repo_links(entry))
    return found[0] if found else None


def ref_of(entry: Entry, key: int) -> PaperRef | None:
    """The entry as the metadata check takes it; None when it has nothing to look up."""
    code = code_place(entry)
    paper = arxiv_place(entry)
    if entry.arxiv_id is None and code is None:
        return None
    images = tuple(link.url for link in entry.links if link.image)
    wrapped = tuple(
        (image.url, link.url)
        for link in entry.links
        if _wraps_image(link)
        for image in entry.links
        if image.image and link.span.start <= image.span.start < link.span.end
    )
    return PaperRef(
        key=key,
        title=ref_title(entry),
        arxiv_id=entry.arxiv_id,
        code_url=code.url if code else None,
        badge_urls=images,
        has_venue=shows_venue(entry),
        badge_links=wrapped,
        paper_url=paper.url if paper else None,
    )


def refs_of(doc: Document, entries: Iterable[int] | None = None) -> list[PaperRef]:
    """A :class:`PaperRef` for each entry (of ``entries``, indices, when given) with a paper
    or a code link; ``key`` is the entry's index in ``doc.entries``."""
    indices = range(len(doc.entries)) if entries is None else entries
    return [ref for index in indices if (ref := ref_of(doc.entries[index], index)) is not None]


# --- LB814, offline ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WrongBadge:
    """A badge naming a repository that none of the entry's code links is."""

    span: Span  # the badge (the linked badge as a whole when it is linked)
    named: RepoLink
    code: RepoLink
    what: str  # "badge" or "badge's link"

    @property
    def message(self) -> str:
        return (
            f"the {self.what} names github.com/{self.named.owner}/{self.named.name}"
            f" but the code link is github.com/{self.code.owner}/{self.code.name}"
        )


def _badges(entry: Entry) -> Iterator[tuple[Span, str, RepoLink]]:
    """(where, what names it, the repository) for each badge of the entry that names one."""
    for link in entry.links:
        if link.image:
            if (repo := _badge_repository(link.url)) is not None:
                yield link.span, "badge", repo
        elif _wraps_image(link):
            images = [i for i in entry.links if i.image and link.span.start <= i.span.start < link.span.end]
            if any(is_badge_image(image.url) for image in images) and (repo := _repository(link.url)):
                yield link.span, "badge's link", repo


def badge_mismatches(entry: Entry) -> list[WrongBadge]:
    """LB814: badges that name another repository than every code link of the entry (a linked
    badge's image and its target each count). One finding per repository."""
    if not any(link.image for link in entry.links):
        return []
    badges = list(_badges(entry))
    repo_links = _repo_links(entry) if badges else []
    code = _code_of(repo_links)
    if code is None:
        return []
    code_repo = code[1]
    linked = {repo.key for place, repo in repo_links if place.link and not _wraps_image(place.link)}
    linked.add(code_repo.key)
    found: list[WrongBadge] = []
    reported: set[str] = set()
    for span, what, repo in badges:
        if repo.key in linked or repo.key in reported:
            continue
        reported.add(repo.key)
        found.append(WrongBadge(span, repo, code_repo, what))
    return found


# --- the answers the network rules read -----------------------------------------------------------------


def _paper_key(ref: PaperRef) -> PaperRef:
    return PaperRef(0, ref.title, ref.arxiv_id, None, has_venue=ref.has_venue, paper_url=None)


def paper_key(entry: Entry) -> PaperRef | None:
    """What the paper findings of an entry are filed under."""
    if entry.arxiv_id is None:
        return None
    return PaperRef(0, ref_title(entry), entry.arxiv_id, None, has_venue=shows_venue(entry))


def code_key(entry: Entry) -> str | None:
    """What the code findings of an entry are filed under: its repository, ``owner/name``."""
    place = code_place(entry)
    repo = parse_repo_url(place.url) if place else None
    return repo.key if repo else None


@dataclass(frozen=True)
class MetadataAnswers:
    """What ``--metadata`` found, filed by what each entry links (see the module docstring)."""

    papers: Mapping[PaperRef, tuple[Finding, ...]] = field(default_factory=dict)
    code: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)
    stats: RunStats = field(default_factory=RunStats)
    paper_count: int = 0  # distinct arXiv ids looked up
    repo_count: int = 0  # distinct repositories looked up

    def paper_findings(self, entry: Entry) -> tuple[Finding, ...]:
        key = paper_key(entry)
        return self.papers.get(key, ()) if key is not None else ()

    def code_findings(self, entry: Entry) -> tuple[Finding, ...]:
        key = code_key(entry)
        return self.code.get(key, ()) if key is not None else ()

    @property
    def unverified(self) -> int:
        """How many papers and repositories could not be verified."""
        findings = [*self.papers.values(), *self.code.values()]
        return sum(1 for group in findings for finding in group if finding.code == UNVERIFIED)


def answers_from(refs: Sequence[PaperRef], findings: Iterable[Finding], stats: RunStats) -> MetadataAnswers:
    """File ``findings`` (from refs split by :func:`split_refs`) by paper and by repository."""
    by_key: dict[int, list[Finding]] = {}
    for finding in findings:
        by_key.setdefault(finding.key, []).append(finding)
    papers: dict[PaperRef, tuple[Finding, ...]] = {}
    code: dict[str, tuple[Finding, ...]] = {}
    for ref in refs:
        found = tuple(by_key.get(ref.key, ()))
        if ref.code_url is None:
            papers.setdefault(_paper_key(ref), found)
            retitled = next((f for f in found if f.replacement and f.replacement[0] == "title"), None)
            if retitled is not None and retitled.replacement is not None:  # the rest holds after the fix
                rest = tuple(f for f in found if f is not retitled)
                papers.setdefault(replace(_paper_key(ref), title=retitled.replacement[1]), rest)
            continue
        repo = parse_repo_url(ref.code_url)
        if repo is None:
            continue
        code.setdefault(repo.key, found)
        moved = next((f for f in found if f.replacement and f.replacement[0] == "code_url"), None)
        if moved is not None and moved.replacement is not None:  # archived still holds once moved
            new = parse_repo_url(moved.replacement[1])
            if new is not None:
                code.setdefault(new.key, tuple(f for f in found if f is not moved))
    paper_ids = {ref.arxiv_id for ref in refs if ref.code_url is None}
    repo_count = sum(1 for ref in refs if ref.code_url is not None)
    return MetadataAnswers(papers, code, stats, len(paper_ids), repo_count)


def summary(answers: MetadataAnswers) -> str:
    """The line a ``--metadata`` run prints on stderr: what was looked up, how, and what is unknown."""
    from listbot.text import plural

    labels = {"arxiv": "arXiv", "github": "GitHub"}
    requests = answers.stats.requests
    made = sum(requests.values())
    per_source = ", ".join(f"{labels.get(name, name)} {count}" for name, count in sorted(requests.items()))
    papers = plural(answers.paper_count, "paper")
    repositories = plural(answers.repo_count, "repository", "repositories")
    line = (
        f"metadata: {papers} and {repositories} looked up: {plural(made, 'request')}"
        f"{f' ({per_source})' if made else ''}, {answers.stats.cache_hits} from the cache"
    )
    if answers.unverified:
        line += f"; {answers.unverified} could not be verified (see the notes)"
    return line


def split_refs(refs: Iterable[PaperRef], papers: bool = True, code: bool = True) -> list[PaperRef]:
    """Each ref as two: its paper (no code link) and its code link (no paper), so the findings
    of each part are told apart. Duplicates (the same paper, the same repository) are asked once."""
    parts: list[PaperRef] = []
    seen_papers: set[PaperRef] = set()
    seen_repos: set[str] = set()
    for ref in refs:
        if papers and ref.arxiv_id and (key := _paper_key(ref)) not in seen_papers:
            seen_papers.add(key)
            parts.append(replace(ref, key=len(parts), code_url=None, badge_urls=(), badge_links=()))
        repo = parse_repo_url(ref.code_url) if code and ref.code_url else None
        if repo is not None and repo.key not in seen_repos:
            seen_repos.add(repo.key)
            parts.append(PaperRef(len(parts), None, None, ref.code_url))
    return parts


def check_documents_metadata(
    docs: Sequence[Document],
    config: Config | MetadataSettings,
    *,
    papers: bool = True,
    code: bool = True,
    suggest: bool = True,
    use_cache: bool = True,
    cache_path: str | Path | None = None,
    stats: RunStats | None = None,
) -> MetadataAnswers:
    """Look up the papers and code links of ``docs`` (one run for all) and file the findings.

    ``papers``/``code`` leave a part out (when none of its rules is selected), ``suggest=False``
    the title searches for LB801's fix (when LB801 is not selected). Raises
    :class:`~listbot.metadata.MetadataUnavailable` when a source cannot be reached at all.
    """
    from listbot.config import Config
    from listbot.metadata import check_papers

    settings = config.metadata if isinstance(config, Config) else config
    if not suggest and settings.suggest:
        settings = settings.model_copy(update={"suggest": False})
    refs = split_refs((ref for doc in docs for ref in refs_of(doc)), papers, code)
    stats = stats if stats is not None else RunStats()
    if not refs:
        return MetadataAnswers(stats=stats)
    findings = check_papers(
        refs, settings, use_cache=use_cache, cache_path=cache_path, badges=False, stats=stats
    )
    return answers_from(refs, findings, stats)


__all__ = [
    "CODE_CODES",
    "PAPER_CODES",
    "MetadataAnswers",
    "Place",
    "WrongBadge",
    "arxiv_place",
    "badge_mismatches",
    "check_documents_metadata",
    "code_key",
    "code_place",
    "paper_key",
    "ref_of",
    "ref_title",
    "refs_of",
    "shows_venue",
    "split_refs",
    "summary",
]
