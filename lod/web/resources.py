"""Dereferencing: ``/id/{kind}/{key}`` names a thing, ``/doc/{kind}/{key}`` is the document about it.

An identifier answers 303 See Other to the document in the format the client accepts (HTML,
Turtle, JSON-LD, RDF/XML, N-Triples); a document answers in the format its suffix names or, without
one, the format negotiated. Documents list their alternates in ``Link`` headers.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request
from rdflib import BNode, Graph, Literal, URIRef

from ..errors import ProtocolError, StoreError
from ..index import Index
from ..query import prefixes, solutions
from ..rdf import TG
from ..results import GRAPH_FORMATS
from .citations import BIBTEX, CSL, TEXT, plain
from .conneg import DOCUMENT_TYPES, best, suffix_of
from .describe import Description
from .jsonld import compacted
from .linked_text import Named, linked_paragraphs
from .offices import holdings
from .pages import error_response, site
from .schema_org import schema_org
from .services import base_uri, describer, search_index

blueprint = Blueprint("resources", __name__)
CITATION_TYPES = (CSL, BIBTEX, TEXT)
#: the JSON-LD profile a client names (in Accept) to get JSON-LD it can read without loading a context
EXPANDED = "http://www.w3.org/ns/json-ld#expanded"
FOAF_PRIMARY_TOPIC = ox.NamedNode("http://xmlns.com/foaf/0.1/primaryTopic")


def _alternates(kind: str, key: str) -> str:
    return ", ".join(
        f'</doc/{kind}/{key}.{suffix}>; rel="alternate"; type="{media}"' for suffix, media in DOCUMENT_TYPES.items()
    )


def _negotiated() -> str:
    chosen = best([*DOCUMENT_TYPES.values(), "application/json"], request.headers.get("Accept"))
    if chosen is None:
        raise ProtocolError("this resource is available as " + ", ".join(DOCUMENT_TYPES.values()), 406)
    return "application/ld+json" if chosen == "application/json" else chosen


_KIND = re.compile(r"[a-z][a-z-]{0,30}")


@blueprint.route("/id/<kind>/<path:key>")
def identifier(kind: str, key: str) -> Response:
    if not _KIND.fullmatch(kind):
        raise ProtocolError("there is no such resource here", 404)
    iri = f"{base_uri()}id/{kind}/{key}"
    if not describer().exists(iri):
        return not_found(iri, kind, key)
    citation = best([*DOCUMENT_TYPES.values(), *CITATION_TYPES], request.headers.get("Accept"))
    if citation in CITATION_TYPES:  # a reference manager resolving the URI, as it resolves a DOI
        response = Response(status=303, headers={"Location": f"/cite/{kind}/{key}", "Vary": "Accept"})
        return response
    media = _negotiated()
    response = Response(status=303, headers={"Location": f"/doc/{kind}/{key}.{suffix_of(media)}"})
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = _alternates(kind, key)
    return response


@blueprint.route("/doc/<kind>/<path:key>")
def document(kind: str, key: str) -> Response:
    if not _KIND.fullmatch(kind):
        raise ProtocolError("there is no such resource here", 404)
    stem, dot, suffix = key.rpartition(".")
    if dot and suffix in DOCUMENT_TYPES:
        key, media = stem, DOCUMENT_TYPES[suffix]
    else:
        media = _negotiated()
    iri = f"{base_uri()}id/{kind}/{key}"
    page = request.args.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        raise ProtocolError("page must be a whole number from 1")
    description = describer().describe(iri, int(page))
    if not description.statements and not description.link_counts:
        return not_found(iri, kind, key)
    if media == "text/html":
        body = render_template(
            "resource.html",
            d=description,
            kind=kind,
            key=key,
            schema=schema_org(description),
            alternates=[(suffix, m) for suffix, m in DOCUMENT_TYPES.items() if suffix != "html"],
            **_reading_room(description, kind),
        )
        response = Response(body, mimetype="text/html")
    else:
        response = Response(_serialize(description, media, kind, key), mimetype=media)
    response.headers["Link"] = _alternates(kind, key)
    if description.has_next:
        response.headers["Link"] += f', </doc/{kind}/{key}.{suffix_of(media)}?page={int(page) + 1}>; rel="next"'
    if media == "application/ld+json" and EXPANDED in (request.headers.get("Accept") or ""):
        response.headers["Content-Type"] = f'application/ld+json; profile="{EXPANDED}"'
    if not dot or media == "application/ld+json":  # JSON-LD's profile is negotiated even with a suffix
        response.headers["Vary"] = "Accept"
    # a document changes only with a new build: let clients and caches revalidate cheaply
    response.add_etag()
    response.headers["Cache-Control"] = "public, max-age=300"
    response.make_conditional(request)
    return response


def _reading_room(description: Description, kind: str) -> dict[str, Any]:
    """What the reading room adds to a page: a record's thread and citation, an entity's records in it."""
    try:
        aid: Index | None = search_index()
    except StoreError:  # a build from before the catalogue: the page shows the graph alone
        aid = None
    if kind in ("telegram", "document"):
        body = description.first("tg:bodyText")
        return {
            "thread": aid.thread(description.iri) if aid else [],
            "citation": plain(description) if description.first("dcterms:title") else None,
            "body": linked_paragraphs(body.value, _named(description, aid)) if body else None,
        }
    offices = holdings(describer(), description) if description.kind == "person" else []
    return {"entry": aid.entity_by_iri(description.iri) if aid else None, "offices": offices}


#: what a record is linked to whose names its text may write
_NAMING = ("tg:mentions", "tg:sender", "tg:addressee", "tg:sentFrom", "tg:sentTo", "dcterms:spatial")


def _named(description: Description, aid: Index | None) -> list[Named]:
    """The entities the record is linked to, each with every form the index knows it by."""
    values = [v for curie in _NAMING for v in description.get(curie)]
    values += [v for part in description.part_list("tg:copy") for v in part.all("tg:recipient")]
    named: dict[str, Named] = {}
    for value in values:
        if not value.is_iri or not value.href or value.value in named:
            continue
        entry = aid.entity_by_iri(value.value) if aid else None
        label = (entry.label if entry else None) or value.text
        variants = [v for v in (entry.variants.split("; ") if entry and entry.variants else [])]
        named[value.value] = Named(value.href, label, [label, *variants])
    return list(named.values())


def _serialize(description: Description, media: str, kind: str, key: str) -> bytes:
    document_iri = ox.NamedNode(f"{site()}doc/{kind}/{key}.{suffix_of(media)}")
    triples = [ox.Triple(document_iri, FOAF_PRIMARY_TOPIC, ox.NamedNode(description.iri)), *description.triples]
    if media == "application/ld+json":
        return _compact_json_ld(triples, description.iri)
    return ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes=prefixes()) or b""


def _rdflib(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return BNode(str(term))


def _compact_json_ld(triples: list[ox.Triple], about: str) -> bytes:
    """JSON-LD with the dataset's context (``/context.jsonld``), framed around the resource described;
    expanded (no context to load) for a client that asks for the expanded profile."""
    if EXPANDED in (request.headers.get("Accept") or ""):
        return ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b""
    graph = Graph()
    for triple in triples:
        graph.add((_rdflib(triple.subject), _rdflib(triple.predicate), _rdflib(triple.object)))
    return compacted(graph, about)


def not_found(iri: str, kind: str, key: str) -> Response:
    """A 404 that says what was looked for and offers resources with similar names."""
    suggestions = _similar(kind, key)
    message = f"There is no resource <{iri}> in this dataset."
    if request.accept_mimetypes.best in {"text/html", "*/*"} and "text/html" in (request.headers.get("Accept") or ""):
        body = render_template("not_found.html", iri=iri, kind=kind, suggestions=suggestions)
        return Response(body, status=404, mimetype="text/html")
    if suggestions:
        message += " Similar: " + ", ".join(f"<{s['iri']}> ({s['label']})" for s in suggestions)
    return error_response(404, "Not Found", message)


def _similar(kind: str, key: str) -> list[dict[str, str]]:
    # only letters and digits of the key reach the query
    words = [w for w in re.split(r"[^a-z0-9]+", key.lower()) if len(w) >= 3][:3]
    if not words:
        return []
    tests = " || ".join(f'CONTAINS(LCASE(STR(?name)), "{w[:5]}")' for w in words)
    skos = "http://www.w3.org/2004/02/skos/core#"
    query = f"""SELECT DISTINCT ?s ?label WHERE {{
        ?s <{skos}prefLabel> ?label ; <{skos}prefLabel>|<{skos}altLabel>|<{TG}codeName> ?name .
        FILTER(STRSTARTS(STR(?s), "{base_uri()}id/{kind}/") && ({tests})) }} LIMIT 10"""
    found = []
    for row in solutions(describer().store, query):
        iri = row["s"].value
        found.append({"iri": iri, "label": row["label"].value, "href": describer().href(iri) or iri})
    return found
