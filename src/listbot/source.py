"""Reading list files safely and writing them back atomically, without losing anyone's edits.

Everything that touches bytes on disk lives here: decoding (UTF-8 only, BOM kept
aside), newline style (CRLF is normalised to LF for parsing and restored on
write), and the write that ``listbot fix`` uses:

- a temp file in the target's folder, fsynced, then renamed over the target (mode and,
  where allowed, owner kept), so a failure part-way leaves the original intact;
- through a symlink to its target: the link stays a link;
- only if the file still holds what was read (size, mtime_ns and a SHA-256 of the bytes),
  checked under a lock that serialises listbot processes writing into the same folder;
  otherwise :class:`ChangedOnDisk`, and :func:`fix_file` reads again and redoes the work;
- every OS failure (read-only folder, full disk, ...) as one readable :class:`InputError`.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, Protocol, TypeVar

if sys.platform != "win32":
    import fcntl

BOM = "\ufeff"
LOCK_WAIT_SECONDS = 10.0  # a writer holds the lock for one compare-and-rename: waiting longer is a stall
LOCK_POLL_SECONDS = 0.02
FIX_ATTEMPTS = 5
NEW_FILE_MODE = 0o644


class InputError(Exception):
    """A file listbot cannot read or write; the message is one readable line."""


class ChangedOnDisk(InputError):
    """The file changed between reading and writing it; nothing was written."""


@dataclass(frozen=True, slots=True)
class DiskState:
    """What a file held when it was read, compared again just before replacing it."""

    size: int
    mtime_ns: int
    digest: bytes  # SHA-256 of the bytes that were read

    @classmethod
    def of(cls, data: bytes, status: os.stat_result) -> DiskState:
        return cls(size=len(data), mtime_ns=status.st_mtime_ns, digest=hashlib.sha256(data).digest())


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded list file: ``text`` uses ``\\n`` line breaks whatever the file had.

    ``on_disk`` is set by :func:`read_source`; pass the source to :func:`write_atomic` as
    ``expected`` to write only if nobody changed the file in between.
    """

    path: str
    text: str
    newline: str = "\n"
    bom: bool = False
    on_disk: DiskState | None = None

    def encode(self, text: str) -> bytes:
        """Turn (possibly edited) normalised text back into the file's own bytes."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return ((BOM if self.bom else "") + text).encode("utf-8")


def decode(data: bytes, path: str) -> Source:
    """Decode file bytes, refusing binary and non-UTF-8 content with a clear message."""
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (contains NUL bytes), not a Markdown list")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"{path}: not valid UTF-8 (byte 0x{bad} on line {line}); re-save the file as UTF-8"
        ) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
    if newline == "\r\n":
        text = text.replace("\r\n", "\n")
    return Source(path=path, text=text, newline=newline, bom=bom)


def read_source(path: str | os.PathLike[str]) -> Source:
    """Read and decode a list file, recording its state on disk; every failure is an InputError."""
    name = os.fspath(path)
    try:
        data, status = _read_regular_file(name)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, expected a Markdown file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
    return replace(decode(data, name), on_disk=DiskState.of(data, status))


def _read_regular_file(name: str) -> tuple[bytes, os.stat_result]:
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as handle:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(name)
        if not stat.S_ISREG(status.st_mode):  # /dev/zero or a pipe would never end
            raise InputError(f"{name}: not a regular file, expected a Markdown file")
        return handle.read(), status


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes,
    expected: Source | None = None,
    *,
    lock_wait: float = LOCK_WAIT_SECONDS,
) -> None:
    """Replace the file at ``path`` (through a symlink: its target) with ``data``.

    With ``expected`` (a :class:`Source` from :func:`read_source`), raise
    :class:`ChangedOnDisk` and write nothing if the file no longer holds what was read.
    Any OS failure becomes an :class:`InputError`; the file is then unchanged.
    """
    name = os.fspath(path)
    if expected is not None and expected.on_disk is None:
        raise ValueError("expected must come from read_source (it records the file's state on disk)")
    target = Path(os.path.realpath(name))
    try:
        with _folder_lock(target.parent, name, lock_wait) as folder:
            if expected is not None and expected.on_disk is not None:
                _verify_unchanged(target, name, expected.on_disk)
            _replace(target, data)
            _sync_folder(folder)
    except OSError as error:
        raise InputError(_write_failure(name, target, error)) from None


def _write_failure(name: str, target: Path, error: OSError) -> str:
    shown = name if str(target) == os.path.abspath(name) else f"{name} (-> {target})"
    if isinstance(error, PermissionError):
        return (
            f"{shown}: cannot write: permission denied (listbot writes a temporary file beside it "
            f"and renames it, so {target.parent} must be writable); the file is unchanged"
        )
    return f"{shown}: cannot write ({error.strerror or error}); the file is unchanged"


@contextmanager
def _folder_lock(folder: Path, name: str, wait: float) -> Iterator[int | None]:
    """Hold an exclusive flock on ``folder`` (its inode survives the rename, unlike the file's).

    Every listbot writing into this folder takes it, so their compare-and-rename steps never
    interleave. Editors do not take it: they are caught by the comparison itself.
    """
    if sys.platform == "win32":
        yield None
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if _acquire(fd, wait):
            yield fd
        else:
            raise InputError(f"{name}: another process kept {folder} locked for {wait:g} s; nothing written")
    finally:
        os.close(fd)  # closing releases the lock


def _acquire(fd: int, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(LOCK_POLL_SECONDS)
        except OSError:  # a file system without flock (some network mounts): the comparison still runs
            return True


def _verify_unchanged(target: Path, name: str, before: DiskState) -> None:
    try:
        status = target.stat()
        same = (status.st_size, status.st_mtime_ns) == (before.size, before.mtime_ns)
        # mtime ticks can be coarser than two quick saves: the bytes decide when size and time agree
        if same and hashlib.sha256(target.read_bytes()).digest() == before.digest:
            return
    except FileNotFoundError:
        raise ChangedOnDisk(f"{name}: deleted since listbot read it; nothing written") from None
    raise ChangedOnDisk(
        f"{name}: changed on disk since listbot read it (another program saved it); "
        "nothing written, run listbot again"
    )


def _replace(target: Path, data: bytes) -> None:
    try:
        current: os.stat_result | None = target.stat()
    except FileNotFoundError:
        current = None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".listbot", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_owner(tmp, current)
        os.chmod(tmp, stat.S_IMODE(current.st_mode) if current else NEW_FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_owner(tmp: str, current: os.stat_result | None) -> None:
    """Give the new file the old one's owner and group where allowed (root fixing a user's file)."""
    if current is None or sys.platform == "win32":
        return
    if (current.st_uid, current.st_gid) == (os.geteuid(), os.getegid()):
        return
    for uid in (current.st_uid, -1):  # a plain user may still set the group, if a member of it
        try:
            os.chown(tmp, uid, current.st_gid)
            return
        except PermissionError:
            continue


def _sync_folder(fd: int | None) -> None:
    """Make the rename itself durable; some file systems refuse fsync on a folder, which is fine."""
    if fd is None:
        return
    with suppress(OSError):
        os.fsync(fd)


class Rewrite(Protocol):
    """What a :func:`fix_file` transform returns (``listbot.fixes.FixResult`` fits)."""

    @property
    def text(self) -> str: ...

    @property
    def changed(self) -> bool: ...


R = TypeVar("R", bound=Rewrite)


@dataclass(frozen=True, slots=True)
class FixedFile(Generic[R]):
    """The outcome of :func:`fix_file`: the source the result was computed from, and the result."""

    source: Source
    result: R
    attempts: int  # 1 unless another writer changed the file during the run

    @property
    def written(self) -> bool:
        return self.result.changed


def fix_file(
    path: str | os.PathLike[str],
    transform: Callable[[Source], R],
    attempts: int = FIX_ATTEMPTS,
    first: Source | None = None,
) -> FixedFile[R]:
    """Read, transform, and write if the file is unchanged; if it changed, read again and redo.

    Two ``listbot fix`` runs (or a run and an editor) therefore never lose each other's edits:
    each write is checked against what its transform saw. After ``attempts`` tries on a file
    that keeps changing, :class:`ChangedOnDisk` is raised and nothing is written. ``first`` is
    a source the caller already read (with :func:`read_source`), used for the first attempt.
    """
    for attempt in range(1, attempts + 1):
        source = first if attempt == 1 and first is not None else read_source(path)
        result = transform(source)
        if not result.changed:
            return FixedFile(source, result, attempt)
        try:
            write_atomic(path, source.encode(result.text), expected=source)
        except ChangedOnDisk:
            continue
        return FixedFile(source, result, attempt)
    raise ChangedOnDisk(
        f"{os.fspath(path)}: changed on disk during each of {attempts} attempts to fix it; nothing written"
    )
