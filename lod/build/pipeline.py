"""The pipeline: the stages of :mod:`lod.build.stages` joined, and what comes out of them published.

Records stream through read -> screen -> resolve -> convert -> date -> batch -> validate: each is read,
resolved and converted on its own, then validated with the others of its batch, then published
here (a copy read twice once, a clash under one key rejected). What is accepted is stated
(:class:`Stated`), and every record ends up published or rejected with its rule and reason: the
listeners (the store's loader and the dumps, the report, the reading room's index) take it from
there. The whole corpus is never one graph in memory.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from .. import __version__
from ..authority.curated import Authority, Entity
from ..authority.geonames import locate
from ..authority.offices import OfficeRegister
from ..convert import Conversion, Provenance, describe_reader, describe_scheme
from ..entity_graph import describe, place_names
from ..errors import ConfigurationError
from ..history import History
from ..history import now as build_time
from ..index import IndexWriter
from ..name_index import NameIndex
from ..rdf import SK, T, Triples, entity_iri, node, record_iri, subjects_in
from ..record import Record
from ..register import Register
from ..resolve import Resolution, Resolver
from ..resolved import entities_named
from ..settings import Settings
from ..sources import Source
from ..validation import Finding, Validation, Verdict, engine
from ..workers import workers_for
from . import stages
from .carried import Conversions, Readings
from .described import Descriptions
from .events import Described, Event, Listener, Published, Rejected, Stated, Warned, rejected_to, warned_to
from .files import Files
from .fingerprints import all_files, sha256, stated
from .report import RejectSink, Report
from .stages import Converted
from .threads import checked_threads

Said = TypeVar("Said", Triples, bytes)  # statements as terms, or as N-Triples
_TYPE, _ENTITY, _TITLE, _IDENTIFIER = (
    node(term) for term in (RDF.type, PROV.Entity, DCTERMS.title, DCTERMS.identifier)
)


class Pipeline:
    """Read, resolve, convert and validate; hands accepted graphs and rejections to callbacks."""

    def __init__(
        self,
        settings: Settings,
        report: Report,
        on_reject: RejectSink,
        on_warning: RejectSink,
        register: Path | str = ":memory:",
        catalogue: IndexWriter | None = None,
        history: History | None = None,
        conversions: Conversions | None = None,
    ) -> None:
        self.settings = settings
        self.report = report
        self._listeners: list[Listener] = [report.hear, rejected_to(on_reject), warned_to(on_warning)]
        self.resolver = Resolver(Authority.load(settings.authorities), OfficeRegister.load(settings.authorities))
        self.names = NameIndex()  # how every name on a published record was resolved
        self.workers = workers_for(settings.workers, settings.cluster)  # reading, converting, validating
        report.workers = self.workers.describe()
        self.validation = Validation(engine(settings.validator, settings.shapes), settings.shapes, self.workers)
        self._pending: Triples = []  # provenance of the build and its source files, not yet written
        self.build_iri = URIRef(settings.base_uri + "id/build/unstarted")
        self.register = Register(register)  # the files and record keys taken in, on disk
        self.catalogue = catalogue  # what the reading room searches: filled as records are published
        # when each record last changed: the published build's history brought up to date (none: from now)
        now = build_time(settings.build_time)
        self.history = history or History(None, None, now)
        self.conversions = conversions  # the published build's, carried over; this build's, kept
        self.listen(self._named_as_written)
        if catalogue is not None:
            self.listen(self._indexed)
        self._named: dict[int, Entity] = {}  # entities named by published records: described at the end
        self._labels: dict[str, list[Any]] = {}  # what harvested records name: IRI -> [label, other names]
        self._once: set[str] = set()  # readers, concept schemes and copies already written
        self._digests: dict[str, str] = {}  # each source file's content, by its path
        # files carried over whole, and kept whole
        self.files = Files(conversions, self._digests, self.resolver.learning, report) if conversions else None
        self._last_source: tuple[str, tuple[int, URIRef]] = ("", (0, URIRef("")))
        self.partners = tuple(
            p if p.endswith("/") else p + "/" for p in settings.partners.replace(",", " ").split() if p
        )

    def _source(self, label: str) -> tuple[int, URIRef]:
        """The source file's number in the register, and its PROV entity, named by its content (the last one
        asked for is at hand: a file's records come one after another, and each asks several times)."""
        if self._last_source[0] == label:
            return self._last_source[1]
        known = self.register.known_file(label)
        if known is not None:
            self._last_source = (label, (known[0], URIRef(known[1])))
            return self._last_source[1]
        digest = self._digests.get(label) or sha256(Path(label))
        iri = f"{self.settings.base_uri}id/source/{digest[:20]}"
        number, _ = self.register.add_file(label, iri)
        subject = node(iri)
        self._pending += [
            ox.Triple(subject, _TYPE, _ENTITY),
            ox.Triple(subject, _TITLE, ox.Literal(label.rpartition("/")[2])),
            ox.Triple(subject, _IDENTIFIER, ox.Literal(f"sha256:{digest}")),
        ]
        return number, URIRef(iri)

    def start(self, paths: Sequence[Source]) -> None:
        """Name the build by what it reads: the same inputs and version give the same build IRI."""
        self._digests.update({str(p): sha256(p) for p in all_files(p for p in paths if isinstance(p, Path))})
        files = sorted(set(self._digests.values()))
        files += sorted(p.label for p in paths if not isinstance(p, Path))  # providers, by what was asked
        seed = "\n".join([__version__, self.settings.base_uri, *files])
        self.build_iri = URIRef(f"{self.settings.base_uri}id/build/{hashlib.sha256(seed.encode()).hexdigest()[:20]}")
        activity = node(self.build_iri)
        if self.conversions is not None:
            self.conversions.by(str(self.build_iri))
        self._pending += [
            ox.Triple(activity, node(RDF.type), node(PROV.Activity)),
            ox.Triple(activity, node(RDFS.label), ox.Literal(f"lod build {__version__}")),
        ]

    def _provenance(self) -> Iterator[Triples]:
        """The build and the source files read since last asked: written once each, as they come."""
        if self._pending:
            triples, self._pending = self._pending, []
            yield self._own(triples)

    def listen(self, listener: Listener) -> None:
        """Be told of every record published, rejected or warned of, in order."""
        self._listeners.append(listener)

    def emit(self, event: Event) -> None:
        for listener in self._listeners:
            listener(event)

    def _named_as_written(self, event: Event) -> None:
        """How each name on a published record resolved (a harvested record names no one as written here)."""
        if isinstance(event, Published) and not event.copy and isinstance(event.record, Record):
            self.names.add(event.record, event.iri, event.outcomes)

    def _indexed(self, event: Event) -> None:
        """A published record into the reading room's index, from its statements as the converter wrote them;
        an entity's names, as they stand at the end."""
        if self.catalogue is None:
            return
        started = time.perf_counter()
        if isinstance(event, Published) and not event.copy:
            self.catalogue.add(event.iri, event.conversion.card)
        elif isinstance(event, Described):
            self.catalogue.describe(event.iri, event.label, event.names, event.point, event.times)
        self.report.stages["catalogue"] += time.perf_counter() - started

    def reject(self, source: str, record: str, rule: str, message: str, key: str | None = None) -> None:
        entry = {"source": source, "record": record, "rule": rule, "message": message}
        if key:
            entry["key"] = key
        self.emit(Rejected(entry))

    def warn(self, source: str, record: str, finding: Finding, said: str = "") -> None:
        """A finding of warning severity (or a link not published), on what ``source`` and ``record`` name."""
        self.emit(
            Warned({"source": source, "record": record, "rule": finding.rule, "message": finding.describe() + said})
        )

    def run(self, paths: Sequence[Source], progress: Any = None) -> None:
        """Read every record of the sources, stating what is published (accepted records, the entities they
        name, the build's provenance, the threads) and telling of the rest."""
        try:
            for statements in self._run(paths, progress):
                if isinstance(statements, Stated):
                    self.emit(statements)
                elif statements:
                    self.emit(Stated(statements))
        finally:
            self.close()

    def _run(self, paths: Sequence[Source], progress: Any) -> Iterator[Triples | bytes | Stated]:
        self.start(paths)
        report, settings = self.report, self.settings
        base = settings.base_uri
        readings = Readings(self.conversions, self._digests, report) if self.conversions is not None else None
        items = stages.read(paths, report, self.workers, readings, progress, self.files)
        records = stages.screen(items, self.reject)
        carry = self._carried if self.conversions is not None else None
        describing = Descriptions(base, self.partners)
        resolved = describing.taught(stages.resolve(records, self.resolver, base, report, carry, self.conversions))
        batches = stages.batch(resolved, settings.batch_size, describing.of)
        converted = stages.convert(batches, self.workers, base, self._provenance_of, report)
        dated = stages.dated(converted, self.history, base, report)
        for batch, verdicts in stages.validate(dated, self.validation, describing.shared, report):
            yield from self._accepted(batch, verdicts)
            del batch, verdicts  # gone before the next batch is gathered: two batches in memory, not three
            yield from self._provenance()
        yield from self._provenance()
        descriptions = self._checked_descriptions()
        for entity in self._named.values():  # each entity once, as it stands after every record
            yield self._own(descriptions[id(entity)])
            iri = str(entity_iri(self.settings.base_uri, entity))
            names = [*entity.alt_labels, *entity.code_names, *(name for _, name in entity.own_scripts)]
            located = locate(place_names(entity)) if entity.kind == "place" else None
            point = located.point if located else None
            self.emit(Described(iri, entity.label, names, point, list(entity.names_in_time)))
        for iri, (label, names) in self._labels.items():  # what harvested records name, as the provider does
            if label:
                self.emit(Described(iri, label, names))
        self.names.relabel({f"{e.kind}/{e.key}": e.label for e in self._named.values()})
        if self.catalogue is not None:
            yield self._threads(self.catalogue)

    def _checked_descriptions(self) -> dict[int, Triples]:
        """Every named entity's final description, validated like the records (together: a term of office
        names a post described beside it). A description that breaks a rule is a defect of the authority
        files or of the code, not of a record: the build stops, naming it, and the published store is kept."""
        started = time.perf_counter()
        entities = list(self._named.values())
        # made anew, not from the cache of the batches: what is published is what is checked
        descriptions = [describe(entity, self.settings.base_uri, self.partners) for entity in entities]
        for entity, verdict in zip(entities, self.validation.engine.validate(descriptions), strict=True):
            iri = str(entity_iri(self.settings.base_uri, entity))
            for finding in verdict.warnings:
                self.warn("entity descriptions", iri, finding)
            if not verdict.conforms:
                first = verdict.violations[0]
                raise ConfigurationError(
                    f"the description of {entity.kind} {entity.key!r} ({iri}) breaks {first.rule}: {first.describe()}"
                    " (from the authority files or the records naming it; nothing was published)"
                )
        self.report.stages["validate"] += time.perf_counter() - started
        return {id(entity): triples for entity, triples in zip(entities, descriptions, strict=True)}

    def _threads(self, catalogue: IndexWriter) -> Triples:
        """tg:inReplyTo from each reply or reference number to the telegram it names, when it was published."""
        started = time.perf_counter()
        links = checked_threads(catalogue.threads(), self.settings, self.warn)
        self.report.stages["validate"] += time.perf_counter() - started
        return links

    def close(self) -> None:
        """Stop the workers, if some were started."""
        self.workers.close()

    def _own(self, statements: Said, subjects: int = 0) -> Said:
        """Statements about subjects of their own (a record, an entity, an agent, a scheme), counted (when
        ``subjects`` does not say how many)."""
        self.report.subjects += subjects or subjects_in(statements)
        return statements

    def _first(self, key: str) -> bool:
        """True the first time ``key`` is asked about in this build."""
        if key in self._once:
            return False
        self._once.add(key)
        return True

    def _provenance_of(self, record: Record) -> Provenance:
        """What a converted record says of where it came from: its source file, this build, the partners."""
        return Provenance(self._source(record.source)[1], self.build_iri, self.partners)

    def _carried(self, made: bytes, resolution: Resolution) -> Converted | None:
        """The published build's conversion of a record made from the same, with its verdict, if it has one
        whose entities the resolution names (they are the entities as they stand now)."""
        assert self.conversions is not None
        record, base = resolution.record, self.settings.base_uri
        iri = str(record_iri(base, record.kind, record.key))
        kept = self.conversions.carried(made, str(self._source(record.source)[1]), iri, record.locator)
        entities = entities_named(resolution, base, kept.entities) if kept is not None else None
        if kept is None or entities is None:
            return None
        self.conversions.keep_again(kept)
        self.report.carried += 1
        return Converted(
            record,
            Conversion(kept.data, entities, kept.card),
            resolution.outcomes,
            resolution.lessons,
            made=made,
            data=kept.data,
            fingerprint=kept.fingerprint,
            verdict=Verdict(kept.findings),
        )

    def _kept(self, item: Converted, verdict: Verdict) -> None:
        """A record converted by this build, with its verdict, kept for the next build to carry over."""
        if self.conversions is None or not item.made:
            return
        if self.files is not None:
            self.files.published(item, verdict.findings)
        if item.kept is None:
            return
        entities = [str(entity_iri(self.settings.base_uri, entity)) for entity in item.conversion.entities]
        self.conversions.keep(item.made, item.kept, item.fingerprint, entities, verdict.findings)

    def _accepted(self, batch: list[Converted], verdicts: list[Verdict]) -> Iterator[Triples | bytes | Stated]:
        """The statements of each record of a validated batch that conforms and is not a copy or a clash."""
        base = self.settings.base_uri
        for item, verdict in zip(batch, verdicts, strict=True):
            record, conversion = item.record, item.conversion
            self._kept(item, verdict)
            for finding in verdict.warnings:
                self.warn(record.source, record.locator, finding)
            if not verdict.conforms:
                violations = verdict.violations
                message = "; ".join(f.describe() for f in violations)
                self.reject(record.source, record.locator, violations[0].rule, message, record.key)
                continue
            accepted = self._deduplicated(item)
            if accepted is None:
                continue
            yield accepted
            if conversion.named:
                yield self._harvested_names(conversion.named)
            elif self._first(f"reader {record.reader}"):
                yield self._own(describe_reader(record.reader, base))
            for entity in conversion.entities:
                self._named[id(entity)] = entity
                if entity.kind == "concept" and self._first(f"scheme {entity.scheme}"):
                    yield self._own(describe_scheme(entity.scheme or "", base))

    def _harvested_names(self, named: Triples) -> Triples:
        """What a harvested record says about what it names, each statement once; their labels for search."""
        new = [t for t in named if self._first(f"named {t}")]
        for triple in new:
            if isinstance(triple.subject, ox.NamedNode) and isinstance(triple.object, ox.Literal):
                label = self._labels.setdefault(triple.subject.value, ["", []])
                if triple.predicate == SK.prefLabel and not label[0]:
                    label[0] = triple.object.value
                elif triple.predicate in (SK.altLabel, T.codeName):
                    label[1].append(triple.object.value)
        return self._own(new)

    def _deduplicated(self, item: Converted) -> Stated | Triples | None:
        """The same record read from two exports is published once; a different one under the same key is not.
        What is published is kept in the history with the time its content last changed, and with a digest
        of its statements (the history says whether the published build stated it so)."""
        record, conversion, iri, own = item.record, item.conversion, item.iri, item.fingerprint
        graph = conversion.data
        file, source = self._source(record.source)
        seen = self.register.record(record.key, own, file)
        if seen is None:
            said = stated(graph, str(self.build_iri)) if isinstance(graph, bytes) else b""
            stood = self.history.keep(iri, own, item.modified, said)
            self.report.changed += item.modified == self.history.now
            self.emit(Published(record, iri, conversion, item.outcomes))
            return Stated(self._own(graph, item.subjects), iri, stood)
        first_fingerprint, first_file = seen
        if first_fingerprint == own:
            self.emit(Published(record, iri, conversion, item.outcomes, copy=True))
            if not self._first(f"copy {iri} {source}"):
                return []  # the same file named twice
            return [ox.Triple(node(iri), node(PROV.wasDerivedFrom), node(source))]
        self.reject(
            record.source,
            record.locator,
            "build:duplicate-key",
            f"another record with the key {record.key!r} was already published from {first_file} and this one "
            "differs from it: keep one of the two, or give them different record IDs",
            record.key,
        )
        return None
