"""Files carried over whole: a file unchanged since the published build, met in the state it was met in
then, is neither unpacked nor resolved again, and its records come back from one row, ready to publish.

Record by record, the published build's readings (:mod:`lod.sources`), journals (:mod:`.journal`) and
conversions (:mod:`.carried`) already spare a build reading, resolving, converting and validating what
did not change; but each record still costs three lookups, its reading unpickled and its statements
decompressed. Most of an archive's files do not change from one week to the next. So when every record
of a file was journalled and kept, the build keeps the file as one row (:class:`Files`), under its name,
its content and the authority's state when its first record came (:func:`file_key`): for each record,
where it is and what it is, what it taught (the journal's operations, packed when they were taught),
how its names resolved (outcomes with the names as written), the entities its statements name, and its
statements, card, fingerprint and verdict; what went no further than reading, as it was read, to be
rejected again in its place. The statements of the whole file are one compressed blob: a file's records share its source
and this build's IRI, which is all that differs from one build to the next.

A build that reaches such a file in the same state (the lookup is made when the file's first record is
due: every record before it is resolved by then) takes the row instead of the file's reading: each record
replays its operations as it comes, so the authority stands, record by record, as it stands in a full
build, and the same lessons go with the same records. Any other state, and the file's records are
unpacked and go their own way (replayed, carried or resolved), and the file is kept whole again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ..authority.learning import Learning, Op, Ref
from ..compressed import compress, decompress
from ..convert import Conversion
from ..correspondents import Outcome
from ..rdf import subjects_in
from ..record import Harvested, Name, Record, Rejection
from ..sources import Item, KeptReading
from ..validation import Finding, Verdict
from .carried import KEPT_BUILD, Conversions, findings_of, findings_text
from .journal import Journal, outcome_of, written_names
from .report import Report

#: a record as a file kept whole holds it: where and what it is (locator, reader, key, kind, date), its
#: operations, outcomes (role, name, entity, post, how...), entities, made, card, fingerprint, findings
#: (JSON), how many subjects its statements are about, and the statements (kept: where they end in the file's)
Entry = tuple[tuple[Any, ...], bytes, list[tuple[Any, ...]], list[Ref], bytes, bytes, bytes, str, int, bytes]


def file_key(label: str, digest: str, state: bytes) -> bytes:
    """What a file is kept whole under: its name (what a record's source is), its content, and the state."""
    return hashlib.blake2b(f"{label}\x1f{digest}\x1f".encode() + state, digest_size=20).digest()


@dataclass(frozen=True)
class KeptRecord:
    """A record of a file carried over whole, as the published build kept it (:class:`Entry`), with this
    build's IRI in its statements."""

    record: Record  # what the rest of the build reads of it: where it is, what it is
    ops: bytes  # the operations it taught, packed when it was resolved
    outcomes: list[tuple[Any, ...]]  # (role, name as written, the outcome by reference)
    entities: list[Ref]
    made: bytes
    data: bytes
    card: bytes
    fingerprint: bytes
    findings: list[Finding]
    subjects: int

    @property
    def source(self) -> str:
        return self.record.source

    @property
    def operations(self) -> list[Op]:
        operations: list[Op] = pickle.loads(self.ops)
        return operations

    def converted(self, learning: Learning) -> tuple[Conversion, list[tuple[str, Name, Outcome]]]:
        """Its conversion and outcomes, with the entities as they stand (after its operations are replayed)."""
        named = learning.named
        outcomes = [(role, name, outcome_of(rest, named)) for role, name, *rest in self.outcomes]
        return Conversion(self.data, [named(ref) for ref in self.entities], self.card), outcomes

    @property
    def verdict(self) -> Verdict:
        return Verdict(self.findings)


class Publishing(Protocol):
    """A record on its way to be published (:class:`lod.build.stages.Converted`), as :class:`Files` reads it."""

    @property
    def record(self) -> Record | Harvested: ...
    @property
    def journal(self) -> Journal | None: ...
    @property
    def conversion(self) -> Conversion: ...
    @property
    def data(self) -> bytes: ...
    @property
    def fingerprint(self) -> bytes: ...


@dataclass
class _Open:
    """A file whose items are on their way: the key it is kept under (the state its first came in), and its
    items in order: each record's entry once it is published (None until then), what went no further than
    reading as it was read; ``whole``: false once one of them cannot be kept."""

    key: bytes
    slots: list[tuple[Any, ...] | Item | None] = dataclasses.field(default_factory=list)
    waiting: deque[int] = dataclasses.field(default_factory=deque)  # the slots of records not yet published
    closed: bool = False  # every item of the file read
    whole: bool = True


class Files:
    """The files carried over whole from the published build (``conversions``), and those this build
    keeps whole; ``digests``: each file's content, by its name."""

    def __init__(self, conversions: Conversions, digests: dict[str, str], learning: Learning, report: Report) -> None:
        self._conversions = conversions
        self._digests = digests
        self._learning = learning
        self._report = report
        self._open: dict[str, _Open] = {}
        self._reading = ""  # the file whose items are being read
        self._seen: set[str] = set()  # files met in this build (a file named twice is not kept whole)

    def read(self, items: Iterator[Item | KeptReading]) -> Iterator[Item | KeptRecord]:
        """The items read, each file's as the published build kept them when it kept the file whole and the
        authority stands as it stood then; each file read noted, to be kept whole."""
        for item in items:
            if item.source != self._reading:
                self._closed(self._reading)
                self._reading = item.source
            if isinstance(item, KeptReading):
                kept = self._kept(item.source)
                if kept is not None:
                    self._report.files_whole += 1
                    yield from kept
                    continue
                for one in item.items:
                    self._noted(one)
                    yield one
                continue
            self._noted(item)
            yield item
        self._closed(self._reading)

    def _noted(self, item: Item) -> None:
        source = item.source
        open_ = self._open.get(source)
        if open_ is None:
            digest = self._digests.get(source)
            if source in self._seen or digest is None:
                return
            self._seen.add(source)
            open_ = self._open[source] = _Open(file_key(source, digest, self._learning.state()))
        if isinstance(item, Harvested):
            open_.whole = False
        elif isinstance(item, Rejection) or item.problems:
            open_.slots.append(item)  # rejected as it is read, again
        else:
            open_.waiting.append(len(open_.slots))
            open_.slots.append(None)

    def _closed(self, source: str) -> None:
        open_ = self._open.get(source)
        if open_ is not None:
            open_.closed = True
            self._done(source, open_)

    def _done(self, source: str, open_: _Open) -> None:
        """A file kept whole once every item is read and every record published."""
        if open_.closed and not open_.waiting:
            del self._open[source]
            if open_.whole:
                self._keep(open_)

    def _kept(self, source: str) -> list[Item | KeptRecord] | None:
        digest = self._digests.get(source)
        if digest is None or source in self._seen:
            return None
        row = self._conversions.file(file_key(source, digest, self._learning.state()))
        if row is None:
            return None
        self._seen.add(source)
        compressed, entries = pickle.loads(row)
        data = decompress(compressed).replace(KEPT_BUILD, self._conversions.build)
        items: list[Item | KeptRecord] = []
        start = 0
        for entry in entries:
            if not isinstance(entry, tuple):  # what went no further than reading
                items.append(entry if entry.source == source else dataclasses.replace(entry, source=source))
                continue
            (locator, reader, key, kind, date), ops, outcomes, refs, made, card, own, findings, subjects, end = entry
            record = Record(source, locator, reader, key, kind, date=date)
            verdict = findings_of(findings)
            statements = data[start:end]
            items.append(KeptRecord(record, ops, outcomes, refs, made, statements, card, own, verdict, subjects))
            self._conversions.keep_again_made(made)
            start = end
        return items

    def published(self, item: Publishing, findings: list[Finding]) -> None:
        """A record of this build as it is published (its statements without the datestamp, its verdict's
        ``findings``), kept with its file's other items: the file is kept whole once all of them are."""
        record = item.record
        if not isinstance(record, Record) or (open_ := self._open.get(record.source)) is None:
            return
        entry = self._entry(record, item.journal, item.conversion, item.data, item.fingerprint, findings)
        open_.slots[open_.waiting.popleft()] = entry
        open_.whole = open_.whole and entry is not None
        self._done(record.source, open_)

    def _entry(
        self,
        record: Record,
        journal: Journal | None,
        conversion: Conversion,
        data: bytes,
        fingerprint: bytes,
        findings: list[Finding],
    ) -> Entry | None:
        if journal is None or not isinstance(conversion.card, bytes):
            return None
        ops, plain, made = journal
        written = written_names(record)
        outcomes = [(role, written[place], *rest) for role, place, *rest in plain[-1]]
        refs: list[Ref] = []
        for entity in conversion.entities:
            ref = self._learning.reaching(entity)
            if ref is None:
                return None  # another entity goes by its reference now
            refs.append(ref)
        where = (record.locator, record.reader, record.key, record.kind, record.date)
        said = findings_text(findings)
        return (where, ops, outcomes, refs, made, conversion.card, fingerprint, said, subjects_in(data), data)

    def _keep(self, open_: _Open) -> None:
        pieces: list[bytes] = []
        entries: list[tuple[Any, ...] | Item] = []
        end = 0
        for entry in open_.slots:
            if not isinstance(entry, tuple):
                assert entry is not None
                entries.append(entry)
                continue
            *rest, data = entry
            pieces.append(data)  # the statements of all, as one blob
            end += len(data)
            entries.append((*rest, end))
        blob = compress(b"".join(pieces).replace(self._conversions.build, KEPT_BUILD))
        self._conversions.keep_file(open_.key, pickle.dumps((blob, entries), protocol=5))
