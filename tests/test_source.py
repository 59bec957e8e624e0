from __future__ import annotations

import contextlib
import fcntl
import hashlib
import multiprocessing
import os
import resource
import signal
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from listbot.cli import main
from listbot.source import (
    ChangedOnDisk,
    InputError,
    Source,
    decode,
    fix_file,
    read_source,
    write_atomic,
)

FORK = multiprocessing.get_context("fork")
NOBODY = 65534
FIXABLE = "# L\n\n## Papers\n\n* [2501] [A paper](https://arxiv.org/abs/2501.00001?utm_source=x)\n"
FIXED = FIXABLE.replace("?utm_source=x", "")


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


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "list.md"
    os.mkfifo(fifo)

    def stalled(signum: int, frame: object) -> None:
        raise AssertionError("read_source waited for a writer on a FIFO")

    previous = signal.signal(signal.SIGALRM, stalled)
    signal.alarm(5)  # a plain open() of a FIFO blocks until someone writes: fail, do not hang
    try:
        with pytest.raises(InputError, match="not a regular file"):
            read_source(fifo)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_atomic_write_keeps_the_mode_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["list.md"]


def test_read_records_what_was_on_disk(tmp_path):
    target = tmp_path / "list.md"
    target.write_bytes(b"# L\r\n\r\n* a\r\n")
    state = read_source(target).on_disk
    assert state is not None
    assert state.size == 12 and state.mtime_ns == target.stat().st_mtime_ns
    assert state.digest == hashlib.sha256(b"# L\r\n\r\n* a\r\n").digest()


# --- symlinks ------------------------------------------------------------------------------------


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "list.md"
    target.write_text("old\n")
    os.chmod(target, 0o600)
    link = tmp_path / "README.md"
    link.symlink_to(Path("real") / "list.md")  # relative, as in a repository
    write_atomic(link, b"new\n", expected=read_source(link))
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "list.md")
    assert target.read_bytes() == b"new\n" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["README.md", "list.md", "real"]


def test_fix_on_a_symlink_fixes_the_target_and_keeps_the_link(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "list.md").write_text(FIXABLE)
    (tmp_path / "README.md").symlink_to("list.md")
    assert main(["fix", "README.md"]) == 0
    assert (tmp_path / "README.md").is_symlink()
    assert (tmp_path / "list.md").read_text() == FIXED
    assert "fixed README.md" in capsys.readouterr().out


# --- failures are one line, and leave the file as it was ------------------------------------------


@contextlib.contextmanager
def unprivileged() -> Iterator[None]:
    """Run the block as an ordinary user: root ignores file permissions, nobody does not.

    Root drops its effective uid to nobody (the real and saved uid stay 0, so it can come back);
    an ordinary user already is one.
    """
    if os.geteuid() != 0:
        yield
        return
    try:
        os.seteuid(NOBODY)
    except PermissionError:
        pytest.skip("running as root without the right to change the effective uid")
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    """A folder (r-x for everyone) holding a readable list; not under pytest's 0700 tmp_path."""
    folder = Path(tempfile.mkdtemp(prefix="listbot-ro-"))
    try:
        os.chmod(folder, 0o755)
        (folder / "list.md").write_text(FIXABLE)
        os.chmod(folder / "list.md", 0o644)
        os.chmod(folder, 0o555)
        yield folder
    finally:
        os.chmod(folder, 0o755)
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def test_a_read_only_folder_is_a_one_line_input_error(read_only_folder):
    target = read_only_folder / "list.md"
    with unprivileged():
        source = read_source(target)
        with pytest.raises(InputError) as error:
            write_atomic(target, b"new", expected=source)
    message = str(error.value)
    assert "permission denied" in message and str(read_only_folder) in message and "\n" not in message
    assert target.read_text() == FIXABLE and os.listdir(read_only_folder) == ["list.md"]


def test_fix_in_a_read_only_folder_exits_2_with_one_line(read_only_folder, monkeypatch, capsys):
    import listbot.cli
    import listbot.pipeline
    import listbot.report.text  # imported while still root: nobody cannot write bytecode caches

    assert listbot.pipeline.fix_text and listbot.report.text.summary and listbot.cli.main

    monkeypatch.chdir(read_only_folder)
    with unprivileged():
        code = main(["fix", "list.md"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("listbot: error: list.md: cannot write: permission denied") and err.count("\n") == 1
    assert (read_only_folder / "list.md").read_text() == FIXABLE


def test_a_parent_that_is_a_file_is_an_input_error(tmp_path):
    # A failure even root meets: the temp file cannot be created inside a regular file.
    (tmp_path / "notes").write_text("not a folder")
    with pytest.raises(InputError, match=r"notes/list.md: cannot write \(Not a directory\)"):
        write_atomic(tmp_path / "notes" / "list.md", b"new")


def test_a_folder_in_the_files_place_is_an_input_error(tmp_path):
    (tmp_path / "list.md").mkdir()
    with pytest.raises(InputError, match="cannot write"):
        write_atomic(tmp_path / "list.md", b"new")
    assert (tmp_path / "list.md").is_dir() and os.listdir(tmp_path) == ["list.md"]


def _write_under_a_file_size_limit(target: str, limit: int, data: bytes) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write then fails with EFBIG instead of a kill
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    try:
        write_atomic(target, data)
    except InputError as error:
        assert "File too large" in str(error) and "the file is unchanged" in str(error), error
        os._exit(3)
    os._exit(0)


def test_a_write_that_fails_part_way_leaves_the_original_intact(tmp_path):
    # The limit applies to root too: like a full disk, the write stops after 4 KB. Writing the
    # file in place would already have truncated it; the temp file takes the damage instead.
    target = tmp_path / "list.md"
    target.write_text(FIXABLE)
    child = FORK.Process(target=_write_under_a_file_size_limit, args=(str(target), 4096, b"x" * 20_000))
    child.start()
    child.join(30)
    assert child.exitcode == 3
    assert target.read_text() == FIXABLE and os.listdir(tmp_path) == ["list.md"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can write a file another user owns")
def test_root_keeps_the_files_owner(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("old")
    os.chown(target, NOBODY, NOBODY)
    write_atomic(target, b"new", expected=read_source(target))
    assert (target.stat().st_uid, target.stat().st_gid) == (NOBODY, NOBODY)


# --- nobody's edits are lost ---------------------------------------------------------------------


def test_a_change_between_read_and_write_is_detected(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("line 1\nline 2\n")
    source = read_source(target)
    target.write_text("line 1\nline 2\nline 3 from an editor\n")
    with pytest.raises(ChangedOnDisk, match="changed on disk since listbot read it"):
        write_atomic(target, source.encode("line 1 fixed\nline 2\n"), expected=source)
    assert target.read_text() == "line 1\nline 2\nline 3 from an editor\n"
    assert os.listdir(tmp_path) == ["list.md"]


def test_a_same_size_change_within_one_mtime_tick_is_caught_by_the_digest(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("line A\n")
    source = read_source(target)
    before = target.stat().st_mtime_ns
    target.write_text("line B\n")
    os.utime(target, ns=(before, before))  # a coarse clock: size and mtime both look unchanged
    with pytest.raises(ChangedOnDisk):
        write_atomic(target, b"line A fixed\n", expected=source)
    assert target.read_text() == "line B\n"


def test_an_editor_saving_by_rename_is_detected(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("one\n")
    source = read_source(target)
    (tmp_path / "saved~").write_text("two\n")
    os.replace(tmp_path / "saved~", target)
    with pytest.raises(ChangedOnDisk):
        write_atomic(target, b"one, fixed\n", expected=source)
    assert target.read_text() == "two\n"


def test_a_file_deleted_after_reading_is_not_recreated(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("one\n")
    source = read_source(target)
    target.unlink()
    with pytest.raises(ChangedOnDisk, match="deleted since listbot read it"):
        write_atomic(target, b"one, fixed\n", expected=source)
    assert not target.exists()


def test_an_unchanged_file_is_written_and_a_decoded_source_cannot_be_expected(tmp_path):
    target = tmp_path / "list.md"
    target.write_bytes(b"a\r\nb\r\n")
    source = read_source(target)
    write_atomic(target, source.encode("a\nb fixed\n"), expected=source)
    assert target.read_bytes() == b"a\r\nb fixed\r\n"
    with pytest.raises(ValueError, match="read_source"):
        write_atomic(target, b"x", expected=decode(b"a\n", str(target)))


def test_waiting_for_another_writers_lock_is_bounded(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("one\n")
    holder = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # what another listbot holds during its compare-and-rename
    try:
        started = time.monotonic()
        with pytest.raises(InputError, match=r"kept .* locked for 0\.3 s; nothing written"):
            write_atomic(target, b"two\n", lock_wait=0.3)
        assert time.monotonic() - started < 10  # the holder never lets go: only the 0.3 s wait ends it
    finally:
        os.close(holder)
    assert target.read_text() == "one\n"
    write_atomic(target, b"two\n", lock_wait=0.3)  # released: the write goes through
    assert target.read_text() == "two\n"


LINES = "".join(f"line {n}\n" for n in range(10))


def _edit_line(text: str, number: int) -> str:
    lines = text.splitlines(keepends=True)
    lines[number] = lines[number].replace("\n", f" edited by writer {number}\n")
    return "".join(lines)


def _write_with_retry(path: str, number: int, both_have_read) -> None:
    source = read_source(path)
    both_have_read.wait(20)  # the other process has read the same version: a real race
    for _ in range(5):
        try:
            write_atomic(path, source.encode(_edit_line(source.text, number)), expected=source)
            return
        except ChangedOnDisk:
            source = read_source(path)
    raise AssertionError("never written")


def test_two_processes_writing_the_same_file_keep_both_edits(tmp_path):
    # Both read before either writes; without the check the second rename drops the first edit.
    target = tmp_path / "list.md"
    target.write_text(LINES)
    both_have_read = FORK.Barrier(2)
    writers = [FORK.Process(target=_write_with_retry, args=(str(target), n, both_have_read)) for n in (2, 7)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(30)
    assert [writer.exitcode for writer in writers] == [0, 0]
    assert target.read_text() == _edit_line(_edit_line(LINES, 2), 7)
    assert os.listdir(tmp_path) == ["list.md"]


@dataclass
class Edited:
    text: str
    changed: bool = True


def _fix_file_racing(path: str, number: int, both_have_read, attempts_used) -> None:
    calls = 0

    def transform(source: Source) -> Edited:
        nonlocal calls
        calls += 1
        if calls == 1:
            both_have_read.wait(20)
        return Edited(_edit_line(source.text, number))

    outcome = fix_file(path, transform)
    assert outcome.written and outcome.attempts == calls
    attempts_used.put(outcome.attempts)


def test_two_fix_file_runs_at_once_converge(tmp_path):
    target = tmp_path / "list.md"
    target.write_text(LINES)
    both_have_read, attempts_used = FORK.Barrier(2), FORK.Queue()
    runs = [
        FORK.Process(target=_fix_file_racing, args=(str(target), n, both_have_read, attempts_used))
        for n in (1, 8)
    ]
    for run in runs:
        run.start()
    for run in runs:
        run.join(30)
    assert [run.exitcode for run in runs] == [0, 0]
    assert target.read_text() == _edit_line(_edit_line(LINES, 1), 8)
    assert sorted(attempts_used.get(timeout=5) for _ in runs) == [1, 2]  # the loser redid its work


def test_fix_file_gives_up_on_a_file_that_keeps_changing(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("v0\n")
    seen: list[str] = []

    def transform(source: Source) -> Edited:
        seen.append(source.text)
        target.write_text(f"v{len(seen)}\n")  # an editor saving again during every attempt
        return Edited(source.text + "fixed\n")

    with pytest.raises(ChangedOnDisk, match="changed on disk during each of 3 attempts"):
        fix_file(target, transform, attempts=3)
    assert seen == ["v0\n", "v1\n", "v2\n"] and target.read_text() == "v3\n"


def test_fix_file_writes_nothing_when_nothing_changed(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("same\n")
    before = target.stat().st_mtime_ns
    outcome = fix_file(target, lambda source: Edited(source.text, changed=False))
    assert not outcome.written and outcome.attempts == 1 and target.stat().st_mtime_ns == before


def test_fix_file_starts_from_the_callers_source_and_redoes_it_if_stale(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("one\n")
    first = read_source(target)
    target.write_text("one\ntwo from an editor\n")
    seen: list[str] = []

    def transform(source: Source) -> Edited:
        seen.append(source.text)
        return Edited(source.text.replace("one", "ONE"))

    outcome = fix_file(target, transform, first=first)
    assert seen == ["one\n", "one\ntwo from an editor\n"] and outcome.attempts == 2
    assert target.read_text() == "ONE\ntwo from an editor\n" and outcome.source.text == seen[-1]
