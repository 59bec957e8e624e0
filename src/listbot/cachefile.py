"""Where listbot keeps what it learned from the network between runs: one SQLite file,
shared by the link checker (:mod:`listbot.links.cache`) and the paper lookups
(:mod:`listbot.metadata.cache`), each in tables of its own."""

from __future__ import annotations

from pathlib import Path


def default_cache_path() -> Path:
    """The user's cache folder (``platformdirs``, from the [links] extra) / links.sqlite3."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("listbot")) / "links.sqlite3"
