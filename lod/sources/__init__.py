"""Readers, one per source format, each turning files into plain :class:`~lod.record.Record` s.

:func:`read_sources` walks the files and folders given on the command line, picks the reader
of each file by its extension and first bytes, and yields every record read or, for what
cannot be read, a :class:`~lod.record.Rejection` saying why. Nothing is dropped silently:
a file of no known format inside a folder is reported through ``on_skip``; one named
explicitly is rejected. Files that describe a folder (README, PROVENANCE, LICENSE…) are
skipped and reported, wherever they are named.

Reading is most of a build's work on page-per-file corpora, and it needs nothing from the rest of
the pipeline, so large inputs are read by the build's workers (:mod:`lod.workers`), a few files to a
task, while the build process resolves, converts and validates what has already been read. Records
come back in the same order as a sequential read, and only a few tasks are in flight at a time,
so memory stays flat however large the corpus.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Protocol

from ..compressed import compress, decompress
from ..record import Harvested, Record, Rejection
from ..workers import Inline, Pending, Workers
from . import ead, frus, oai, wilson, wilson_export

Reader = Callable[[Path, str], Iterator[Record | Rejection]]
Item = Record | Harvested | Rejection


@dataclasses.dataclass(frozen=True)
class KeptReading:
    """A file unchanged since the published build, as that build read it (:class:`Readings`), not unpacked:
    the build may carry the whole file over without (:mod:`lod.build.files`); :func:`unpacked` gives its
    items."""

    source: str  # the file's name now
    reading: Callable[[], bytes]  # its reading, fetched when it is wanted

    @property
    def items(self) -> list[Item]:
        return unpacked(self.reading(), self.source)


#: What a build reads: files and folders, and other archives' OAI-PMH providers.
Source = Path | oai.Endpoint
SkipSink = Callable[[Path, str], None]
PARALLEL_FROM_BYTES = 8 << 20  # smaller inputs are read in the build process: starting workers costs more
TASK_BYTES = 1 << 20  # files are handed to workers in groups of about this size
FORMATS = (
    "Wilson Center pages (.txt), Wilson Center scraper exports (.jsonl, .csv), FRUS volumes (TEI .xml), "
    "EAD finding aids (.xml)"
)


#: Names of the files that describe a folder (what it holds, where it came from, under which licence) beside the
#: records themselves, as every folder of ../shared/corpora has: skipped and named, never read as records.
DESCRIBING = frozenset(
    [
        "readme",
        "provenance",
        "license",
        "licence",
        "copying",
        "notice",
        "changelog",
        "changes",
        "authors",
        "citation",
        "manifest",
        "checksums",
        "sha256sums",
        "md5sums",
    ]
)
DESCRIBES_FOLDER = "describes the folder it is in (a README, provenance or licence file), holds no records"


def describes_folder(path: Path) -> bool:
    """A README, PROVENANCE, LICENSE or the like, whatever its extension (README.txt, LICENSE.md)."""
    return path.name.split(".", 1)[0].lower() in DESCRIBING


def reader_for(path: Path) -> Reader | None:
    """The reader for a file, judged by its extension and its first 4 KB."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as stream:
            head = stream.read(4096).decode("utf-8", errors="replace")
    except OSError:
        head = ""
    if suffix == ".txt":
        if head.strip() and "\x00" not in head and "\ufffd" not in head and not wilson.looks_like_page(head):
            return None  # a README or notes beside the pages: text, but no record format
        return wilson.read
    if suffix in {".jsonl", ".ndjson", ".csv"} and wilson_export.looks_like_export(head, suffix):
        return wilson_export.read
    if suffix == ".xml":
        if frus.looks_like_frus(head):
            return frus.read
        if ead.looks_like_ead(head):
            return ead.read
    return None


def _files(sources: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """Every file under the sources in a stable order; the flag says it was named explicitly."""
    for source in sources:
        if source.is_dir():
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in path.relative_to(source).parts):
                    yield path, False
        else:
            yield source, True


def _read_file(path: Path, explicit: bool, on_skip: SkipSink | None) -> Iterator[Item]:
    label = str(path)
    if not path.exists():
        yield Rejection(label, "file", "source:missing", "no such file or folder")
        return
    if describes_folder(path):
        if on_skip:
            on_skip(path, DESCRIBES_FOLDER)
        return
    read = reader_for(path)
    if read is None:
        reason = f"not a known record format ({FORMATS})"
        if explicit:
            yield Rejection(label, "file", "source:unknown-format", reason)
        elif on_skip:
            on_skip(path, reason)
        return
    yield from read(path, label)


class Readings(Protocol):
    """What the published build read from each file, kept by its content: a file unchanged since is not
    read again (lod.build.carried). A reading is the file's items, pickled and compressed (:func:`packed`)."""

    def reading(self, path: Path) -> Callable[[], bytes] | None:
        """The reading kept of the file, if one is: fetched when called."""

    def keep_reading(self, path: Path, reading: bytes) -> None: ...


#: a file's reading as a task gives it back: the file, its items packed (none: nothing to yield), what was
#: skipped, and whether to keep it for the next build (read now, by a reader: not carried over, not a defect)
Reading = tuple[Path, bytes | None, list[tuple[Path, str]], bool]


def packed(items: list[Item]) -> bytes:
    return compress(pickle.dumps(items, protocol=5))


def unpacked(reading: bytes, label: str) -> list[Item]:
    """A file's items as kept, under the name the file has now (the same content may have moved)."""
    items: list[Item] = pickle.loads(decompress(reading))
    return [item if item.source == label else dataclasses.replace(item, source=label) for item in items]


def _note(into: list[tuple[Path, str]], path: Path, reason: str) -> None:
    into.append((path, reason))


def _read_task(files: list[tuple[Path, bool]]) -> list[Reading]:
    """A task: every record of a few files, packed file by file, and the files it skipped."""
    readings: list[Reading] = []
    for path, explicit in files:
        skipped: list[tuple[Path, str]] = []
        items = list(_read_file(path, explicit, partial(_note, skipped)))
        for item in items:  # what the build knows each record again by, made here rather than in the build
            if isinstance(item, Record) and not item.read_as:
                item.read_as = item.as_read()
        # kept for the next build: what a reader made of it (not a file missing, unknown or unreadable)
        keep = bool(items) and not (len(items) == 1 and isinstance(items[0], Rejection) and items[0].record == "file")
        readings.append((path, packed(items) if items else None, skipped, keep))
    return readings


def _tasks(
    files: Iterable[tuple[Path, bool]], readings: Readings | None
) -> Iterator[list[tuple[Path, bool]] | KeptReading]:
    """Groups of files to read, of about TASK_BYTES, in order; between them, each file read as the published
    build read it."""
    task: list[tuple[Path, bool]] = []
    size = 0
    for path, explicit in files:
        kept = readings.reading(path) if readings is not None else None
        if kept is not None:
            if task:
                yield task
                task, size = [], 0
            yield KeptReading(str(path), kept)
            continue
        task.append((path, explicit))
        size += _size(path)
        if size >= TASK_BYTES:
            yield task
            task, size = [], 0
    if task:
        yield task


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_sources(
    sources: Iterable[Source],
    on_skip: SkipSink | None = None,
    workers: Workers | None = None,
    parallel_from: int = PARALLEL_FROM_BYTES,
    readings: Readings | None = None,
) -> Iterator[Item | KeptReading]:
    """Every record in the sources, in order (files, then providers); by the ``workers`` when the files
    are large enough; a file the published build read, unchanged since, as it read it (``readings``: a
    :class:`KeptReading`, not unpacked)."""
    sources = list(sources)
    files = [s for s in sources if isinstance(s, Path)]
    yield from _read_files(files, on_skip, workers or Inline(), parallel_from, readings)
    for endpoint in sources:
        if isinstance(endpoint, oai.Endpoint):
            yield from oai.read(endpoint)


def _read_files(
    sources: list[Path], on_skip: SkipSink | None, workers: Workers, parallel_from: int, readings: Readings | None
) -> Iterator[Item | KeptReading]:
    files = list(_files(sources))
    small = len(files) < 2 or sum(_size(path) for path, _ in files) < parallel_from
    by = workers if workers.count >= 1 and (not small or workers.remote) else Inline()
    pending: deque[tuple[list[tuple[Path, bool]], Pending[list[Reading]]] | KeptReading] = deque()
    for task in _tasks(files, readings):
        pending.append(task if isinstance(task, KeptReading) else (task, by.submit(_read_task, task)))
        if len(pending) > 2 * max(by.count, 1):
            yield from _taken(by, pending.popleft(), on_skip, readings)
    while pending:
        yield from _taken(by, pending.popleft(), on_skip, readings)


def _taken(
    by: Workers,
    pending: tuple[list[tuple[Path, bool]], Pending[list[Reading]]] | KeptReading,
    on_skip: SkipSink | None,
    readings: Readings | None,
) -> Iterator[Item | KeptReading]:
    if isinstance(pending, KeptReading):  # kept by the published build
        yield pending
        return
    for path, reading, skipped, keep in by.collect(_read_task, *pending):
        if on_skip:
            for skipped_path, reason in skipped:
                on_skip(skipped_path, reason)
        if reading is None:
            continue
        if keep and readings is not None:
            readings.keep_reading(path, reading)
        yield from unpacked(reading, str(path))
