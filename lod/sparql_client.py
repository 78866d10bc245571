"""The one SPARQL HTTP client of the project: the SPARQL 1.1 Protocol (query, update) and the Graph
Store Protocol, over requests, answering with Oxigraph's own types.

The remote store loads and reads through it, ``lod query --endpoint`` asks with it and ``lod federate``
sends its SELECT to every endpoint with it. (SPARQLWrapper, the Python world's usual client, has no
Graph Store Protocol, digest authentication or streamed export; the tests use it, and rdflib's
SPARQLStore, as the clients of our endpoint.)
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from .errors import QueryError, StoreError

RESULTS_JSON = "application/sparql-results+json"
ACCEPT = f"{RESULTS_JSON}, text/turtle;q=0.9, application/n-triples;q=0.8"


def _sibling(url: str, name: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] + "/" + name
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


@dataclass(frozen=True)
class Endpoints:
    """Where a SPARQL server answers queries, updates and Graph Store Protocol requests."""

    query: str
    update: str
    gsp: str | None
    user: str = ""
    password: str = ""

    @classmethod
    def derive(cls, query: str, update: str = "", gsp: str = "", user: str = "", password: str = "") -> Endpoints:
        """The usual addresses beside a query endpoint, unless given.

        Oxigraph's ``/query`` has ``/update`` and ``/store`` beside it; Virtuoso's ``/sparql`` takes
        updates itself and has ``/sparql-graph-crud`` (the ``-auth`` forms when a user is given).
        Others (Fuseki's ``/ds/query``, GraphDB's ``/repositories/x``) are named in the settings;
        ``LOD_STORE_GSP=none`` loads with ``INSERT DATA`` only.
        """
        path = urlsplit(query).path
        if not update:
            if path.endswith("/query"):
                update = _sibling(query, "update")
            elif path.endswith("/sparql") and user:
                update = query + "-auth"
            else:
                update = query
        if not gsp:
            if path.endswith("/query"):
                gsp = _sibling(query, "store")
            elif path.endswith("/sparql"):
                gsp = query + "-graph-crud" + ("-auth" if user else "")
        return cls(query, update, None if gsp in ("", "none") else gsp, user, password)


class SparqlClient:
    """The SPARQL 1.1 Protocol and Graph Store Protocol, over one keep-alive session per thread."""

    def __init__(self, endpoints: Endpoints, timeout: float = 300) -> None:
        self.endpoints = endpoints
        self.timeout = timeout
        self._local = threading.local()
        self._auth: AuthBase | None = None

    @property
    def session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = "lod-telegrams"
            self._local.session = session
        return session

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One request; a server asking for credentials gets the configured ones, in its scheme."""
        try:
            response = self.session.request(method, url, timeout=self.timeout, auth=self._auth, **kwargs)
            if response.status_code == 401 and self.endpoints.user and self._auth is None:
                challenge = response.headers.get("WWW-Authenticate", "")
                user, password = self.endpoints.user, self.endpoints.password
                digest = challenge.lower().startswith("digest")
                self._auth = HTTPDigestAuth(user, password) if digest else HTTPBasicAuth(user, password)
                response = self.session.request(method, url, timeout=self.timeout, auth=self._auth, **kwargs)
        except requests.RequestException as error:
            raise StoreError(f"the SPARQL server at {url} does not answer: {error}") from None
        return response

    def query(
        self, sparql: str, default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Evaluate on the server; results come back as the embedded store's own types."""
        form = [("query", sparql), *(("default-graph-uri", g) for g in default_graphs)]
        form += [("named-graph-uri", g) for g in named_graphs]
        response = self._send("POST", self.endpoints.query, data=form, headers={"Accept": ACCEPT})
        if response.status_code >= 400:
            message = _brief(response.text)
            if response.status_code in (400, 422):
                raise QueryError(f"the store's server refused the query: {message}")
            raise StoreError(f"the SPARQL server at {self.endpoints.query} answered {response.status_code}: {message}")
        media = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if media == RESULTS_JSON or media == "application/json":
            return _results(response.content)
        try:
            rdf_format = ox.RdfFormat.from_media_type(media)
        except ValueError:
            rdf_format = None
        if rdf_format is None:
            raise StoreError(f"the SPARQL server at {self.endpoints.query} answered with {media or 'no type'}")
        return list(ox.parse(response.content, format=rdf_format))

    def export(self, graph: str) -> Iterator[bytes]:
        """A graph's N-Triples as the server streams them."""
        accept = {"Accept": "application/n-triples"}
        if self.endpoints.gsp:
            response = self._send("GET", self.endpoints.gsp, params={"graph": graph}, headers=accept, stream=True)
        else:
            form = {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "default-graph-uri": graph}
            response = self._send("POST", self.endpoints.query, data=form, headers=accept, stream=True)
        if response.status_code >= 400:
            raise StoreError(f"the SPARQL server would not export {graph} ({response.status_code})")
        return response.iter_content(1 << 16)

    def update(self, sparql: str) -> None:
        response = self._send(
            "POST",
            self.endpoints.update,
            data=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
        if response.status_code >= 400:
            raise StoreError(
                f"the SPARQL server at {self.endpoints.update} refused an update ({response.status_code}): "
                f"{_brief(response.text)}"
            )

    def add(self, graph: str, ntriples: bytes) -> None:
        """Add N-Triples to a graph: a Graph Store Protocol POST, or INSERT DATA without one."""
        if self.endpoints.gsp is None:
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{ntriples.decode('utf-8')}\n}} }}")
            return
        response = self._send(
            "POST",
            self.endpoints.gsp,
            params={"graph": graph},
            data=ntriples,
            headers={"Content-Type": "application/n-triples"},
        )
        if response.status_code >= 400:
            raise StoreError(
                f"the Graph Store endpoint {self.endpoints.gsp} refused a batch ({response.status_code}): "
                f"{_brief(response.text)}"
            )


def _brief(text: str, limit: int = 500) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


_BNODE_ID = re.compile(r"[^A-Za-z0-9_]")


def _results(body: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
    """SPARQL JSON results as Oxigraph's objects, after the repairs some servers need.

    Virtuoso writes blank nodes as ``nodeID://b10000`` and literals as ``typed-literal`` (the
    older form); both are made standard before parsing.
    """
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for cell in row.values():
            if cell.get("type") == "bnode":
                cell["value"] = _BNODE_ID.sub("_", cell["value"]) or "b"
            elif cell.get("type") == "typed-literal":
                cell["type"] = "literal"
    data.get("head", {}).pop("link", None)
    return ox.parse_query_results(json.dumps(data).encode(), format=ox.QueryResultsFormat.JSON)
