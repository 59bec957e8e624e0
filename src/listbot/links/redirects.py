"""Which permanent redirects are worth an LB702 rewrite.

Not worth a warning: a redirect to the same URL give or take a trailing slash,
``www.``, the letter case of scheme and host, or a default port. Worth a warning
but not an automatic fix: a redirect to a login, consent or challenge page (the
page asks who you are; the link is fine as written) -- these are dropped -- and a
deep link that now lands on the site's home page (the page probably went away;
rewriting would hide that), which is reported without a fix.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_LOGIN_PATH = re.compile(
    r"(^|/)(login|log-in|signin|sign-in|sign_in|logon|auth|authorize|oauth2?|sso|saml|sessions/new|"
    r"checkpoint|cdn-cgi/challenge-platform|captcha|consent|uas/login|cas/login)(/|$|\.|;)",
    re.IGNORECASE,
)
_LOGIN_HOST = re.compile(r"^(login|signin|accounts|auth|sso|passport|consent|id|idp)\.", re.IGNORECASE)
_LOGIN_QUERY = re.compile(
    r"(^|&)(return_to|returnto|return_url|redirect_uri|continue|next|goto)=", re.IGNORECASE
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _comparable(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    port = parts.port if parts.port not in (None, _DEFAULT_PORTS.get(parts.scheme.lower())) else None
    path = parts.path.rstrip("/") or "/"
    return f"{host}:{port or ''}", path, parts.query


def is_trivial(original: str, target: str) -> bool:
    """Same page: only a trailing slash, ``www.``, case of scheme/host or a default port differ.

    http -> https is *not* trivial: it is a safe and useful rewrite.
    """
    same_scheme = urlsplit(original).scheme.lower() == urlsplit(target).scheme.lower()
    return same_scheme and _comparable(original) == _comparable(target)


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


def with_fragment(target: str, original: str) -> str:
    """The target keeps the original's ``#fragment`` when it has none (as browsers do)."""
    fragment = urlsplit(original).fragment
    parts = urlsplit(target)
    if not fragment or parts.fragment:
        return target
    return urlunsplit(parts._replace(fragment=fragment))
