"""Entity -> RDF: an entity's own description, written once per build, apart from the records naming it.

Its types, labels, code names and links (``owl:sameAs``, the register's ``schema:sameAs``), its names in
time, its note or definition, birth and death, and each term of office it held (``tg:Tenure``).
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from rdflib.namespace import XSD

from .authority.curated import Entity, Tenure
from .authority.geonames import locate
from .convert import Conversion, describe_scheme
from .rdf import DC, ENTITY_CLASSES, GE, OR, OW, RD, RDS, RI, SC, SK, T, Triples, entity_iri, literal, node


def describe(entity: Entity, base: str, partners: tuple[str, ...] = ()) -> Triples:
    """An entity's own description: types, labels, code names, links, names in time, note.

    Records name entities by IRI; the build writes each description once (again when the
    entity learnt a new label), not once per record that names it.
    """
    triples: dict[ox.Triple, None] = {}
    iri = node(entity_iri(base, entity))

    def put(subject: ox.NamedNode, predicate: ox.NamedNode, value: ox.NamedNode | ox.Literal) -> None:
        triples[ox.Triple(subject, predicate, value)] = None

    if entity.kind == "concept":  # the scheme itself: describe_scheme
        put(iri, RD.type, SK.Concept)
        put(iri, SK.inScheme, node(f"{base}id/concept/{entity.scheme}"))
    for cls in ENTITY_CLASSES.get(entity.kind, ()):
        put(iri, RD.type, node(cls))
    put(iri, SK.prefLabel, literal(entity.label))
    put(iri, RDS.label, literal(entity.label))
    for label in sorted(entity.alt_labels):
        put(iri, SK.altLabel, literal(label))
    for language, name in entity.own_scripts:  # in its own script, tagged: "Сталин"@ru, "김일성"@ko
        put(iri, SK.altLabel, literal(name, language=language))
    for code_name in sorted(entity.code_names):
        put(iri, T.codeName, literal(code_name))
    for same in entity.same_as:
        put(iri, OW.sameAs, node(same))
    if entity.curated and entity.kind != "concept":
        # a partner archive built from the same authority files names this entity with the same key
        for partner in partners:
            put(iri, OW.sameAs, node(f"{partner}id/{entity.kind}/{entity.key}"))
    for number, (name, start, end) in enumerate(entity.names_in_time, start=1):
        name_node = node(f"{iri.value}#name-{number}")
        put(iri, T.nameInTime, name_node)
        put(name_node, RD.type, T.PlaceName)
        put(name_node, RDS.label, literal(name))
        if start is not None:
            put(name_node, T.usedFrom, literal(f"{start:04d}", XSD.gYear))
        if end is not None:
            put(name_node, T.usedUntil, literal(f"{end:04d}", XSD.gYear))
    if entity.kind == "place":
        _where(iri, entity, put)
    if entity.note:
        put(iri, SK.definition if entity.kind == "concept" else SK.note, literal(entity.note, language="en"))
    if entity.register is not None:  # the register of offices' id, and its page (history.state.gov)
        put(iri, DC.identifier, literal(entity.register))
    for page in entity.pages:
        put(iri, SC.sameAs, node(page))
    if entity.born is not None:
        put(iri, SC.birthDate, literal(f"{entity.born:04d}", XSD.gYear))
    if entity.died is not None:
        put(iri, SC.deathDate, literal(f"{entity.died:04d}", XSD.gYear))
    for tenure in entity.terms:
        _tenure(put, iri, tenure, base)
    return list(triples)


def _partial(value: str) -> ox.Literal:
    """A register's date as written: "1933-10-30", "1933-10" or "1933"."""
    return literal(value, {1: XSD.gYear, 2: XSD.gYearMonth}.get(value.count("-") + 1, XSD.date))


def _tenure(
    put: Callable[[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal], None],
    iri: ox.NamedNode,
    tenure: Tenure,
    base: str,
) -> None:
    """A term of office: the person holds the post; the term says in which role, from when, until when."""
    post = node(entity_iri(base, tenure.post))
    term = node(f"{iri.value}#{tenure.key}")
    put(iri, OR.holds, post)
    put(iri, RI.occupiesOrOccupied, post)
    put(iri, T.tenure, term)
    put(term, RD.type, T.Tenure)
    put(term, T.post, post)
    put(term, DC.identifier, literal(tenure.id))
    if tenure.role:
        put(term, T.role, literal(tenure.role))
    for predicate, value in (
        (T.appointedOn, tenure.appointed),
        (T.startedOn, tenure.started),
        (T.endedOn, tenure.ended),
    ):
        if value:
            put(term, predicate, _partial(value))


def record_graph(conversion: Conversion, base: str, partners: tuple[str, ...] = ()) -> Triples:
    """The record's triples with the descriptions of the entities it names: the record on its own."""
    triples = dict.fromkeys(conversion.triples)
    for entity in conversion.entities:
        triples.update(dict.fromkeys(describe(entity, base, partners)))
    for scheme in sorted({e.scheme or "" for e in conversion.entities if e.kind == "concept"}):
        triples.update(dict.fromkeys(describe_scheme(scheme, base)))
    return list(triples)


def place_names(entity: Entity) -> list[str]:
    """The names a place goes by, its label first: what it is looked up by in GeoNames."""
    return [entity.label, *sorted(entity.alt_labels), *(name for name, _, _ in entity.names_in_time)]


def _where(
    iri: ox.NamedNode, entity: Entity, put: Callable[[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal], None]
) -> None:
    """GeoNames' id for the place (owl:sameAs) and, for a city, its point: geo:lat/geo:long and schema:geo."""
    located = locate(place_names(entity))
    if located is None:
        return
    put(iri, OW.sameAs, node(located.iri))
    if located.point is None:
        return
    latitude, longitude = (literal(_decimal(value), str(XSD.decimal)) for value in located.point)
    put(iri, GE.lat, latitude)
    put(iri, GE.long, longitude)
    point = node(f"{iri.value}#geo")
    put(iri, SC.geo, point)
    put(point, RD.type, SC.GeoCoordinates)
    put(point, SC.latitude, latitude)
    put(point, SC.longitude, longitude)


def _decimal(value: float) -> str:
    """A coordinate as xsd:decimal's canonical form, to five places (a metre or so): "77.2148", "35.0"."""
    text = f"{value:.5f}".rstrip("0")
    return text + "0" if text.endswith(".") else text
