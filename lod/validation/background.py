"""Validation beside the build: a batch is checked in a process of its own while the next is converted.

:class:`Validation` is what the build holds. The first batch is checked in the build's process; from
the second on (a build of one batch is not worth a process), when the engine is the compiled one and
the build may start processes, batches go to :class:`BackgroundChecks` as N-Triples and come back as
findings, in the order sent. A validation process that dies (killed, out of memory) costs nothing but
time: its batch is checked again in the build's process.
"""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..processes import die_with_parent
from ..rdf import Triples, ntriples
from .compiled import CompiledValidator
from .findings import Engine, Finding, Verdict, has_blank_nodes

_CHECKER: CompiledValidator | None = None  # in a validation process: the compiled shapes


def _checker_started(shapes: str) -> None:
    global _CHECKER
    die_with_parent()
    gc.set_threshold(100_000, 50, 1000)
    _CHECKER = CompiledValidator.from_path(shapes)


def _check_serialised(records: list[bytes], shared: bytes) -> list[list[Finding]]:
    assert _CHECKER is not None
    return _CHECKER.validate_serialised(records, shared)


class BackgroundChecks:
    """A process that validates one batch while the build converts the next: the build's second core.

    The process compiles the shapes itself when it starts (under a second, while the first batch is
    converted), and dies with the build, however the build ends.
    """

    def __init__(self, shapes: Path | str) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),  # nothing inherited from a threaded caller
            initializer=_checker_started,
            initargs=(str(shapes),),
        )

    def submit(self, records: list[bytes], shared: bytes) -> Future[list[list[Finding]]]:
        return self._pool.submit(_check_serialised, records, shared)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


#: A batch's verdicts, or a promise of them from the validation process (with what to check again if it dies).
Checked = list[Verdict] | tuple["Future[list[list[Finding]]]", list[Triples], Triples]


class Validation:
    """The build's validation of its batches: one engine, and a process of its own from the second batch on."""

    def __init__(self, engine: Engine, shapes: Path | str, processes: bool) -> None:
        self.engine = engine
        self.shapes = shapes
        self.processes = processes and isinstance(engine, CompiledValidator)
        self._background: BackgroundChecks | None = None
        self._batches = 0

    def submit(self, records: list[Triples], shared: Triples) -> Checked:
        """Check a batch of records (each one's triples) with the entities they name."""
        self._batches += 1
        if self._batches == 2 and self.processes:
            self._background = BackgroundChecks(self.shapes)
        if self._background is not None:
            serialised = [ntriples(triples) for triples in records]
            entities = ntriples(shared)
            if not any(has_blank_nodes(data) for data in [*serialised, entities]):  # the build mints none
                return (self._background.submit(serialised, entities), records, shared)
        return self.engine.validate(records, shared)

    def verdicts(self, checked: Checked) -> list[Verdict]:
        """The verdicts of a batch submitted, waiting for the process if it has them."""
        if isinstance(checked, list):
            return checked
        future, records, shared = checked
        try:
            return [Verdict(findings) for findings in future.result()]
        except (BrokenProcessPool, OSError):  # the process died: check here instead
            self.close()
            return self.engine.validate(records, shared)

    def close(self) -> None:
        if self._background is not None:
            self._background.close()
            self._background = None
