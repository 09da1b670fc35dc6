"""The audit rows of a run split into parts: one piece per part, put in order in the run folder.

A worker decodes its part's audit rows batch by batch (as an in-process run does on its
threads) and writes them as an Arrow stream (lz4-compressed, readable columns without row
numbers): straight into the run folder being built when the worker sees that folder (a local
worker, or a cluster on a shared disk; :data:`TOKEN` proves it is the same folder), else into
memory, sent back with the part's counters. Pieces land in ``.audit-parts/`` inside the folder
being built. This process appends each piece to ``audit.parquet`` as soon as every earlier part
has been appended, numbering the rows as it goes, and deletes it: the audit log holds the same
rows, in the same order, as the in-process run's (events are logged locality after locality,
and parts are whole localities numbered in order). Only the pieces of parts that finished
before an earlier one wait, on disk, not in memory.
"""

from __future__ import annotations

import os
import secrets
import socket
from contextlib import suppress
from pathlib import Path

import pyarrow as pa

from socialcredit.results.audit_table import SCHEMA
from socialcredit.results.folder import RunFolderWriter

ROWS = pa.schema([f for f in SCHEMA if f.name != "seq"])
"""The columns of a piece: those of ``audit.parquet`` without the row numbers."""
TOKEN = "TOKEN"
"""File in the pieces folder whose content, given to each part, proves a worker sees it."""
_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4")


def piece_name(index: int) -> str:
    return f"part-{index:06d}.arrows"


class PieceWriter:
    """Where one part's decoded audit batches go: a file in ``folder`` if this process sees
    the run's pieces folder (its TOKEN holds ``token``), else a buffer in memory."""

    def __init__(self, index: int, folder: str | None, token: str) -> None:
        self.index = index
        self.rows = 0
        self.final: Path | None = None
        self._temporary: Path | None = None
        self._sink: pa.NativeFile
        if folder is not None and _holds_token(Path(folder), token):
            self.final = Path(folder) / piece_name(index)
            attempt = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(4)}"
            self._temporary = Path(folder) / f".{piece_name(index)}.{attempt}"
            self._sink = pa.OSFile(str(self._temporary), "wb")  # no mkdir: gone means aborted
        else:
            self._sink = pa.BufferOutputStream()
        self._writer = pa.ipc.new_stream(self._sink, ROWS, options=_OPTIONS)

    def add(self, decoded: pa.Table) -> None:
        if decoded.num_rows:
            self._writer.write_table(decoded)
            self.rows += decoded.num_rows

    def finish(self) -> bytes | None:
        """Close the piece: rename the file into place (a rerun of the part writes the same
        bytes), or return the buffer's bytes to send back."""
        self._writer.close()
        if self._temporary is None:
            assert isinstance(self._sink, pa.BufferOutputStream)
            return bytes(self._sink.getvalue())
        self._sink.close()
        assert self.final is not None
        os.replace(self._temporary, self.final)
        return None

    def abort(self) -> None:
        """Leave nothing behind (the part failed)."""
        with suppress(pa.ArrowException, OSError):
            self._writer.close()
        if self._temporary is not None:
            self._sink.close()
            self._temporary.unlink(missing_ok=True)


def _holds_token(folder: Path, token: str) -> bool:
    try:
        return (folder / TOKEN).read_text(encoding="ascii") == token
    except (OSError, UnicodeDecodeError):
        return False


class AuditInOrder:
    """Appends parts' audit pieces to a run folder's ``audit.parquet`` in part order."""

    def __init__(self, writer: RunFolderWriter) -> None:
        self.writer = writer
        self.folder = writer.audit_pieces()
        self.token = secrets.token_hex(16)
        (self.folder / TOKEN).write_text(self.token, encoding="ascii")
        self._ready: dict[int, Path] = {}
        self._next = 0

    def add(self, index: int, sent: bytes | None) -> None:
        """Part ``index`` is done: its piece is in the folder, or is ``sent``; append every
        piece whose earlier parts are all appended."""
        if index in self._ready or index < self._next:
            return  # a part done twice (its first worker was given up for lost): once only
        path = self.folder / piece_name(index)
        if sent is not None:
            path.write_bytes(sent)
        self._ready[index] = path
        while self._next in self._ready:
            self._append(self._ready.pop(self._next))
            self._next += 1

    def _append(self, piece: Path) -> None:
        with pa.ipc.open_stream(pa.memory_map(str(piece))) as reader:
            for batch in reader:
                self.writer.add_audit(pa.Table.from_batches([batch]))
        piece.unlink()

    @property
    def appended(self) -> int:
        """Parts whose pieces are in ``audit.parquet`` (all of them when the run is done)."""
        return self._next
