from __future__ import annotations

import os
import stat

import pytest

from listbot.source import InputError, decode, read_source, write_atomic


def test_bom_and_crlf_are_recorded_and_restored():
    raw = "\ufeff# L\r\n* [A](https://a.org)\r\n".encode()
    source = decode(raw, "x.md")
    assert source.text == "# L\n* [A](https://a.org)\n" and source.bom and source.newline == "\r\n"
    assert source.encode(source.text) == raw


def test_mixed_line_endings_are_not_normalised():
    source = decode(b"a\r\nb\nc\n", "x.md")
    assert source.newline == "\n" and source.text == "a\r\nb\nc\n"


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00", "binary"), (b"# caf\xe9\n", "not valid UTF-8 (byte 0xe9 on line 1)")],
)
def test_binary_and_non_utf8_are_refused_in_one_line(data, words):
    with pytest.raises(InputError) as error:
        decode(data, "x.md")
    assert words in str(error.value) and "\n" not in str(error.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.md")
    with pytest.raises(InputError, match="is a directory"):
        read_source(tmp_path)


def test_atomic_write_keeps_the_mode_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["list.md"]
