"""What the published build converted each record to, carried over when nothing it was made from changed.

A record's statements and verdict are made from the record as read, from how its names resolved
(the entities, and the forms written that say more than their labels: :func:`made_from`) and from
the build's basis (the code, the shapes, the vocabulary, the authority files, the base and the
partners: :func:`basis`). Every record is still resolved in order, because what the records teach
the authority depends on their order: record by record, the authority stands as it stands in a full
build (a record met again in the same state replays what it taught: :mod:`lod.build.journal`). A
record whose reading and resolution are the ones the published build kept is not converted,
dated or validated again: its statements, fingerprint and verdict come from the published build's
``conversions.sqlite``, with this build's IRI, its source file's and where in it the record is.

A verdict is kept with the statements it was given on. A record is checked with the descriptions of
what it names, but what the shapes ask of those is their class, which the IRI fixes (the kind), and
one preferred label, which every description has: the descriptions are checked again at the end of
every build, and one that broke a rule would stop it (:meth:`Pipeline._checked_descriptions`).

A change of basis carries nothing, and the build says which part changed; ``--full`` asks for the same.

>>> import tempfile
>>> from lod.index.schema import Card
>>> folder = Path(tempfile.mkdtemp())
>>> first = Conversions(folder / "1.sqlite", None, {"code": "a"})
>>> first.by("http://x/id/build/1")
>>> where = ("http://x/id/source/1", "http://x/r", "")
>>> data = b'<http://x/r> <http://x/p> <http://x/id/build/1> .\\n'
>>> first.keep(b"made", keeping(data, Card(), "http://x/id/build/1", *where), b"f", [], [])
>>> first.close()
>>> second = Conversions(folder / "2.sqlite", folder / "1.sqlite", {"code": "a"})
>>> second.by("http://x/id/build/2")
>>> second.carried(b"made", "http://x/id/source/2", "http://x/r", "").data
b'<http://x/r> <http://x/p> <http://x/id/build/2> .\\n'
>>> Conversions(folder / "3.sqlite", folder / "2.sqlite", {"code": "b"}).why
'the code changed'
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import sqlite3
from array import array
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .. import __version__
from ..compressed import compress, decompress
from ..convert import located
from ..index.cards import packed_card
from ..index.schema import Card
from ..rdf import ntriples
from ..record import digest
from ..resolved import Resolved
from ..settings import Settings
from ..validation import Finding
from .fingerprints import all_files, sha256
from .report import Report

FILENAME = "conversions.sqlite"
MADE = 20  # bytes of what a conversion is made from (lod.record.digest)
KEPT_BUILD, _SOURCE = b"<urn:x-lod:build>", b"<urn:x-lod:source>"  # this build's IRIs, as kept

_SCHEMA = """
CREATE TABLE IF NOT EXISTS basis (part TEXT PRIMARY KEY, digest TEXT NOT NULL);
-- what each file of records was read as (lod.sources.packed), by its name and content: a reader may read the name
CREATE TABLE IF NOT EXISTS readings (file TEXT PRIMARY KEY, items BLOB NOT NULL);
-- what resolving each record taught, by the record and the authority's state (lod.build.journal)
CREATE TABLE IF NOT EXISTS journals (key BLOB PRIMARY KEY, journal BLOB NOT NULL);
-- a file's records kept whole, by its name, its content and the state its first came in (lod.build.files)
CREATE TABLE IF NOT EXISTS files (key BLOB PRIMARY KEY, records BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS conversions (made BLOB NOT NULL UNIQUE, data BLOB NOT NULL, card BLOB NOT NULL,
    fingerprint BLOB NOT NULL, entities TEXT NOT NULL, findings TEXT NOT NULL);
"""
_COLUMNS = "data, card, fingerprint, entities, findings"
_ROW = f"INSERT OR REPLACE INTO conversions (made, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"
#: a conversion as kept (:func:`keeping`): its statements and its card, compressed
Keeping = tuple[bytes, bytes]


@dataclass(frozen=True)
class Kept:
    """A record's conversion as the published build made it: N-Triples with this build's IRIs, its
    catalogue card, its fingerprint, the IRIs of the entities it names (in the order named) and its
    verdict's findings."""

    data: bytes
    card: bytes  # packed (lod.index.cards.packed_card): the catalogue's writer unpacks it
    fingerprint: bytes
    entities: list[str]
    findings: list[Finding]
    row: int = 0  # its row in the published build's file, kept (not pruned) when this build closes


def basis(settings: Settings) -> dict[str, str]:
    """What every conversion and verdict is made from beside the records, part by part, as digests."""
    code = Path(__file__).resolve().parents[1]

    def files(*paths: Path) -> str:
        return hashlib.sha256("".join(f"{p.name} {sha256(p)}\n" for p in sorted(all_files(paths))).encode()).hexdigest()

    return {
        "code": hashlib.sha256(f"{__version__}\n{files(*sorted(code.rglob('*.py')))}".encode()).hexdigest(),
        "shapes": files(Path(settings.shapes)),
        "vocabulary": files(Path(settings.ontology)),
        "authority files": files(Path(settings.authorities)),
        "base URI": settings.base_uri,
        "partners": settings.partners,
        "validator": settings.validator,
    }


def made_from(resolved: Resolved) -> bytes:
    """A digest of all a record's conversion is made from but the basis: the record as read (but where its
    file is, and where in its file it is: a line before it may have gone), the IRI of every entity its
    names resolved to, and the forms written its statements keep (``tg:sentAs``...)."""
    return digest([resolved.record.as_read(), *(getattr(resolved, name) for name in _RESOLVED)])


_RESOLVED = [f.name for f in dataclasses.fields(Resolved) if f.name != "record"]


class Conversions:
    """The conversions this build makes or carries (``path``), and the published build's (``previous``)."""

    def __init__(self, path: Path | None, previous: Path | None, parts: dict[str, str], full: bool = False) -> None:
        self._build = b""
        self.why = ""  # why nothing is carried over, when nothing is
        self._previous: sqlite3.Connection | None = None
        # the published build's rows carried over (their rowids, in the order taken), kept when the build closes
        self._again: dict[str, array[int]] = {
            name: array("q") for name in ("conversions", "readings", "journals", "files")
        }
        # conversions carried over with a file kept whole, by what made them (digests of MADE bytes, end to end)
        self._again_made = bytearray()
        if full:
            self.why = "a full build was asked for (--full)"
        elif previous is None:
            self.why = "no build was published before"
        elif not previous.exists():
            self.why = "the published build kept no conversions"
        else:
            # the published build's file is never written again: read without locking it (a lock a lookup)
            uri = f"file:{previous}?mode=ro&immutable=1"
            self._previous = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._previous.execute("PRAGMA cache_size = -65536")
            kept = dict(self._previous.execute("SELECT part, digest FROM basis").fetchall())
            changed = [part for part in parts if kept.get(part) != parts[part]]
            if changed:
                self.why = f"the {' and the '.join(changed)} changed"
                self._previous.close()
                self._previous = None
        # the published build's rows, up to these rowids, in a copy of its file: those not carried over go
        # when the build closes (a row written again by this build replaces the published one)
        self._published_rows: dict[str, int] = {}
        if path is not None:
            path.unlink(missing_ok=True)
            if self._previous is not None and previous is not None:
                shutil.copyfile(previous, path)  # a copy of 1 GB costs less than its rows copied one by one
        self._db = sqlite3.connect(path or ":memory:", isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -65536"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(_SCHEMA)
        if path is not None and self._previous is not None:
            for table in self._again:
                self._published_rows[table] = self._db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
        self._db.execute("BEGIN")
        self._db.execute("DELETE FROM basis")
        self._db.executemany("INSERT INTO basis (part, digest) VALUES (?, ?)", parts.items())

    def by(self, build: str) -> None:
        """The build's IRI, known once it has seen its inputs: what a kept conversion is informed by."""
        self._build = f"<{build}>".encode()

    @property
    def build(self) -> bytes:
        """The build's IRI, as N-Triples write it."""
        return self._build

    def carried(self, made: bytes, source: str, iri: str, locator: str) -> Kept | None:
        """The published build's conversion of the record made from ``made`` (:func:`made_from`), as this
        build publishes it: read from ``source`` (its PROV entity's IRI), at ``locator`` in it, the record
        ``iri``; None when it has none."""
        if self._previous is None:
            return None
        row = self._previous.execute(f"SELECT rowid, {_COLUMNS} FROM conversions WHERE made = ?", (made,)).fetchone()
        if row is None:
            return None
        number, statements, card, fingerprint, entities, findings = row
        data = decompress(statements).replace(KEPT_BUILD, self._build).replace(_SOURCE, f"<{source}>".encode())
        data += _located(iri, locator)
        named = entities.split("\n") if entities else []
        return Kept(data, bytes(card), bytes(fingerprint), named, findings_of(findings), number)

    def reading(self, file: str) -> Callable[[], bytes] | None:
        """The published build's reading of the file (its name and content digest, as ``file``), kept again;
        read when called (a file carried over whole is not unpacked: :mod:`lod.build.files`)."""
        row = self._again_row("readings", "file", file)
        return partial(self._at, "readings", "items", row[0]) if row is not None else None

    def journal(self, key: bytes) -> bytes | None:
        """The published build's journal of a record (:func:`lod.build.journal.journal_key`), kept again."""
        return self._again_from("journals", "key", "journal", key)

    def file(self, key: bytes) -> bytes | None:
        """The published build's records of a file kept whole (:func:`lod.build.files.file_key`), kept again."""
        return self._again_from("files", "key", "records", key)

    def _again_from(self, table: str, key: str, column: str, value: str | bytes) -> bytes | None:
        """One value the published build kept in ``table``, by its ``key``; its row to be kept again."""
        found = self._again_row(table, key, value, f", {column}")
        return bytes(found[1]) if found is not None else None

    def _again_row(self, table: str, key: str, value: str | bytes, columns: str = "") -> tuple[Any, ...] | None:
        """The row the published build kept in ``table`` under ``key`` (its rowid, then ``columns``), to be
        kept again."""
        if self._previous is None:
            return None
        try:
            row = self._previous.execute(f"SELECT rowid{columns} FROM {table} WHERE {key} = ?", (value,)).fetchone()
        except sqlite3.OperationalError:  # kept by a build that kept no such table
            return None
        if row is not None:
            self._again[table].append(row[0])
        return tuple(row) if row is not None else None

    def _at(self, table: str, column: str, row: int) -> bytes:
        assert self._previous is not None
        return bytes(self._previous.execute(f"SELECT {column} FROM {table} WHERE rowid = ?", (row,)).fetchone()[0])

    def keep_journal(self, key: bytes, journal: bytes) -> None:
        """What resolving a record taught, for the next build to replay."""
        self._db.execute("INSERT OR REPLACE INTO journals (key, journal) VALUES (?, ?)", (key, journal))

    def keep_file(self, key: bytes, records: bytes) -> None:
        """A file's records kept whole, for the next build to take at once."""
        self._db.execute("INSERT OR REPLACE INTO files (key, records) VALUES (?, ?)", (key, records))

    def keep_again_made(self, made: bytes) -> None:
        """A conversion carried over with its file, kept for the next build as the published build kept it
        (by what it is made from: a file kept whole does not know its row)."""
        assert len(made) == MADE, "what a conversion is made from is a digest of MADE bytes"
        self._again_made += made

    def keep_reading(self, file: str, items: bytes) -> None:
        """A file's reading, for the next build to take instead of reading the file again."""
        self._db.execute("INSERT OR REPLACE INTO readings (file, items) VALUES (?, ?)", (file, items))

    def keep_again(self, kept: Kept) -> None:
        """A conversion carried over, kept for the next build as the published build kept it."""
        self._again["conversions"].append(kept.row)

    def keep(
        self, made: bytes, kept: Keeping, fingerprint: bytes, entities: list[str], findings: list[Finding]
    ) -> None:
        """A record's conversion as this build made it (:func:`keeping`), for the next build to carry over."""
        self._db.execute(_ROW, (made, *kept, fingerprint, "\n".join(entities), findings_text(findings)))

    def close(self) -> None:
        """Take out of the copy of the published build's file what this build did not carry over (one
        statement a table, not one a record), and close both."""
        if self._previous is not None:
            self._previous.close()
        if self._published_rows:
            self._prune()
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        self._db.close()

    def _prune(self) -> None:
        made = self._again_made
        self._db.execute("CREATE TEMP TABLE again_made (made BLOB PRIMARY KEY)")
        self._db.executemany(
            "INSERT OR IGNORE INTO again_made VALUES (?)", ((made[at : at + MADE],) for at in range(0, len(made), MADE))
        )
        for table, last in self._published_rows.items():
            self._db.execute(f"CREATE TEMP TABLE again_{table} (row INTEGER PRIMARY KEY)")
            rows = self._again[table]
            self._db.executemany(f"INSERT OR IGNORE INTO again_{table} VALUES (?)", ((row,) for row in rows))
            by_made = " AND made NOT IN (SELECT made FROM again_made)" if table == "conversions" else ""
            self._db.execute(
                f"DELETE FROM {table} WHERE rowid <= ? AND rowid NOT IN (SELECT row FROM again_{table}){by_made}",
                (last,),
            )


class Readings:
    """The published build's readings of the files (:class:`lod.sources.Readings`), by each file's name and
    content (``digests``: by path, as the build hashed them)."""

    def __init__(self, conversions: Conversions, digests: dict[str, str], report: Report) -> None:
        self._conversions = conversions
        self._digests = digests
        self._report = report

    def _file(self, path: Path) -> str | None:
        digest = self._digests.get(str(path))
        return f"{path.name} {digest}" if digest is not None else None

    def reading(self, path: Path) -> Callable[[], bytes] | None:
        file = self._file(path)
        kept = self._conversions.reading(file) if file is not None else None
        self._report.files_carried += kept is not None
        return kept

    def keep_reading(self, path: Path, reading: bytes) -> None:
        file = self._file(path)
        if file is not None:
            self._conversions.keep_reading(file, reading)


def keeping(data: bytes, card: Card | bytes, build: str, source: str, iri: str, locator: str) -> Keeping:
    """A record's conversion as it is kept for the next build, compressed (made where it is converted, on a
    worker): its statements without this build's IRI, its source file's (``build``, ``source``) and where in
    the file it is (``iri``, ``locator``), which the next build may read it from elsewhere; its card."""
    general = data.removesuffix(_located(iri, locator))
    general = general.replace(f"<{build}>".encode(), KEPT_BUILD).replace(f"<{source}>".encode(), _SOURCE)
    return compress(general), packed_card(card)


def findings_text(findings: list[Finding]) -> str:
    """A verdict's findings as they are kept (JSON)."""
    return json.dumps([asdict(f) for f in findings])


def findings_of(text: str) -> list[Finding]:
    """A verdict's findings as :func:`findings_text` kept them."""
    return [Finding(**finding) for finding in json.loads(text)]


def _located(iri: str, locator: str) -> bytes:
    """The statement of where in its file a record was read, as the converter writes it: its last."""
    return ntriples([ox.Triple(*located(iri, locator))]) if locator else b""
