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
from urllib.parse import urlsplit

from listbot.metadata.github import RepoLink, parse_repo_url
from listbot.metadata.model import Finding, PaperRef

BADGE_HOSTS = frozenset({"img.shields.io", "shields.io", "badgen.net", "flat.badgen.net"})
REPO_BADGE_KINDS = frozenset(
    {"stars", "forks", "watchers", "issues", "last-commit", "license", "contributors", "repo-size"}
)
_IMAGE_SUFFIXES = (".svg", ".png", ".json")


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def is_badge_image(url: str) -> bool:
    """An image from a badge service (or GitHub's own ``badge.svg``)."""
    host = _host(url)
    return host in BADGE_HOSTS or (
        host in ("github.com", "www.github.com") and url.split("?")[0].endswith("badge.svg")
    )


def badge_repository(image_url: str) -> RepoLink | None:
    """The GitHub repository a badge image names, or None."""
    host = _host(image_url)
    if host in ("github.com", "www.github.com"):
        return parse_repo_url(image_url) if is_badge_image(image_url) else None
    if host not in BADGE_HOSTS:
        return None
    segments = [segment for segment in urlsplit(image_url.strip()).path.split("/") if segment]
    if len(segments) < 4 or segments[0] != "github" or segments[1] not in REPO_BADGE_KINDS:
        return None
    owner, name = segments[2], segments[3]
    for suffix in _IMAGE_SUFFIXES:
        name = name.removesuffix(suffix)
    return parse_repo_url(f"https://github.com/{owner}/{name}")


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
