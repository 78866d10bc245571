"""Record -> RDF: Dublin Core, the telegram vocabulary and PROV-O, with deterministic IRIs.

The same record, resolved the same way, always gives the same triples: IRIs come from the
record's key and the entities' keys under the deployment's base URI (``{base}id/telegram/…``,
``id/person/…``, ``id/place/…``, ``id/organization/…``, ``id/archive/…``, ``id/concept/…``),
and the parts of a record (copies, archival references, routing steps) are fragments of the
record's IRI (``…#copy-1``), never blank nodes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import XSD

from . import __version__
from .authority.curated import Entity
from .index.schema import CATALOGUED, CATALOGUED_PARTS, Card
from .names import clean
from .rdf import (
    ATTRIBUTION_ROLES,
    DC,
    DCE,
    FO,
    KIND_CLASSES,
    PR,
    RD,
    RDS,
    SC,
    SCHEME_LABELS,
    SK,
    T,
    Triples,
    date_literal,
    literal,
    node,
    ntriples,
    parsed,
    record_iri,
)
from .record import Name
from .resolved import Ref, Resolved


@dataclass(frozen=True)
class Provenance:
    """Where a record came from (the source file, by content; the build), and the partner archives
    whose IRIs for the same curated entities are linked with owl:sameAs."""

    source: URIRef
    build: URIRef
    partners: tuple[str, ...] = ()


@dataclass
class Conversion:
    """A converted record: its own statements (about it and its ``#`` parts) as N-Triples, the entities it
    names (described apart) and its catalogue card.

    The N-Triples are what travels (from a worker, from the published build's conversions) and what is
    stored, checked and dumped; ``triples`` reads them again only where terms are wanted.
    """

    data: bytes
    entities: list[Entity]
    card: Card | bytes = field(default_factory=Card)  # packed as it travels (lod.index.cards.packed_card)
    named: Triples = field(default_factory=list)  # a harvested record's statements about what it names
    entity_iris: list[str] = field(default_factory=list)  # as converted: the entities named, by IRI (entities: later)

    @functools.cached_property
    def triples(self) -> Triples:
        return parsed(self.data)

    @classmethod
    def of(cls, triples: Triples, entities: list[Entity], card: Card, **more: Any) -> Conversion:
        """A conversion made from its triples (which it keeps, to be asked for again)."""
        conversion = cls(ntriples(triples), entities, card, **more)
        conversion.__dict__["triples"] = triples
        return conversion


def taken(iri: str, triples: Triples, entities: list[Entity] | None = None) -> Conversion:
    """A record as RDF already, taken as it is (harvested): its own statements (about it and its ``#``
    parts) and, apart, those about what it names (described by the provider with each harvested record);
    ``entities``: those of ours it names."""
    own, named = [], []
    card = Card()
    record, prefix = ox.NamedNode(iri), iri + "#"
    mine: dict[object, bool] = {}  # whether each subject is the record's part, asked once each
    for triple in triples:
        subject = triple.subject
        if subject == record:
            own.append(triple)
            _carded(card, True, subject, triple.predicate, triple.object)
            continue
        part = mine.get(subject)
        if part is None:
            part = mine[subject] = isinstance(subject, ox.NamedNode) and subject.value.startswith(prefix)
        if part:
            own.append(triple)
            _carded(card, False, subject, triple.predicate, triple.object)
        else:
            named.append(triple)
    return Conversion.of(own, entities or [], card, named=named)


def _carded(card: Card, own: bool, subject: object, predicate: ox.NamedNode, value: object) -> None:
    """A statement onto the record's card, if it is one the catalogue reads (``own``: about the record)."""
    if not isinstance(value, ox.NamedNode | ox.Literal):
        return
    if own:
        if predicate.value in CATALOGUED:
            card.statements.setdefault(predicate.value, []).append(value.value)
    elif predicate.value in CATALOGUED_PARTS and isinstance(subject, ox.NamedNode):
        card.parts.setdefault(subject.value, {})[predicate.value] = value.value


def _day(value: dt.date | None) -> ox.Literal | None:
    return literal(value.isoformat(), XSD.date) if value else None


def _instant(value: dt.datetime) -> ox.Literal:
    return literal(value.isoformat(timespec="seconds"), XSD.dateTime)


def _integer(value: int) -> ox.Literal:
    return literal(str(value), XSD.integer)


class _Writer:
    def __init__(self, resolved: Resolved, base: str, provenance: Provenance) -> None:
        self.r = resolved
        self.record = resolved.record
        self.base = base
        self.provenance = provenance
        self.triples: dict[ox.Triple, None] = {}  # an ordered set
        self.iri = node(record_iri(base, self.record.kind, self.record.key))
        self.entities: dict[str, None] = {}  # the IRIs of the entities named, in order
        self.card = Card()

    def put(self, subject: ox.NamedNode, predicate: ox.NamedNode, value: ox.NamedNode | ox.Literal) -> None:
        known = len(self.triples)
        self.triples[ox.Triple(subject, predicate, value)] = None
        if len(self.triples) != known:  # not said already: one hash, on the converter's hot path
            _carded(self.card, subject is self.iri, subject, predicate, value)

    def add_each(self, predicate: ox.NamedNode, values: Iterable[object]) -> None:
        for value in values:
            self.add(predicate, value)

    def add(self, predicate: ox.NamedNode, value: object, subject: ox.NamedNode | None = None) -> None:
        if value is None or value == "" or value == ():
            return
        term = value if isinstance(value, ox.NamedNode | ox.Literal) else ox.Literal(str(value))
        self.put(subject or self.iri, predicate, term)

    def part(self, kind: str, number: int) -> ox.NamedNode:
        return node(f"{self.iri.value}#{kind}-{number}")

    def entity(self, entity: Ref) -> ox.NamedNode:
        """The entity's IRI; the entity is described apart (:func:`describe`), with the posts it held."""
        if entity.iri not in self.entities:
            self.entities[entity.iri] = None
            for related in entity.related:
                self.entities.setdefault(related, None)
        return node(entity.iri)

    def agent(self, name: Name) -> ox.NamedNode | None:
        entity = self.r.agents.get(name)
        return self.entity(entity) if entity is not None else None

    def write(self) -> Conversion:
        rec, add = self.record, self.add
        cls = KIND_CLASSES.get(rec.kind, T.Document)
        self.put(self.iri, RD.type, node(cls))
        if cls not in (T.Document, T.RecordSet):
            self.put(self.iri, RD.type, T.Document)
        add(DC.title, rec.title)
        add(RDS.label, rec.title)
        if rec.date:
            add(DC.date, date_literal(rec.date))
        add(T.earliestDate, _day(rec.earliest))
        add(T.latestDate, _day(rec.latest))
        add(DC.temporal, rec.date_as_written)
        if rec.part_of:
            add(DC.isPartOf, node(record_iri(self.base, "document", rec.part_of)))
        add(DC.description, rec.description)
        add(DC.rights, rec.rights)
        add(DC.identifier, rec.key)
        add(DC.identifier, rec.identifier)
        add(DC.source, rec.citation)
        self.add_each(DC.language, rec.language)
        self.add_each(DC.subject, rec.subjects)
        add(DC.issued, _day(rec.uploaded_on))
        if rec.url:
            add(FO.isPrimaryTopicOf, node(rec.url))
        self.parties()
        self.header()
        self.apparatus()
        self.provenance_of()
        return Conversion.of(list(self.triples), [], self.card, entity_iris=list(self.entities))

    def post(self, name: Name) -> ox.NamedNode | None:
        entity = self.r.posts.get(name)
        return self.entity(entity) if entity is not None else None

    def parties(self) -> None:
        rec, add = self.record, self.add
        for creator in rec.creators:  # a name that is no one's we know stays as written (Dublin Core's literal)
            add(DC.creator, self.agent(creator))
            if creator not in self.r.agents:
                add(DCE.creator, clean(creator.written) or None)
        if rec.sender:
            add(T.sender, self.agent(rec.sender))
            add(DC.creator, self.agent(rec.sender))
            body = self.r.bodies.get(rec.sender)
            if body is not None:  # the Department that sent it, besides the person who signed for it
                add(DC.creator, self.entity(body))
            add(T.senderPost, self.post(rec.sender))
            if rec.signed is None and not rec.sender.heading:  # the sender's name is the signature's
                add(T.signedAs, self.r.written_form(rec.sender))
            elif rec.signed is None:  # a head names the sender; nothing is signed
                add(T.sentAs, self.r.written_form(rec.sender))
            else:
                add(T.sentAs, self.r.written_form(rec.sender))
                add(T.signedAs, self.r.signed_form())
        for addressee in rec.addressees:
            add(T.addressee, self.agent(addressee))
            add(T.addresseePost, self.post(addressee))
            add(T.addressedAs, self.r.written_form(addressee))
        for place, predicate in ((rec.sent_from, T.sentFrom), (rec.sent_to, T.sentTo)):
            if place:
                add(predicate, self.entity(self.r.places[place]))
        if self.r.destination is not None:  # not written: the seat of the addressee's post
            add(T.inferredSentTo, self.entity(self.r.destination))
        for number, copy in enumerate(rec.copies, start=1):
            part = self.part("copy", number)
            add(T.copy, part)
            add(RD.type, T.Copy, part)
            add(T.recipient, self.agent(copy.recipient), part)
            add(T.copies, _integer(copy.count), part)
        for entity in self.r.mentioned:
            add(T.mentions, self.entity(entity))
        for place in rec.mentioned_places:  # a catalogue's "associated places": the record's coverage
            add(DC.spatial, self.entity(self.r.places[place]))
        for contributor in rec.contributors:
            add(DC.contributor, self.agent(contributor))
            if contributor not in self.r.agents:
                add(DCE.contributor, clean(contributor.written) or None)
        for translator in rec.translators:
            add(SC.translator, self.agent(translator))
            add(DC.contributor, self.agent(translator))
        for funder in rec.funders:
            add(SC.funder, self.agent(funder))

    def header(self) -> None:
        rec, add = self.record, self.add
        self.add_each(T.telegramNumber, rec.telegram_numbers)
        self.add_each(T.specialNumber, rec.special_numbers)
        add(T.outgoingNumber, rec.outgoing_number)
        add(T.inReplyToNumber, rec.in_reply_to_number)
        self.add_each(T.referenceNumber, rec.reference_numbers)
        add(T.receivedOn, _day(rec.received_on))
        if rec.sent_at:
            add(T.sentAt, _instant(rec.sent_at))
        if rec.received_at:
            add(T.receivedAt, _instant(rec.received_at))
        for number, step in enumerate(rec.routing, start=1):
            part = self.part("routing", number)
            add(T.routing, part)
            add(RD.type, T.RoutingStep, part)
            add(RDS.label, step.note, part)
            add(T.stepNumber, _integer(number), part)
            if step.to:
                add(T.routedTo, self.agent(step.to), part)
            if step.at:
                add(T.routedAt, _instant(step.at), part)
        predicates = {"classification": T.classification, "precedence": T.precedence, "handling": T.handling}
        predicates["transmission-mode"] = T.transmissionMode
        for scheme, concept in self.r.concepts:
            add(predicates[scheme], self.entity(concept))
        self.add_each(T.handlingNote, rec.handling_notes)
        add(T.messageSeries, rec.message_series)
        self.add_each(T.repeatedTo, rec.repeated_to)
        self.add_each(T.alsoSentTo, rec.also_sent_to)
        self.cited()
        self.attributed()
        self.add_each(T.serviceNote, rec.service_notes)
        add(T.declassifiedOn, _day(rec.declassified_on))

    def cited(self) -> None:
        """The telegrams the record cites by number, with whose each is (``tg:citedFrom``)."""
        rec, add = self.record, self.add
        parties = {"sender": [rec.sender] if rec.sender else [], "addressee": rec.addressees}
        for number, reference in enumerate(rec.message_references, start=1):
            part = self.part("cited", number)
            add(T.citesMessage, part)
            add(RD.type, T.MessageReference, part)
            add(RDS.label, reference.written, part)
            add(T.citedNumber, reference.number, part)
            add(T.citedSeries, reference.series, part)
            for name in parties.get(reference.whose or "", []):
                add(T.citedFrom, self.agent(name) or self.post(name), part)

    def attributed(self) -> None:
        """Drafting, clearance, approval and signature: PROV-O qualified attributions with their roles."""
        add = self.add
        for number, attribution in enumerate(self.record.attributions, start=1):
            part = self.part("attribution", number)
            add(PR.qualifiedAttribution, part)
            add(RD.type, PR.Attribution, part)
            add(PR.hadRole, node(ATTRIBUTION_ROLES[attribution.role]), part)
            add(PR.agent, self.agent(attribution.agent), part)
            add(T.writtenAs, attribution.written or clean(attribution.agent.written), part)

    def apparatus(self) -> None:
        rec, add = self.record, self.add
        add(T.bodyText, rec.body)
        self.add_each(T.editorialNote, rec.editorial_notes)
        for number, reference in enumerate(rec.references, start=1):
            part = self.part("reference", number)
            add(T.archivalReference, part)
            add(RD.type, T.ArchivalReference, part)
            add(RDS.label, reference.as_written, part)
            add(T.archive, self.entity(self.r.archives[reference.archive]), part)
            for predicate, value in (
                (T.fond, reference.fond),
                (T.opis, reference.opis),
                (T.delo, reference.delo),
                (T.papka, reference.papka),
                (T.folios, reference.folios),
                (T.referenceCode, reference.reference_code),
                (T.recordGroup, reference.record_group),
                (T.series, reference.series),
                (T.box, reference.box),
                (T.lot, reference.lot),
                (T.fileDate, _day(reference.file_date)),
            ):
                add(predicate, value, part)

    def provenance_of(self) -> None:
        rec, add = self.record, self.add
        activity = node(f"{self.iri.value}#conversion")
        reader = node(f"{self.base}id/software/lod-{rec.reader}")
        source, build = node(self.provenance.source), node(self.provenance.build)
        add(PR.wasDerivedFrom, source)
        add(PR.wasGeneratedBy, activity)
        add(RD.type, PR.Activity, activity)
        add(PR.used, source, activity)
        add(PR.wasAssociatedWith, reader, activity)
        add(PR.wasInformedBy, build, activity)
        if rec.locator:
            self.put(*located(self.iri.value, rec.locator))  # the last statement: where in its file


def located(iri: str, locator: str) -> tuple[ox.NamedNode, ox.NamedNode, ox.Literal]:
    """Where in its source file a record was read (a line, a document's id): its conversion's statement."""
    return node(f"{iri}#conversion"), T.sourceLocator, ox.Literal(locator)


def describe_reader(reader: str, base: str) -> Triples:
    """The software agent a record's conversion was associated with (written once per build)."""
    agent = node(f"{base}id/software/lod-{reader}")
    return [
        ox.Triple(agent, RD.type, PR.SoftwareAgent),
        ox.Triple(agent, RDS.label, literal(f"lod {reader} reader {__version__}")),
    ]


def describe_scheme(scheme: str, base: str) -> Triples:
    """A concept scheme (classifications, precedences, ...): written once per build."""
    iri = node(f"{base}id/concept/{scheme}")
    return [
        ox.Triple(iri, RD.type, SK.ConceptScheme),
        ox.Triple(iri, SK.prefLabel, literal(SCHEME_LABELS.get(scheme, scheme), language="en")),
    ]


def convert(resolved: Resolved, base: str, provenance: Provenance) -> Conversion:
    """The record's triples (the record, its parts, its provenance) and the IRIs of the entities it names."""
    return _Writer(resolved, base, provenance).write()
