"""JSON-LD that reads as JSON: the dataset's context at ``/context.jsonld``, and framed telegrams.

The context names every property and class of the telegram vocabulary by its local name
(``sender``, ``addressedAs``, ``Telegram``), and the Dublin Core, SKOS, PROV and FOAF terms the
data uses by theirs (``title``, ``prefLabel``, ``wasDerivedFrom``); links are typed ``@id`` and
dates carry their datatype, so a document reads ``"sender": "http://…/id/person/shtykov"`` and
``"sentAt": "1950-07-02T04:00:00"``. Documents refer to the context by its URL.

Documents are framed around what they describe: a telegram is the top object, its copies,
archival references and routing steps are nested in it (once each), and the persons, places and
archives it names are nested as their IRI and label wherever they are named. What the resource does
not reach (the records that name a person, on the person's document) follows it in ``@graph``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..query import prefixes
from ..rdf import TG
from .pages import site
from .services import services

XSD = "http://www.w3.org/2001/XMLSchema#"
TYPED = {XSD + name for name in ("date", "dateTime", "integer", "gYear", "gYearMonth")}

#: terms of other vocabularies the data uses: name -> (CURIE, "@id" for links or a datatype, or None)
COMMON: dict[str, tuple[str, str | None]] = {
    "title": ("dcterms:title", None),
    "description": ("dcterms:description", None),
    "date": ("dcterms:date", "xsd:date"),
    "temporal": ("dcterms:temporal", None),
    "identifier": ("dcterms:identifier", None),
    "source": ("dcterms:source", None),
    "rights": ("dcterms:rights", None),
    "language": ("dcterms:language", None),
    "subject": ("dcterms:subject", None),
    "issued": ("dcterms:issued", "xsd:date"),
    "creator": ("dcterms:creator", "@id"),
    "contributor": ("dcterms:contributor", "@id"),
    "spatial": ("dcterms:spatial", "@id"),
    "isPartOf": ("dcterms:isPartOf", "@id"),
    "Location": ("dcterms:Location", None),
    "label": ("rdfs:label", None),
    "prefLabel": ("skos:prefLabel", None),
    "altLabel": ("skos:altLabel", None),
    "definition": ("skos:definition", None),
    "inScheme": ("skos:inScheme", "@id"),
    "Concept": ("skos:Concept", None),
    "ConceptScheme": ("skos:ConceptScheme", None),
    "sameAs": ("owl:sameAs", "@id"),
    "Person": ("foaf:Person", None),
    "Organization": ("foaf:Organization", None),
    "primaryTopic": ("foaf:primaryTopic", "@id"),
    "isPrimaryTopicOf": ("foaf:isPrimaryTopicOf", "@id"),
    "wasDerivedFrom": ("prov:wasDerivedFrom", "@id"),
    "wasGeneratedBy": ("prov:wasGeneratedBy", "@id"),
    "translator": ("schema:translator", "@id"),
    "funder": ("schema:funder", "@id"),
}


@lru_cache(maxsize=4)
def context(ontology: str) -> dict[str, Any]:
    """The context: the prefixes, then a term for every term of the vocabulary and the common ones."""
    terms: dict[str, Any] = {"id": "@id", "type": "@type", **prefixes()}
    vocabulary = Graph().parse(Path(ontology))
    for term in sorted(set(vocabulary.subjects()), key=str):
        if not isinstance(term, URIRef) or not str(term).startswith(str(TG)) or str(term) == str(TG):
            continue
        name = str(term)[len(str(TG)) :]
        kinds = set(vocabulary.objects(term, RDF.type))
        ranges = {str(r) for r in vocabulary.objects(term, RDFS.range)}
        if OWL.ObjectProperty in kinds:
            terms[name] = {"@id": f"tg:{name}", "@type": "@id"}
        elif ranges & TYPED:
            terms[name] = {"@id": f"tg:{name}", "@type": "xsd:" + sorted(ranges & TYPED)[0][len(XSD) :]}
        else:
            terms[name] = f"tg:{name}"
    for name, (curie, kind) in COMMON.items():
        terms[name] = {"@id": curie, "@type": kind} if kind else curie
    return terms


def dataset_context() -> dict[str, Any]:
    settings = services().settings
    return context(settings.ontology)


def context_url() -> str:
    return site() + "context.jsonld"


def compacted(graph: Graph, about: str) -> bytes:
    """The graph as JSON-LD with the dataset's context (by URL), framed around ``about``."""
    text = graph.serialize(format="json-ld", context=dataset_context(), auto_compact=True)
    document = json.loads(text)
    document.pop("@context", None)
    nodes = document.pop("@graph", None) or [document]
    nodes = _framed(nodes, about)
    body: dict[str, Any] = {"@context": context_url()}
    if len(nodes) == 1:
        body.update(nodes[0])
    else:
        body["@graph"] = nodes
    return json.dumps(body, indent=1, ensure_ascii=False).encode("utf-8")


def _framed(nodes: list[dict[str, Any]], about: str) -> list[dict[str, Any]]:
    """The node ``about`` first, each node it refers to nested in place of the reference (once each);
    the nodes it does not reach follow it."""
    by_id = {node.get("id"): node for node in nodes}
    root = by_id.get(about)
    if root is None:
        return nodes
    used = {about}  # nodes nested somewhere: not repeated after the frame
    path: list[str] = [about]  # the nodes being nested, so a cycle stops

    def nest(value: Any) -> Any:
        if isinstance(value, list):
            return [nest(item) for item in value]
        reference = value if isinstance(value, str) else value.get("id") if isinstance(value, dict) else None
        if not isinstance(reference, str) or reference not in by_id or reference in path:
            return value
        if isinstance(value, dict) and len(value) > 1:
            return value
        if reference.startswith(about + "#") and reference in used:  # a part of the record: nested once
            return value
        used.add(reference)
        path.append(reference)
        node = {key: nest(item) if key not in ("id", "type") else item for key, item in by_id[reference].items()}
        path.pop()
        return node

    framed = _first_id({key: nest(item) if key not in ("id", "type") else item for key, item in root.items()})
    rest = []
    for node in nodes:
        if node.get("id") in used:
            continue
        links = {key: value for key, value in node.items() if key != "id"}
        if links and all(value == about for value in links.values()):  # the document about it: "@reverse"
            for key in links:
                framed.setdefault("@reverse", {}).setdefault(key, []).append({"id": node["id"]})
        else:
            rest.append(node)
    return [framed, *rest]


def _first_id(node: dict[str, Any]) -> dict[str, Any]:
    """The node with its ``id`` and ``type`` first, as a reader looks for them, and its nested nodes too."""
    ordered: dict[str, Any] = {key: node[key] for key in ("id", "type") if key in node}
    for key, value in node.items():
        if key not in ordered:
            ordered[key] = (
                [_first_id(v) if isinstance(v, dict) else v for v in value]
                if isinstance(value, list)
                else (_first_id(value) if isinstance(value, dict) else value)
            )
    return ordered
