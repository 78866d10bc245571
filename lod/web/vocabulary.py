"""The telegram vocabulary, served where its namespace points: HTML documentation or RDF."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, render_template, request
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .conneg import best
from .jsonld import dataset_context
from .services import services

blueprint = Blueprint("vocabulary", __name__)
NAMESPACE = "https://w3id.org/telegram/ns#"
_OFFERS = ["text/html", "text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]
_RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
}


@dataclass
class Term:
    iri: str
    name: str
    kind: str
    label: str
    comment: str
    parents: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)


@dataclass
class Vocabulary:
    graph: Graph
    title: str
    description: str
    version: str
    classes: list[Term]
    properties: list[Term]


def _curie(graph: Graph, iri: object) -> str:
    try:
        return graph.namespace_manager.normalizeUri(URIRef(str(iri)))
    except ValueError:
        return str(iri)


@lru_cache(maxsize=4)
def load(path: str, mtime: float) -> Vocabulary:
    del mtime  # part of the cache key: an edited file is read again
    graph = Graph().parse(path, format="turtle")
    ontology = next(graph.subjects(RDF.type, OWL.Ontology))
    terms: dict[str, list[Term]] = {"class": [], "property": []}
    for subject in sorted({s for s in graph.subjects(RDF.type, None) if str(s).startswith(NAMESPACE)}, key=str):
        types = set(graph.objects(subject, RDF.type))
        kind = "class" if OWL.Class in types else "property"
        parents = RDFS.subClassOf if kind == "class" else RDFS.subPropertyOf
        terms[kind].append(
            Term(
                iri=str(subject),
                name=str(subject)[len(NAMESPACE) :],
                kind="class" if kind == "class" else ("object" if OWL.ObjectProperty in types else "datatype"),
                label=str(graph.value(subject, RDFS.label) or ""),
                comment=str(graph.value(subject, RDFS.comment) or ""),
                parents=[_curie(graph, p) for p in graph.objects(subject, parents)],
                domain=[_curie(graph, d) for d in graph.objects(subject, RDFS.domain)],
                range=[_curie(graph, r) for r in graph.objects(subject, RDFS.range)],
            )
        )
    dcterms = "http://purl.org/dc/terms/"
    return Vocabulary(
        graph=graph,
        title=str(graph.value(ontology, URIRef(dcterms + "title")) or "Telegram vocabulary"),
        description=str(graph.value(ontology, URIRef(dcterms + "description")) or ""),
        version=str(graph.value(ontology, OWL.versionInfo) or ""),
        classes=terms["class"],
        properties=terms["property"],
    )


def vocabulary() -> Vocabulary:
    settings = services().settings
    path = Path(settings.ontology)
    return load(str(path), path.stat().st_mtime)


@blueprint.route("/ontology")
@blueprint.route("/ns")
@blueprint.route("/telegram/ns")
def ontology() -> Response:
    media = best(_OFFERS, request.headers.get("Accept")) or "text/html"
    return _render(media, vary=True)


@blueprint.route("/ontology.<suffix>")
def ontology_file(suffix: str) -> Response:
    media = {"ttl": "text/turtle", "jsonld": "application/ld+json", "rdf": "application/rdf+xml"}.get(suffix)
    media = media or {"nt": "application/n-triples", "html": "text/html"}.get(suffix)
    if media is None:
        return Response("no such format\n", status=404, mimetype="text/plain")
    return _render(media, vary=False)


def _render(media: str, vary: bool) -> Response:
    vocab = vocabulary()
    if media == "text/html":
        response = Response(render_template("ontology.html", v=vocab), mimetype="text/html")
    else:
        response = Response(vocab.graph.serialize(format=_RDFLIB_FORMATS[media]), mimetype=media)
    if vary:
        response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(
        f'</ontology.{s}>; rel="alternate"; type="{m}"'
        for s, m in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("rdf", "application/rdf+xml"))
    )
    return response


@blueprint.route("/context.jsonld")
def published_context() -> Response:
    body = json.dumps({"@context": dataset_context()}, indent=1, ensure_ascii=False)
    response = Response(body, mimetype="application/ld+json")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
