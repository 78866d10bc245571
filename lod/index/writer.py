"""Writing the index as the build publishes records: documents, entities, facets, numbers, holdings,
replies and full text, in batches, from the second batch on in a process of its own."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..processes import collect_rarely, die_with_parent
from ..text import searchable
from .cards import Cards
from .engine import DIRECTORY, EngineWriter
from .schema import (
    ADDRESSEE,
    FACETS,
    INDEXES,
    OWN,
    REFERENCE,
    REPLY,
    SCHEMA,
    SENDER,
    Card,
    class_label,
)
from .words import name_forms


class _Target:
    """Where rows are written: the catalogue's tables and the search engine's documents; and the numbering of
    the cards that become them (:class:`Cards`)."""

    def __init__(self, path: Path, cards: Cards) -> None:
        self.db = _connect(path)
        self.engine = EngineWriter(path.parent / DIRECTORY)
        self.cards = cards

    def write(self, batch: list[tuple[str, Card | bytes]]) -> None:
        """Catalogue each record of the batch (its IRI, its card) and write the rows."""
        for iri, card in batch:
            self.cards.add(iri, card)
        rows = self.cards.taken()
        self.engine.add(rows.pop("search", ()))
        _insert_rows(self.db, rows)

    def close(self) -> None:
        self.db.execute("COMMIT")
        self.db.close()
        self.engine.close()


def _connect(path: Path | str) -> sqlite3.Connection:
    """The catalogue opened for writing: one transaction, no journal (a failed build throws it away)."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -32000", "temp_store = MEMORY"):
        db.execute(f"PRAGMA {pragma}")
    db.execute("BEGIN")
    return db


def _insert_rows(db: sqlite3.Connection, rows: dict[str, list[Any]]) -> None:
    for table, statement in _INSERTS.items():
        if rows.get(table):
            db.executemany(statement, rows[table])


_INSERTS = {
    "entities": "INSERT INTO entities (id, iri, key, kind) VALUES (?, ?, ?, ?)",
    "documents": "INSERT INTO documents (id, iri, kind, title, summary, date, earliest, latest, classes) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "facets": "INSERT INTO facet_rows VALUES (?, ?, ?)",
    "numbers": "INSERT INTO numbers VALUES (?, ?, ?)",
    "parties": "INSERT INTO parties VALUES (?, ?, ?)",
    "holdings": "INSERT INTO holdings VALUES (?, ?, ?, ?, ?)",
}
_WRITING: _Target | None = None  # the writing process's


def _writer_started(path: str, cards: Cards) -> None:
    global _WRITING
    die_with_parent()
    collect_rarely()
    _WRITING = _Target(Path(path), cards)


def _written(batch: list[tuple[str, Card | bytes]]) -> None:
    assert _WRITING is not None
    _WRITING.write(batch)


def _writer_done() -> Cards:
    """Close the catalogue; the numbering, back to the build's process."""
    global _WRITING
    assert _WRITING is not None
    _WRITING.close()
    cards, _WRITING = _WRITING.cards, None
    return cards


class IndexWriter:
    """Fills the catalogue as the build publishes records; :meth:`finish` indexes the names.

    Cards are gathered here, a batch at a time, and from the second batch on made rows and written by a
    process of its own (:mod:`.cards`): full-text indexing costs about as much as converting a record, and
    in a thread of this process it fought the pipeline for the GIL (a 100k build lost a third of its
    speed); making the rows, and unpacking the cards, were the build process's work for every record
    carried over. A build of one batch writes it in process and starts nothing.
    """

    BATCH = 2000  # records per write

    def __init__(self, path: Path | str, base_uri: str) -> None:
        self.path = Path(path)
        self.path.unlink(missing_ok=True)
        shutil.rmtree(self.path.parent / DIRECTORY, ignore_errors=True)
        made = _connect(self.path)
        made.execute("COMMIT")
        made.executescript(SCHEMA)
        made.close()
        self._here: _Target | None = _Target(self.path, Cards(base_uri))  # while rows are written here
        self._db: sqlite3.Connection | None = None  # once every row is written: the tables, to index
        self._cards: Cards | None = None  # the numbering, once every row is written
        self._documents = 0
        self._batch: list[tuple[str, Card | bytes]] = []  # records not yet sent to be written
        self._process: ProcessPoolExecutor | None = None
        self._writing: Future[None] | None = None
        self._indexed = False

    def _write(self, last: bool = False) -> None:
        """Send the gathered cards to be written (after the batch before them is)."""
        batch, self._batch = self._batch, []
        if self._here is not None and (last or self._documents <= self.BATCH):
            self._here.write(batch)  # the first batch (or a build's only one): written here
            return
        if self._process is None:  # the second: hand the file over to a writing process
            assert self._here is not None
            cards = self._here.cards
            self._close_here()
            self._process = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_writer_started,
                initargs=(str(self.path), cards),
            )
        if self._writing is not None:
            self._writing.result()  # backpressure: one batch written while the next is gathered
        self._writing = self._process.submit(_written, batch)

    def _close_here(self) -> None:
        if self._here is not None:
            self._here.close()
            self._here = None

    def _settle(self) -> tuple[sqlite3.Connection, Cards]:
        """Everything gathered written, the writing process gone, and the file open here again."""
        if self._batch:
            self._write(last=True)
        if self._process is not None:
            if self._writing is not None:
                self._writing.result()
                self._writing = None
            self._cards = self._process.submit(_writer_done).result()
            self._process.shutdown()
            self._process = None
        if self._here is not None:  # never handed over: the tables stay open, the engine is complete
            self._here.engine.close()
            self._db, self._cards, self._here = self._here.db, self._here.cards, None
        elif self._db is None:
            self._db = _connect(self.path)
        assert self._cards is not None
        return self._db, self._cards

    def add(self, iri: str, card: Card | bytes) -> None:
        """Catalogue one published record from its card: a :class:`Card`, or one packed
        (:func:`lod.index.cards.packed_card`), as it came from a worker or from the published build."""
        assert self._db is None, "a document catalogued after the search index was complete"
        self._batch.append((iri, card))
        self._documents += 1
        if len(self._batch) >= self.BATCH:
            self._write()

    def describe(
        self,
        iri: str,
        label: str,
        names: Iterable[str],
        point: tuple[float, float] | None = None,
        times: list[tuple[str, int | None, int | None]] | None = None,
    ) -> None:
        """An entity's label and every name it goes by, as the build knows them at its end; a place's point
        and its names in time."""
        db, cards = self._settle()
        number = cards.entity(iri)
        _insert_rows(db, cards.taken())  # the entity's row is written before it is described
        names = sorted(set(names) - {label}, key=str.casefold)
        latitude, longitude = point or (None, None)
        db.execute(
            "UPDATE entities SET label = ?, names = ?, variants = ?, latitude = ?, longitude = ?, times = ? "
            "WHERE id = ?",
            (
                label,
                name_forms([label, *names]),
                "; ".join(names),
                latitude,
                longitude,
                json.dumps(times) if times else None,
                number,
            ),
        )

    def threads(self) -> Iterator[tuple[str, str, dict[str, list[str]]]]:
        """(document, the document it answers or continues, the classes of both as published): each reply
        number matched to the telegram it names, when that telegram is in the catalogue.

        "Your 1295" names a telegram the addressee sent; "my 2390" (or "In addition to my No. 2390") one
        the sender sent. Numbers come round again, so the match is the latest such telegram on or before
        the reply's date, within a year of it (of two on that day, the one catalogued first).
        """
        db = self._index()
        # telegrams sent by number, sender and date: a reply's candidates looked up, not scanned (35 s -> 1.2 s at 300k)
        db.execute(
            f"""CREATE TEMP TABLE sent_numbers AS SELECT n.number, p.value AS sender, d.earliest, n.doc
                FROM numbers n JOIN parties p ON p.doc = n.doc AND p.side = {SENDER}
                JOIN documents d ON d.id = n.doc WHERE n.role = {OWN} AND d.earliest IS NOT NULL"""
        )
        db.execute("CREATE INDEX temp.sent_numbers_by_key ON sent_numbers (number, sender, earliest)")
        found = db.execute(
            f"""SELECT r.doc, r.role, (
                    SELECT o.doc FROM sent_numbers o
                    WHERE o.number = r.number AND o.doc != r.doc
                      AND o.sender IN (SELECT value FROM parties WHERE doc = r.doc
                          AND side = CASE r.role WHEN {REPLY} THEN {ADDRESSEE} ELSE {SENDER} END)
                      AND o.earliest <= da.earliest AND o.earliest >= date(da.earliest, '-1 year')
                    ORDER BY o.earliest DESC, o.doc LIMIT 1)
                FROM numbers r JOIN documents da ON da.id = r.doc
                WHERE r.role IN ({REPLY}, {REFERENCE}) AND da.earliest IS NOT NULL"""
        ).fetchall()
        pairs = [(doc, target, role) for doc, role, target in found if target is not None]
        db.executemany("INSERT OR IGNORE INTO replies VALUES (?, ?, ?)", pairs)
        ends = {
            doc: (iri, classes.split())
            for doc, iri, classes in db.execute(
                "SELECT id, iri, classes FROM documents "
                "WHERE id IN (SELECT doc FROM replies UNION SELECT to_doc FROM replies)"
            )
        }
        for doc, target, _ in pairs:
            (iri, classes), (earlier, its_classes) = ends[doc], ends[target]
            yield iri, earlier, {iri: classes, earlier: its_classes}

    def _index(self) -> sqlite3.Connection:
        """Index the tables once they are filled (faster than keeping indexes up to date row by row)."""
        db, _ = self._settle()
        if not self._indexed:
            for statement in INDEXES.split(";"):  # not executescript: it would commit first
                if statement.strip():
                    db.execute(statement)
            self._indexed = True
        return db

    def finish(self) -> None:
        """Index the entities' names and count their documents, and close."""
        db = self._index()
        for iri, label in db.execute("SELECT iri, label FROM entities WHERE kind = 'class'").fetchall():
            if not label:
                db.execute("UPDATE entities SET label = ? WHERE iri = ?", (class_label(iri), iri))
        db.create_function("searchable", 1, searchable, deterministic=True)
        db.execute(
            "UPDATE entities SET documents = counted.n FROM (SELECT value, count(DISTINCT doc) AS n FROM facets "
            f"WHERE facet != {FACETS['year'][0]} GROUP BY value) AS counted WHERE counted.value = entities.id"
        )
        db.execute(
            "INSERT INTO entity_text (rowid, label, names) SELECT id, searchable(coalesce(label, '')), names "
            "FROM entities"
        )
        db.execute("COMMIT")
        db.execute("PRAGMA optimize")
        db.close()
        self._db = None

    def close(self) -> None:
        """Stop writing (a failed build: its directory, the catalogue with it, is removed)."""
        if self._process is not None:
            self._process.shutdown(wait=True, cancel_futures=True)
            self._process = None
        if self._here is not None:  # dropped, not committed: the build's directory goes with it
            self._here.db.close()
            self._here = None
        if self._db is not None:
            self._db.close()
            self._db = None
