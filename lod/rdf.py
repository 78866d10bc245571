"""The RDF the project writes: its namespaces and prefixes, the classes of records and entities, their
IRIs, terms and literals made once, and triples moved between Oxigraph (the build, the store) and rdflib
(pySHACL, the web tier's serialisers)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from .authority.curated import Entity
from .record import PartialDate

TG = Namespace("https://w3id.org/telegram/ns#")
SCHEMA = Namespace("https://schema.org/")
RICO = Namespace("https://www.ica.org/standards/RiC/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
DCE_NS = Namespace("http://purl.org/dc/elements/1.1/")  # Dublin Core's elements: names as literals
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")  # W3C's WGS84 vocabulary: latitude, longitude

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
    "org": ORG,
    "dc": DCE_NS,
    "geo": GEO,
}

KIND_CLASSES = {
    "telegram": TG.Telegram,
    "letter": TG.Letter,
    "airgram": TG.Airgram,
    "memorandum-of-conversation": TG.MemorandumOfConversation,
    "telephone-conversation": TG.TelephoneConversation,
    "message": TG.Message,
    "editorial-note": TG.EditorialNote,
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
    "post": (ORG.Post, RICO.Position),
}
ATTRIBUTION_ROLES = {
    "drafting": TG.Drafting,
    "clearance": TG.Clearance,
    "approval": TG.Approval,
    "signature": TG.Signing,
}
SCHEME_LABELS = {
    "classification": "Classification",
    "precedence": "Precedence",
    "handling": "Handling caveat",
    "transmission-mode": "Transmission mode",
}
_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def record_iri(base: str, kind: str, key: str) -> URIRef:
    return URIRef(f"{base}id/{'telegram' if kind == 'telegram' else 'document'}/{key}")


def entity_iri(base: str, entity: Entity) -> URIRef:
    """The entity's IRI, from its kind, key and (a concept's) scheme as they are now: cached by those values,
    not by the entity, so an entity renamed would get its new IRI."""
    return _entity_iri(base, entity.kind, entity.scheme if entity.kind == "concept" else None, entity.key)


@lru_cache(maxsize=1 << 16)
def _entity_iri(base: str, kind: str, scheme: str | None, key: str) -> URIRef:
    """Made once per entity: an rdflib IRI checks its text as it is made, and the build asks for an entity's
    IRI each time a record names it (a digest, a statement, a description)."""
    if kind == "concept":
        return URIRef(f"{base}id/concept/{scheme}/{key}")
    return URIRef(f"{base}id/{kind}/{key}")


Triples = list[ox.Triple]


@lru_cache(maxsize=1 << 16)
def node(iri: str) -> ox.NamedNode:
    """An IRI as an Oxigraph term, made once per distinct IRI (vocabulary terms, entities)."""
    return ox.NamedNode(iri)


class Terms:
    """A vocabulary's terms as Oxigraph nodes: ``T.sentAt`` is made on first use, then an attribute."""

    def __init__(self, namespace: str) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        term = node(self._namespace + name)
        setattr(self, name, term)
        return term


T, DC, DCE, SK, RD, RDS, PR, OW, FO, SC, OR, RI, GE = (
    Terms(str(ns))
    for ns in (
        "https://w3id.org/telegram/ns#",
        DCTERMS,
        DCE_NS,
        SKOS,
        RDF,
        RDFS,
        PROV,
        OWL,
        FOAF,
        SCHEMA,
        ORG,
        RICO,
        GEO,
    )
)


def literal(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=node(datatype)) if datatype else ox.Literal(value)


def date_literal(date: PartialDate) -> ox.Literal:
    return literal(date.isoformat(), _DATE_TYPES[date.precision])


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


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """The triples as N-Triples, written by Oxigraph (the staging file's, and the validation process's, form)."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def parsed(data: bytes) -> Triples:
    """N-Triples read again as triples, in the order written."""
    return [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def subjects_in(statements: Triples | bytes) -> int:
    """How many subjects the statements are about (as triples, or as N-Triples, a statement a line)."""
    if isinstance(statements, bytes):
        return len({line.partition(b" ")[0] for line in statements.splitlines()})
    return len({t.subject for t in statements})


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
        return BNode(getattr(t, "value", str(t)))

    graph = Graph()
    for triple in triples:
        graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return graph


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
