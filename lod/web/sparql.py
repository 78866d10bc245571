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
from flask import Blueprint, Response, render_template, request
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, XSD

from ..errors import LimitExceeded, ProtocolError, QueryError
from ..federation import check_services, parse_allowlist
from ..query import prefixes
from ..results import Written, run_query, write_result
from ..runner import Job
from ..sparql_text import form, is_update
from .conneg import FORMAT_NAMES, best
from .pages import client, site
from .services import describer, published, services

blueprint = Blueprint("sparql", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")
EXAMPLES = Path(__file__).with_name("queries.ttl")
HTML_ROWS = 1000
#: the response header that says a result was cut at LOD_RESULT_LIMIT (the result says it too, where it can)
TRUNCATED_HEADER = "Result-Truncated"

RESULT_OFFERS = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "application/json",
    "application/xml",
    "text/csv",
    "text/tab-separated-values",
    "text/html",
]
GRAPH_OFFERS = [
    "text/turtle",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "text/plain",
    "text/html",
]
DESCRIPTION_OFFERS = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples", "text/html"]


def _read_only() -> ProtocolError:
    return ProtocolError("this public endpoint is read-only: SPARQL Update is not accepted", 403)


def one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(f"give one '{name}' parameter, not {len(values)}", 400)
    return values[0] if values else None


def utf8_body() -> None:
    """A protocol request's body must be UTF-8 (SPARQL 1.1 Protocol); refuse any other charset."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in {"utf-8", "utf8"}:
        raise ProtocolError(f"the request body must be UTF-8, not {charset}", 415)


def protocol_request() -> tuple[str | None, list[str], list[str]]:
    """The query and the dataset (default and named graph IRIs) of a protocol request."""
    default = request.args.getlist("default-graph-uri")
    named = request.args.getlist("named-graph-uri")
    if request.method == "GET":
        if "update" in request.args:
            raise _read_only()
        return one(request.args.getlist("query"), "query"), default, named
    utf8_body()
    if request.mimetype == "application/x-www-form-urlencoded":
        form = request.form
        if "update" in form:
            raise _read_only()
        query = one(form.getlist("query"), "query")
        if query is None:
            raise ProtocolError("the form has no 'query' field", 400)
        return query, default + form.getlist("default-graph-uri"), named + form.getlist("named-graph-uri")
    if request.mimetype == "application/sparql-query":
        try:
            return request.get_data().decode("utf-8"), default, named
        except UnicodeDecodeError:
            raise ProtocolError("the query is not valid UTF-8", 400) from None
    if request.mimetype == "application/sparql-update":
        raise _read_only()
    if not request.mimetype:
        raise ProtocolError(
            "a POST needs a Content-Type: application/x-www-form-urlencoded (query=...) or application/sparql-query",
            415,
        )
    raise ProtocolError(f"cannot read a query sent as {request.mimetype}", 415)


def is_graph_query(query: str) -> bool:
    """Whether a query's form is CONSTRUCT or DESCRIBE."""
    return form(query) in {"CONSTRUCT", "DESCRIBE"}


def evaluate(query: str, default: list[str], named: list[str], media: str, limit: int) -> Written:
    """Run a public query: refused if it updates or calls an endpoint not allowed, stopped at the time limit."""
    if is_update(query):
        raise _read_only()
    settings = services().settings
    check_services(query, parse_allowlist(settings.federation_allowlist), prefixes())  # before anything is fetched
    # relative IRIs in a query resolve against the endpoint's own address (SPARQL 1.1 Protocol, 2.1.4)
    # (composed here: werkzeug's request.base_url re-encodes the whole URL, a quarter of a small query's time)
    base_iri = f"{request.scheme}://{request.host}{request.script_root}{request.path}"
    about_limit = f"{site()}sparql#limits"
    dataset = (tuple(default), tuple(named)) if default or named else (None, None)
    store = published()
    database = store.isolated()
    if database is None:  # a SPARQL server runs the query (and its SERVICE calls) and times it; memory is here
        result = run_query(store.current(), query, prefixes(), base_iri, *dataset)
        return write_result(result, media, limit, about_limit, prefixes())
    job = Job(
        store=database,
        query=query,
        media=media,
        limit=limit,
        about_limit=about_limit,
        prefixes=prefixes(),
        base_iri=base_iri,
        default_graph=dataset[0],
        named_graphs=dataset[1],
    )
    runner = services().runner
    return runner.run(job)


def _chosen(offers: list[str]) -> str:
    wanted = request.args.get("format") or request.form.get("format")
    if wanted:
        media = FORMAT_NAMES.get(wanted.lower(), wanted)
        if media in offers:
            return media
        raise ProtocolError(f"format {wanted!r} is not offered here; choose one of {', '.join(offers)}", 406)
    chosen = best(offers, request.headers.get("Accept"))
    if chosen is None:
        raise ProtocolError(f"none of the accepted types is offered; choose one of {', '.join(offers)}", 406)
    return chosen


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
    media = media or _chosen(GRAPH_OFFERS if graph else RESULT_OFFERS)
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
    media = _chosen(DESCRIPTION_OFFERS)
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
