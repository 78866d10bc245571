"""Federation between archives: SPARQL SERVICE toward allowed endpoints only, and `lod federate`.

The endpoint's guard: a query that names SERVICE is parsed (rdflib's SPARQL parser) and every
SERVICE IRI must be one of ``LOD_FEDERATION_ALLOWLIST`` exactly; a variable SERVICE, another scheme
or any other address is refused before anything is fetched. Oxigraph follows SERVICE with no
timeout of its own; like every public query, an allowed federated one runs in the query process
(:mod:`lod.runner`), stopped at ``LOD_QUERY_TIMEOUT``.

The client: ``lod federate QUERY --endpoint URL ...`` sends one query to several endpoints and
merges the rows, each with the endpoint that answered it.

>>> allowed = parse_allowlist("http://127.0.0.1:5002/sparql, https://archive.example.org/sparql")
>>> check_services("SELECT * { SERVICE <http://127.0.0.1:5002/sparql> { ?s ?p ?o } }", allowed, {})
['http://127.0.0.1:5002/sparql']
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from .errors import QueryError
from .sparql_text import service_endpoints


class ServiceNotAllowed(QueryError):
    """A SERVICE call the federation rules do not allow (HTTP 400)."""


def normalise(url: str) -> str:
    """Scheme and host in lower case, default ports dropped: the form allowlist entries are compared in."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


def parse_allowlist(value: str) -> frozenset[str]:
    entries = [e for e in re.split(r"[\s,]+", value or "") if e]
    for entry in entries:
        if urlsplit(entry).scheme not in {"http", "https"}:
            raise ValueError(f"LOD_FEDERATION_ALLOWLIST: {entry!r} is not an http(s) URL")
    return frozenset(normalise(e) for e in entries)


def check_services(query: str, allowlist: frozenset[str], prefixes: dict[str, str]) -> list[str]:
    """The allowed SERVICE endpoints of the query; ServiceNotAllowed for any other."""
    endpoints = []
    for iri in service_endpoints(query, prefixes):
        if iri is None:
            raise ServiceNotAllowed("SERVICE with a variable endpoint is not allowed: name the endpoint")
        scheme = urlsplit(iri).scheme.lower()
        if scheme not in {"http", "https"}:
            raise ServiceNotAllowed(f"SERVICE <{iri}> is refused: only http(s) endpoints can be federated")
        if normalise(iri) not in allowlist:
            listed = ", ".join(sorted(allowlist)) or "none"
            raise ServiceNotAllowed(f"SERVICE <{iri}> is not in this server's federation allowlist (allowed: {listed})")
        endpoints.append(iri)
    return endpoints


def federate(query: str, endpoints: Sequence[str], timeout: float = 60) -> tuple[list[str], list[dict[str, Any]]]:
    """One SELECT sent to every endpoint (in parallel); rows merged, each with its ``endpoint``."""
    from .sparql_client import Endpoints, SparqlClient

    def ask(endpoint: str) -> dict[str, Any]:
        result = SparqlClient(Endpoints.derive(endpoint), timeout=timeout).query(query)
        if isinstance(result, ox.QueryBoolean):
            raise QueryError("lod federate merges SELECT results; ASK has nothing to merge")
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError(f"{endpoint} answered with a graph: lod federate merges SELECT results")
        answer: dict[str, Any] = json.loads(result.serialize(format=ox.QueryResultsFormat.JSON) or b"{}")
        return answer

    with ThreadPoolExecutor(max_workers=max(1, len(endpoints))) as pool:
        answers = list(pool.map(ask, endpoints))
    variables: list[str] = []
    rows: list[dict[str, Any]] = []
    for endpoint, answer in zip(endpoints, answers, strict=True):
        for name in answer["head"]["vars"]:
            if name not in variables:
                variables.append(name)
        for binding in answer["results"]["bindings"]:
            rows.append({**binding, "endpoint": {"type": "uri", "value": endpoint}})
    return [*variables, "endpoint"], rows


def results_json(variables: list[str], rows: list[dict[str, Any]]) -> str:
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}, ensure_ascii=False)
