"""What HTTP answers say, in words: shared by the link checker and the paper lookups (stdlib only)."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from http import HTTPStatus


def describe_status(status: int) -> str:
    """``404 Not Found``; the bare number for a code HTTP does not name."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))
