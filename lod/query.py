"""Running SPARQL queries against the embedded store or a remote endpoint, and printing results.

The vocabulary's prefixes (``tg:``, ``dcterms:``, ``skos:`` ...) are declared for every query,
so ``SELECT ?t WHERE { ?t a tg:Telegram }`` works as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import QueryError
from .rdf import PREFIXES
from .results import run_query
from .settings import Settings
from .store import open_store

FORMATS = ("table", "json", "csv", "tsv", "turtle", "ntriples", "xml")
_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
_GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML}


def prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def solutions(store: Any, sparql: str) -> ox.QuerySolutions:
    """The rows of a SELECT the program itself wrote (its type checked, for the callers' sake)."""
    result = store.query(sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {sparql[:60]}")
    return result


def query_store(directory: Path | str, sparql: str, output: str = "table") -> str:
    """Run a query on the published store (a directory, or a remote store's endpoint) and render the result."""
    store = open_store(Settings.from_env(store=str(directory))).current()
    return render(run_query(store, sparql, prefixes()), output)


def render(result: Any, output: str) -> str:
    if isinstance(result, ox.QueryBoolean):
        if output in _RESULT_FORMATS:
            return _decode(result.serialize(format=_RESULT_FORMATS[output]))
        return "true" if bool(result) else "false"
    if isinstance(result, ox.QueryTriples | list):
        graph_format = _GRAPH_FORMATS.get(output, ox.RdfFormat.TURTLE)
        return _decode(ox.serialize(result, format=graph_format, prefixes=prefixes()))
    if output in _RESULT_FORMATS:
        return _decode(result.serialize(format=_RESULT_FORMATS[output]))
    if output in _GRAPH_FORMATS:
        raise QueryError(f"--format {output} is for CONSTRUCT and DESCRIBE queries; use table, json, csv or tsv")
    return _table([str(v)[1:] for v in result.variables], [[_cell(s[v]) for v in result.variables] for s in result])


def _decode(data: bytes | None) -> str:
    return (data or b"").decode("utf-8")


def _cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A plain text table; long cells are cut to keep a row on one line."""

    def fit(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= 80 else text[:79] + "…"

    cells = [[fit(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def query_endpoint(url: str, sparql: str, output: str = "table") -> str:
    """Run a query on a remote SPARQL 1.1 endpoint (the project's one client) and render the result."""
    from .sparql_client import Endpoints, SparqlClient

    declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes().items() if f"{p}:" in sparql)
    result = SparqlClient(Endpoints.derive(url), timeout=60).query(declared + sparql)
    if isinstance(result, list):  # CONSTRUCT or DESCRIBE
        if output == "turtle":
            return _decode(ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=prefixes()))
        return render_triples(result, output)
    return render(result, output)


def render_triples(quads: Any, output: str) -> str:
    graph_format = _GRAPH_FORMATS.get(output, ox.RdfFormat.TURTLE)
    triples = (getattr(q, "triple", q) for q in quads)  # quads from a store, triples from a server
    return _decode(ox.serialize(triples, format=graph_format, prefixes=prefixes()))
