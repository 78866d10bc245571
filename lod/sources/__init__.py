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

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..record import Harvested, Record, Rejection
from ..workers import Inline, Workers
from . import ead, frus, oai, wilson, wilson_export

Reader = Callable[[Path, str], Iterator[Record | Rejection]]
Item = Record | Harvested | Rejection
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


def _read_task(files: list[tuple[Path, bool]]) -> tuple[list[Item], list[tuple[Path, str]]]:
    """A worker's task: every record of a few files, and the files it skipped."""
    skipped: list[tuple[Path, str]] = []
    items = [
        item for path, explicit in files for item in _read_file(path, explicit, lambda p, r: skipped.append((p, r)))
    ]
    return items, skipped


def _tasks(files: Iterable[tuple[Path, bool]]) -> Iterator[list[tuple[Path, bool]]]:
    task: list[tuple[Path, bool]] = []
    size = 0
    for path, explicit in files:
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
) -> Iterator[Item]:
    """Every record in the sources, in order (files, then providers); by the ``workers`` when the files
    are large enough."""
    sources = list(sources)
    yield from _read_files([s for s in sources if isinstance(s, Path)], on_skip, workers or Inline(), parallel_from)
    for endpoint in sources:
        if isinstance(endpoint, oai.Endpoint):
            yield from oai.read(endpoint)


def _read_files(sources: list[Path], on_skip: SkipSink | None, workers: Workers, parallel_from: int) -> Iterator[Item]:
    files = list(_files(sources))
    small = len(files) < 2 or sum(_size(path) for path, _ in files) < parallel_from
    if workers.count < 1 or (small and not workers.remote):
        for path, explicit in files:
            yield from _read_file(path, explicit, on_skip)
        return
    for items, skipped in workers.map(_read_task, _tasks(files)):
        if on_skip:
            for path, reason in skipped:
                on_skip(path, reason)
        yield from items
