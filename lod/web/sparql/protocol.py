"""Reading a SPARQL 1.1 Protocol request: its query or update, its dataset, the format asked for, and
running a public query (refused if it updates or calls an endpoint not allowed, stopped at its time)."""

from __future__ import annotations

from flask import request

from ...errors import ProtocolError
from ...federation import check_services, parse_allowlist
from ...query import prefixes
from ...results import Written, run_query, write_result
from ...runner import Job
from ...sparql_text import form, is_update
from ..conneg import FORMAT_NAMES, best
from ..pages import site
from ..services import published, services

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


def chosen(offers: list[str]) -> str:
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
