"""Each record's history across builds: when its own statements last changed, and when it was withdrawn.

A harvester comes back for what changed since its last visit (OAI-PMH ``from=``). A record's datestamp
is therefore the time its content last changed, not the time of the build that published it again: the
build compares each record's fingerprint (its own statements, :func:`~lod.build.fingerprints.fingerprint`)
with the one the published build kept, and keeps the old datestamp where they agree. A record the
published build had and this one does not is kept as withdrawn, with the time it went, so that a
harvester is told it is gone (``deletedRecord`` is ``persistent``); one that comes back is live again.

The history is a file of the build (``history.sqlite``) that the next build starts from, published with
the reading room's files. Copied from the published build, then brought up to date record by record;
a build that fails throws its copy away with the rest.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> first = History(folder / "1.sqlite", None, "2026-01-01T00:00:00Z")
>>> first.datestamp("http://x/a", b"v1"), first.datestamp("http://x/b", b"v1")
('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')
>>> first.keep("http://x/a", b"v1", "2026-01-01T00:00:00Z", b"s1")  # new: not stated so before
False
>>> first.keep("http://x/b", b"v1", "2026-01-01T00:00:00Z")
False
>>> first.close()
>>> second = History(folder / "2.sqlite", folder / "1.sqlite", "2026-02-01T00:00:00Z")
>>> second.datestamp("http://x/a", b"v1"), second.datestamp("http://x/a", b"v2")
('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')
>>> second.keep("http://x/a", b"v2", "2026-02-01T00:00:00Z", b"s1")  # stated as the published build stated it
True
>>> second.unseen(), second.withdrawn()
(['http://x/b'], 1)
>>> second.close()
>>> [(e.iri, e.modified, e.deleted) for e in listing(folder / "2.sqlite", None, None, None)[1]]
[('http://x/a', '2026-02-01T00:00:00Z', False), ('http://x/b', '2026-02-01T00:00:00Z', True)]
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FILENAME = "history.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (iri TEXT PRIMARY KEY, fingerprint BLOB NOT NULL, modified TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, seen INTEGER NOT NULL DEFAULT 0, stated BLOB) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_by_time ON records (modified);
-- the OAI-PMH sets a record was in when last published (a withdrawn record is listed in them as gone)
CREATE TABLE IF NOT EXISTS sets (spec TEXT NOT NULL, iri TEXT NOT NULL, PRIMARY KEY (spec, iri)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sets_by_record ON sets (iri);
"""


@dataclass(frozen=True)
class Entry:
    """A record as the history knows it: its IRI, when it last changed (or went), and whether it is gone."""

    iri: str
    modified: str
    deleted: bool


def now(fixed: str = "") -> str:
    """A build's time in the protocol's UTC seconds: ``fixed`` (the LOD_BUILD_TIME setting) or the clock's."""
    return fixed or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class History:
    """The records' history, brought up to date by one build: ``now`` is the build's time (UTC seconds)."""

    def __init__(self, path: Path | None, previous: Path | None, now: str) -> None:
        if path is not None:  # None: a history held in memory, for a build that publishes nothing
            path.unlink(missing_ok=True)
            if previous is not None and previous.exists():
                shutil.copyfile(previous, path)
        self.now = now
        # what the history said of a record when it was dated, until it is kept: (stated, deleted), or None
        self._dated: dict[str, tuple[bytes | None, int] | None] = {}
        self._db = sqlite3.connect(path or ":memory:", isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -16000"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(records)")}
        if "stated" not in columns:  # a history kept before the statements were digested
            self._db.execute("ALTER TABLE records ADD COLUMN stated BLOB")
        self._db.execute("BEGIN")
        self._db.execute("UPDATE records SET seen = 0 WHERE seen != 0")

    def datestamp(self, iri: str, fingerprint: bytes) -> str:
        """When this record's content last changed: the time the history kept when its fingerprint is the
        one kept (and it was not withdrawn since), else now."""
        row = self._db.execute(
            "SELECT fingerprint, modified, deleted, stated FROM records WHERE iri = ?", (iri,)
        ).fetchone()
        self._dated[iri] = (row[3], row[2]) if row is not None else None  # asked again when it is kept
        if row is not None and bytes(row[0]) == fingerprint and not row[2]:
            return str(row[1])
        return self.now

    def keep(self, iri: str, fingerprint: bytes, modified: str, stated: bytes = b"") -> bool:
        """The record is published by this build, with this content, changed last at ``modified``; ``stated``:
        a digest of its statements as published (the build's name aside). True when the published build
        published it with those very statements."""
        row = self._dated.pop(iri) if iri in self._dated else self._row(iri)
        self._db.execute(
            "INSERT INTO records (iri, fingerprint, modified, deleted, seen, stated) VALUES (?, ?, ?, 0, 1, ?) "
            "ON CONFLICT (iri) DO UPDATE SET fingerprint = excluded.fingerprint, modified = excluded.modified, "
            "deleted = 0, seen = 1, stated = excluded.stated",
            (iri, fingerprint, modified, stated or None),
        )
        return bool(stated) and row is not None and not row[1] and row[0] is not None and bytes(row[0]) == stated

    def _row(self, iri: str) -> tuple[bytes | None, int] | None:
        row = self._db.execute("SELECT stated, deleted FROM records WHERE iri = ?", (iri,)).fetchone()
        return (row[0], row[1]) if row is not None else None

    def unseen(self) -> list[str]:
        """The records the published build had and this one has not published (so far)."""
        return [iri for (iri,) in self._db.execute("SELECT iri FROM records WHERE seen = 0 AND deleted = 0")]

    def sets_from(self, catalogue: Path, memberships: str) -> None:
        """The OAI-PMH sets of every record this build published, as the catalogue has them (``memberships``:
        the catalogue's query of (set, IRI) rows); a withdrawn record keeps those it was last in."""
        self._db.execute("ATTACH DATABASE ? AS catalogue", (str(catalogue),))
        self._db.execute("DELETE FROM sets WHERE iri IN (SELECT iri FROM records WHERE seen = 1)")
        self._db.execute(f"INSERT OR IGNORE INTO sets (spec, iri) {memberships}")
        self._db.execute("COMMIT")  # a database is detached outside a transaction
        self._db.execute("DETACH DATABASE catalogue")
        self._db.execute("BEGIN")

    def withdrawn(self) -> int:
        """Mark every record this build did not publish as withdrawn now (those withdrawn before keep their
        time); how many went with this build."""
        gone = self._db.execute(
            "UPDATE records SET deleted = 1, modified = ? WHERE seen = 0 AND deleted = 0", (self.now,)
        )
        return gone.rowcount

    def close(self) -> None:
        """Keep the history as it stands (a build withdraws what it did not publish first, :meth:`withdrawn`)."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        self._db.close()


def _where(since: str | None, until: str | None, spec: str | None, after: str) -> tuple[str, list[object]]:
    clauses: list[str] = ["r.iri > ?"]
    params: list[object] = [after]
    if since:
        clauses.append("r.modified >= ?")
        params.append(since)
    if until:
        clauses.append("substr(r.modified, 1, ?) <= ?")
        params += [len(until), until]
    if spec:
        clauses.append("r.iri IN (SELECT iri FROM sets WHERE spec = ?)")
        params.append(spec)
    return " AND ".join(clauses), params


def listing(
    path: Path, since: str | None, until: str | None, spec: str | None, after: str = "", size: int = 100
) -> tuple[int, list[Entry]]:
    """Records changed (or withdrawn) from ``since`` to ``until`` (inclusive, compared as the protocol's UTC
    strings of either granularity), in ``spec``'s set: how many in all from the start, and a page of them
    in the order of their IRIs from the one after ``after``."""
    where, params = _where(since, until, spec, "")
    with _reading(path) as db:
        total = int(db.execute(f"SELECT count(*) FROM records r WHERE {where}", params).fetchone()[0])
        where, params = _where(since, until, spec, after)
        rows = db.execute(
            f"SELECT r.iri, r.modified, r.deleted FROM records r WHERE {where} ORDER BY r.iri LIMIT ?", [*params, size]
        ).fetchall()
    return total, [Entry(str(iri), str(modified), bool(deleted)) for iri, modified, deleted in rows]


def entry(path: Path, iri: str) -> Entry | None:
    """One record of the history (published or withdrawn), or None if no build ever published it."""
    with _reading(path) as db:
        row = db.execute("SELECT iri, modified, deleted FROM records WHERE iri = ?", (iri,)).fetchone()
    return None if row is None else Entry(str(row[0]), str(row[1]), bool(row[2]))


def sets_of(path: Path, iris: list[str]) -> dict[str, list[str]]:
    """The sets each record was in when it was last published."""
    found: dict[str, list[str]] = {iri: [] for iri in iris}
    with _reading(path) as db:
        marks = ",".join("?" * len(iris))
        for spec, iri in db.execute(f"SELECT spec, iri FROM sets WHERE iri IN ({marks}) ORDER BY spec", iris):
            found[str(iri)].append(str(spec))
    return found


def earliest(path: Path) -> str | None:
    """The earliest datestamp of the history."""
    with _reading(path) as db:
        row = db.execute("SELECT min(modified) FROM records").fetchone()
    return None if row is None or row[0] is None else str(row[0])


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        yield db
    finally:
        db.close()
