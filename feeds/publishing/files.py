"""The output folder's files, written atomically, each document beside its gzip; and the
output helper process (`python -m feeds.publishing.files`, see `feeds.publishing.output`) that
writes them.

Only light standard modules and zlib-ng are imported here: this module is the whole of
the helper, which stays at about 16 MB of memory.
"""

from __future__ import annotations

import _thread
import ctypes
import hashlib
import math
import os
import signal
import struct
import sys

from zlib_ng import zlib_ng

_AT_FDCWD, _RENAME_EXCHANGE, _SYNC_FILE_RANGE_WRITE = -100, 2, 2
try:
    _libc = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None
except OSError:
    _libc = None
_renameat2 = getattr(_libc, "renameat2", None)  # None: a libc without it
_sync_file_range = getattr(_libc, "sync_file_range", None)
_syncfs = getattr(_libc, "syncfs", None)
if _sync_file_range is not None:
    _sync_file_range.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]

REQUEST = struct.Struct("!IId")  # path and body lengths, mtime (NaN: none)
ANSWER = struct.Struct("!II?32s")  # gzip and error lengths, whether it changed, digest
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0


def gzip_bytes(data: bytes) -> bytes:
    """gzip that gives the same bytes for the same data (no timestamp), as files and ETags need:
    Python's `gzip.compress(data, 6, mtime=0)`, byte for byte, by zlib-ng in about half the
    time of zlib's at the same size."""
    return (_GZIP_HEADER + zlib_ng.compress(data, 6, -15)
            + struct.pack("<II", zlib_ng.crc32(data), len(data) & 0xFFFFFFFF))


def digest(data: bytes) -> str:
    """The strong ETag's core: a hash of the bytes."""
    return hashlib.sha256(data).hexdigest()[:32]


def write_document(path: os.PathLike | str, body: bytes,
                   mtime: float | None) -> tuple[bytes, str, bool]:
    """`body` at `path` and its gzip beside it (`.gz`, first), each unless already there:
    (the gzip, the body's digest, whether the body's file changed)."""
    gzipped = gzip_bytes(body)
    write_if_changed(f"{os.fspath(path)}.gz", gzipped, mtime)
    return gzipped, digest(body), write_if_changed(path, body, mtime)


def write_if_changed(path: os.PathLike | str, data: bytes, mtime: float | None = None, *,
                     durable: bool = False) -> bool:
    """Write `data` atomically unless the file holds it already, its mtime set to `mtime`
    (the document's own updated time) when given; whether it wrote.

    Only `durable` files (full archive pages and their manifest, which a restart trusts)
    are fsync'd: every other file is rendered again and compared at each start, so a power
    cut that leaves one torn costs nothing but its rewrite."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                if durable:  # perhaps written before as not durable
                    os.fsync(f.fileno())
                return False
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{_thread.get_ident()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        if durable:
            f.flush()
            os.fsync(f.fileno())
    if mtime is not None:
        os.utime(tmp, (mtime, mtime))
    if durable or not _swapped(tmp, path):
        os.replace(tmp, path)
    return True


def start_writeback(path: os.PathLike | str) -> None:
    """Have the kernel start writing `path` out now, without waiting for it (Linux's
    sync_file_range), so that a `sync` of many files later finds little left to write; a
    no-op elsewhere."""
    if not _sync_file_range:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        _sync_file_range(fd, 0, 0, _SYNC_FILE_RANGE_WRITE)
    finally:
        os.close(fd)


def sync(folder: os.PathLike | str) -> None:
    """Make every file written below `folder` without `durable` survive a power cut, as
    `durable` would have: Linux's syncfs of its file system (elsewhere, sync), one journal
    commit and one disk flush for all of them, where an fsync each costs a flush each."""
    if _syncfs is None:
        os.sync()
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        if _syncfs(fd) != 0:
            raise OSError(ctypes.get_errno(), "syncfs failed", os.fspath(folder))
    finally:
        os.close(fd)


def write_all(pipe, data: bytes) -> None:
    """All of `data` into a pipe (its writes may take part of it)."""
    view = memoryview(data)
    while view:
        view = view[pipe.write(view):]


def read_exactly(pipe, size: int) -> bytes:
    """`size` bytes from a pipe, or EOFError when it ends before."""
    data = bytearray()
    while len(data) < size:
        chunk = pipe.read(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


def _swapped(tmp: str, path: str) -> bool:
    """Whether `tmp` was put at `path` by swapping the two atomically and unlinking the old
    file (Linux's renameat2 with RENAME_EXCHANGE). Replacing a file makes ext4 write the new
    one's data out at once (its auto_da_alloc, for programs that never fsync): ten times the
    cost of a swap here. The files that must survive a power cut are fsync'd and replaced;
    any other is rendered again and compared at the next start."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, tmp.encode(), _AT_FDCWD, path.encode(), _RENAME_EXCHANGE) != 0:
        return False  # no file there yet, or a file system without it: replace
    os.unlink(tmp)
    return True


def serve() -> None:
    """The helper: a `REQUEST`, its path and body on stdin, answered by an `ANSWER`, the gzip
    and any error on stdout, one after the other until stdin ends."""
    for sig in (signal.SIGINT, signal.SIGTERM):  # it ends with its publisher, not before
        signal.signal(sig, signal.SIG_IGN)
    read, answer = sys.stdin.buffer.read, sys.stdout.buffer
    while len(head := read(REQUEST.size)) == REQUEST.size:
        name_size, size, mtime = REQUEST.unpack(head)
        path, body = read(name_size).decode(), read(size)
        try:
            (gzipped, hashed, changed), error = write_document(
                path, body, None if math.isnan(mtime) else mtime), b""
        except OSError as exc:
            (gzipped, hashed, changed), error = (b"", "", False), str(exc).encode()
        answer.write(ANSWER.pack(len(gzipped), len(error), changed, hashed.encode()))
        answer.write(gzipped + error)
        answer.flush()


if __name__ == "__main__":
    serve()
