"""Validation beside the build: a batch is checked by the build's workers while the next is converted.

:class:`Validation` is what the build holds. The first batch is checked in the build's process; from
the second on (a build of one batch is not worth a worker), when the engine is the compiled one and
the build has workers (:mod:`lod.workers`), batches go to them as N-Triples and come back as
findings, in the order sent. A worker compiles the shapes the first time it is asked to check with
them, and keeps them. A worker that dies (killed, out of memory) costs nothing but time: its batch is
checked again in the build's process.
"""

from __future__ import annotations

from pathlib import Path

from ..rdf import Triples, ntriples, parsed
from ..workers import Pending, Workers
from .compiled import CompiledValidator
from .findings import Engine, Finding, Verdict, has_blank_nodes

_CHECKERS: dict[str, CompiledValidator] = {}  # in a worker: the shapes compiled, by their file


def check_serialised(shapes: str, records: list[bytes], shared: bytes) -> list[list[Finding]]:
    """A worker's task: the findings of each record of a batch (N-Triples), with the shapes at ``shapes``."""
    checker = _CHECKERS.get(shapes)
    if checker is None:
        checker = _CHECKERS[shapes] = CompiledValidator.from_path(shapes)
    return checker.validate_serialised(records, shared)


#: A batch's verdicts, or a promise of them from a worker (with what to check again if it dies).
Checked = list[Verdict] | tuple["Pending[list[list[Finding]]]", list[bytes], bytes]


class Validation:
    """The build's validation of its batches: one engine here, and the build's workers from the second batch on."""

    def __init__(self, engine: Engine, shapes: Path | str, workers: Workers) -> None:
        self.engine = engine
        self.shapes = str(shapes)
        self.workers = workers
        self.beside = workers.count > 0 and isinstance(engine, CompiledValidator)
        self._batches = 0

    def submit(self, records: list[bytes], shared: Triples) -> Checked:
        """Check a batch of records (each one's statements, as N-Triples) with the entities they name."""
        self._batches += 1
        entities = ntriples(shared)
        if isinstance(self.engine, CompiledValidator) and not any(
            has_blank_nodes(data) for data in [*records, entities]
        ):  # the build mints none: checked as written, here or by a worker
            if self.beside and self._batches > 1:
                return (self.workers.submit(check_serialised, self.shapes, records, entities), records, entities)
            return [Verdict(findings) for findings in self.engine.validate_serialised(records, entities)]
        return self.engine.validate([parsed(data) for data in records], shared)

    def verdicts(self, checked: Checked) -> list[Verdict]:
        """The verdicts of a batch submitted, waiting for the worker if it has them."""
        if isinstance(checked, list):
            return checked
        pending, records, entities = checked
        try:
            findings = pending.result()
        except self.workers.lost:  # the worker died: check here instead
            assert isinstance(self.engine, CompiledValidator)
            findings = self.engine.validate_serialised(records, entities)
        return [Verdict(found) for found in findings]
