"""The SPARQL 1.1 Protocol endpoint, read-only.

Queries come by GET (``?query=``), by POST of a form, or by POST of ``application/sparql-query``,
with ``default-graph-uri`` and ``named-graph-uri`` for the dataset. Results are negotiated: SPARQL
JSON, XML, CSV or TSV for SELECT and ASK; Turtle, JSON-LD, RDF/XML, N-Triples or N-Quads for
CONSTRUCT and DESCRIBE; an HTML page for browsers. A bare GET describes the service (to RDF
clients) or offers a query form (to browsers). Updates are refused: this endpoint is public.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Response, render_template
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, XSD

from ...errors import LimitExceeded, ProtocolError, QueryError
from ...query import prefixes
from ...results import Written
from ..pages import client, site
from ..services import describer, published, services
from . import blueprint
from .protocol import (
    DESCRIPTION_OFFERS,
    GRAPH_OFFERS,
    RESULT_OFFERS,
    chosen,
    evaluate,
    is_graph_query,
    protocol_request,
)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")
EXAMPLES = Path(__file__).parent.parent / "queries.ttl"
HTML_ROWS = 1000
#: the response header that says a result was cut at LOD_RESULT_LIMIT (the result says it too, where it can)
TRUNCATED_HEADER = "Result-Truncated"


@blueprint.route("/sparql", methods=["GET", "POST"], strict_slashes=False)
def endpoint() -> Response:
    query, default, named = protocol_request()
    if query is None:
        return service_description()
    return _admitted(query, default, named)


@blueprint.route("/query")
def editor() -> Response:
    """The query editor: /query?query=... is a link to a query and its results, to share or bookmark."""
    query, default, named = protocol_request()
    if query is None:
        return _page("")
    try:
        return _admitted(query, default, named, "text/html")
    except QueryError as error:  # shown beside the query, to be mended where it was written
        response = _page(query, error=str(error))
        response.status_code = error.http_status
        return response


def _admitted(query: str, default: list[str], named: list[str], media: str | None = None) -> Response:
    """Answer the query if its length and the client's running queries allow."""
    settings = services().settings
    if len(query) > settings.max_query_length:
        raise ProtocolError(
            f"the query has {len(query):,} characters; this server takes {settings.max_query_length:,}", 413
        )
    clients = services().clients
    with clients.running(client(), settings.client_queries, settings.query_timeout + 5) as admitted:
        if not admitted:
            raise LimitExceeded(
                f"{client()} already has {settings.client_queries} queries running; wait for them to finish", 1
            )
        return _answer(query, default, named, media)


def _answer(query: str, default: list[str], named: list[str], media: str | None = None) -> Response:
    graph = is_graph_query(query)
    media = media or chosen(GRAPH_OFFERS if graph else RESULT_OFFERS)
    limit: int = services().settings.result_limit
    if media == "text/html":  # the page shows at most HTML_ROWS rows, from the result in JSON or Turtle
        answer = evaluate(
            query, default, named, "text/turtle" if graph else "application/sparql-results+json", min(limit, HTML_ROWS)
        )
        if answer.kind == "graph":
            return _page(query, graph_text=answer.body.decode(), count=answer.count, truncated=answer.truncated)
        return _results_page(query, ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON), answer)
    answer = evaluate(query, default, named, media, limit)
    response = Response(answer.body, mimetype=answer.media, headers={"Vary": "Accept"})
    if answer.truncated:
        response.headers[TRUNCATED_HEADER] = f"limit={limit}"
    return response


def _results_page(query: str, result: ox.QuerySolutions | ox.QueryBoolean, answer: Written) -> Response:
    if isinstance(result, ox.QueryBoolean):
        return _page(query, boolean=bool(result))
    names = [v.value for v in result.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in result]
    return _page(query, columns=names, rows=rows, truncated=answer.truncated)


def _cell(term: object) -> dict[str, str] | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"text": term.value, "href": describer().href(term.value) or ""}
    if isinstance(term, ox.Literal):
        return {"text": term.value, "href": ""}
    return {"text": str(term), "href": ""}


def _page(query: str, **result: object) -> Response:
    settings = services().settings
    limits = {
        "timeout": settings.query_timeout,
        "rows": settings.result_limit,
        "rate": settings.rate_limit,
        "concurrent": settings.client_queries,
    }
    graph = bool(query) and is_graph_query(query)
    downloads = [
        (label, "/sparql?" + urlencode({"query": query, "format": name}))
        for label, name in (GRAPH_DOWNLOADS if graph else RESULT_DOWNLOADS)
    ]
    html = render_template(
        "sparql.html",
        query=query,
        examples=examples(),
        result=result,
        limits=limits,
        prefixes=prefixes(),
        share="/query?" + urlencode({"query": query}) if query else "",
        downloads=downloads if query else [],
    )
    return Response(html, mimetype="text/html", headers={"Vary": "Accept"})


RESULT_DOWNLOADS = [("CSV", "csv"), ("TSV", "tsv"), ("SPARQL JSON", "json"), ("SPARQL XML", "xml")]
GRAPH_DOWNLOADS = [("Turtle", "turtle"), ("N-Triples", "ntriples"), ("JSON-LD", "jsonld"), ("RDF/XML", "rdfxml")]


def examples() -> list[dict[str, str]]:
    """Example queries, kept as SHACL SPARQL executables in queries.ttl."""
    graph = Graph().parse(EXAMPLES)
    found = []
    for node in graph.subjects(RDF.type, SH.SPARQLExecutable):
        found.append(
            {
                "label": str(graph.value(node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))),
                "comment": str(graph.value(node, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")) or ""),
                "query": str(graph.value(node, SH.select) or graph.value(node, SH.construct) or ""),
                "order": str(graph.value(node, SH.order) or "0"),
            }
        )
    return sorted(found, key=lambda q: float(q["order"]))


def service_description() -> Response:
    media = chosen(DESCRIPTION_OFFERS)
    if media == "text/html":
        return _page("")
    service = URIRef(site() + "sparql")
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("void", VOID)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV"):
        g.add((service, SD.resultFormat, FORMATS[name]))
    for name in ("Turtle", "JSON-LD", "RDF_XML", "N-Triples", "N-Quads"):
        g.add((service, SD.resultFormat, FORMATS[name]))
    dataset, default = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    statistics = published().manifest.get("triples")
    if statistics is not None:
        g.add((default, VOID.triples, Literal(int(statistics), datatype=XSD.integer)))
    named = BNode()
    g.add((dataset, SD.namedGraph, named))
    g.add((named, SD.name, URIRef("https://w3id.org/telegram/ns")))
    fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/rdf+xml": "xml"}
    body = g.serialize(format=fmt.get(media, "nt"))
    return Response(body, mimetype=media, headers={"Vary": "Accept"})
