"""Benchmark for `listbot check --metadata` (issue 12): 1,000 entries against a fake arXiv.

The fake arXiv export API and the fake GitHub (GraphQL, with a token) of the tests run on
127.0.0.1; the fake arXiv answers each request after ``--latency`` seconds. The check runs
with arXiv's real politeness: one connection, 3 s between requests, batches of 100 ids.
The list has 1,000 papers with distinct ids (60% with a GitHub code link) and planted
cases: retitled papers, withdrawn papers, unknown ids, published papers, entries linking
the wrong paper, renamed, archived and missing repositories. The benchmark scores the
findings against the plants, counts the requests each service received (arXiv id lookups
and title searches apart), times the run, then reruns on the warm cache.

    python bench/metadata.py [--entries 1000] [--delay 3] [--latency 0.5] [--wrong 3]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests' fake servers

from listbot.config.metadata import MetadataSettings
from listbot.metadata import Finding, PaperRef, RunStats, check_papers
from tests.metadata.servers import TOKEN, FakeArxiv, FakeGitHub, Paper

VOCABULARY = """
    sparse adaptive contrastive latent causal hierarchical federated quantized robust efficient
    multimodal temporal spectral geometric probabilistic variational recurrent modular symbolic
    retrieval distillation curriculum tokenizer planner verifier critic memory router adapter
    protein molecule weather robot navigation speech music dialogue theorem program compiler
"""
WORDS = VOCABULARY.split()
PLANTS = {"retitled": 5, "withdrawn": 5, "unknown": 5, "published": 20}
REPO_PLANTS = {"renamed": 5, "archived": 5, "missing": 5}


def title(rng: random.Random, used: set[str]) -> str:
    while True:
        words = rng.sample(WORDS, 5)
        text = f"{words[0].title()}{words[1].title()}: {words[2].title()} {words[3]} for {words[4]} tasks"
        if text not in used:
            used.add(text)
            return text


@dataclass
class Plan:
    papers: list[Paper] = field(default_factory=list)  # what the fake arXiv knows
    refs: list[PaperRef] = field(default_factory=list)  # the list
    repos: dict[int, str] = field(default_factory=dict)  # entry -> "renamed" | "archived" | "missing"
    expected: set[tuple[int, str]] = field(default_factory=set)  # (entry, code) that must be reported


PAPER_CODES = {
    "retitled": "LB801",
    "withdrawn": "LB803",
    "unknown": "LB802",
    "published": "LB804",
    "wrong": "LB801",
}
REPO_CODES = {"renamed": "LB811", "archived": "LB812", "missing": "LB813"}


def build(entries: int, wrong: int, seed: int = 12) -> Plan:
    rng = random.Random(seed)
    used: set[str] = set()
    plan = Plan()
    kinds = [kind for kind, count in PLANTS.items() for _ in range(count)] + ["wrong"] * wrong
    planted = dict(zip(rng.sample(range(entries), len(kinds)), kinds, strict=True))
    with_code = set(rng.sample(range(entries), entries * 6 // 10))
    repo_kinds = [kind for kind, count in REPO_PLANTS.items() for _ in range(count)]
    plan.repos = dict(zip(rng.sample(sorted(with_code), len(repo_kinds)), repo_kinds, strict=True))
    for index in range(entries):
        paper = Paper(f"25{index // 900 + 1:02d}.{index % 900 + 10000:05d}", title(rng, used))
        plan.papers.append(paper)
        kind = planted.get(index)
        entry_title, identifier = paper.title, paper.id
        if kind == "retitled":
            paper.title += ": A Study at Scale"
        elif kind == "withdrawn":
            paper.version, paper.comment = 2, "This paper has been withdrawn by the authors"
        elif kind == "unknown":
            identifier = f"2512.{99000 + index:05d}"
        elif kind == "published":
            paper.journal_ref = "ICML 2025"
        elif kind == "wrong":
            entry_title = title(rng, used)  # a paper that is neither in the list nor on the fake arXiv
        if kind:
            plan.expected.add((index, PAPER_CODES[kind]))
        if index in plan.repos:
            plan.expected.add((index, REPO_CODES[plan.repos[index]]))
        code = f"https://github.com/lab{index}/repo{index}" if index in with_code else None
        plan.refs.append(PaperRef(index, entry_title, identifier, code))
    return plan


def plant_repos(github: FakeGitHub, plan: Plan) -> None:
    for ref in plan.refs:
        if ref.code_url is None:
            continue
        name = ref.code_url.removeprefix("https://github.com/")
        kind = plan.repos.get(ref.key)
        if kind == "renamed":
            github.add(f"{name}-moved", renamed_from=(name,))
        elif kind == "archived":
            github.add(name, archived=True)
        elif kind != "missing":
            github.add(name)


def run(plan: Plan, settings: MetadataSettings, cache: Path, arxiv: FakeArxiv) -> Run:
    before = len(arxiv.requests)
    stats = RunStats()
    started = time.perf_counter()
    findings = check_papers(plan.refs, settings, cache_path=cache, stats=stats)
    elapsed = time.perf_counter() - started
    asked = arxiv.requests[before:]
    lookups = sum("id_list" in seen.params for seen in asked)
    return Run(findings, stats.requests.get("github", 0), elapsed, lookups, len(asked) - lookups)


@dataclass
class Run:
    findings: list[Finding]
    github_requests: int
    seconds: float
    lookups: int
    searches: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--delay", type=float, default=3.0, help="seconds between arXiv requests (arXiv: 3)")
    parser.add_argument("--latency", type=float, default=0.5, help="the fake arXiv's answer time")
    parser.add_argument("--wrong", type=int, default=3, help="entries linking the wrong paper")
    args = parser.parse_args()

    plan = build(args.entries, args.wrong)
    with FakeArxiv() as arxiv, FakeGitHub() as github, tempfile.TemporaryDirectory() as tmp:
        arxiv.add(*plan.papers)
        arxiv.slow = args.latency
        plant_repos(github, plan)
        os.environ.update({"GITHUB_API_URL": github.url, "GITHUB_TOKEN": TOKEN})
        os.environ.pop("GITHUB_GRAPHQL_URL", None)
        settings = MetadataSettings(arxiv_api_url=arxiv.api, delay=args.delay, batch_size=100)
        cache = Path(tmp) / "cache.sqlite3"

        cold = run(plan, settings, cache, arxiv)
        reported = {(f.key, f.code) for f in cold.findings}
        with_code = sum(ref.code_url is not None for ref in plan.refs)
        print(f"entries: {len(plan.refs)} ({with_code} with a GitHub code link)")
        print(f"politeness: {args.delay:g} s between arXiv requests, batches of 100, one connection")
        print(
            f"planted cases: {len(plan.expected)}; reported: {len(reported)}; "
            f"missed: {len(plan.expected - reported)}; unexpected: {len(reported - plan.expected)}"
        )
        print(f"findings by code: {dict(sorted(Counter(f.code for f in cold.findings).items()))}")
        print(
            f"cold: {cold.lookups + cold.searches} arXiv requests ({cold.lookups} id lookups"
            f" + {cold.searches} title search), {cold.github_requests} GitHub GraphQL queries,"
            f" max in flight {arxiv.max_in_flight}, shortest pause {min(arxiv.gaps(), default=0):.2f} s,"
            f" wall {cold.seconds:.1f} s"
        )
        warm = run(plan, settings, cache, arxiv)
        print(
            f"warm: {warm.lookups + warm.searches} arXiv requests, {warm.github_requests} GitHub queries,"
            f" same findings: {warm.findings == cold.findings}, wall {warm.seconds:.2f} s"
        )


if __name__ == "__main__":
    main()
