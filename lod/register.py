"""The build's accession register: every source file and record key taken in, kept on disk.

A build must remember what it has already published, to publish a record read twice (from two
exports) once and to refuse a different record under a key already taken, and which files it has
named as sources. Kept in Python dictionaries, that memory grew by about half a kilobyte a record:
half a gigabyte at a million records. Kept here, in SQLite beside the build (journal off: the
register is thrown away with a failed build), it costs the build a few microseconds a record and
its memory stays flat; the page cache is bounded.

>>> register = Register()
>>> register.known_file("a.xml"), register.add_file("a.xml", "http://x/id/source/1"), register.known_file("a.xml")
(None, (1, 'http://x/id/source/1'), (1, 'http://x/id/source/1'))
>>> register.record("k1", b"fingerprint-1", 1), register.record("k1", b"fingerprint-2", 1)
(None, (b'fingerprint-1', 'a.xml'))
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from pathlib import Path

RECENT_FILES = 8192

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
        self._db.execute("BEGIN")  # one transaction for the whole build: a commit per statement costs 20 µs
        # the files of the last few batches, asked again as their records pass (bounded: oldest out first)
        self._recent: OrderedDict[str, tuple[int, str]] = OrderedDict()

    def _remember(self, label: str, number: int, iri: str) -> tuple[int, str]:
        self._recent[label] = (number, iri)
        if len(self._recent) > RECENT_FILES:
            self._recent.popitem(last=False)
        return number, iri

    def add_file(self, label: str, iri: str) -> tuple[int, str]:
        """Register a file that :meth:`known_file` did not know."""
        number = self._db.execute("INSERT INTO files (label, iri) VALUES (?, ?)", (label, iri)).lastrowid
        return self._remember(label, int(number or 0), iri)

    def known_file(self, label: str) -> tuple[int, str] | None:
        """The number and IRI of a file already registered, or None."""
        if label in self._recent:
            return self._recent[label]
        row = self._db.execute("SELECT id, iri FROM files WHERE label = ?", (label,)).fetchone()
        return None if row is None else self._remember(label, int(row[0]), str(row[1]))

    def record(self, key: str, fingerprint: bytes, file: int) -> tuple[bytes, str] | None:
        """Take a record in: None if its key is new, else the fingerprint and file it was first taken from."""
        taken = self._db.execute(
            "INSERT OR IGNORE INTO records (key, fingerprint, file) VALUES (?, ?, ?)", (key, fingerprint, file)
        )
        if taken.rowcount == 1:  # the common case: one statement
            return None
        row = self._db.execute(
            "SELECT r.fingerprint, f.label FROM records r JOIN files f ON f.id = r.file WHERE r.key = ?", (key,)
        ).fetchone()
        return bytes(row[0]), str(row[1])

    def close(self) -> None:
        self._db.close()
