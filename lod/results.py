"""Asking a store (:func:`run_query`), and writing its answer with a cap (:func:`write_result`).

:func:`run_query` runs a query on the embedded store or a remote one and turns the engine's errors
into ours, for the command line, the query process and the web tier alike.

:func:`write_result` writes at most ``limit`` rows or triples, and marks where more were cut.

Oxigraph's own writers take the whole result, so a SELECT of every triple in the store would be
serialised whole before anyone could stop it. These writers take rows one at a time and stop at the
limit; the response then says so in a header and, where the format has room for it, in the result
itself:

- SPARQL JSON and XML results: a ``link`` in the head (the place the formats give to "further
  metadata about the results") to the page that explains the limit;
- Turtle, TriG, N-Triples and N-Quads: a closing ``#`` comment; RDF/XML: a closing XML comment;
- CSV, TSV and JSON-LD have no such place: the header only.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x", language="en")))
>>> capped = write_result(store.query("SELECT ?s ?o { ?s ?p ?o }"), "text/tab-separated-values", 10)
>>> capped.body.decode(), capped.truncated
('?s\\t?o\\n<http://e/a>\\t"x"@en\\n', False)
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .errors import QueryError, StoreError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: the serialisation behind each RDF media type (and the aliases clients send)
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
_HASH_COMMENTS = {ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG}


@dataclass(frozen=True)
class Written:
    """A serialised result: its bytes and media type, what it is, and whether rows or triples were left out."""

    body: bytes
    media: str  # the media asked for, unless the query's form needs another (a graph asked as rows, or back)
    kind: str  # "solutions", "boolean" or "graph"
    count: int  # rows or triples written
    truncated: bool


def run_query(
    store: Any,
    sparql: str,
    prefixes: dict[str, str] | None = None,
    base_iri: str | None = None,
    default_graph: Iterable[str] | None = None,
    named_graphs: Iterable[str] | None = None,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query (the protocol's dataset, if given, replaces the query's own); the engine's errors as ours."""
    options: dict[str, Any] = {"prefixes": prefixes, "base_iri": base_iri}
    if default_graph is not None or named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(iri) for iri in default_graph or ()]
        options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs or ()]
    try:
        result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples = store.query(sparql, **options)
    except SyntaxError as error:
        raise QueryError(f"the query does not parse: {error}") from None
    except ValueError as error:
        raise QueryError(f"the query is not valid here: {error}") from None
    except OSError as error:
        raise StoreError(f"the store could not answer: {error}") from None
    return result


def write_result(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterable[ox.Triple],
    media: str,
    limit: int,
    about_limit: str | None = None,
    prefixes: dict[str, str] | None = None,
) -> Written:
    """``result`` in ``media``, cut after ``limit`` rows or triples; ``about_limit`` explains the cut."""
    is_graph = not isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
    if is_graph and media not in GRAPH_FORMATS:
        media = "text/turtle"
    elif not is_graph and media in GRAPH_FORMATS:
        media = "application/sparql-results+json"
    if isinstance(result, ox.QueryBoolean):
        body = result.serialize(format=ox.QueryResultsFormat.from_media_type(media)) or b""
        return Written(body, media, "boolean", 1, False)
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = list(itertools.islice(result, limit + 1))
        truncated = len(rows) > limit
        rows = rows[:limit]
        link = about_limit if truncated else None
        body = _SOLUTION_WRITERS[_results_kind(media)](variables, rows, link)
        return Written(body, media, "solutions", len(rows), truncated)
    triples = list(itertools.islice(result, limit + 1))
    truncated = len(triples) > limit
    triples = triples[:limit]
    rdf_format = GRAPH_FORMATS.get(media) or ox.RdfFormat.from_media_type(media)
    body = ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""
    if truncated:
        note = f"truncated: more than {limit} triples; the rest were left out. See {about_limit or 'LOD_RESULT_LIMIT'}"
        if rdf_format in _HASH_COMMENTS:
            body += f"# {note}\n".encode()
        elif rdf_format == ox.RdfFormat.RDF_XML:
            body += f"<!-- {note.replace('--', '- -')} -->\n".encode()
    return Written(body, media, "graph", len(triples), truncated)


def _results_kind(media: str) -> str:
    fmt = ox.QueryResultsFormat.from_media_type(media)
    if fmt is None:
        raise ValueError(f"not a SPARQL results media type: {media}")
    return fmt.file_extension


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        described: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            described["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            described["datatype"] = term.datatype.value
        return described
    return {  # a quoted triple (RDF-star)
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _json(variables: list[str], rows: Iterable[ox.QuerySolution], link: str | None) -> bytes:
    bindings = [{name: _json_term(value) for name in variables if (value := row[name]) is not None} for row in rows]
    head: dict[str, Any] = {"vars": variables}
    if link:
        head["link"] = [link]
    return json.dumps({"head": head, "results": {"bindings": bindings}}, ensure_ascii=False).encode()


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _xml(variables: list[str], rows: Iterable[ox.QuerySolution], link: str | None) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(name)}/>" for name in variables]
    if link:
        out.append(f"<link href={quoteattr(link)}/>")
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        for name in variables:
            value = row[name]
            if value is not None:
                out.append(f"<binding name={quoteattr(name)}>{_xml_term(value)}</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode()


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _csv(variables: list[str], rows: Iterable[ox.QuerySolution], link: str | None) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_value(row[name]) for name in variables] for row in rows)
    return text.getvalue().encode()


def _tsv_value(term: Any) -> str:
    # N-Triples syntax is Turtle's; a tab or a line break inside a literal must not split the row
    return "" if term is None else str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _tsv(variables: list[str], rows: Iterable[ox.QuerySolution], link: str | None) -> bytes:
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines += ["\t".join(_tsv_value(row[name]) for name in variables) for row in rows]
    return ("\n".join(lines) + "\n").encode()


_SOLUTION_WRITERS = {"srj": _json, "srx": _xml, "csv": _csv, "tsv": _tsv}
