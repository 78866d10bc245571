"""The stages a record passes through: read -> screen -> resolve (or carry) -> batch -> convert -> date -> validate.

Each stage is a generator over the one before it, so records stream: one is read only when the
stage after has taken the one before, and from ``batch`` on a batch at a time. Reading, converting and
validating are done by the build's workers (:mod:`lod.workers`) when it has some; resolving is done
here, record after record. A stage times its own work into the report's ``stages`` (not the time it
waits for the stage before), and says what it drops through ``reject``. The pipeline
(:mod:`lod.build.pipeline`) joins them and publishes what comes out validated.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pyoxigraph as ox
from rdflib.namespace import XSD

from ..authority.learning import Learning, Lesson
from ..convert import Conversion, Provenance, taken
from ..convert import convert as convert_record
from ..correspondents import Outcome
from ..history import History
from ..index.cards import packed_card
from ..rdf import DC, Triples, literal, ntriples, record_iri
from ..record import Harvested, Name, Record, Rejection
from ..resolve import Resolution, Resolver
from ..resolved import Resolved, entities_named, resolved
from ..sources import Item, KeptReading, Readings, Source, read_sources
from ..validation import Checked, Validation, Verdict
from ..workers import Inline, Pending, Workers
from .carried import Conversions, Keeping, keeping, made_from
from .files import Files, KeptRecord
from .fingerprints import fingerprint
from .journal import Journal, journal, journal_key, packed, replayed
from .report import Report, tally

Item_ = TypeVar("Item_")
#: how a stage says a record goes no further: source, record, rule, message, key
Reject = Callable[[str, str, str, str, str | None], None]
#: the published build's conversion of a resolved record, by what it is made from, when it has one
Carry = Callable[[bytes, Resolution], "Converted | None"]


@dataclass(frozen=True)
class Converted:
    """A record as RDF, with how each of its names resolved and what it taught the build's authority (a
    harvested record is RDF already)."""

    record: Record | Harvested
    conversion: Conversion
    outcomes: list[tuple[str, Name, Outcome]] = field(default_factory=list)
    lessons: list[Lesson] = field(default_factory=list)
    iri: str = ""
    fingerprint: bytes = b""  # its own statements (lod.build.fingerprints), compared with the history's
    modified: str = ""  # when its content last changed (lod.history)
    made: bytes = b""  # what its conversion is made from (lod.build.carried.made_from); empty: not kept
    data: bytes = b""  # its statements as N-Triples, without the datestamp
    verdict: Verdict | None = None  # when carried over from the published build, with its statements
    kept: Keeping | None = None  # converted now: as the next build is to carry it over, when it is made
    journal: Journal | None = None  # what resolving it taught, kept (none: not journalled, or kept whole)
    subjects: int = 0  # how many subjects its statements are about, when known (kept with its file)


@dataclass(frozen=True)
class Batch(Generic[Item_]):
    """Records validated together, with the descriptions of what they name as they stood when the last of them
    was resolved (by IRI): what they are checked with, however far the resolver has gone on since."""

    items: list[Item_]
    described: dict[str, Triples]


@dataclass(frozen=True)
class Resolving:
    """A record resolved, to be converted: its resolution, and the same as plain values (:mod:`lod.resolved`)."""

    record: Record
    resolution: Resolution
    resolved: Resolved
    made: bytes  # what its conversion is made from, when conversions are kept (lod.build.carried)
    journal: Journal | None = None

    @property
    def lessons(self) -> list[Lesson]:
        return self.resolution.lessons


def read(
    paths: Sequence[Source],
    report: Report,
    workers: Workers,
    readings: Readings | None,
    progress: Any = None,
    files: Files | None = None,
) -> Iterator[Item | KeptRecord]:
    """Every record of the sources, counted as read (files that hold no records are named as skipped); a file
    unchanged since the published build as it was read then (``readings``), or as it was kept whole
    (``files``: :mod:`.files`)."""
    skip = lambda p, why: report.skipped.append((str(p), why))  # noqa: E731
    read = read_sources(paths, on_skip=skip, workers=workers, readings=readings)
    items = files.read(read) if files is not None else _unpacked(read)
    while True:
        started = time.perf_counter()
        item = next(items, None)
        report.stages["read"] += time.perf_counter() - started
        if item is None:
            return
        report.read += 1
        report.by_source.setdefault(tally(item.source), Counter())["read"] += 1
        if progress is not None:
            progress.update(1)
        yield item


def _unpacked(items: Iterable[Item | KeptReading]) -> Iterator[Item]:
    for item in items:
        if isinstance(item, KeptReading):
            yield from item.items
        else:
            yield item


def screen(items: Iterable[Item | KeptRecord], reject: Reject) -> Iterator[Record | Harvested | KeptRecord]:
    """The records that were read whole: a file that could not be read, or a record its reader found
    defects in, goes no further, with the reader's rule and every defect it found."""
    for item in items:
        if isinstance(item, KeptRecord):
            yield item
        elif isinstance(item, Rejection):
            reject(item.source, item.record, item.rule, item.message, None)
        elif item.problems:
            first = item.problems[0]
            reject(item.source, item.locator, first.rule, "; ".join(p.message for p in item.problems), item.key)
        else:
            yield item


def resolve(
    records: Iterable[Record | Harvested | KeptRecord],
    resolver: Resolver,
    base_uri: str,
    report: Report,
    carried: Carry | None = None,
    journals: Conversions | None = None,
) -> Iterator[Converted | Resolving]:
    """Each record's names resolved to entities, in order (what one teaches the authority changes how the
    next resolves), waiting to be converted; a harvested record is RDF already. ``carried``: the published
    build's conversion of a record made from the same (:mod:`.carried`), if it has one, taken instead.
    ``journals``: where what each record taught is kept, and the published build's, replayed when a record
    comes again in the state it came in then (:mod:`.journal`)."""
    stages = report.stages
    learning = resolver.learning
    for record in records:
        if isinstance(record, KeptRecord):
            started = time.perf_counter()
            whole = _kept_whole(record, learning, report)
            stages["carry"] += time.perf_counter() - started
            yield whole
            continue
        if isinstance(record, Harvested):
            yield Converted(record, taken(record.iri, record.triples))
            continue
        started = time.perf_counter()
        key = journal_key(record, learning.state()) if journals is not None else b""
        kept_journal = journals.journal(key) if journals is not None else None
        snapshot: Resolved | None = None
        learnt: Journal | None = None
        if kept_journal is not None:
            resolution, learnt = replayed(kept_journal, record, learning)
            made = learnt[2]
            report.replayed += 1
        else:
            resolution = resolver.resolve(record)
            snapshot = resolved(resolution, base_uri)
            made = made_from(snapshot) if carried is not None else b""
            learnt = journal(resolution, learning, made) if journals is not None else None
            if journals is not None and learnt is not None:
                journals.keep_journal(key, packed(learnt))
        done = time.perf_counter()
        stages["resolve"] += done - started
        if carried is not None:
            kept = carried(made, resolution)
            stages["carry"] += time.perf_counter() - done
            if kept is not None:
                yield dataclasses.replace(kept, journal=learnt)
                continue
        yield Resolving(record, resolution, snapshot or resolved(resolution, base_uri), made, learnt)


def _kept_whole(record: KeptRecord, learning: Learning, report: Report) -> Converted:
    """A record of a file carried over whole: what it taught learnt again, its conversion and verdict taken."""
    learning.replay(record.operations)
    lessons = learning.taken()
    conversion, outcomes = record.converted(learning)
    learning.unnamed = False  # every reference reached its entity when the file was kept, and does again
    report.replayed += 1
    report.carried += 1
    return Converted(
        record.record,
        conversion,
        outcomes,
        lessons,
        made=record.made,
        data=record.data,
        fingerprint=record.fingerprint,
        verdict=record.verdict,
        subjects=record.subjects,
    )


#: records converted in one task of a worker: enough to outweigh sending it, few enough to share a batch out
CHUNK = 100


def convert(
    batches: Iterable[Batch[Converted | Resolving]],
    workers: Workers,
    base_uri: str,
    provenance: Callable[[Record], Provenance],
    report: Report,
) -> Iterator[Batch[Converted]]:
    """Each batch's resolved records as RDF, with their statements as N-Triples and their fingerprints:
    the first batch in the build's process (a build of one batch is not worth starting workers), the
    others by the ``workers``, a chunk to a task, while the next batch is resolved. The entities a
    conversion names, by IRI, are given back as the resolution's entities, as they stand."""
    ahead: tuple[Batch[Converted | Resolving], list[tuple[ConversionTask, Pending[Converting]]]] | None = None
    for number, current in enumerate(batches):
        started = time.perf_counter()
        waiting = [item for item in current.items if isinstance(item, Resolving)]
        tasks = [
            (base_uri, [(item.resolved, provenance(item.record), bool(item.made)) for item in waiting[at : at + CHUNK]])
            for at in range(0, len(waiting), CHUNK)
        ]
        by = workers if number else Inline()
        submitted = [(task, by.submit(converted, task)) for task in tasks]
        report.stages["convert"] += time.perf_counter() - started
        if ahead is not None:
            yield _converted(*ahead, workers, base_uri, report)
        ahead = (current, submitted)
    if ahead is not None:
        yield _converted(*ahead, workers, base_uri, report)


#: what a worker is sent to convert (each record with whether to keep it), and what it sends back
#: (:func:`converted`): N-Triples, the IRIs named, the fingerprint, the card packed, the conversion as kept
ConversionTask = tuple[str, list[tuple[Resolved, Provenance, bool]]]
Converting = list[tuple[bytes, list[str], bytes, bytes, Keeping | None]]


def _converted(
    current: Batch[Converted | Resolving],
    submitted: list[tuple[ConversionTask, Pending[Converting]]],
    workers: Workers,
    base_uri: str,
    report: Report,
) -> Batch[Converted]:
    started = time.perf_counter()
    made = (one for task, pending in submitted for one in workers.collect(converted, task, pending))
    out: list[Converted] = []
    for item in current.items:
        if isinstance(item, Converted):
            out.append(item)
            continue
        data, iris, own, card, kept = next(made)
        entities = entities_named(item.resolution, base_uri, iris)
        assert entities is not None, "a conversion named an entity its resolution does not"
        record, resolution = item.record, item.resolution
        out.append(
            Converted(
                record,
                Conversion(data, entities, card),
                resolution.outcomes,
                resolution.lessons,
                made=item.made,
                data=data,
                fingerprint=own,
                kept=kept,
                journal=item.journal,
            )
        )
    report.stages["convert"] += time.perf_counter() - started
    return Batch(out, current.described)


def converted(task: ConversionTask) -> Converting:
    """A worker's task: each record of a chunk as N-Triples, the IRIs of the entities it names, its
    fingerprint and its catalogue card. N-Triples, not the triples: a hundredth of the time to send, and
    what the build stores and checks (the carried-over conversions are kept the same way). The card and
    the conversion as kept are packed here, off the build's process, which only stores them."""
    base_uri, chunk = task
    out: Converting = []
    for snapshot, provenance, keep in chunk:
        conversion = convert_record(snapshot, base_uri, provenance)
        data, record = conversion.data, snapshot.record
        iri = str(record_iri(base_uri, record.kind, record.key))
        own = fingerprint(data, iri)
        where = (str(provenance.build), str(provenance.source), iri, record.locator)
        kept = keeping(data, conversion.card, *where) if keep else None
        out.append((data, conversion.entity_iris, own, kept[1] if kept else packed_card(conversion.card), kept))
    return out


def dated(
    batches: Iterable[Batch[Converted]], history: History, base_uri: str, report: Report
) -> Iterator[Batch[Converted]]:
    """Each record with the time its content last changed: the time the history kept when the content
    is the one it kept, else this build's. A record we convert says it (``dcterms:modified``) and is
    validated saying it; a harvested one keeps what its provider says."""
    for current in batches:
        started = time.perf_counter()
        stamped = [_dated(item, history, base_uri) for item in current.items]
        report.stages["date"] += time.perf_counter() - started
        yield Batch(stamped, current.described)


def _dated(item: Converted, history: History, base_uri: str) -> Converted:
    record = item.record
    iri = record.iri if isinstance(record, Harvested) else str(record_iri(base_uri, record.kind, record.key))
    data = item.data or item.conversion.data
    own = item.fingerprint or fingerprint(data, iri)
    modified = history.datestamp(iri, own)
    conversion = item.conversion
    if isinstance(record, Record):
        stamp = ox.Triple(ox.NamedNode(iri), DC.modified, literal(modified, XSD.dateTime))
        conversion = dataclasses.replace(conversion, data=data + ntriples([stamp]))
    return dataclasses.replace(item, conversion=conversion, iri=iri, fingerprint=own, modified=modified, data=data)


def batch(
    items: Iterable[Converted | Resolving],
    size: int,
    describe: Callable[[list[Converted | Resolving]], dict[str, Triples]],
) -> Iterator[Batch[Converted | Resolving]]:
    """Records in batches of ``size`` to be validated together, each with what ``describe`` says of what they
    name, asked as the batch is complete. A record under a key already in the batch (a copy, or a clash)
    starts the next one: validated together, two records with one IRI would read as one with two of
    everything."""
    current: list[Converted | Resolving] = []
    keys: set[str] = set()
    for item in items:
        if item.record.key in keys:
            yield Batch(current, describe(current))
            current, keys = [], set()
        current.append(item)
        keys.add(item.record.key)
        if len(current) >= size:
            yield Batch(current, describe(current))
            current, keys = [], set()
    if current:
        yield Batch(current, describe(current))


def validate(
    batches: Iterable[Batch[Converted]],
    validation: Validation,
    shared: Callable[[list[Converted], dict[str, Triples]], Triples],
    report: Report,
) -> Iterator[tuple[list[Converted], list[Verdict]]]:
    """Each batch with its verdicts, record by record. A batch is sent to be checked (by a worker, when
    there are some) before the verdicts of the one before it are waited for, so that checking one batch
    and converting the next go on at once. ``shared``: the statements a batch's records are checked with
    but do not own (the entities they name, from the batch's descriptions), asked for as it is sent."""
    waiting: tuple[list[Converted], Checked | None] | None = None
    for current in batches:
        started = time.perf_counter()
        fresh = [c for c in current.items if c.verdict is None]  # the others carry their verdicts over
        checked = (
            validation.submit([c.conversion.data for c in fresh], shared(fresh, current.described)) if fresh else None
        )
        report.stages["validate"] += time.perf_counter() - started
        if waiting is not None:
            yield waiting[0], _verdicts(validation, *waiting, report)
        waiting = (current.items, checked)
    if waiting is not None:
        yield waiting[0], _verdicts(validation, *waiting, report)


def _verdicts(validation: Validation, batch: list[Converted], checked: Checked | None, report: Report) -> list[Verdict]:
    started = time.perf_counter()
    fresh = iter(validation.verdicts(checked) if checked is not None else [])
    verdicts = [c.verdict if c.verdict is not None else next(fresh) for c in batch]
    report.stages["validate"] += time.perf_counter() - started
    return verdicts
