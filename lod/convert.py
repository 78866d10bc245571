"""Record -> RDF: Dublin Core, the telegram vocabulary and PROV-O, with deterministic IRIs.

The same record, resolved the same way, always gives the same triples: IRIs come from the
record's key and the entities' keys under the deployment's base URI (``{base}id/telegram/…``,
``id/person/…``, ``id/place/…``, ``id/organization/…``, ``id/archive/…``, ``id/concept/…``),
and the parts of a record (copies, archival references, routing steps) are fragments of the
record's IRI (``…#copy-1``), never blank nodes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import __version__
from .record import Name, PartialDate
from .resolve import Entity, Resolution

TG = Namespace("https://w3id.org/telegram/ns#")
SCHEMA = Namespace("https://schema.org/")
RICO = Namespace("https://www.ica.org/standards/RiC/ontology#")

PREFIXES = {
    "tg": TG,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "foaf": FOAF,
    "prov": PROV,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "schema": SCHEMA,
    "rico": RICO,
}

KIND_CLASSES = {
    "telegram": TG.Telegram,
    "letter": TG.Letter,
    "memorandum": TG.Memorandum,
    "report": TG.Report,
    "despatch": TG.Despatch,
    "note": TG.Note,
    "speech": TG.Speech,
    "statement": TG.Statement,
    "petition": TG.Petition,
    "press-release": TG.PressRelease,
    "document": TG.Document,
    "file": TG.Document,
    "series": TG.RecordSet,
}
ENTITY_CLASSES = {
    "person": (FOAF.Person,),
    "organization": (FOAF.Organization,),
    "archive": (FOAF.Organization, TG.Archive),
    "place": (DCTERMS.Location,),
}
SCHEME_LABELS = {
    "classification": "Classification",
    "precedence": "Precedence",
    "transmission-mode": "Transmission mode",
}
_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


@dataclass(frozen=True)
class Provenance:
    """Where a record came from (the source file, by content; the build), and the partner archives
    whose IRIs for the same curated entities are linked with owl:sameAs."""

    source: URIRef
    build: URIRef
    partners: tuple[str, ...] = ()


def record_iri(base: str, kind: str, key: str) -> URIRef:
    return URIRef(f"{base}id/{'telegram' if kind == 'telegram' else 'document'}/{key}")


def entity_iri(base: str, entity: Entity) -> URIRef:
    if entity.kind == "concept":
        return URIRef(f"{base}id/concept/{entity.scheme}/{entity.key}")
    return URIRef(f"{base}id/{entity.kind}/{entity.key}")


Triples = list[ox.Triple]


@lru_cache(maxsize=1 << 16)
def node(iri: str) -> ox.NamedNode:
    """An IRI as an Oxigraph term, made once per distinct IRI (vocabulary terms, entities)."""
    return ox.NamedNode(iri)


def literal(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=node(datatype)) if datatype else ox.Literal(value)


def date_literal(date: PartialDate) -> ox.Literal:
    return literal(date.isoformat(), _DATE_TYPES[date.precision])


def _day(value: dt.date | None) -> ox.Literal | None:
    return literal(value.isoformat(), XSD.date) if value else None


def _instant(value: dt.datetime) -> ox.Literal:
    return literal(value.isoformat(timespec="seconds"), XSD.dateTime)


def _integer(value: int) -> ox.Literal:
    return literal(str(value), XSD.integer)


def as_triples(graph: Graph) -> Triples:
    """An rdflib Graph as Oxigraph triples."""

    def term(t: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
        if isinstance(t, URIRef):
            return node(str(t))
        if isinstance(t, Literal):
            if t.language:
                return ox.Literal(str(t), language=t.language)
            return literal(str(t), str(t.datatype) if t.datatype else None)
        return ox.BlankNode(str(t))

    return [ox.Triple(term(s), term(p), term(o)) for s, p, o in graph]  # type: ignore[arg-type]


def as_graph(triples: Iterable[ox.Triple]) -> Graph:
    """The triples as an rdflib Graph (for pySHACL, JSON-LD compaction and tests)."""

    def term(t: object) -> URIRef | Literal | BNode:
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            if t.datatype.value == str(XSD.string):
                return Literal(t.value)
            return Literal(t.value, datatype=URIRef(t.datatype.value))
        return BNode(str(t))

    graph = Graph()
    for triple in triples:
        graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return graph


class _Writer:
    def __init__(self, resolution: Resolution, base: str, provenance: Provenance) -> None:
        self.r = resolution
        self.record = resolution.record
        self.base = base
        self.provenance = provenance
        self.triples: dict[ox.Triple, None] = {}  # an ordered set
        self.iri = node(record_iri(base, self.record.kind, self.record.key))
        self.described: set[int] = set()

    def put(self, subject: ox.NamedNode, predicate: str, value: ox.NamedNode | ox.Literal) -> None:
        self.triples[ox.Triple(subject, node(predicate), value)] = None

    def add_each(self, predicate: str, values: Iterable[object]) -> None:
        for value in values:
            self.add(predicate, value)

    def add(self, predicate: str, value: object, subject: ox.NamedNode | None = None) -> None:
        if value is None or value == "" or value == ():
            return
        term = value if isinstance(value, ox.NamedNode | ox.Literal) else ox.Literal(str(value))
        self.put(subject or self.iri, predicate, term)

    def part(self, kind: str, number: int) -> ox.NamedNode:
        return node(f"{self.iri.value}#{kind}-{number}")

    def entity(self, entity: Entity) -> ox.NamedNode:
        """The entity's IRI, describing it in this graph the first time it is met."""
        iri = node(entity_iri(self.base, entity))
        if id(entity) in self.described:
            return iri
        self.described.add(id(entity))
        put = self.put
        if entity.kind == "concept":
            scheme = node(f"{self.base}id/concept/{entity.scheme}")
            put(iri, RDF.type, node(SKOS.Concept))
            put(iri, SKOS.inScheme, scheme)
            put(scheme, RDF.type, node(SKOS.ConceptScheme))
            put(
                scheme,
                SKOS.prefLabel,
                literal(SCHEME_LABELS.get(entity.scheme or "", entity.scheme or ""), language="en"),
            )
        for cls in ENTITY_CLASSES.get(entity.kind, ()):
            put(iri, RDF.type, node(cls))
        put(iri, SKOS.prefLabel, literal(entity.label))
        put(iri, RDFS.label, literal(entity.label))
        for label in sorted(entity.alt_labels):
            put(iri, SKOS.altLabel, literal(label))
        for code_name in sorted(entity.code_names):
            put(iri, TG.codeName, literal(code_name))
        for same in entity.same_as:
            put(iri, OWL.sameAs, node(same))
        if entity.curated and entity.kind != "concept":
            # a partner archive built from the same authority files names this entity with the same key
            for partner in self.provenance.partners:
                put(iri, OWL.sameAs, node(f"{partner}id/{entity.kind}/{entity.key}"))
        for number, (name, start, end) in enumerate(entity.names_in_time, start=1):
            name_node = node(f"{iri.value}#name-{number}")
            put(iri, TG.nameInTime, name_node)
            put(name_node, RDF.type, node(TG.PlaceName))
            put(name_node, RDFS.label, literal(name))
            if start is not None:
                put(name_node, TG.usedFrom, literal(f"{start:04d}", XSD.gYear))
            if end is not None:
                put(name_node, TG.usedUntil, literal(f"{end:04d}", XSD.gYear))
        if entity.note:
            put(iri, SKOS.definition if entity.kind == "concept" else SKOS.note, literal(entity.note, language="en"))
        return iri

    def agent(self, name: Name) -> ox.NamedNode:
        return self.entity(self.r.agents[name])

    def write(self) -> Triples:
        rec, add = self.record, self.add
        cls = KIND_CLASSES.get(rec.kind, TG.Document)
        self.put(self.iri, RDF.type, node(cls))
        if cls not in (TG.Document, TG.RecordSet):
            self.put(self.iri, RDF.type, node(TG.Document))
        add(DCTERMS.title, rec.title)
        add(RDFS.label, rec.title)
        if rec.date:
            add(DCTERMS.date, date_literal(rec.date))
        add(TG.earliestDate, _day(rec.earliest))
        add(TG.latestDate, _day(rec.latest))
        add(DCTERMS.temporal, rec.date_as_written)
        if rec.part_of:
            add(DCTERMS.isPartOf, node(record_iri(self.base, "document", rec.part_of)))
        add(DCTERMS.description, rec.description)
        add(DCTERMS.rights, rec.rights)
        add(DCTERMS.identifier, rec.key)
        add(DCTERMS.identifier, rec.identifier)
        add(DCTERMS.source, rec.citation)
        self.add_each(DCTERMS.language, rec.language)
        self.add_each(DCTERMS.subject, rec.subjects)
        add(DCTERMS.issued, _day(rec.uploaded_on))
        if rec.url:
            add(FOAF.isPrimaryTopicOf, node(rec.url))
        self.parties()
        self.header()
        self.apparatus()
        self.provenance_of()
        return list(self.triples)

    def parties(self) -> None:
        rec, add = self.record, self.add
        for creator in rec.creators:
            add(DCTERMS.creator, self.agent(creator))
        if rec.sender:
            add(TG.sender, self.agent(rec.sender))
            add(DCTERMS.creator, self.agent(rec.sender))
            add(TG.signedAs, self.r.written_form(rec.sender))
        for addressee in rec.addressees:
            add(TG.addressee, self.agent(addressee))
            add(TG.addressedAs, self.r.written_form(addressee))
        for place, predicate in ((rec.sent_from, TG.sentFrom), (rec.sent_to, TG.sentTo)):
            if place:
                add(predicate, self.entity(self.r.places[place]))
        for number, copy in enumerate(rec.copies, start=1):
            part = self.part("copy", number)
            add(TG.copy, part)
            add(RDF.type, node(TG.Copy), part)
            add(TG.recipient, self.agent(copy.recipient), part)
            add(TG.copies, _integer(copy.count), part)
        for entity in self.r.mentioned:
            add(TG.mentions, self.entity(entity))
        for place in rec.mentioned_places:  # a catalogue's "associated places": the record's coverage
            add(DCTERMS.spatial, self.entity(self.r.places[place]))
        for contributor in rec.contributors:
            add(DCTERMS.contributor, self.agent(contributor))
        for translator in rec.translators:
            add(SCHEMA.translator, self.agent(translator))
            add(DCTERMS.contributor, self.agent(translator))
        for funder in rec.funders:
            add(SCHEMA.funder, self.agent(funder))

    def header(self) -> None:
        rec, add = self.record, self.add
        self.add_each(TG.telegramNumber, rec.telegram_numbers)
        self.add_each(TG.specialNumber, rec.special_numbers)
        add(TG.outgoingNumber, rec.outgoing_number)
        add(TG.inReplyToNumber, rec.in_reply_to_number)
        self.add_each(TG.referenceNumber, rec.reference_numbers)
        add(TG.receivedOn, _day(rec.received_on))
        if rec.sent_at:
            add(TG.sentAt, _instant(rec.sent_at))
        if rec.received_at:
            add(TG.receivedAt, _instant(rec.received_at))
        for number, step in enumerate(rec.routing, start=1):
            part = self.part("routing", number)
            add(TG.routing, part)
            add(RDF.type, node(TG.RoutingStep), part)
            add(RDFS.label, step.note, part)
            add(TG.stepNumber, _integer(number), part)
            if step.to:
                add(TG.routedTo, self.agent(step.to), part)
            if step.at:
                add(TG.routedAt, _instant(step.at), part)
        predicates = {"classification": TG.classification, "precedence": TG.precedence}
        predicates["transmission-mode"] = TG.transmissionMode
        for scheme, concept in self.r.concepts.items():
            add(predicates[scheme], self.entity(concept))
        self.add_each(TG.handlingNote, rec.handling_notes)
        self.add_each(TG.serviceNote, rec.service_notes)
        add(TG.declassifiedOn, _day(rec.declassified_on))

    def apparatus(self) -> None:
        rec, add = self.record, self.add
        add(TG.bodyText, rec.body)
        self.add_each(TG.editorialNote, rec.editorial_notes)
        for number, reference in enumerate(rec.references, start=1):
            part = self.part("reference", number)
            add(TG.archivalReference, part)
            add(RDF.type, node(TG.ArchivalReference), part)
            add(RDFS.label, reference.as_written, part)
            add(TG.archive, self.entity(self.r.archives[reference.archive]), part)
            for predicate, value in (
                (TG.fond, reference.fond),
                (TG.opis, reference.opis),
                (TG.delo, reference.delo),
                (TG.papka, reference.papka),
                (TG.folios, reference.folios),
                (TG.referenceCode, reference.reference_code),
            ):
                add(predicate, value, part)

    def provenance_of(self) -> None:
        rec, add = self.record, self.add
        activity = node(f"{self.iri.value}#conversion")
        reader = node(f"{self.base}id/software/lod-{rec.reader}")
        source, build = node(self.provenance.source), node(self.provenance.build)
        add(PROV.wasDerivedFrom, source)
        add(PROV.wasGeneratedBy, activity)
        add(RDF.type, node(PROV.Activity), activity)
        add(PROV.used, source, activity)
        add(PROV.wasAssociatedWith, reader, activity)
        add(PROV.wasInformedBy, build, activity)
        add(TG.sourceLocator, rec.locator, activity)
        add(RDF.type, node(PROV.SoftwareAgent), reader)
        add(RDFS.label, f"lod {rec.reader} reader {__version__}", reader)


def convert(resolution: Resolution, base: str, provenance: Provenance) -> Triples:
    """The record's triples: the record, its parts, the entities it names, and its provenance."""
    return _Writer(resolution, base, provenance).write()


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
