"""URL knowledge shared by rules and the link checker: arXiv ids, canonical forms, tracking.

Pure string work: no network.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

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


@lru_cache(maxsize=65536)
def arxiv_match(url: str) -> re.Match[str] | None:
    """Match an arXiv (or arXiv mirror) paper URL, or None."""
    match = _ARXIV_URL.match(url.strip())
    if match and match["host"].lower() == "huggingface.co" and match["kind"].lower() != "papers":
        return None
    if match and match["kind"].lower() == "papers" and match["host"].lower() != "huggingface.co":
        return None
    return match


def arxiv_id(url: str) -> str | None:
    """The arXiv identifier a URL points at (``2502.03373``), without version."""
    match = arxiv_match(url)
    if not match:
        return None
    return match["new"] or match["old"]


def is_mirror(url: str) -> bool:
    match = arxiv_match(url)
    return match is not None and match["host"].lower() in MIRROR_HOSTS


@lru_cache(maxsize=65536)
def id_month(identifier: str) -> str | None:
    """The YYMM an arXiv identifier was issued in (``2502.03373`` -> ``2502``)."""
    if _NEW_STYLE.fullmatch(identifier):
        return identifier[:4]
    match = re.search(r"/(\d{4})\d{3}$", identifier)
    return match.group(1) if match else None


def canonical_arxiv(identifier: str, form: str) -> str:
    return form.format(id=identifier)


def _is_tracking(name: str, patterns: tuple[str, ...] | list[str]) -> bool:
    return _tracking_regex(tuple(patterns)).fullmatch(name.lower()) is not None


@lru_cache(maxsize=16)
def _tracking_regex(patterns: tuple[str, ...]) -> re.Pattern[str]:
    from fnmatch import translate

    return re.compile("|".join(translate(pattern.lower()) for pattern in patterns) or "(?!)")


def strip_tracking(url: str, patterns: tuple[str, ...] | list[str]) -> str:
    """Drop tracking query parameters, a dangling ``?`` and PDF ``#page=`` fragments.

    Other parameters keep their order and their exact spelling.
    """
    if "?" not in url and "#" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _is_tracking(pair.split("=", 1)[0], patterns)
    )
    fragment = parts.fragment
    if _PAGE_FRAGMENT.fullmatch(fragment):
        fragment = ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))


def preferred_url(url: str, form: str, rewrite_mirrors: bool, tracking: list[str] | tuple[str, ...]) -> str:
    """The URL a list should use instead of ``url`` (``url`` itself when it is fine)."""
    match = arxiv_match(url)
    if match and (match["host"].lower() in ARXIV_HOSTS or rewrite_mirrors):
        return canonical_arxiv(match["new"] or match["old"], form)
    return strip_tracking(url, tracking)


def identity(url: str, tracking: list[str] | tuple[str, ...] = DEFAULT_TRACKING_PARAMS) -> str:
    """A key under which two URLs for the same thing compare equal."""
    identifier = arxiv_id(url)
    if identifier:
        return f"arxiv:{identifier}"
    cleaned = strip_tracking(url.strip(), tracking)
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return cleaned
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, parts.query, parts.fragment)).lstrip("/")
