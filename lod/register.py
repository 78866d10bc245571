"""The build's accession register: every source file and record key taken in, kept on disk.

A build must remember what it has already published, to publish a record read twice (from two
exports) once and to refuse a different record under a key already taken, and which files it has
named as sources. Kept in Python dictionaries, that memory grew by about half a kilobyte a record:
half a gigabyte at a million records. Kept here, in SQLite beside the build (journal off: the
register is thrown away with a failed build), it costs the build a few microseconds a record and
its memory stays flat; the page cache is bounded.

>>> register = Register()
>>> register.file("a.xml", "http://x/id/source/1"), register.file("a.xml", "ignored")
((1, 'http://x/id/source/1', True), (1, 'http://x/id/source/1', False))
>>> register.record("k1", b"fingerprint-1", 1), register.record("k1", b"fingerprint-2", 1)
(None, (b'fingerprint-1', 'a.xml'))
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, iri TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, fingerprint BLOB NOT NULL, file INTEGER NOT NULL)
    WITHOUT ROWID;
"""


class Register:
    """Files (label -> number, source IRI) and records (key -> fingerprint, file) a build has taken in."""

    def __init__(self, path: Path | str = ":memory:") -> None:
        self.path = str(path)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -16000", "temp_store = MEMORY"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(_SCHEMA)
        self._last: tuple[str, int, str] | None = None  # records come file by file: the last one is asked again

    def file(self, label: str, iri: str) -> tuple[int, str, bool]:
        """The file's number and IRI, registering it with ``iri`` if new; the flag says it was new."""
        if self._last is not None and self._last[0] == label:
            return self._last[1], self._last[2], False
        row = self._db.execute("SELECT id, iri FROM files WHERE label = ?", (label,)).fetchone()
        new = row is None
        if new:
            number = self._db.execute("INSERT INTO files (label, iri) VALUES (?, ?)", (label, iri)).lastrowid
            row = (number, iri)
        self._last = (label, int(row[0]), str(row[1]))
        return self._last[1], self._last[2], new

    def known_file(self, label: str) -> tuple[int, str] | None:
        if self._last is not None and self._last[0] == label:
            return self._last[1], self._last[2]
        row = self._db.execute("SELECT id, iri FROM files WHERE label = ?", (label,)).fetchone()
        if row is None:
            return None
        self._last = (label, int(row[0]), str(row[1]))
        return self._last[1], self._last[2]

    def record(self, key: str, fingerprint: bytes, file: int) -> tuple[bytes, str] | None:
        """Take a record in: None if its key is new, else the fingerprint and file it was first taken from."""
        row = self._db.execute(
            "SELECT r.fingerprint, f.label FROM records r JOIN files f ON f.id = r.file WHERE r.key = ?", (key,)
        ).fetchone()
        if row is not None:
            return bytes(row[0]), str(row[1])
        self._db.execute("INSERT INTO records (key, fingerprint, file) VALUES (?, ?, ?)", (key, fingerprint, file))
        return None

    def close(self) -> None:
        self._db.close()
