"""Content negotiation: media types, file suffixes, and choosing one for a request.

>>> best(["text/html", "text/turtle"], "text/turtle;q=0.9, text/html;q=0.5")
'text/turtle'
>>> best(["text/html", "text/turtle"], "*/*")
'text/html'
>>> RDF_TYPES["ttl"]
'text/turtle'
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

#: suffix -> media type, for /doc/... pages; the order is the order of preference for */*.
DOCUMENT_TYPES = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "nt": "application/n-triples",
}
RDF_TYPES = {suffix: media for suffix, media in DOCUMENT_TYPES.items() if suffix != "html"}
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: ?format= shortcuts many endpoints accept
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "nquads": "application/n-quads",
    "html": "text/html",
}


def best(offers: list[str], accept: str | None) -> str | None:
    """The offer the Accept header prefers; the first offer when the header says nothing."""
    if not accept:
        return offers[0]
    return _best(tuple(offers), accept)


@lru_cache(maxsize=512)
def _best(offers: tuple[str, ...], accept: str) -> str | None:
    """Clients send the same few Accept headers again and again: each is parsed once."""
    return parse_accept_header(accept, MIMEAccept).best_match(offers)


def suffix_of(media_type: str) -> str:
    return next(suffix for suffix, media in DOCUMENT_TYPES.items() if media == media_type)
