"""The dumps, written while the build states its triples: N-Triples and Turtle, gzipped.

Every triple the build publishes is stated once (:class:`lod.build.events.Stated`); the dumps take
them in that order, a chunk at a time. Compressing the N-Triples and writing them again as Turtle
cost about as much as a tenth of a first build, and most of a build that carries its records over
(:mod:`lod.build.carried`), where the second core is idle: so from the second chunk on they are
written by a process of their own while the pipeline goes on, and a build of one chunk writes them
here and starts nothing. The Turtle dump is one document: the vocabulary's prefixes once, then each
chunk as Oxigraph writes it, without the prefixes it declares again (a chunk ends with a whole
statement, so the document reads as the N-Triples do).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from ..compressed import gzip_writer
from ..errors import StoreError
from ..processes import collect_rarely, die_with_parent
from ..rdf import PREFIXES

NTRIPLES, TURTLE = "dataset.nt.gz", "dataset.ttl.gz"
_PROBE = ox.Triple(ox.NamedNode("urn:x-lod:probe"), ox.NamedNode("urn:x-lod:probe"), ox.NamedNode("urn:x-lod:probe"))


class _Files:
    """The two dumps, open for writing."""

    def __init__(self, folder: Path) -> None:
        self.prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        probe = ox.serialize([_PROBE], format=ox.RdfFormat.TURTLE, prefixes=self.prefixes) or b""
        self.header = probe[: probe.index(b"<urn:x-lod:probe>")]  # the prefixes, as Oxigraph declares them
        # open as long as the build states triples; closed by close()
        self.ntriples = gzip_writer(folder / NTRIPLES)
        self.turtle = gzip_writer(folder / TURTLE)
        self.turtle.write(self.header)

    def write(self, chunk: bytes) -> None:
        self.ntriples.write(chunk)
        triples = ox.parse(chunk, format=ox.RdfFormat.N_TRIPLES)
        turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=self.prefixes) or b""
        if turtle and not turtle.startswith(self.header):
            raise StoreError("the Turtle dump could not be written: Oxigraph did not begin a chunk with the prefixes")
        self.turtle.write(turtle[len(self.header) :])

    def close(self) -> None:
        self.ntriples.close()
        self.turtle.close()


_WRITING: _Files | None = None  # the dumping process's


def _started(folder: str) -> None:
    global _WRITING
    die_with_parent()
    collect_rarely()
    _WRITING = _Files(Path(folder))


def _written(chunk: bytes) -> None:
    assert _WRITING is not None
    _WRITING.write(chunk)


def _done() -> None:
    global _WRITING
    if _WRITING is not None:
        _WRITING.close()
        _WRITING = None


class Dumps:
    """Both dumps of a build into ``folder``, from N-Triples given in the order stated (:meth:`add`)."""

    CHUNK = 8 << 20  # bytes of N-Triples a write: a few hundred records

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._parts: list[bytes] = []
        self._size = 0
        self._process: ProcessPoolExecutor | None = None
        self._writing: Future[None] | None = None
        self._closing: Future[None] | None = None

    def add(self, ntriples: bytes) -> None:
        self._parts.append(ntriples)
        self._size += len(ntriples)
        if self._size >= self.CHUNK:
            self._hand_over()

    def _hand_over(self) -> None:
        chunk, self._parts, self._size = b"".join(self._parts), [], 0
        self._hand_over_chunk(chunk)

    def _hand_over_chunk(self, chunk: bytes) -> None:
        if self._process is None:
            self._process = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_started,
                initargs=(str(self.folder),),
            )
        if self._writing is not None:
            self._writing.result()  # backpressure: one chunk written while the next is gathered
        self._writing = self._process.submit(_written, chunk)

    def finish(self) -> None:
        """Write what is left and close both dumps: here, when nothing was handed over; else in the process,
        which :meth:`wait` waits for."""
        chunk, self._parts, self._size = b"".join(self._parts), [], 0
        if self._process is None:
            files = _Files(self.folder)
            if chunk:
                files.write(chunk)
            files.close()
            return
        if chunk:
            self._hand_over_chunk(chunk)
        self._closing = self._process.submit(_done)

    def wait(self) -> None:
        """Both dumps written whole (raises what stopped the process writing them)."""
        for pending in (self._writing, self._closing):
            if pending is not None:
                pending.result()
        self._writing = self._closing = None

    def __enter__(self) -> Dumps:
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop writing: what is not written yet is dropped when the build failed."""
        if self._process is not None:
            self._process.shutdown(wait=True, cancel_futures=True)
            self._process = None
