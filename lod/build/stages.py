"""The stages a record passes through: read -> screen -> resolve -> convert (or carry) -> date -> batch -> validate.

Each stage is a generator over the one before it, so records stream: one is read only when the
stage after has taken the one before. A stage times its own work into the report's ``stages``
(not the time it waits for the stage before), and says what it drops through ``reject``. The
pipeline (:mod:`lod.build.pipeline`) joins them and publishes what comes out validated.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import XSD

from ..authority.learning import Lesson
from ..convert import Conversion, Provenance, convert, taken
from ..correspondents import Outcome
from ..history import History
from ..rdf import DC, Triples, literal, ntriples, record_iri
from ..record import Harvested, Name, Record, Rejection
from ..resolve import Resolution, Resolver
from ..sources import Item, Source, read_sources
from ..validation import Checked, Validation, Verdict
from .carried import made_from
from .fingerprints import fingerprint
from .report import Report, tally

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


def read(paths: Sequence[Source], report: Report, workers: int, progress: Any = None) -> Iterator[Item]:
    """Every record of the sources, counted as read (files that hold no records are named as skipped)."""
    items = read_sources(paths, on_skip=lambda p, why: report.skipped.append((str(p), why)), workers=workers)
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


def screen(items: Iterable[Item], reject: Reject) -> Iterator[Record | Harvested]:
    """The records that were read whole: a file that could not be read, or a record its reader found
    defects in, goes no further, with the reader's rule and every defect it found."""
    for item in items:
        if isinstance(item, Rejection):
            reject(item.source, item.record, item.rule, item.message, None)
        elif item.problems:
            first = item.problems[0]
            reject(item.source, item.locator, first.rule, "; ".join(p.message for p in item.problems), item.key)
        else:
            yield item


def resolve_and_convert(
    records: Iterable[Record | Harvested],
    resolver: Resolver,
    base_uri: str,
    provenance: Callable[[Record], Provenance],
    report: Report,
    carried: Carry | None = None,
) -> Iterator[Converted]:
    """Each record's names resolved to entities, then the record as RDF (a harvested one as it came).
    ``carried``: the published build's conversion of a record made from the same (:mod:`.carried`), if it
    has one, taken instead of converting it again."""
    stages = report.stages
    for record in records:
        if isinstance(record, Harvested):
            yield Converted(record, taken(record.iri, record.triples))
            continue
        started = time.perf_counter()
        resolution = resolver.resolve(record)
        resolved = time.perf_counter()
        stages["resolve"] += resolved - started
        made = b""
        if carried is not None:
            made = made_from(resolution, base_uri)
            kept = carried(made, resolution)
            stages["carry"] += time.perf_counter() - resolved
            if kept is not None:
                yield kept
                continue
            resolved = time.perf_counter()
        conversion = convert(resolution, base_uri, provenance(record))
        stages["convert"] += time.perf_counter() - resolved
        yield Converted(record, conversion, resolution.outcomes, resolution.lessons, made=made)


def dated(converted: Iterable[Converted], history: History, base_uri: str, report: Report) -> Iterator[Converted]:
    """Each record with its fingerprint and the time its content last changed: the time the history kept
    when the content is the one it kept, else this build's. A record we convert says it
    (``dcterms:modified``) and is validated saying it; a harvested one keeps what its provider says."""
    for item in converted:
        started = time.perf_counter()
        record = item.record
        iri = record.iri if isinstance(record, Harvested) else str(record_iri(base_uri, record.kind, record.key))
        data = item.data or ntriples(item.conversion.triples)
        own = item.fingerprint or fingerprint(data, iri)
        modified = history.datestamp(iri, own)
        conversion = item.conversion
        if isinstance(record, Record):
            stamp = ox.Triple(ox.NamedNode(iri), DC.modified, literal(modified, XSD.dateTime))
            conversion = dataclasses.replace(conversion, triples=[*conversion.triples, stamp])
        dated = dataclasses.replace(item, conversion=conversion, iri=iri, fingerprint=own, modified=modified, data=data)
        report.stages["date"] += time.perf_counter() - started
        yield dated


def batch(converted: Iterable[Converted], size: int) -> Iterator[list[Converted]]:
    """Records in batches of ``size`` to be validated together. A record under a key already in the batch
    (a copy, or a clash) starts the next one: validated together, two records with one IRI would read as
    one with two of everything."""
    current: list[Converted] = []
    keys: set[str] = set()
    for item in converted:
        if item.record.key in keys:
            yield current
            current, keys = [], set()
        current.append(item)
        keys.add(item.record.key)
        if len(current) >= size:
            yield current
            current, keys = [], set()
    if current:
        yield current


def validate(
    batches: Iterable[list[Converted]],
    validation: Validation,
    shared: Callable[[list[Converted]], Triples],
    report: Report,
) -> Iterator[tuple[list[Converted], list[Verdict]]]:
    """Each batch with its verdicts, record by record. A batch is sent to be checked (in the validation
    process, when there is one) before the verdicts of the one before it are waited for, so that checking
    one batch and converting the next go on at once. ``shared``: the statements a batch's records are
    checked with but do not own (the entities they name), asked for as the batch is sent."""
    waiting: tuple[list[Converted], Checked | None] | None = None
    for current in batches:
        started = time.perf_counter()
        fresh = [c for c in current if c.verdict is None]  # the others carry their verdicts over
        checked = validation.submit([c.conversion.triples for c in fresh], shared(fresh)) if fresh else None
        report.stages["validate"] += time.perf_counter() - started
        if waiting is not None:
            yield waiting[0], _verdicts(validation, *waiting, report)
        waiting = (current, checked)
    if waiting is not None:
        yield waiting[0], _verdicts(validation, *waiting, report)


def _verdicts(validation: Validation, batch: list[Converted], checked: Checked | None, report: Report) -> list[Verdict]:
    started = time.perf_counter()
    fresh = iter(validation.verdicts(checked) if checked is not None else [])
    verdicts = [c.verdict if c.verdict is not None else next(fresh) for c in batch]
    report.stages["validate"] += time.perf_counter() - started
    return verdicts
