"""The SQLite result cache: a TTL per outcome, safe for concurrent runs.

WAL journal mode and a busy timeout let two runs (pre-commit and an editor, two
CI jobs on one runner) read and write the same file; all writes of a run go in
one transaction. Rows are keyed by URL and a fingerprint of the settings that
change a verdict, so editing ``accept`` or ``hosts`` re-checks instead of
serving stale answers. A cache that cannot be opened is skipped with a warning.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from listbot.links.outcome import Outcome, Verdict
from listbot.links.settings import TtlSettings

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    url TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    verdict TEXT NOT NULL,
    detail TEXT NOT NULL,
    final_url TEXT,
    fixable INTEGER NOT NULL,
    checked_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (url, fingerprint)
)
"""


def _use_wal(connection: sqlite3.Connection) -> None:
    """Switch to WAL (it persists in the file). The switch needs the database to itself and
    SQLite answers "locked" at once instead of waiting, so a few short retries."""
    for _ in range(100):
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            time.sleep(0.02 + random.random() * 0.05)
    raise sqlite3.OperationalError("database is locked (could not switch to WAL)")


def _ensure_schema(connection: sqlite3.Connection) -> None:
    """Create (or, after a schema change, recreate) the table, inside one write transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            connection.execute("DROP TABLE IF EXISTS results")
            connection.execute(_SCHEMA)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def default_cache_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("listbot")) / "links.sqlite3"


class LinkCache:
    """Results of earlier runs, read once at the start and written once at the end."""

    def __init__(self, path: Path, fingerprint: str, ttl: TtlSettings) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.ttl = ttl
        self._connection = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=30.0, isolation_level=None)
            connection.execute("PRAGMA busy_timeout = 30000")
            _use_wal(connection)
            connection.execute("PRAGMA synchronous = NORMAL")
            _ensure_schema(connection)
            return connection
        except (sqlite3.Error, OSError) as error:
            print(f"listbot: warning: link cache {path} not used ({error})", file=sys.stderr)
            return None

    def lookup(self, urls: Iterable[str]) -> dict[str, Outcome]:
        """The unexpired results for ``urls``."""
        if self._connection is None:
            return {}
        wanted = set(urls)
        try:
            rows = self._connection.execute(
                "SELECT url, verdict, detail, final_url, fixable FROM results"
                " WHERE fingerprint = ? AND expires_at > ?",
                (self.fingerprint, time.time()),
            ).fetchall()
        except sqlite3.Error as error:
            print(f"listbot: warning: link cache {self.path} not read ({error})", file=sys.stderr)
            return {}
        return {
            url: Outcome(Verdict(verdict), detail, final_url, bool(fixable))
            for url, verdict, detail, final_url, fixable in rows
            if url in wanted
        }

    def store(self, outcomes: Mapping[str, Outcome]) -> None:
        """Remember the cacheable outcomes, each with its verdict's TTL."""
        if self._connection is None:
            return
        now = time.time()
        rows = [
            (
                url,
                self.fingerprint,
                o.verdict.value,
                o.detail,
                o.final_url,
                int(o.fixable),
                now,
                now + self._ttl(o),
            )
            for url, o in outcomes.items()
            if o.cacheable and o.verdict is not Verdict.SKIPPED
        ]
        try:
            with self._connection:
                self._connection.execute("BEGIN IMMEDIATE")
                self._connection.executemany(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
                )
                self._connection.execute("DELETE FROM results WHERE expires_at < ?", (now - 30 * 86400,))
        except sqlite3.Error as error:
            print(f"listbot: warning: link cache {self.path} not written ({error})", file=sys.stderr)

    def _ttl(self, outcome: Outcome) -> float:
        return float(getattr(self.ttl, outcome.verdict.value))

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
