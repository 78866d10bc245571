"""Picking the reader for each file, and reading large inputs in worker processes."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import DATA, SOURCES
from lod import sources
from lod.record import Record, Rejection
from lod.sources import Item, KeptReading, read_sources
from lod.workers import Processes


def _corpus(tmp_path: Path) -> Path:
    """Pages, an export, a FRUS volume, a stray file and a hidden one, in nested folders."""
    root = tmp_path / "corpus"
    (root / "pages").mkdir(parents=True)
    for page in sorted((DATA / "wilson").glob("*.txt")):
        shutil.copy(page, root / "pages" / page.name)
    shutil.copytree(SOURCES / "wilson", root / "wilson")
    shutil.copytree(SOURCES / "frus", root / "frus")
    (root / "pages" / "notes.docx").write_bytes(b"PK\x03\x04 not a record")
    (root / "pages" / ".hidden.txt").write_text("ignored")
    return root


def _summary(items: list[Item | KeptReading]) -> list[tuple[str, str, str | None]]:
    assert not any(isinstance(item, KeptReading) for item in items)  # nothing kept was given to read by
    return [
        (item.source, item.key, item.title) if isinstance(item, Record) else (item.source, item.record, item.rule)
        for item in items
        if not isinstance(item, KeptReading)
    ]


def test_workers_read_the_same_records_in_the_same_order(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    missing = tmp_path / "missing.txt"
    skipped_alone: list[tuple[Path, str]] = []
    skipped_parallel: list[tuple[Path, str]] = []
    alone = list(read_sources([root, missing], on_skip=lambda p, r: skipped_alone.append((p, r))))
    workers = Processes(2)
    try:
        parallel = list(
            read_sources(
                [root, missing], on_skip=lambda p, r: skipped_parallel.append((p, r)), workers=workers, parallel_from=0
            )
        )
    finally:
        workers.close()
    assert len(alone) > 150
    assert _summary(parallel) == _summary(alone)
    assert parallel == alone  # every field of every record survives the trip between processes
    # and each is known by the same digest, however the process that read it had shared its names
    assert [getattr(item, "read_as", b"") for item in parallel] == [getattr(item, "read_as", b"") for item in alone]
    assert all(item.read_as for item in alone if isinstance(item, Record))
    assert [p.name for p, _ in skipped_parallel] == [p.name for p, _ in skipped_alone] == ["notes.docx"]
    assert "not a known record format" in skipped_parallel[0][1]
    assert isinstance(parallel[-1], Rejection) and parallel[-1].rule == "source:missing"
    assert not any(".hidden" in item.source for item in parallel)


def test_small_inputs_are_read_in_process(tmp_path: Path) -> None:
    """Below the threshold no worker is started, so a few pages read as fast as ever."""
    root = _corpus(tmp_path)

    workers = Processes(2)
    items = list(read_sources([root / "pages"], workers=workers))
    assert items and all(isinstance(item, Record) for item in items)
    assert workers._pool is None  # no process was started


def test_a_volume_that_names_no_year_is_dated_by_its_documents(tmp_path: Path) -> None:
    """Not by the bounds its documents must fall within (from 1776 to the printing, or 9999 unprinted)."""
    import re

    text = (DATA / "frus" / "frus1934v04-threads.xml").read_text(encoding="utf-8")
    text = text.replace('xml:id="frus1934v04"', 'xml:id="volume-unnamed"')
    text = re.sub(r"<title type=\"complete\">.*?</title>", '<title type="complete">A volume</title>', text, flags=re.S)
    text = re.sub(r"<publicationStmt>.*?</publicationStmt>", "", text, flags=re.S)
    path = tmp_path / "volume-unnamed.xml"
    path.write_text(text, encoding="utf-8")
    [volume, *documents] = [i for i in sources.frus.read(path, path.name) if isinstance(i, Record)]
    assert volume.kind == "series" and documents
    assert (volume.earliest, volume.latest) == (dt.date(1934, 1, 1), dt.date(1934, 12, 31))


class _Shelf:
    """The readings a build keeps, in memory: by file name and content, as lod.build.carried keeps them."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, bytes], bytes] = {}
        self.taken = 0

    def reading(self, path: Path) -> Callable[[], bytes] | None:
        kept = self.kept.get((path.name, path.read_bytes()))
        self.taken += kept is not None
        return (lambda: kept) if kept is not None else None

    def keep_reading(self, path: Path, reading: bytes) -> None:
        self.kept[(path.name, path.read_bytes())] = reading


def test_a_file_read_before_is_taken_as_it_was_read_under_the_name_it_has_now(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    shelf = _Shelf()
    first = list(read_sources([root], readings=shelf))
    assert shelf.kept and shelf.taken == 0
    moved = tmp_path / "moved"
    shutil.move(root, moved)
    kept = list(read_sources([moved], readings=shelf))
    assert all(isinstance(item, KeptReading) for item in kept)  # not unpacked: the build may not need to
    again = [one for item in kept if isinstance(item, KeptReading) for one in item.items]
    assert shelf.taken == len(shelf.kept)  # no file read again
    assert again == list(read_sources([moved]))  # as a fresh read gives it: the new paths, every field
    assert [i.source for i in again] != [i.source for i in first]
