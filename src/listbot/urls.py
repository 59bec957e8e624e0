"""Everything listbot knows about URLs, in one place: pure string work, no network.

- arXiv: ids from abs/pdf/html links (``www.``, versions, ``export.``) and mirrors
  (alphaxiv.org, huggingface.co/papers); the month an id was issued; link forms.
- canonical forms and tracking parameters (``utm_*``, ``spm_id_from``...);
- identity: a key under which two URLs of the same paper or page compare equal;
- what a URL points at (paper, code, video...) from its host;
- web-URL tests, host keys and request URLs for the link checker.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import translate
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from listbot.model import LinkRole

ARXIV_HOSTS = ("arxiv.org", "export.arxiv.org")
MIRROR_HOSTS = ("alphaxiv.org", "huggingface.co")
_NEW_ID = r"(?P<new>\d{4}\.\d{4,5})"
_OLD_ID = r"(?P<old>[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})"
_ARXIV_URL = re.compile(
    r"^https?://(?:www\.)?(?P<host>(?:export\.)?arxiv\.org|alphaxiv\.org|huggingface\.co)"
    r"/(?P<kind>abs|pdf|html|overview|papers)/(?:" + _NEW_ID + "|" + _OLD_ID + r")"
    r"(?P<version>v\d+)?(?P<rest>.*)$",
    re.IGNORECASE,
)
_PAGE_FRAGMENT = re.compile(r"page=[\d.]+")
_NEW_STYLE = re.compile(r"\d{4}\.\d{4,5}")
_OLD_STYLE_MONTH = re.compile(r"/(\d{4})\d{3}$")
DEFAULT_TRACKING_PARAMS = (
    "utm_*",
    "spm_id_from",
    "vd_source",
    "share_source",
    "share_medium",
    "share_plat",
    "share_session_id",
    "share_tag",
    "fbclid",
    "gclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "referral_code",
    "invite_code",
    "ref_src",
)
# The arXiv link forms a list may settle on (``urls.arxiv-form`` or inferred).
ARXIV_FORMS = {
    "abs": "https://arxiv.org/abs/{id}",
    "pdf": "https://arxiv.org/pdf/{id}",
    "html": "https://arxiv.org/html/{id}",
}
_DEFAULT_PORTS = {"http": 80, "https": 443}


# --- arXiv ---------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def arxiv_match(url: str) -> re.Match[str] | None:
    """Match an arXiv (or arXiv mirror) paper URL, or None."""
    match = _ARXIV_URL.match(url.strip())
    if match is None:
        return None
    host, kind = match["host"].lower(), match["kind"].lower()
    if (host == "huggingface.co") != (kind == "papers"):
        return None
    return match


def arxiv_id(url: str) -> str | None:
    """The arXiv identifier a URL points at (``2502.03373``), without version."""
    match = arxiv_match(url)
    if not match:
        return None
    return match["new"] or match["old"]


def arxiv_kind(url: str) -> str | None:
    """The form of an arXiv link: ``abs``, ``pdf``, ``html``, or ``mirror`` (alphaxiv, hf)."""
    match = arxiv_match(url)
    if match is None:
        return None
    if match["host"].lower() in MIRROR_HOSTS:
        return "mirror"
    return match["kind"].lower()


@lru_cache(maxsize=65536)
def id_month(identifier: str) -> str | None:
    """The YYMM an arXiv identifier was issued in (``2502.03373`` -> ``2502``)."""
    if _NEW_STYLE.fullmatch(identifier):
        return identifier[:4]
    match = _OLD_STYLE_MONTH.search(identifier)
    return match.group(1) if match else None


def canonical_arxiv(identifier: str, form: str) -> str:
    return form.format(id=identifier)


# --- tracking parameters and canonical forms ------------------------------------------------------


@lru_cache(maxsize=16)
def _tracking_regex(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(translate(pattern.lower()) for pattern in patterns) or "(?!)")


def _is_tracking(name: str, patterns: tuple[str, ...]) -> bool:
    return _tracking_regex(patterns).fullmatch(name.lower()) is not None


def strip_tracking(url: str, patterns: tuple[str, ...] | list[str] = DEFAULT_TRACKING_PARAMS) -> str:
    """Drop tracking query parameters, a dangling ``?`` and PDF ``#page=`` fragments.

    Other parameters keep their order and their exact spelling.
    """
    if "?" not in url and "#" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    kept = tuple(patterns)
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _is_tracking(pair.split("=", 1)[0], kept)
    )
    fragment = "" if _PAGE_FRAGMENT.fullmatch(parts.fragment) else parts.fragment
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))


def identity(url: str, tracking: tuple[str, ...] | list[str] = DEFAULT_TRACKING_PARAMS) -> str:
    """A key under which two URLs for the same paper or page compare equal.

    arXiv links of one id are one paper whatever their form; other URLs compare without
    tracking parameters, scheme, ``www.``, a trailing slash and the letter case of the host.
    """
    return _identity(url.strip(), tuple(tracking))


@lru_cache(maxsize=65536)
def _identity(url: str, tracking: tuple[str, ...]) -> str:
    identifier = arxiv_id(url)
    if identifier:
        return f"arxiv:{identifier}"
    cleaned = strip_tracking(url, tracking)
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return cleaned
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    if host in ("github.com", "gitlab.com"):
        path = path.lower().removesuffix(".git")
    return urlunsplit(("", host, path, parts.query, parts.fragment)).lstrip("/")


# --- web URLs, hosts and requests -----------------------------------------------------------------


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with something after the scheme."""
    scheme, separator, rest = url.strip().partition("://")
    return bool(separator) and scheme.lower() in ("http", "https") and bool(rest)


_PLAIN_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://([^/?#\[\]\t\r\n]*)(?:[/?#]|$)")


def host_of(url: str) -> str:
    """The lower-case host name of a URL ('' when there is none or the URL is malformed)."""
    url = url.strip()
    plain = _PLAIN_AUTHORITY.match(url)
    if plain and plain.group(1).isascii():  # the common case, as urlsplit reads it, without urlsplit
        return plain.group(1).rpartition("@")[2].partition(":")[0].lower().rstrip(".")
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""


def request_url(url: str) -> str:
    """The URL without its fragment: what is fetched, and the cache key."""
    try:
        return urlunsplit(urlsplit(url.strip())._replace(fragment=""))
    except ValueError:  # malformed (e.g. an unclosed IPv6 bracket): the checker reports it
        return url.strip().split("#", 1)[0]


def same_page(original: str, target: str) -> bool:
    """Same page: only a trailing slash, ``www.``, case of scheme/host or a default port differ.

    http -> https is *not* the same page for this purpose: it is a useful rewrite.
    """
    try:
        first, second = urlsplit(original), urlsplit(target)
        return first.scheme.lower() == second.scheme.lower() and _comparable(first) == _comparable(second)
    except ValueError:
        return False


def _comparable(parts) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    host = (parts.hostname or "").removeprefix("www.")
    port = parts.port if parts.port not in (None, _DEFAULT_PORTS.get(parts.scheme.lower())) else None
    path = parts.path.rstrip("/") or "/"
    return f"{host}:{port or ''}", path, parts.query


def with_fragment(target: str, original: str) -> str:
    """A redirect target keeps the original's ``#fragment`` when it has none (as browsers do)."""
    try:
        fragment = urlsplit(original).fragment
        parts = urlsplit(target)
    except ValueError:
        return target
    if not fragment or parts.fragment:
        return target
    return urlunsplit(parts._replace(fragment=fragment))


# First path segments of github.com that are pages, not users or organisations.
GITHUB_RESERVED = frozenset(
    {
        "about",
        "apps",
        "collections",
        "contact",
        "customer-stories",
        "enterprise",
        "events",
        "explore",
        "features",
        "login",
        "logout",
        "marketplace",
        "new",
        "notifications",
        "orgs",
        "organizations",
        "pricing",
        "pulls",
        "issues",
        "search",
        "security",
        "settings",
        "site",
        "sponsors",
        "team",
        "topics",
        "trending",
        "users",
        "readme",
        "codespaces",
    }
)


@dataclass(frozen=True)
class RepoLink:
    """A link into a GitHub repository: ``https://github.com/{owner}/{name}{rest}``."""

    owner: str
    name: str
    rest: str  # what follows the repository in the link: "/tree/main/src", "#readme", ""

    @property
    def key(self) -> str:
        return f"{self.owner}/{self.name}".lower()


GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
GITHUB_API = "https://api.github.com"


def github_api_root(env: Mapping[str, str] = os.environ) -> str:
    """The GitHub REST API root: ``GITHUB_API_URL`` (GitHub Enterprise Server) or github.com's."""
    return env.get("GITHUB_API_URL", "").strip().rstrip("/") or GITHUB_API


def github_token(env: Mapping[str, str] = os.environ) -> str | None:
    return env.get("GITHUB_TOKEN", "").strip() or None


_OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")
_REPO_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


def parse_repo_url(url: str) -> RepoLink | None:
    """The repository a github.com link points into, or None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or (parts.hostname or "").lower() not in GITHUB_HOSTS:
        return None
    segments = parts.path.split("/")
    if len(segments) < 3 or not segments[1] or not segments[2]:
        return None
    owner, name = segments[1], segments[2].removesuffix(".git")
    if (
        owner.lower() in GITHUB_RESERVED
        or not _OWNER.match(owner)
        or not _REPO_NAME.match(name)
        or name in (".", "..")
    ):
        return None
    rest = "/".join(["", *segments[3:]]) if len(segments) > 3 else ""
    if parts.query:
        rest += f"?{parts.query}"
    if parts.fragment:
        rest += f"#{parts.fragment}"
    return RepoLink(owner, name, rest)


BADGE_SERVICES = frozenset({"img.shields.io", "shields.io", "badgen.net", "flat.badgen.net"})
REPO_BADGE_KINDS = frozenset(
    {"stars", "forks", "watchers", "issues", "last-commit", "license", "contributors", "repo-size"}
)


def is_badge_image(url: str) -> bool:
    """An image from a badge service (or GitHub's own ``badge.svg``)."""
    host = host_of(url)
    return host in BADGE_SERVICES or (host in GITHUB_HOSTS and url.split("?")[0].endswith("badge.svg"))


def badge_repository(image_url: str) -> RepoLink | None:
    """The GitHub repository a badge image names (``img.shields.io/github/stars/OWNER/REPO``), or None."""
    host = host_of(image_url)
    if host in GITHUB_HOSTS:
        return parse_repo_url(image_url) if is_badge_image(image_url) else None
    if host not in BADGE_SERVICES:
        return None
    segments = [segment for segment in urlsplit_path(image_url.strip()).split("/") if segment]
    if len(segments) < 4 or segments[0] != "github" or segments[1] not in REPO_BADGE_KINDS:
        return None
    name = segments[3]
    for suffix in (".svg", ".png", ".json"):
        name = name.removesuffix(suffix)
    return parse_repo_url(f"https://github.com/{segments[2]}/{name}")


# --- what a URL points at -----------------------------------------------------------------------

_PAPER_HOSTS = frozenset(
    (
        "arxiv.org",
        "alphaxiv.org",
        "openreview.net",
        "aclanthology.org",
        "aclweb.org",
        "doi.org",
        "dl.acm.org",
        "ieeexplore.ieee.org",
        "link.springer.com",
        "sciencedirect.com",
        "proceedings.neurips.cc",
        "papers.nips.cc",
        "neurips.cc",
        "proceedings.mlr.press",
        "openaccess.thecvf.com",
        "ecva.net",
        "ojs.aaai.org",
        "aaai.org",
        "ijcai.org",
        "jmlr.org",
        "biorxiv.org",
        "medrxiv.org",
        "semanticscholar.org",
        "researchgate.net",
        "nature.com",
        "science.org",
        "pnas.org",
        "ssrn.com",
        "iclr.cc",
        "icml.cc",
        "cvpr.thecvf.com",
        "papers.ssrn.com",
        "scholar.google.com",
    )
)
_CODE_HOSTS = frozenset(
    ("github.com", "gitlab.com", "bitbucket.org", "gitee.com", "codeberg.org", "sourceforge.net")
)
_VIDEO_HOSTS = frozenset(("youtube.com", "youtu.be", "bilibili.com", "b23.tv", "vimeo.com"))
_BADGE_HOSTS = frozenset(
    (
        "img.shields.io",
        "shields.io",
        "badgen.net",
        "badge.fury.io",
        "awesome.re",
        "visitor-badge.laobi.icu",
        "api.star-history.com",
        "camo.githubusercontent.com",
    )
)


def _under(host: str, domains: frozenset[str]) -> bool:
    """Whether ``host`` is one of ``domains`` or a subdomain of one: each suffix that starts
    after a dot is looked up (rather than each domain tried with ``endswith``)."""
    if host in domains:
        return True
    dot = host.find(".")
    while dot != -1:
        if host[dot + 1 :] in domains:
            return True
        dot = host.find(".", dot + 1)
    return False


@lru_cache(maxsize=65536)
def role_of_url(url: str) -> LinkRole:
    """What a URL points at, judged from its host and path alone."""
    if url.startswith("#"):
        return LinkRole.ANCHOR
    host = host_of(url)
    if not host:
        return LinkRole.OTHER
    if _under(host, _BADGE_HOSTS) or "/badge" in url.lower():
        return LinkRole.BADGE
    if arxiv_match(url) is not None or _under(host, _PAPER_HOSTS):
        return LinkRole.PAPER
    if host == "huggingface.co" or host.endswith(".hf.space"):
        return LinkRole.CODE
    if _under(host, _CODE_HOSTS):
        return LinkRole.CODE
    if _under(host, _VIDEO_HOSTS):
        return LinkRole.VIDEO
    if urlsplit_path(url).lower().endswith(".pdf"):
        return LinkRole.PAPER
    if host.endswith(".github.io"):
        return LinkRole.PROJECT
    return LinkRole.OTHER


def urlsplit_path(url: str) -> str:
    try:
        return urlsplit(url).path
    except ValueError:
        return ""
