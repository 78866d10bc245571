"""Writing the index as the build publishes records: documents, entities, facets, numbers, holdings,
replies and full text, in batches, from the second batch on in a process of its own."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..processes import die_with_parent
from ..text import searchable
from .citations import number_keys, reference_keys
from .engine import DIRECTORY, EngineWriter, entry
from .schema import (
    ADDRESSEE,
    DOCUMENT,
    FACETS,
    INDEXES,
    OWN,
    REFERENCE,
    REPLY,
    SCHEMA,
    SENDER,
    TERMS,
    Card,
    class_label,
    day_span,
    entity_key,
)
from .words import name_forms

_P = TERMS  # the terms the catalogue reads, as IRIs


class _Target:
    """Where rows are written: the catalogue's tables and the search engine's documents."""

    def __init__(self, path: Path) -> None:
        self.db = _connect(path)
        self.engine = EngineWriter(path.parent / DIRECTORY)

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


def _insert(target: _Target, rows: dict[str, list[Any]]) -> None:
    target.engine.add(rows.pop("search", ()))
    _insert_rows(target.db, rows)


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


def _writer_started(path: str) -> None:
    global _WRITING
    die_with_parent()
    _WRITING = _Target(Path(path))


def _written(rows: dict[str, list[Any]]) -> None:
    assert _WRITING is not None
    _insert(_WRITING, rows)


def _writer_done() -> None:
    global _WRITING
    if _WRITING is not None:
        _WRITING.close()
        _WRITING = None


class IndexWriter:
    """Fills the catalogue as the build publishes records; :meth:`finish` indexes the names.

    Rows are gathered here, a batch at a time, and from the second batch on written by a process of
    its own: full-text indexing costs about as much as converting a record, and in a thread of this
    process it fought the pipeline for the GIL (a 100k build lost a third of its speed). Documents
    and entities are numbered here, so nothing waits for SQLite to hand a number back. A build of one
    batch writes it in process and starts nothing.
    """

    BATCH = 2000  # records per write

    def __init__(self, path: Path | str, base_uri: str) -> None:
        self.path = Path(path)
        self.path.unlink(missing_ok=True)
        shutil.rmtree(self.path.parent / DIRECTORY, ignore_errors=True)
        self.base = base_uri
        made = _connect(self.path)
        made.execute("COMMIT")
        made.executescript(SCHEMA)
        made.close()
        self._here: _Target | None = _Target(self.path)  # while the rows are written in this process
        self._db: sqlite3.Connection | None = None  # once every row is written: the tables, to index
        self._entities: dict[str, int] = {}
        self._keys: set[str] = set()
        self._documents = 0
        self._rows: dict[str, list[Any]] = defaultdict(list)  # table -> rows not yet written
        self._process: ProcessPoolExecutor | None = None
        self._writing: Future[None] | None = None
        self._indexed = False

    def entity(self, iri: str) -> int:
        """The entity's number in the catalogue (its labels come with :meth:`describe`)."""
        number = self._entities.get(iri)
        if number is None:
            key, kind = entity_key(iri, self.base)
            if key in self._keys:  # two classes of one local name in different vocabularies
                key = iri
            self._keys.add(key)
            number = self._entities[iri] = len(self._entities) + 1
            self._rows["entities"].append((number, iri, key, kind))
        return number

    def _write(self, last: bool = False) -> None:
        """Send the gathered rows to be written (after the batch before them is)."""
        rows, self._rows = self._rows, defaultdict(list)
        if self._db is not None:  # settled: only entities named late (by descriptions) come now
            assert not rows.get("search"), "a document catalogued after the search index was complete"
            _insert_rows(self._db, rows)
            return
        if self._here is not None and (last or self._documents <= self.BATCH):
            _insert(self._here, rows)  # the first batch (or a build's only one): written here
            return
        if self._process is None:  # the second: hand the file over to a writing process
            self._close_here()
            self._process = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_writer_started,
                initargs=(str(self.path),),
            )
        if self._writing is not None:
            self._writing.result()  # backpressure: one batch written while the next is gathered
        self._writing = self._process.submit(_written, rows)

    def _close_here(self) -> None:
        if self._here is not None:
            self._here.close()
            self._here = None

    def _settle(self) -> sqlite3.Connection:
        """Everything gathered written, the writing process gone, and the file open here again."""
        if self._rows:
            self._write(last=True)
        if self._process is not None:
            if self._writing is not None:
                self._writing.result()
                self._writing = None
            self._process.submit(_writer_done).result()
            self._process.shutdown()
            self._process = None
        if self._here is not None:  # never handed over: the tables stay open, the engine is complete
            self._here.engine.close()
            self._db, self._here = self._here.db, None
        elif self._db is None:
            self._db = _connect(self.path)
        return self._db

    def add(self, iri: str, card: Card) -> None:
        """Catalogue one published record from its card: its statements by predicate, and its parts' (copies,
        archival references) by subject and predicate, as the converter wrote them."""
        statements, parts = card.statements, card.parts

        def values(predicate: str) -> list[str]:
            return statements.get(predicate, [])

        def first(predicate: str) -> str | None:
            found = statements.get(predicate)
            return found[0] if found else None

        date = first(_P.date)
        earliest, latest = first(_P.earliestDate), first(_P.latestDate)
        span = day_span(date) if date else None
        earliest = earliest or (span[0] if span else None)
        latest = latest or (span[1] if span else None)
        kinds = [k for k in values(_P.type) if k != DOCUMENT]
        kind = class_label(kinds[0]).lower() if kinds else "document"  # "press release"
        self._documents += 1
        doc = self._documents
        table = self._rows
        classes = " ".join(values(_P.type))  # as published: what a thread link found later is checked against
        table["documents"].append(
            (doc, iri, kind, first(_P.title), first(_P.description), date, earliest, latest, classes)
        )
        rows: set[tuple[int, int]] = set()
        if earliest:
            rows.add((FACETS["year"][0], int(earliest[:4])))
        senders = values(_P.sender) or values(_P.creator)
        for facet, found in (
            ("kind", kinds),
            ("sender", senders),
            ("addressee", values(_P.addressee)),
            ("place", values(_P.sentFrom) + values(_P.sentTo)),
            ("classification", values(_P.classification)),
        ):
            rows.update((FACETS[facet][0], self.entity(value)) for value in found)
        for mentioned in values(_P.mentions):
            kind_of = entity_key(mentioned, self.base)[1]
            if kind_of in ("place", "person"):
                rows.add((FACETS[kind_of][0], self.entity(mentioned)))
        for part in parts.values():
            if _P.recipient in part:
                rows.add((FACETS["copy"][0], self.entity(part[_P.recipient])))
            if _P.archive in part:
                archive = self.entity(part[_P.archive])
                rows.add((FACETS["archive"][0], archive))
                levels = [part.get(level) for level in (_P.fond, _P.opis, _P.delo)]
                table["holdings"].append((doc, archive, *levels))
        table["facets"] += [(f, v, doc) for f, v in rows]
        # each side of the exchange by every name it has: the person, the post, the body ("Deptel 4271" was
        # sent by Dulles for the Department; the Embassy's reply is addressed to the Department)
        sides = (
            (SENDER, _P.sender, _P.senderPost, _P.creator),
            (ADDRESSEE, _P.addressee, _P.addresseePost),
        )
        for side, *predicates in sides:
            named = sorted({v for predicate in predicates for v in values(predicate)})
            table["parties"] += [(doc, side, self.entity(v)) for v in named]
        numbers = table["numbers"]
        numbers += [(doc, n, OWN) for n in values(_P.telegramNumber) + values(_P.outgoingNumber)]
        numbers += [(doc, n, REPLY) for n in values(_P.inReplyToNumber)]
        numbers += [(doc, n, REFERENCE) for n in values(_P.referenceNumber)]
        written = values(_P.addressedAs) + values(_P.signedAs)
        body = values(_P.bodyText) + values(_P.editorialNote)
        own = values(_P.telegramNumber) + values(_P.outgoingNumber)
        refs = number_keys(own)
        copies: list[int] = []
        for part in parts.values():
            if _P.recipient in part:
                copies.append(self.entity(part[_P.recipient]))
            if _P.archive in part:
                held = entity_key(part[_P.archive], self.base)[0]  # "archive/aprf"
                fond, opis, delo, code, group = (
                    part.get(p) for p in (_P.fond, _P.opis, _P.delo, _P.referenceCode, _P.recordGroup)
                )
                refs += [key for key in reference_keys(held, fond, opis, delo, code, group) if key not in refs]

        def places(predicate: str) -> list[int]:
            return [self.entity(v) for v in values(predicate)]

        texts = (first(_P.title) or "", " ".join(values(_P.description)), " ".join(body), written)
        table["search"].append(
            entry(
                doc,
                texts,  # folded where it is written (the writing process, from the second batch on)
                rows,
                earliest,
                latest,
                refs,
                [self.entity(v) for v in senders],
                [self.entity(v) for v in values(_P.addressee)],
                copies,
                (places(_P.sentFrom), places(_P.sentTo), places(_P.inferredSentTo)),
            )
        )
        if len(table["documents"]) >= self.BATCH:
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
        number = self.entity(iri)
        db = self._settle()  # the entity's row is written before it is described
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
        db = self._settle()
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
