"""Reading list files safely and writing them back atomically.

Everything that touches bytes on disk lives here: decoding (UTF-8 only, BOM kept
aside), newline style (CRLF is normalised to LF for parsing and restored on
write), and the atomic temp-file-and-rename write that ``listbot fix`` uses.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

BOM = "\ufeff"


class InputError(Exception):
    """A file listbot cannot read as a Markdown list; the message is one readable line."""


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded list file: ``text`` uses ``\\n`` line breaks whatever the file had."""

    path: str
    text: str
    newline: str = "\n"
    bom: bool = False

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
    """Read and decode a list file; every failure becomes an :class:`InputError`."""
    name = os.fspath(path)
    try:
        data = Path(name).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, expected a Markdown file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
    return decode(data, name)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` via a temp file in the same folder, keeping its mode."""
    target = Path(path)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".listbot", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
