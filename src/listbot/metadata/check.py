"""``check_papers``: look every paper and code link up (cache first) and say what is wrong.

One run: read the cache; ask each source only for what the cache lacks (the paper sources
and the code hosts in parallel, each on its own single connection); compare; search titles
for the entries that link the wrong paper; write what was learnt back to the cache.

Codes: LB801 paper-mismatch (error when unrelated, warning when retitled), LB802
paper-unknown (error), LB803 paper-withdrawn (warning), LB804 paper-published (info),
LB811 code-moved (warning, safe fix), LB812 code-archived (info), LB813 code-missing
(error), LB814 badge-mismatch (warning, offline), and ``unverified`` notes (info) where a
source gave no trustworthy answer. A source that cannot be reached at all raises
:class:`MetadataUnavailable` instead: no run without network yields a false LB802 or LB813.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from listbot.config.metadata import MetadataSettings
from listbot.metadata.badges import badge_findings
from listbot.metadata.cache import MetadataCache, default_path
from listbot.metadata.github import parse_repo_url
from listbot.metadata.http import Unreachable
from listbot.metadata.model import (
    UNVERIFIED,
    Finding,
    MetadataUnavailable,
    PaperLookup,
    PaperRecord,
    PaperRef,
    RepoLookup,
    RunStats,
    State,
)
from listbot.metadata.sources import CodeSource, PaperSource, code_sources, paper_sources
from listbot.metadata.titles import TitleMatch, compare_titles, fold, scores

Lookup = TypeVar("Lookup", PaperLookup, RepoLookup)
LABELS = {"arxiv": "arXiv", "github": "GitHub"}


def _label(source: str) -> str:
    return LABELS.get(source, source)


def check_papers(
    refs: Sequence[PaperRef],
    settings: MetadataSettings,
    *,
    use_cache: bool = True,
    cache_path: str | Path | None = None,
    badges: bool = True,
    stats: RunStats | None = None,
) -> list[Finding]:
    """Findings for ``refs``, sorted by key then code. Raises MetadataUnavailable without network.

    ``badges=False`` leaves LB814 out (when the offline rule already reports it).
    ``stats`` collects the number of requests per source.
    """
    stats = stats if stats is not None else RunStats()
    findings = [finding for ref in refs for finding in badge_findings(ref)] if badges else []
    cache = _open_cache(settings, use_cache, cache_path)
    papers = paper_sources(settings, stats)
    codes = code_sources(settings, stats)
    try:
        run = _Run(refs, settings, cache, papers, codes, stats)
        findings += run.check()
    finally:
        for paper in papers:
            paper.close()
        for code in codes:
            code.close()
        if cache is not None:
            cache.close()
    return sorted(findings, key=lambda finding: (finding.key, finding.code))


def _open_cache(
    settings: MetadataSettings, use_cache: bool, cache_path: str | Path | None
) -> MetadataCache | None:
    if not use_cache:
        return None
    path = Path(cache_path or settings.cache_path or default_path()).expanduser()
    return MetadataCache(path, settings.ttl, settings.cache_wait)


class _Run:
    def __init__(
        self,
        refs: Sequence[PaperRef],
        settings: MetadataSettings,
        cache: MetadataCache | None,
        papers: list[PaperSource],
        codes: list[CodeSource],
        stats: RunStats,
    ) -> None:
        self.refs = refs
        self.settings = settings
        self.cache = cache
        self.papers = papers
        self.codes = codes
        self.stats = stats

    def check(self) -> list[Finding]:
        paper_keys = {source.name: self._paper_keys(source) for source in self.papers}
        code_keys = {source.name: self._code_keys(source) for source in self.codes}
        paper_lookups = {
            source.name: self._cached_papers(source, paper_keys[source.name]) for source in self.papers
        }
        code_lookups = {
            source.name: self._cached_codes(source, code_keys[source.name]) for source in self.codes
        }
        self._fetch_missing(paper_keys, paper_lookups, code_keys, code_lookups)
        findings: list[Finding] = []
        for paper in self.papers:
            findings += self._paper_findings(paper, paper_lookups[paper.name])
        for code in self.codes:
            findings += self._code_findings(code, code_lookups[code.name])
        return findings

    # --- gathering ---------------------------------------------------------------------------------

    def _paper_keys(self, source: PaperSource) -> dict[int, str]:
        return {ref.key: key for ref in self.refs if (key := source.key_of(ref))}

    def _code_keys(self, source: CodeSource) -> dict[int, str]:
        return {ref.key: key for ref in self.refs if (key := source.key_of(ref.code_url))}

    def _cached_papers(self, source: PaperSource, keys: dict[int, str]) -> dict[str, PaperLookup]:
        found = self.cache.papers(source.base, keys.values()) if self.cache else {}
        self.stats.cache_hits += len(found)
        existing = next((key for key, lookup in found.items() if lookup.state is State.FOUND), None)
        if existing:
            source.remember_existing(existing)
        return found

    def _cached_codes(self, source: CodeSource, keys: dict[int, str]) -> dict[str, RepoLookup]:
        found = self.cache.repositories(source.base, keys.values()) if self.cache else {}
        self.stats.cache_hits += len(found)
        return found

    def _fetch_missing(
        self,
        paper_keys: dict[str, dict[int, str]],
        paper_lookups: dict[str, dict[str, PaperLookup]],
        code_keys: dict[str, dict[int, str]],
        code_lookups: dict[str, dict[str, RepoLookup]],
    ) -> None:
        """Ask every source for what the cache lacked, the sources side by side."""
        with ThreadPoolExecutor(max_workers=max(1, len(self.papers) + len(self.codes))) as pool:
            paper_jobs = [
                (paper, pool.submit(paper.fetch, missing))
                for paper in self.papers
                if (missing := _missing(paper_keys[paper.name], paper_lookups[paper.name]))
            ]
            code_jobs = [
                (code, pool.submit(code.fetch, missing))
                for code in self.codes
                if (missing := _missing(code_keys[code.name], code_lookups[code.name]))
            ]
            for paper, paper_job in paper_jobs:
                paper_lookups[paper.name].update(_result(paper.name, paper.base, paper_job))
            for code, code_job in code_jobs:
                code_lookups[code.name].update(_result(code.name, code.base, code_job))
        if self.cache is None:
            return
        for paper in self.papers:
            self.cache.store_papers(paper.base, paper_lookups[paper.name])
        for code in self.codes:
            self.cache.store_repositories(code.base, code_lookups[code.name])

    # --- papers ------------------------------------------------------------------------------------

    def _paper_findings(self, source: PaperSource, lookups: dict[str, PaperLookup]) -> list[Finding]:
        keys = self._paper_keys(source)
        label = _label(source.name)
        findings: list[Finding] = []
        mismatched: list[tuple[PaperRef, PaperRecord]] = []
        for ref in self.refs:
            key = keys.get(ref.key)
            lookup = lookups.get(key) if key else None
            if key is None or lookup is None:
                continue
            if lookup.state is State.UNVERIFIED:
                findings.append(
                    Finding(ref.key, UNVERIFIED, f"could not verify {label} {key}: {lookup.detail}", "info")
                )
            elif lookup.state is State.UNKNOWN:
                findings.append(Finding(ref.key, "LB802", f"{label} {key} does not exist", "error"))
            elif lookup.record is not None:
                findings += self._record_findings(ref, lookup.record, label, mismatched)
        findings += self._wrong_papers(source, label, mismatched, lookups)
        return findings

    def _record_findings(
        self, ref: PaperRef, record: PaperRecord, label: str, mismatched: list[tuple[PaperRef, PaperRecord]]
    ) -> list[Finding]:
        findings: list[Finding] = []
        if ref.title:
            match = compare_titles(ref.title, record.title)
            if match is TitleMatch.CLOSE:
                message = f"the title differs from the current title of {label} {record.id}: {record.title!r}"
                findings.append(
                    Finding(ref.key, "LB801", message, "warning", ("title", record.title), unsafe=True)
                )
            elif match is TitleMatch.UNRELATED:
                mismatched.append((ref, record))
        if record.withdrawn:
            version = f" (v{record.version})" if record.version else ""
            findings.append(
                Finding(ref.key, "LB803", f"{label} {record.id} was withdrawn{version}", "warning")
            )
        if (record.journal_ref or record.doi) and not ref.has_venue:
            where = record.journal_ref or f"DOI {record.doi}"
            message = f"{label} {record.id} was published ({where}); the entry shows no venue"
            findings.append(Finding(ref.key, "LB804", message, "info"))
        return findings

    def _wrong_papers(
        self,
        source: PaperSource,
        label: str,
        mismatched: list[tuple[PaperRef, PaperRecord]],
        lookups: dict[str, PaperLookup],
    ) -> list[Finding]:
        """LB801 errors, with the id of the paper the entry names when it is known.

        The papers looked up in this run are asked first (an entry often carries the id of a
        neighbour that is in the list too); a title search is made only for the others.
        """
        local = _by_title(lookup.record for lookup in lookups.values() if lookup.record)
        unmatched = [ref.title for ref, _ in mismatched if ref.title and _title_key(ref.title) not in local]
        results = self._searches(source, unmatched) if unmatched else {}
        findings = []
        for ref, record in mismatched:
            assert ref.title is not None
            message = f"links the wrong paper: {label} {record.id} is {record.title!r}"
            candidates = local.get(_title_key(ref.title)) or results.get(source.search_key(ref.title), [])
            found = _best_match(ref.title, record.id, candidates)
            if found is None:
                findings.append(Finding(ref.key, "LB801", message, "error"))
                continue
            message += f"; {ref.title!r} is {label} {found.id}"
            findings.append(
                Finding(ref.key, "LB801", message, "error", (f"{source.name}_id", found.id), unsafe=True)
            )
        return findings

    def _searches(self, source: PaperSource, titles: list[str]) -> dict[str, list[PaperRecord]]:
        if not self.settings.suggest:
            return {}
        keys = {source.search_key(title): title for title in titles}
        keys.pop("", None)
        known = self.cache.searches(source.base, keys) if self.cache else {}
        self.stats.cache_hits += len(known)
        missing = [title for key, title in keys.items() if key not in known]
        if missing:
            try:
                fresh = source.search(missing)
            except Unreachable:
                fresh = {}  # the lookups got through: only the suggestion is lost
            if self.cache is not None:
                self.cache.store_searches(source.base, fresh)
            known.update(fresh)
        return known

    # --- code --------------------------------------------------------------------------------------

    def _code_findings(self, source: CodeSource, lookups: dict[str, RepoLookup]) -> list[Finding]:
        findings: list[Finding] = []
        label = _label(source.name)
        for ref in self.refs:
            link = parse_repo_url(ref.code_url) if ref.code_url else None
            lookup = lookups.get(link.key) if link else None
            if link is None or lookup is None:
                continue
            written = f"github.com/{link.owner}/{link.name}"
            if lookup.state is State.UNVERIFIED:
                message = f"could not verify the code link {written}: {lookup.detail}"
                findings.append(Finding(ref.key, UNVERIFIED, message, "info"))
            elif lookup.state is State.UNKNOWN:
                message = f"the code repository {written} does not exist on {label}"
                findings.append(Finding(ref.key, "LB813", message, "error"))
            elif lookup.record is not None:
                record = lookup.record
                if record.name_with_owner.lower() != link.key:
                    new_url = record.url.rstrip("/") + link.rest
                    message = f"the code repository {written} moved to {record.name_with_owner}: {new_url}"
                    findings.append(Finding(ref.key, "LB811", message, "warning", ("code_url", new_url)))
                if record.archived:
                    message = f"the code repository {record.name_with_owner} is archived (read-only)"
                    findings.append(Finding(ref.key, "LB812", message, "info"))
        return findings


def _title_key(title: str) -> str:
    return "".join(fold(title))


def _by_title(records: Iterable[PaperRecord]) -> dict[str, list[PaperRecord]]:
    index: dict[str, list[PaperRecord]] = {}
    for record in records:
        index.setdefault(_title_key(record.title), []).append(record)
    return index


def _missing(keys: dict[int, str], known: Mapping[str, object]) -> list[str]:
    return [key for key in dict.fromkeys(keys.values()) if key not in known]


def _result(name: str, base: str, job: Future[dict[str, Lookup]]) -> dict[str, Lookup]:
    """A source's answers; a source that could not be reached at all ends the run with one line."""
    try:
        return job.result()
    except Unreachable as error:
        raise MetadataUnavailable(
            f"metadata check: {_label(name)} ({base}) is unreachable ({error}); nothing was checked"
        ) from None


def _best_match(title: str, linked_id: str, candidates: list[PaperRecord]) -> PaperRecord | None:
    """The search result that is the paper ``title`` names (not the one already linked), if any."""
    ranked = []
    for candidate in candidates:
        if candidate.id == linked_id:
            continue
        match = compare_titles(title, candidate.title)
        if match is TitleMatch.UNRELATED:
            continue
        ranked.append((match is TitleMatch.SAME, scores(title, candidate.title)[2], candidate))
    if not ranked:
        return None
    ranked.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return ranked[0][2]
