"""What a resource's page says: its statements, its parts, the labels of what it names, what links to it.

Every lookup goes through an index of the store (subject, object or a VALUES list), so a page costs
a handful of index scans whatever the size of the graph. Links to a resource are grouped by the role
the resource plays ("sent", "copied to", "mentioned in") and paged.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..query import solutions
from ..rdf import PREFIXES, SCHEMA, TG
from ..store import Graph

DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"

LABELS = (SKOS + "prefLabel", DCTERMS + "title", RDFS + "label")
#: (predicate, part of the linking document or None) -> the role the described resource plays
ROLES: dict[str, str] = {
    f"{TG}sender": "sent",
    f"{TG}addressee": "addressed to",
    f"{TG}recipient": "copied to",
    f"{TG}mentions": "mentioned in",
    f"{DCTERMS}creator": "author of",
    f"{DCTERMS}contributor": "contributor to",
    f"{SCHEMA}translator": "translator of",
    f"{SCHEMA}funder": "funder of",
    f"{TG}routedTo": "handled",
    f"{TG}archive": "holds",
    f"{TG}sentFrom": "sent from here",
    f"{TG}sentTo": "sent here",
    f"{TG}inferredSentTo": "sent here (inferred from the addressee's post)",
    f"{DCTERMS}spatial": "covered by",
    f"{TG}classification": "documents so classified",
    f"{TG}precedence": "documents of this precedence",
    f"{TG}transmissionMode": "documents sent this way",
    f"{SKOS}inScheme": "concepts",
    f"{PROV}wasDerivedFrom": "records read from it",
    f"{PROV}used": "conversions",
    f"{PROV}wasInformedBy": "conversions",
    f"{PROV}wasAssociatedWith": "conversions",
    f"{TG}inReplyTo": "answered by",
    f"{TG}senderPost": "sent in this post",
    f"{TG}addresseePost": "addressed to this post",
    f"{TG}post": "held by (terms of office)",
}
#: links a page does not list: the same holders again, stated for the reasoners of ORG and RiC-O
HIDDEN = {"http://www.w3.org/ns/org#holds", "https://www.ica.org/standards/RiC/ontology#occupiesOrOccupied"}
_DEFAULT = ox.DefaultGraph()
_LABEL_NODES = [ox.NamedNode(p) for p in LABELS]
_DATE = ox.NamedNode(DCTERMS + "date")
_TITLE = ox.NamedNode(DCTERMS + "title")
#: the fragment kinds of a record and the predicate that links the record to them
_PART_LINKS = {
    "copy": ox.NamedNode(f"{TG}copy"),
    "routing": ox.NamedNode(f"{TG}routing"),
    "reference": ox.NamedNode(f"{TG}archivalReference"),
}
#: roles listed first on a page, in this order
ROLE_ORDER = [
    "sent", "addressed to", "held by (terms of office)", "sent in this post", "addressed to this post", "copied to",
    "author of", "mentioned in", "holds", "handled",
]  # fmt: skip


@dataclass(frozen=True)
class Value:
    """An object of a statement, ready to show: its text, its link, its label."""

    value: str
    is_iri: bool
    label: str | None = None
    href: str | None = None
    datatype: str | None = None
    language: str | None = None

    @property
    def text(self) -> str:
        return self.label or self.value


class Statements(dict[str, list[Value]]):
    """Predicate IRI -> values, read by CURIE in templates: ``part.one("tg:recipient")``."""

    def all(self, curie: str) -> list[Value]:
        return super().get(expand(curie), [])

    def one(self, curie: str) -> Value | None:
        values = self.all(curie)
        return values[0] if values else None


@dataclass
class Link:
    """A document (or other resource) that links to the described one."""

    iri: str
    href: str | None
    title: str
    date: str | None
    part: str | None = None


@dataclass
class Description:
    iri: str
    statements: Statements = field(default_factory=Statements)
    parts: dict[str, Statements] = field(default_factory=dict)
    links: dict[str, list[Link]] = field(default_factory=dict)
    link_counts: dict[str, int] = field(default_factory=dict)
    triples: list[ox.Triple] = field(default_factory=list)
    page: int = 1
    has_next: bool = False

    def get(self, curie: str) -> list[Value]:
        return self.statements.all(curie)

    def first(self, curie: str) -> Value | None:
        return self.statements.one(curie)

    def types(self) -> set[str]:
        return {v.value for v in self.statements.get(RDF_TYPE, [])}

    def is_a(self, curie: str) -> bool:
        return expand(curie) in self.types()

    def part_list(self, curie: str) -> list[Statements]:
        """The parts the resource links to with this predicate, in their order (#copy-1, #copy-2 ...)."""
        names = [v.value for v in self.get(curie)]
        return [self.parts.get(n, Statements()) for n in sorted(names, key=_fragment_order)]

    def other_statements(self, shown: set[str]) -> list[tuple[str, list[Value]]]:
        """Statements a page has not shown in its own sections, by predicate CURIE."""
        hidden = {expand(c) for c in shown}
        return [(curie(p), values) for p, values in sorted(self.statements.items()) if p not in hidden]

    @property
    def label(self) -> str:
        for predicate in LABELS:
            if predicate in self.statements:
                return self.statements[predicate][0].value
        return self.iri.rsplit("/", 1)[-1]

    @property
    def kind(self) -> str:
        """telegram, document, person, organization, place, archive, concept, post or other."""
        types = self.types()
        if f"{TG}Telegram" in types:
            return "telegram"
        if f"{TG}Document" in types:
            return "document"
        if f"{TG}Archive" in types:
            return "archive"
        for name, cls in (("person", FOAF + "Person"), ("organization", FOAF + "Organization")):
            if cls in types:
                return name
        if f"{DCTERMS}Location" in types:
            return "place"
        if f"{SKOS}Concept" in types:
            return "concept"
        if "http://www.w3.org/ns/org#Post" in types:
            return "post"
        return "other"

    def roles(self) -> list[tuple[str, int, list[Link]]]:
        order = {role: i for i, role in enumerate(ROLE_ORDER)}
        names = sorted(self.link_counts, key=lambda r: (order.get(r, len(order)), r))
        return [(role, self.link_counts[role], self.links.get(role, [])) for role in names]


def curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri


def expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    namespace = PREFIXES.get(prefix)
    return f"{namespace}{local}" if namespace is not None and not curie.startswith("http") else curie


def _fragment_order(iri: str) -> tuple[str, int]:
    stem, _, number = iri.rpartition("-")
    return (stem, int(number)) if number.isdigit() else (iri, 0)


class Describer:
    """Reads descriptions from the store for the pages and the RDF documents of resources."""

    def __init__(
        self, store: Graph, base: str, per_page: int = 100, many_links: Mapping[str, Mapping[str, int]] | None = None
    ) -> None:
        self.store = store
        self.base = base
        self.per_page = per_page
        self.many_links = many_links or {}  # links per property of much-linked entities, counted by the build

    def href(self, iri: str) -> str | None:
        """A link inside this site for the dataset's own IRIs, else the IRI itself."""
        if iri.startswith(self.base):
            return "/" + iri[len(self.base) :]
        return iri if iri.startswith(("http://", "https://")) else None

    def _about(self, subject: ox.NamedNode, predicate: ox.NamedNode | None = None) -> list[ox.Quad]:
        """Statements of one subject, straight from the store's subject index (no query to parse)."""
        return list(self.store.quads_for_pattern(subject, predicate, None, _DEFAULT))

    def exists(self, iri: str) -> bool:
        """Whether the dataset says anything of ``iri`` (False for text that is no IRI at all)."""
        if not valid_iri(iri):
            return False
        return next(iter(self.store.quads_for_pattern(ox.NamedNode(iri), None, None, _DEFAULT)), None) is not None

    def _value(self, term: object, labels: dict[str, str]) -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(term.value, True, labels.get(term.value), self.href(term.value))
        if isinstance(term, ox.Literal):
            return Value(term.value, False, datatype=term.datatype.value, language=term.language)
        return Value(str(term), False)

    def labels(self, iris: list[str]) -> tuple[dict[str, str], list[ox.Triple]]:
        """Preferred label (or title) of each IRI, and the triples that say so."""
        found: dict[str, str] = {}
        triples = []
        for iri in iris:
            subject = ox.NamedNode(iri)
            for predicate in _LABEL_NODES:
                quads = self._about(subject, predicate)
                if quads:
                    found.setdefault(iri, _text(quads[0].object))
                    if predicate.value != RDFS + "label":
                        triples += [q.triple for q in quads]
                    break
        return found, triples

    def headlines(self, documents: list[str]) -> tuple[dict[str, str], dict[str, str], list[ox.Triple]]:
        """Title and date of each linking document, in one query, and the triples that give the titles.

        One query for a page of links, not three index lookups per document: half the time on the
        embedded store, and one request instead of hundreds on a remote one. A document without a
        title (only records must have one) falls back to its label.
        """
        titles: dict[str, str] = {}
        dates: dict[str, str] = {}
        triples: list[ox.Triple] = []
        if not documents:
            return titles, dates, triples
        values = " ".join(f"<{iri}>" for iri in documents)
        query = (
            f"SELECT ?s ?title ?date WHERE {{ VALUES ?s {{ {values} }} "
            f"OPTIONAL {{ ?s <{_TITLE.value}> ?title }} OPTIONAL {{ ?s <{_DATE.value}> ?date }} }}"
        )
        for row in solutions(self.store, query):
            subject, title, date = row["s"], row["title"], row["date"]
            iri = _text(subject)
            if title is not None and iri not in titles:
                titles[iri] = _text(title)
                triples.append(ox.Triple(subject, _TITLE, title))
            if date is not None:
                dates.setdefault(iri, _text(date))
        untitled, label_triples = self.labels([iri for iri in documents if iri not in titles])
        titles.update(untitled)
        return titles, dates, triples + label_triples

    def describe(self, iri: str, page: int = 1, links: bool = True) -> Description:
        """The resource's statements, its parts with the labels of what they name, and (``links``) what links to it."""
        description = Description(iri, page=page)
        if not valid_iri(iri):
            return description
        node = ox.NamedNode(iri)
        own = self._about(node)
        fragments = sorted(
            {
                _text(q.object)
                for q in own
                if isinstance(q.object, ox.NamedNode) and _text(q.object).startswith(iri + "#")
            }
        )
        part_quads = [quad for fragment in fragments for quad in self._about(ox.NamedNode(fragment))]
        named = {
            _text(q.object)
            for q in own + part_quads
            if isinstance(q.object, ox.NamedNode) and _text(q.object) not in fragments
        }
        labels, label_triples = self.labels(sorted(named))
        for quad in own:
            description.statements.setdefault(_text(quad.predicate), []).append(self._value(quad.object, labels))
            description.triples.append(quad.triple)
        for quad in part_quads:
            part = description.parts.setdefault(_text(quad.subject), Statements())
            part.setdefault(_text(quad.predicate), []).append(self._value(quad.object, labels))
            description.triples.append(quad.triple)
        description.triples += label_triples
        if links:
            self._links(description, node, page)
        return description

    def _links(self, description: Description, node: ox.NamedNode, page: int) -> None:
        """What links here: counts per role, and one page of the linking documents."""
        iri = node.value
        counted = self.many_links.get(iri)
        if counted is None:
            query = f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ ?s ?p <{iri}> }} GROUP BY ?p"
            counted = {row["p"].value: int(row["n"].value) for row in solutions(self.store, query)}
        for predicate, count in counted.items():
            if predicate in HIDDEN:
                continue
            role = ROLES.get(predicate, _local(predicate))
            description.link_counts[role] = description.link_counts.get(role, 0) + count
        if not description.link_counts:
            return
        offset = (page - 1) * self.per_page
        inbound = self.store.quads_for_pattern(None, None, node, _DEFAULT)
        quads = list(itertools.islice(inbound, offset, offset + self.per_page + 1))
        description.has_next = len(quads) > self.per_page
        quads = quads[: self.per_page]
        owners = sorted({_text(q.subject).split("#", 1)[0] for q in quads})
        titles, dates, title_triples = self.headlines(owners)
        for quad in quads:
            subject, predicate = _text(quad.subject), _text(quad.predicate)
            if predicate in HIDDEN:
                continue
            owner, _, part = subject.partition("#")
            role = ROLES.get(predicate, _local(predicate))
            title = titles.get(owner, owner.rsplit("/", 1)[-1])
            description.links.setdefault(role, []).append(
                Link(owner, self.href(owner), title, dates.get(owner), part or None)
            )
            description.triples.append(quad.triple)
            linking = _PART_LINKS.get(part.rsplit("-", 1)[0]) if part else None
            if linking is not None:
                description.triples.append(ox.Triple(ox.NamedNode(owner), linking, quad.subject))
        for links in description.links.values():
            links.sort(key=lambda link: (link.date or "", link.title))
        description.triples += title_triples


def _text(term: object) -> str:
    """The lexical value of a term (an IRI's string, a literal's text)."""
    return str(getattr(term, "value", term))


def valid_iri(text: str) -> bool:
    """An absolute IRI, safe to write between angle brackets in a query."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
