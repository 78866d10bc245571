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

from rdflib import Graph, Literal, Namespace, URIRef
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


def date_literal(date: PartialDate) -> Literal:
    return Literal(date.isoformat(), datatype=_DATE_TYPES[date.precision])


def _day(value: dt.date | None) -> Literal | None:
    return Literal(value.isoformat(), datatype=XSD.date) if value else None


def _instant(value: dt.datetime) -> Literal:
    return Literal(value.isoformat(timespec="seconds"), datatype=XSD.dateTime)


class _Writer:
    def __init__(self, resolution: Resolution, base: str, provenance: Provenance) -> None:
        self.r = resolution
        self.record = resolution.record
        self.base = base
        self.provenance = provenance
        self.graph = Graph()
        self.iri = record_iri(base, self.record.kind, self.record.key)
        self.described: set[int] = set()

    def add_each(self, predicate: URIRef, values: Iterable[object]) -> None:
        for value in values:
            self.add(predicate, value)

    def add(self, predicate: URIRef, value: object, subject: URIRef | None = None) -> None:
        if value is None or value == "" or value == ():
            return
        term = value if isinstance(value, URIRef | Literal) else Literal(value)
        self.graph.add((subject or self.iri, predicate, term))

    def entity(self, entity: Entity) -> URIRef:
        """The entity's IRI, describing it in this graph the first time it is met."""
        iri = entity_iri(self.base, entity)
        if id(entity) in self.described:
            return iri
        self.described.add(id(entity))
        g = self.graph
        if entity.kind == "concept":
            scheme = URIRef(f"{self.base}id/concept/{entity.scheme}")
            g.add((iri, RDF.type, SKOS.Concept))
            g.add((iri, SKOS.inScheme, scheme))
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            g.add(
                (
                    scheme,
                    SKOS.prefLabel,
                    Literal(SCHEME_LABELS.get(entity.scheme or "", entity.scheme or ""), lang="en"),
                )
            )
        for cls in ENTITY_CLASSES.get(entity.kind, ()):
            g.add((iri, RDF.type, cls))
        g.add((iri, SKOS.prefLabel, Literal(entity.label)))
        g.add((iri, RDFS.label, Literal(entity.label)))
        for label in sorted(entity.alt_labels):
            g.add((iri, SKOS.altLabel, Literal(label)))
        for code_name in sorted(entity.code_names):
            g.add((iri, TG.codeName, Literal(code_name)))
        for same in entity.same_as:
            g.add((iri, OWL.sameAs, URIRef(same)))
        if entity.curated and entity.kind != "concept":
            # a partner archive built from the same authority files names this entity with the same key
            for partner in self.provenance.partners:
                g.add((iri, OWL.sameAs, URIRef(f"{partner}id/{entity.kind}/{entity.key}")))
        for number, (name, start, end) in enumerate(entity.names_in_time, start=1):
            node = URIRef(f"{iri}#name-{number}")
            g.add((iri, TG.nameInTime, node))
            g.add((node, RDF.type, TG.PlaceName))
            g.add((node, RDFS.label, Literal(name)))
            if start is not None:
                g.add((node, TG.usedFrom, Literal(f"{start:04d}", datatype=XSD.gYear)))
            if end is not None:
                g.add((node, TG.usedUntil, Literal(f"{end:04d}", datatype=XSD.gYear)))
        if entity.note:
            g.add((iri, SKOS.definition if entity.kind == "concept" else SKOS.note, Literal(entity.note, lang="en")))
        return iri

    def agent(self, name: Name) -> URIRef:
        return self.entity(self.r.agents[name])

    def write(self) -> Graph:
        rec, add = self.record, self.add
        cls = KIND_CLASSES.get(rec.kind, TG.Document)
        self.graph.add((self.iri, RDF.type, cls))
        if cls not in (TG.Document, TG.RecordSet):
            self.graph.add((self.iri, RDF.type, TG.Document))
        add(DCTERMS.title, rec.title)
        add(RDFS.label, rec.title)
        if rec.date:
            add(DCTERMS.date, date_literal(rec.date))
        add(TG.earliestDate, _day(rec.earliest))
        add(TG.latestDate, _day(rec.latest))
        add(DCTERMS.temporal, rec.date_as_written)
        if rec.part_of:
            add(DCTERMS.isPartOf, record_iri(self.base, "document", rec.part_of))
        add(DCTERMS.description, rec.description)
        add(DCTERMS.rights, rec.rights)
        add(DCTERMS.identifier, rec.key)
        add(DCTERMS.identifier, rec.identifier)
        add(DCTERMS.source, rec.citation)
        self.add_each(DCTERMS.language, rec.language)
        self.add_each(DCTERMS.subject, rec.subjects)
        add(DCTERMS.issued, _day(rec.uploaded_on))
        if rec.url:
            add(FOAF.isPrimaryTopicOf, URIRef(rec.url))
        self.parties()
        self.header()
        self.apparatus()
        self.provenance_of()
        return self.graph

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
            node = URIRef(f"{self.iri}#copy-{number}")
            add(TG.copy, node)
            add(RDF.type, TG.Copy, node)
            add(TG.recipient, self.agent(copy.recipient), node)
            add(TG.copies, Literal(copy.count, datatype=XSD.integer), node)
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
            node = URIRef(f"{self.iri}#routing-{number}")
            add(TG.routing, node)
            add(RDF.type, TG.RoutingStep, node)
            add(RDFS.label, step.note, node)
            add(TG.stepNumber, Literal(number, datatype=XSD.integer), node)
            if step.to:
                add(TG.routedTo, self.agent(step.to), node)
            if step.at:
                add(TG.routedAt, _instant(step.at), node)
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
            node = URIRef(f"{self.iri}#reference-{number}")
            add(TG.archivalReference, node)
            add(RDF.type, TG.ArchivalReference, node)
            add(RDFS.label, reference.as_written, node)
            add(TG.archive, self.entity(self.r.archives[reference.archive]), node)
            for predicate, value in (
                (TG.fond, reference.fond),
                (TG.opis, reference.opis),
                (TG.delo, reference.delo),
                (TG.papka, reference.papka),
                (TG.folios, reference.folios),
                (TG.referenceCode, reference.reference_code),
            ):
                add(predicate, value, node)

    def provenance_of(self) -> None:
        rec, add = self.record, self.add
        activity = URIRef(f"{self.iri}#conversion")
        reader = URIRef(f"{self.base}id/software/lod-{rec.reader}")
        add(PROV.wasDerivedFrom, self.provenance.source)
        add(PROV.wasGeneratedBy, activity)
        add(RDF.type, PROV.Activity, activity)
        add(PROV.used, self.provenance.source, activity)
        add(PROV.wasAssociatedWith, reader, activity)
        add(PROV.wasInformedBy, self.provenance.build, activity)
        add(TG.sourceLocator, rec.locator, activity)
        add(RDF.type, PROV.SoftwareAgent, reader)
        add(RDFS.label, f"lod {rec.reader} reader {__version__}", reader)


def convert(resolution: Resolution, base: str, provenance: Provenance) -> Graph:
    """The record's graph: the record, its parts, the entities it names, and its provenance."""
    return _Writer(resolution, base, provenance).write()


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
