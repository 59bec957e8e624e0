"""Which permanent redirects are worth an LB702 rewrite.

Not worth a warning: a redirect to the same URL give or take a trailing slash,
``www.``, the letter case of scheme and host, or a default port. Worth a warning
but not an automatic fix: a redirect to a login, consent or challenge page (the
page asks who you are; the link is fine as written) -- these are dropped -- and a
deep link that now lands on the site's home page (the page probably went away;
rewriting would hide that), which is reported without a fix.

A target is written into the list only when it is safe there (:func:`rewrite_target`):
the server chose it, and ``fix --links`` must not let a server inject Markdown, HTML,
a tracking image or a fake listbot marker into the list.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

from listbot.urls import same_page

_LOGIN_PATH = re.compile(
    r"(^|/)(login|log-in|signin|sign-in|sign_in|logon|auth|authorize|oauth2?|sso|saml|sessions/new|"
    r"checkpoint|cdn-cgi/challenge-platform|captcha|consent|uas/login|cas/login)(/|$|\.|;)",
    re.IGNORECASE,
)
_LOGIN_HOST = re.compile(r"^(login|signin|accounts|auth|sso|passport|consent|id|idp)\.", re.IGNORECASE)
_LOGIN_QUERY = re.compile(
    r"(^|&)(return_to|returnto|return_url|redirect_uri|continue|next|goto)=", re.IGNORECASE
)
# Characters that end or escape a Markdown link destination, open HTML, or split a table row.
_MARKDOWN_BREAKERS = frozenset('()[]<>\\|`"')
MAX_TARGET_LENGTH = 2048


def is_trivial(original: str, target: str) -> bool:
    """Same page: only a trailing slash, ``www.``, case of scheme/host or a default port differ
    (http -> https is *not* trivial: it is a safe and useful rewrite)."""
    return same_page(original, target)


def is_login_page(target: str) -> bool:
    parts = urlsplit(target)
    return bool(
        _LOGIN_PATH.search(parts.path)
        or _LOGIN_HOST.match(parts.hostname or "")
        or _LOGIN_QUERY.search(parts.query)
    )


def lands_on_home_page(original: str, target: str) -> bool:
    """A link to a page deep in a site that now redirects to the site's root."""
    return (
        urlsplit(original).path.strip("/") != ""
        and urlsplit(target).path.strip("/") == ""
        and not urlsplit(target).query
    )


def split_or_none(url: str) -> SplitResult | None:
    """``urlsplit``, or None for what it cannot split (an unclosed IPv6 bracket, a bad port)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return None
    return parts


def unsafe_characters(text: str) -> str | None:
    """Why ``text`` (a URL or a ``Location`` header, relative or not) holds characters that must
    not reach a Markdown list, or None. Checked on the raw header too: ``urljoin`` silently drops
    tabs and newlines, so the joined URL alone would hide them."""
    if len(text) > MAX_TARGET_LENGTH:
        return f"longer than {MAX_TARGET_LENGTH} characters"
    for character in text:
        category = unicodedata.category(character)
        if character.isspace() or category[0] in "CZ":
            return "it contains whitespace or control characters"
        if character in _MARKDOWN_BREAKERS:
            return f"it contains {character!r}, which would break the Markdown link"
    return None


def unsafe_reason(target: str) -> str | None:
    """Why ``target`` must not be written into a Markdown list as a link, or None when it may."""
    reason = unsafe_characters(target)
    if reason is not None:
        return reason
    parts = split_or_none(target)
    if parts is None:
        return "it is not a valid URL"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "it is not an absolute http(s) URL"
    if "@" in parts.netloc:
        return "it carries a user name (a classic way to disguise the real host)"
    return None


def rewrite_target(target: str, *, allow_private: bool = False) -> str | None:
    """``target`` parsed and written back in normal form, or None when it is unsafe in a list.

    Safe means: an absolute http(s) URL without user info, whitespace, control or
    format characters, and nothing that ends a Markdown link or opens HTML
    (``( ) [ ] < > \\ | ` "``), not naming a private address or a local name unless
    ``allow_private``. Normal form: lower-case scheme and host, IDNA host,
    percent-encoded non-ASCII (httpx's serialisation).
    """
    if unsafe_reason(target) is not None:
        return None
    if not allow_private and _names_a_private_host(target):
        return None
    import httpx

    try:
        written = str(httpx.URL(target))
    except (httpx.InvalidURL, ValueError, UnicodeError):
        return None
    return written if unsafe_reason(written) is None else None


def _names_a_private_host(target: str) -> bool:
    from listbot.links.safety import is_forbidden_address, is_local_name, literal_address

    host = (split_or_none(target) or urlsplit("")).hostname or ""
    literal = literal_address(host)
    return is_local_name(host) or (literal is not None and is_forbidden_address(literal))
