"""`feeds.publishing.output` and `feeds.publishing.files`: documents written by the helper process,
or in this one
when the helper can't start or dies, with the same files either way and nothing lost.

Real helper processes, real files; failures are real ones (a killed helper, an interpreter
that is not there, a folder that can't be made).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from feeds.publishing import output
from feeds.publishing.output import Writer

BODIES = [f"<feed>{'story ' * n}</feed>\n".encode() * 200 for n in range(1, 5)]
MTIME = 1688774400.0  # 2023-07-08


def helpers() -> set[int]:
    """The pids of this process's helper children."""
    pids = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                if b"feeds.publishing.files" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    pids.add(int(pid))
            except OSError:  # gone meanwhile
                pass
    return pids


def check_written(folder: Path, results, bodies=BODIES) -> None:
    for n, (body, written) in enumerate(zip(bodies, results, strict=True)):
        path = folder / f"doc{n}.atom"
        assert path.read_bytes() == body
        assert path.with_name(path.name + ".gz").read_bytes() == written.gzipped
        assert gzip.decompress(written.gzipped) == body
        assert written.digest == hashlib.sha256(body).hexdigest()[:32]
        assert path.stat().st_mtime == MTIME


def send_all(writer: Writer, folder: Path, bodies=BODIES) -> list:
    for n, body in enumerate(bodies):
        writer.send(folder / f"doc{n}.atom", body, MTIME)
    return writer.results()


def test_the_helper_writes_each_document_beside_its_gzip(tmp_path):
    writer = Writer()
    try:
        results = send_all(writer, tmp_path)
        check_written(tmp_path, results)
        assert all(w.changed for w in results)
        assert len(helpers()) >= 1
        again = send_all(writer, tmp_path)  # the same bytes: nothing rewritten
        assert not any(w.changed for w in again)
        assert [w.gzipped for w in again] == [w.gzipped for w in results]
    finally:
        writer.close()


def test_the_helper_killed_loses_nothing_and_comes_back(tmp_path, caplog):
    others = helpers()  # of publishers earlier tests left to the collector
    writer = Writer()
    try:
        send_all(writer, tmp_path / "first")
        (pid,) = helpers() - others
        os.kill(pid, signal.SIGKILL)
        with caplog.at_level(logging.WARNING, logger="newsfeed.output"):
            results = send_all(writer, tmp_path / "second")
        check_written(tmp_path / "second", results)
        assert "output helper" in caplog.text
        results = send_all(writer, tmp_path / "third")  # a new helper
        check_written(tmp_path / "third", results)
        assert helpers() - others and pid not in helpers()
    finally:
        writer.close()


def test_without_a_helper_the_documents_are_written_here(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(output.sys, "executable", str(tmp_path / "no-such-python"))
    writer = Writer()
    with caplog.at_level(logging.WARNING, logger="newsfeed.output"):
        results = send_all(writer, tmp_path)
    check_written(tmp_path, results)
    assert "did not start" in caplog.text
    writer.close()


def test_a_document_that_cannot_be_written_fails_after_the_others_are(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    writer = Writer()
    try:
        writer.send(tmp_path / "doc0.atom", BODIES[0], MTIME)
        writer.send(tmp_path / "a-file" / "doc.atom", BODIES[1], MTIME)
        writer.send(tmp_path / "doc2.atom", BODIES[2], MTIME)
        with pytest.raises(OSError):
            writer.results()
        assert (tmp_path / "doc0.atom").read_bytes() == BODIES[0]
        assert (tmp_path / "doc2.atom").read_bytes() == BODIES[2]
        check_written(tmp_path, send_all(writer, tmp_path))  # and it goes on
    finally:
        writer.close()


def test_the_helper_ends_with_the_process_that_started_it(tmp_path):
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from feeds.publishing.output import Writer
        writer = Writer()
        writer.send(Path({str(tmp_path / "doc.atom")!r}), b"<feed/>", None)
        writer.results()
        print(writer._helper.pid, flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                              cwd=Path(output.__file__).parents[1])
    pid = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and b"feeds.publishing.files" in Path(
            f"/proc/{pid}/cmdline").read_bytes():
        assert time.monotonic() < deadline, "the helper outlived its process"
        time.sleep(0.05)
    parent.stdout.close()


def test_a_document_rewritten_is_swapped_in_whole_and_leaves_nothing_behind(tmp_path):
    writer = Writer()
    try:
        for body in BODIES:
            writer.send(tmp_path / "doc.atom", body, MTIME)
            (written,) = writer.results()
            assert written.changed
            assert (tmp_path / "doc.atom").read_bytes() == body
            assert gzip.decompress((tmp_path / "doc.atom.gz").read_bytes()) == body
            assert (tmp_path / "doc.atom").stat().st_mtime == MTIME
        assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.atom", "doc.atom.gz"]
    finally:
        writer.close()
