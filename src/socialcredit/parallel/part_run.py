"""What a worker does with one part of a run: simulate its localities, send back little.

:func:`run_part` is the function executors ship to workers. It simulates the part's
localities with the policies and without (:func:`socialcredit.engine.simulate.simulate`,
batch by batch on the part's threads, so its memory follows a batch, not the part), writes
its audit rows as a piece (:mod:`socialcredit.parallel.audit_pieces`) and returns a
:class:`PartOutcome`: the non-zero entries of its counters (sized by the cells it touched)
and, only where it could not reach the run folder, its compressed audit rows. A part is a
pure function of its task, so running it again (its worker died) gives the same outcome.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass

from socialcredit.engine.simulate import simulate
from socialcredit.engine.tables import compile_tables
from socialcredit.parallel.audit_pieces import PieceWriter
from socialcredit.parallel.merge import SparseCounters
from socialcredit.parallel.parts import Part
from socialcredit.results.audit_table import readable
from socialcredit.scenario.resolved import ResolvedScenario


@dataclass(frozen=True)
class PartTask:
    """One part to simulate; ``audit_rate`` None keeps no audit log. ``pieces`` is the run
    folder's pieces folder and ``token`` the proof that a worker sees it."""

    resolved: ResolvedScenario
    part: Part
    threads: int | None
    audit_rate: float | None = None
    pieces: str | None = None
    token: str = ""


@dataclass(frozen=True)
class PartOutcome:
    """What a part sends back."""

    index: int
    policy: SparseCounters
    counterfactual: SparseCounters
    audit_rows: int
    audit_sent: bytes | None
    """The audit rows as an Arrow stream, when the worker could not write them to the folder."""
    seconds: float
    """The part's time on its worker, from the task's arrival to its outcome."""
    worker: str
    """host:pid of the worker process."""

    @property
    def sent_bytes(self) -> int:
        """Bytes of counters and audit rows sent back (pickling adds little)."""
        audit = len(self.audit_sent) if self.audit_sent is not None else 0
        return self.policy.nbytes + self.counterfactual.nbytes + audit


def run_part(task: PartTask) -> PartOutcome:
    """Simulate one part (on a worker); see the module's description."""
    started = time.perf_counter()
    part = task.part
    piece: PieceWriter | None = None
    if task.audit_rate is not None:
        names = compile_tables(task.resolved)[1]
        piece = PieceWriter(part.index, task.pieces, task.token)
    try:
        simulation = simulate(
            task.resolved,
            threads=task.threads,
            localities=part.localities,
            audit_sink=None if piece is None else piece.add,
            audit_rate=0.0 if task.audit_rate is None else task.audit_rate,
            audit_transform=None if piece is None else (lambda raw: readable(raw, names)),
        )
        sent = None if piece is None else piece.finish()
    except BaseException:
        if piece is not None:
            piece.abort()
        raise
    return PartOutcome(
        part.index,
        SparseCounters.of(simulation.policy),
        SparseCounters.of(simulation.counterfactual),
        0 if piece is None else piece.rows,
        sent,
        time.perf_counter() - started,
        f"{socket.gethostname()}:{os.getpid()}",
    )
