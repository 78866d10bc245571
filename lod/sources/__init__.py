"""Readers, one per source format, each turning files into plain :class:`~lod.record.Record` s.

:func:`read_sources` walks the files and folders given on the command line, picks the reader
of each file by its extension and first bytes, and yields every record read or, for what
cannot be read, a :class:`~lod.record.Rejection` saying why. Nothing is dropped silently:
a file of no known format inside a folder is reported through ``on_skip``; one named
explicitly is rejected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..record import Record, Rejection
from . import ead, frus, wilson, wilson_export

Reader = Callable[[Path, str], Iterator[Record | Rejection]]
FORMATS = (
    "Wilson Center pages (.txt), Wilson Center scraper exports (.jsonl, .csv), FRUS volumes (TEI .xml), "
    "EAD finding aids (.xml)"
)


def reader_for(path: Path) -> Reader | None:
    """The reader for a file, judged by its extension and its first 4 KB."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as stream:
            head = stream.read(4096).decode("utf-8", errors="replace")
    except OSError:
        head = ""
    if suffix == ".txt":
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


def read_sources(
    sources: Iterable[Path], on_skip: Callable[[Path, str], None] | None = None
) -> Iterator[Record | Rejection]:
    for path, explicit in _files(sources):
        label = str(path)
        if not path.exists():
            yield Rejection(label, "file", "source:missing", "no such file or folder")
            continue
        read = reader_for(path)
        if read is None:
            reason = f"not a known record format ({FORMATS})"
            if explicit:
                yield Rejection(label, "file", "source:unknown-format", reason)
            elif on_skip:
                on_skip(path, reason)
            continue
        yield from read(path, label)
