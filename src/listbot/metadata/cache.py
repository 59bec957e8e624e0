"""The metadata cache: lookups of earlier runs in SQLite, each kind with its own TTL.

By default it lives in the link cache's file (``listbot.cachefile.default_cache_path``),
in tables of its own (``metadata_*``; the link cache's ``results`` table and its
``user_version`` are left alone). Rows are keyed by the source's base URL too, so a test
server's answers never stand in for arXiv's. Only trustworthy answers are stored: a
lookup that could not be verified is asked again next run. The database may be locked
by another run (pre-commit and an editor): a write waits at most ``cache_wait`` seconds,
then this run goes on without the cache, with a warning.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from listbot.metadata.model import PaperLookup, PaperRecord, RepoLookup, RepoRecord, State

if TYPE_CHECKING:
    import sqlite3

    from listbot.config.metadata import MetadataTtl

SCHEMA_VERSION = "1"
_TABLES = (
    "CREATE TABLE IF NOT EXISTS metadata_schema (name TEXT PRIMARY KEY, version TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS metadata_papers (
        base TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL, expires_at REAL NOT NULL,
        PRIMARY KEY (base, id))""",
    """CREATE TABLE IF NOT EXISTS metadata_searches (
        base TEXT NOT NULL, query TEXT NOT NULL, payload TEXT NOT NULL, expires_at REAL NOT NULL,
        PRIMARY KEY (base, query))""",
    """CREATE TABLE IF NOT EXISTS metadata_repositories (
        base TEXT NOT NULL, repo TEXT NOT NULL, payload TEXT NOT NULL, expires_at REAL NOT NULL,
        PRIMARY KEY (base, repo))""",
)
_DROP = ("metadata_papers", "metadata_searches", "metadata_repositories")


def default_path() -> Path:
    from listbot.cachefile import default_cache_path

    return default_cache_path()


def _paper_payload(lookup: PaperLookup) -> str:
    return json.dumps(
        {"state": lookup.state.value, "record": asdict(lookup.record) if lookup.record else None}
    )


def _paper_from(payload: str) -> PaperLookup:
    data = json.loads(payload)
    record = PaperRecord(**data["record"]) if data["record"] else None
    return PaperLookup(State(data["state"]), record)


def _repo_payload(lookup: RepoLookup) -> str:
    return json.dumps(
        {"state": lookup.state.value, "record": asdict(lookup.record) if lookup.record else None}
    )


def _repo_from(payload: str) -> RepoLookup:
    data = json.loads(payload)
    record = RepoRecord(**data["record"]) if data["record"] else None
    return RepoLookup(State(data["state"]), record)


class MetadataCache:
    """Read with ``papers``/``searches``/``repositories``; write with the ``store_*`` methods."""

    def __init__(self, path: Path, ttl: MetadataTtl, wait: float = 5.0) -> None:
        self.path = path
        self.ttl = ttl
        self.wait = wait
        self._connection = self._open()

    def _open(self) -> sqlite3.Connection | None:
        import sqlite3

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=self.wait, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {int(self.wait * 1000)}")
            self._prefer_wal(connection)
            self._ensure_schema(connection)
            return connection
        except (sqlite3.Error, OSError) as error:
            self._warn(f"not used ({error})")
            return None

    @staticmethod
    def _prefer_wal(connection: sqlite3.Connection) -> None:
        """WAL lets readers and one writer share the file; if another run holds it, keep its mode."""
        import sqlite3

        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass

    @staticmethod
    def _ensure_schema(connection: sqlite3.Connection) -> None:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _TABLES:
                connection.execute(statement)
            row = connection.execute("SELECT version FROM metadata_schema WHERE name = 'metadata'").fetchone()
            if row is None or row[0] != SCHEMA_VERSION:
                for table in _DROP:
                    connection.execute(f"DELETE FROM {table}")
                connection.execute(
                    "INSERT OR REPLACE INTO metadata_schema VALUES ('metadata', ?)", (SCHEMA_VERSION,)
                )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def _warn(self, what: str) -> None:
        print(f"listbot: warning: metadata cache {self.path} {what}", file=sys.stderr)

    def _read(self, table: str, column: str, base: str, keys: Iterable[str]) -> dict[str, str]:
        import sqlite3

        wanted = list(dict.fromkeys(keys))
        if self._connection is None or not wanted:
            return {}
        found: dict[str, str] = {}
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._connection.execute(
                    f"SELECT {column}, payload FROM {table}"
                    f" WHERE base = ? AND expires_at > ? AND {column} IN ({marks})",
                    (base, time.time(), *chunk),
                ).fetchall()
                found.update(rows)
        except sqlite3.Error as error:
            self._warn(f"not read ({error})")
            return {}
        return found

    def _write(self, table: str, rows: list[tuple[str, str, str, float]]) -> None:
        import sqlite3

        if self._connection is None or not rows:
            return
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                self._connection.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?)", rows)
                self._connection.execute(
                    f"DELETE FROM {table} WHERE expires_at < ?", (time.time() - 30 * 86400,)
                )
                self._connection.execute("COMMIT")
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            self._warn(f"not written ({error})")

    # --- papers ------------------------------------------------------------------------------------

    def papers(self, base: str, ids: Iterable[str]) -> dict[str, PaperLookup]:
        return {
            key: _paper_from(payload)
            for key, payload in self._read("metadata_papers", "id", base, ids).items()
        }

    def store_papers(self, base: str, lookups: Mapping[str, PaperLookup]) -> None:
        now = time.time()
        rows = [
            (base, key, _paper_payload(lookup), now + self._paper_ttl(lookup))
            for key, lookup in lookups.items()
            if lookup.state is not State.UNVERIFIED
        ]
        self._write("metadata_papers", rows)

    def _paper_ttl(self, lookup: PaperLookup) -> float:
        return self.ttl.papers if lookup.state is State.FOUND else self.ttl.unknown

    # --- title searches ----------------------------------------------------------------------------

    def searches(self, base: str, queries: Iterable[str]) -> dict[str, list[PaperRecord]]:
        rows = self._read("metadata_searches", "query", base, queries)
        return {
            query: [PaperRecord(**item) for item in json.loads(payload)] for query, payload in rows.items()
        }

    def store_searches(self, base: str, results: Mapping[str, list[PaperRecord]]) -> None:
        now = time.time()
        rows = [
            (base, query, json.dumps([asdict(record) for record in records]), now + self._search_ttl(records))
            for query, records in results.items()
        ]
        self._write("metadata_searches", rows)

    def _search_ttl(self, records: list[Any]) -> float:
        # an empty answer may be arXiv's flaky empty page: ask again sooner
        return self.ttl.searches if records else min(self.ttl.searches, self.ttl.unknown)

    # --- repositories ------------------------------------------------------------------------------

    def repositories(self, base: str, repos: Iterable[str]) -> dict[str, RepoLookup]:
        rows = self._read("metadata_repositories", "repo", base, repos)
        return {repo: _repo_from(payload) for repo, payload in rows.items()}

    def store_repositories(self, base: str, lookups: Mapping[str, RepoLookup]) -> None:
        now = time.time()
        rows = [
            (base, repo, _repo_payload(lookup), now + self.ttl.repositories)
            for repo, lookup in lookups.items()
            if lookup.state is not State.UNVERIFIED
        ]
        self._write("metadata_repositories", rows)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
