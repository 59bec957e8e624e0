"""The SQLite result cache: a TTL per outcome, safe for concurrent runs, never in the way.

WAL journal mode lets two runs (pre-commit and an editor, two CI jobs on one runner)
read and write the same file; all writes of a run go in one transaction. Rows are
keyed by URL and a fingerprint of the settings that change a verdict, so editing
``accept`` or ``hosts`` re-checks instead of serving stale answers.

The cache must never cost more than it saves: a database another process keeps
locked is waited for :data:`LOCK_WAIT` seconds at most, then the run goes on without
it (one warning); a corrupt file (garbage, truncated) is moved aside as
``<name>.corrupt-<time>`` and rebuilt (one warning); any other trouble (a path that
cannot be written) skips the cache with one warning.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from listbot.config.links import TtlSettings
from listbot.outcomes import Outcome, Verdict

LOCK_WAIT = 3.0  # seconds a locked cache is waited for, in all, before the run goes on without it
_CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
_LOCKED_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED
SCHEMA_VERSION = 2  # 2: DNS failures are no longer cached as dead; redirect targets are validated
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


class CacheLocked(Exception):
    """Another process held the database for longer than we wait."""


def _code(error: sqlite3.Error) -> int:
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def is_corrupt(error: sqlite3.Error) -> bool:
    return _code(error) in _CORRUPT_CODES or "not a database" in str(error) or "malformed" in str(error)


def is_locked(error: sqlite3.Error) -> bool:
    return _code(error) in _LOCKED_CODES or "locked" in str(error) or "busy" in str(error)


class _Deadline:
    """One budget for all the waiting of one operation; sets SQLite's busy timeout to what is left."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        return max(0.0, self.ends - time.monotonic())

    def arm(self, connection: sqlite3.Connection) -> None:
        connection.execute(f"PRAGMA busy_timeout = {int(self.left() * 1000)}")

    def check(self, error: sqlite3.Error) -> None:
        """Raise CacheLocked for a lock once the budget is spent."""
        if is_locked(error) and self.left() <= 0:
            raise CacheLocked(str(error)) from error


def _use_wal(connection: sqlite3.Connection, deadline: _Deadline) -> None:
    """Switch to WAL (it persists in the file). The switch needs the database to itself and
    SQLite answers "locked" at once instead of waiting, so short retries until the deadline."""
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if not is_locked(error):
                raise
            deadline.check(error)
            time.sleep(min(deadline.left(), 0.02 + random.random() * 0.05))


def _ensure_schema(connection: sqlite3.Connection, deadline: _Deadline) -> None:
    """Create (or, after a schema change, recreate) the table; a write only when needed."""
    if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    deadline.arm(connection)
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


class LinkCache:
    """Results of earlier runs, read once at the start and written once at the end."""

    def __init__(
        self, path: Path, fingerprint: str, ttl: TtlSettings, *, lock_wait: float = LOCK_WAIT
    ) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.ttl = ttl
        self.lock_wait = lock_wait
        self.warnings: list[str] = []
        self._connection: sqlite3.Connection | None = None
        self._connection = self._open_or_rebuild()

    # -- opening ------------------------------------------------------------------------------

    def _open_or_rebuild(self) -> sqlite3.Connection | None:
        try:
            return self._open()
        except CacheLocked:
            self._warn(f"link cache {self.path} is locked by another process; checking without it")
        except sqlite3.DatabaseError as error:
            if is_corrupt(error):
                return self._rebuild(error)
            self._warn(f"link cache {self.path} not used ({error})")
        except OSError as error:
            self._warn(f"link cache {self.path} not used ({error})")
        return None

    def _open(self) -> sqlite3.Connection:
        deadline = _Deadline(self.lock_wait)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=self.lock_wait, isolation_level=None)
        try:
            deadline.arm(connection)
            _use_wal(connection, deadline)
            connection.execute("PRAGMA synchronous = NORMAL")
            _ensure_schema(connection, deadline)
        except sqlite3.Error as error:
            connection.close()
            if is_locked(error):
                raise CacheLocked(str(error)) from error
            raise
        return connection

    def _rebuild(self, error: sqlite3.Error) -> sqlite3.Connection | None:
        """Move the corrupt file (and its WAL and shared-memory files) aside and start afresh."""
        self.close()
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            self.path.replace(aside)
            for suffix in ("-wal", "-shm"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists():
                    companion.replace(aside.with_name(aside.name + suffix))
            connection = self._open()
        except (OSError, sqlite3.Error, CacheLocked) as failure:
            self._warn(f"link cache {self.path} is corrupt ({error}) and could not be rebuilt ({failure})")
            return None
        self._warn(f"link cache {self.path} was corrupt ({error}); moved to {aside.name} and rebuilt")
        return connection

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        print(f"listbot: warning: {message}", file=sys.stderr)

    def _give_up(self, action: str, error: sqlite3.Error) -> None:
        """After a failed read or write: rebuild a corrupt file, else leave the cache alone for this run."""
        if is_corrupt(error):
            self._connection = self._rebuild(error)
            return
        reason = (
            f"locked by another process for over {self.lock_wait:g} s" if is_locked(error) else str(error)
        )
        self._warn(f"link cache {self.path} not {action} ({reason})")
        self.close()

    # -- reading and writing ----------------------------------------------------------------------

    def lookup(self, urls: Iterable[str]) -> dict[str, Outcome]:
        """The unexpired results for ``urls``."""
        if self._connection is None:
            return {}
        wanted = set(urls)
        try:
            _Deadline(self.lock_wait).arm(self._connection)
            rows = self._connection.execute(
                "SELECT url, verdict, detail, final_url, fixable FROM results"
                " WHERE fingerprint = ? AND expires_at > ?",
                (self.fingerprint, time.time()),
            ).fetchall()
        except sqlite3.Error as error:
            self._give_up("read", error)
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
        for _ in range(2):  # a second try only into a cache rebuilt after corruption
            try:
                self._write(rows, now)
                return
            except sqlite3.Error as error:
                self._give_up("written", error)
            if self._connection is None:
                return

    def _write(self, rows: Sequence[tuple[object, ...]], now: float) -> None:
        assert self._connection is not None
        _Deadline(self.lock_wait).arm(self._connection)
        with self._connection:
            self._connection.execute("BEGIN IMMEDIATE")
            self._connection.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
            self._connection.execute("DELETE FROM results WHERE expires_at < ?", (now - 30 * 86400,))

    def _ttl(self, outcome: Outcome) -> float:
        return float(getattr(self.ttl, outcome.verdict.value))

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None
