"""LB814 badge-mismatch: a star/fork badge naming another repository than the entry's code link.

Offline, pure functions. A badge names a repository when:

* its image is a shields.io or badgen.net GitHub badge: ``img.shields.io/github/stars/OWNER/REPO``
  (also ``forks``, ``watchers``, ``issues``, ``last-commit``, ``license``, ``contributors``;
  ``.svg``/``.png``/``.json`` suffixes and query strings aside), ``badgen.net/github/stars/OWNER/REPO``;
* its image is GitHub's own badge of a repository (``github.com/OWNER/REPO/.../badge.svg``);
* it is a linked badge ``[![Stars](badge)](target)`` whose target is a github.com repository.

Repositories compare case-insensitively. A renamed repository still counts as another
name here (the offline check cannot know); ``--metadata`` reports the rename as LB811.
"""

from __future__ import annotations

from collections.abc import Iterator

from listbot.metadata.model import Finding, PaperRef
from listbot.urls import RepoLink, badge_repository, is_badge_image, parse_repo_url


def named_repositories(ref: PaperRef) -> Iterator[tuple[str, RepoLink]]:
    """(what names it, the repository) for every badge of the entry that names one."""
    for image in ref.badge_urls:
        if (link := badge_repository(image)) is not None:
            yield "badge", link
    for image, target in ref.badge_links:
        if not is_badge_image(image):
            continue
        if (link := badge_repository(image)) is not None:
            yield "badge", link
        if (link := parse_repo_url(target)) is not None:
            yield "badge's link", link


def badge_findings(ref: PaperRef) -> list[Finding]:
    """LB814 for each repository a badge names that is not the code link's repository."""
    code = parse_repo_url(ref.code_url) if ref.code_url else None
    if code is None:
        return []
    findings: list[Finding] = []
    reported: set[str] = set()
    for what, link in named_repositories(ref):
        if link.key == code.key or link.key in reported:
            continue
        reported.add(link.key)
        message = (
            f"the {what} names github.com/{link.owner}/{link.name}"
            f" but the code link is github.com/{code.owner}/{code.name}"
        )
        findings.append(Finding(ref.key, "LB814", message, "warning"))
    return findings
