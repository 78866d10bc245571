"""A SPARQL 1.1 server as the store: the scale-out path.

Any server that speaks the SPARQL 1.1 Protocol (query and update) can hold the graph: Oxigraph's
server, Virtuoso, Fuseki, GraphDB, Neptune. ``LOD_STORE`` is then the server's query endpoint;
its update and Graph Store Protocol endpoints are derived from it, or set in ``LOD_STORE_UPDATE``
and ``LOD_STORE_GSP``. The layout on the server::

    GRAPH <{base}graph/build/{id}>       one build's triples (the dataset's default graph)
    GRAPH <https://w3id.org/telegram/ns> the vocabulary, as in the embedded store
    GRAPH <…store#publication>           which build is published, and each build's manifest
                                         and statistics (JSON literals)

A build is loaded into a graph of its own, in batches (Graph Store Protocol POSTs of N-Triples,
or ``INSERT DATA`` where the server has no Graph Store endpoint), with every blank node replaced by
a ``/.well-known/genid/`` IRI so that two loads never mix their blank nodes. Only when all of it is
in does one update move the publication pointer to it; a failed load drops its own graph and
leaves the published one as it was. Readers ask every query with the published graph as the
default graph, so they see one build, never half of one, and hold no state of their own.
"""

from __future__ import annotations

import datetime
import gzip
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from ..errors import QueryError, StoreError
from .base import Dump, ReadOnlyStore, no_artefacts, streamed, streamed_dumps

STORE_NS = "https://w3id.org/telegram/store#"
PUBLICATION = STORE_NS + "publication"  # the graph that says what is published, and the node that says it
CURRENT = STORE_NS + "current"
MANIFEST = STORE_NS + "manifest"
STATISTICS = STORE_NS + "statistics"
PUBLISHED_AT = STORE_NS + "publishedAt"
ONTOLOGY_GRAPH = "https://w3id.org/telegram/ns"
RESULTS_JSON = "application/sparql-results+json"
ACCEPT = f"{RESULTS_JSON}, text/turtle;q=0.9, application/n-triples;q=0.8"


def is_remote(location: str | Path) -> bool:
    """Whether a store setting names a SPARQL server rather than a directory."""
    return str(location).startswith(("http://", "https://"))


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


def _skolemised(triples: Iterable[ox.Triple], prefix: str) -> Iterator[ox.Triple]:
    """Blank nodes replaced by IRIs under ``prefix`` (RDF 1.1, 3.5: Replacing Blank Nodes with IRIs)."""
    for t in triples:
        s, o = t.subject, t.object
        if isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode):
            if isinstance(s, ox.BlankNode):
                s = ox.NamedNode(prefix + s.value)
            if isinstance(o, ox.BlankNode):
                o = ox.NamedNode(prefix + o.value)
            yield ox.Triple(s, t.predicate, o)
        else:
            yield t


def _term(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term)
    raise QueryError(f"a pattern on a remote store takes IRIs and literals, not {term!r}")


class RemoteGraph:
    """The published build on a SPARQL server, read with the embedded store's methods.

    ``query`` and ``quads_for_pattern`` take what :class:`pyoxigraph.Store`'s take, so the web
    tier, ``lod query`` and the statistics read either store the same way.
    """

    def __init__(self, client: SparqlClient, graph: str) -> None:
        self.client = client
        self.graph = graph

    def query(
        self,
        query: str,
        *,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
        **_: object,
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items() if f"{p}:" in query)
        if base_iri:
            declared = f"BASE <{base_iri}>\n" + declared
        if default_graph is not None or named_graphs is not None:  # the request's own dataset
            defaults = [g.value for g in default_graph or []]
            return self.client.query(declared + query, defaults, [g.value for g in named_graphs or []])
        if _DATASET_CLAUSE.search(_code(query)):  # the query's own FROM / FROM NAMED
            return self.client.query(declared + query)
        return self.client.query(declared + query, [self.graph], [ONTOLOGY_GRAPH])

    def quads_for_pattern(
        self, subject: object = None, predicate: object = None, obj: object = None, graph_name: object = None
    ) -> list[ox.Quad]:
        """The statements matching a pattern in the published graph (``graph_name`` is ignored)."""
        s = _term(subject) if subject is not None else "?s"
        p = _term(predicate) if predicate is not None else "?p"
        o = _term(obj) if obj is not None else "?o"
        result = self.client.query(f"SELECT * WHERE {{ {s} {p} {o} }}", [self.graph])
        assert isinstance(result, ox.QuerySolutions)
        quads = []
        for row in result:
            quads.append(
                ox.Quad(
                    subject if subject is not None else row["s"],  # type: ignore[arg-type]
                    predicate if predicate is not None else row["p"],  # type: ignore[arg-type]
                    obj if obj is not None else row["o"],  # type: ignore[arg-type]
                    ox.DefaultGraph(),
                )
            )
        return quads


_DATASET_CLAUSE = re.compile(r"\bFROM\b", re.IGNORECASE)


def _code(query: str) -> str:
    """The query without comments, IRIs and strings, for looking at its keywords."""
    return re.sub(r"#[^\n]*|<[^>\s]*>|'''.*?'''|\"\"\".*?\"\"\"|'[^'\n]*'|\"[^\"\n]*\"", " ", query, flags=re.S)


def _literal(text: str) -> str:
    return str(ox.Literal(text))


class RemotePublication:
    """One build loaded into its own graph on the server, then published by moving the pointer."""

    def __init__(self, client: SparqlClient, base_uri: str, build_id: str, batch_triples: int = 20_000) -> None:
        self.client = client
        self.graph = f"{base_uri}graph/build/{build_id}"
        self.genid = f"{base_uri}.well-known/genid/{build_id}/"
        self.batch_triples = batch_triples if client.endpoints.gsp else min(batch_triples, 2_000)

    def load(self, ntriples_gz: Path) -> int:
        """Every triple of a gzipped N-Triples file, in batches; the number of triples sent."""
        sent = 0
        with gzip.open(ntriples_gz, "rb") as stream:
            batch: list[bytes] = []
            for line in stream:
                if line.strip() and not line.startswith(b"#"):
                    batch.append(line)
                if len(batch) >= self.batch_triples:
                    sent += self._send(batch)
                    batch = []
            if batch:
                sent += self._send(batch)
        return sent

    def _send(self, lines: list[bytes]) -> int:
        body = b"".join(lines)
        if b"_:" in body:
            triples = _skolemised(ox.parse(body, format=ox.RdfFormat.N_TRIPLES), self.genid)
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        self.client.add(self.graph, body)
        return len(lines)

    def load_ontology(self, path: Path) -> None:
        """The vocabulary replaces the one on the server (it is the same for every build of a version)."""
        triples = _skolemised(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE), self.genid + "ontology/")
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        self.client.update(f"DROP SILENT GRAPH <{ONTOLOGY_GRAPH}>")
        self.client.add(ONTOLOGY_GRAPH, body)

    def publish(self, manifest: dict[str, Any], statistics: dict[str, Any]) -> None:
        """One update: the pointer moves to this build, which carries its manifest and statistics."""
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        self.client.update(
            f"DELETE {{ GRAPH <{PUBLICATION}> {{ <{PUBLICATION}> <{CURRENT}> ?old }} }}\n"
            f"WHERE {{ GRAPH <{PUBLICATION}> {{ <{PUBLICATION}> <{CURRENT}> ?old }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{PUBLICATION}> {{\n"
            f"  <{PUBLICATION}> <{CURRENT}> <{self.graph}> .\n"
            f"  <{self.graph}> <{MANIFEST}> {_literal(json.dumps(manifest))} ;\n"
            f"    <{STATISTICS}> {_literal(json.dumps(statistics))} ;\n"
            f'    <{PUBLISHED_AT}> "{stamp}"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n'
            "} }"
        )

    def discard(self) -> None:
        """A failed load removes what it wrote; the published graph is not touched."""
        self.client.update(f"DROP SILENT GRAPH <{self.graph}>")

    def prune(self, keep: int = 2) -> list[str]:
        """Drop all builds but the published one and the one before it (a reader may still be on it)."""
        rows = self.client.query(
            f"SELECT ?g ?at WHERE {{ GRAPH <{PUBLICATION}> {{ ?g <{PUBLISHED_AT}> ?at }} }} ORDER BY DESC(?at)"
        )
        assert isinstance(rows, ox.QuerySolutions)
        builds = [row["g"].value for row in rows]
        dropped = [g for g in builds[keep:] if g != self.graph]
        for graph in dropped:
            self.client.update(
                f"DROP SILENT GRAPH <{graph}> ;\nDELETE WHERE {{ GRAPH <{PUBLICATION}> {{ <{graph}> ?p ?o }} }}"
            )
        return dropped


class RemoteStore:
    """The published build on a SPARQL server, for readers (the web tier, ``lod query``).

    Which build is published is asked again at most every ``recheck`` seconds, so every worker
    on every machine follows a new build within that time and keeps nothing else.
    """

    def __init__(self, client: SparqlClient, recheck: float = 2.0) -> None:
        self.client = client
        self.recheck = recheck
        self._graph: str | None = None
        self._checked = 0.0
        self._about: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def graph(self) -> str:
        now = time.monotonic()
        if self._graph is None or now - self._checked > self.recheck:
            with self._lock:
                rows = self.client.query(
                    f"SELECT ?g ?m ?s WHERE {{ GRAPH <{PUBLICATION}> {{ <{PUBLICATION}> <{CURRENT}> ?g . "
                    f"?g <{MANIFEST}> ?m ; <{STATISTICS}> ?s }} }}"
                )
                assert isinstance(rows, ox.QuerySolutions)
                row = next(iter(rows), None)
                if row is None:
                    raise StoreError(
                        f"nothing is published on {self.client.endpoints.query}: "
                        f"run `lod build SOURCE... --store {self.client.endpoints.query}` first"
                    )
                graph = row["g"].value
                if graph not in self._about:
                    self._about = {
                        graph: {
                            "manifest": json.loads(row["m"].value),
                            "statistics": json.loads(row["s"].value),
                        }
                    }
                self._graph, self._checked = graph, now
        return self._graph

    def current(self) -> RemoteGraph:
        return RemoteGraph(self.client, self.graph())

    def _published(self, what: str) -> dict[str, Any]:
        graph = self.graph()  # first: it may learn of a new build
        return dict(self._about[graph][what])

    @property
    def manifest(self) -> dict[str, Any]:
        return self._published("manifest")

    def statistics(self) -> dict[str, Any]:
        return self._published("statistics")

    def export(self) -> Iterator[bytes]:
        """The published graph as N-Triples, streamed from the server (Graph Store GET, else CONSTRUCT)."""
        return self.client.export(self.graph())

    def dumps(self) -> list[Dump]:
        return streamed_dumps()

    def dump(self, name: str) -> Iterator[bytes]:
        return streamed(name, self.export)

    def artefacts(self) -> Path:
        staging = self.manifest.get("staging")  # the build was made in a staging directory on this machine
        if not staging:
            raise no_artefacts(f"the build published on {self.client.endpoints.query}")
        return Path(staging)

    def isolated(self) -> None:
        return None  # the server runs the query (and its SERVICE calls) and times it

    def revise(self, change: Callable[[ox.Store], None]) -> str:
        raise ReadOnlyStore("this server reads a remote store: send updates to that store's own update endpoint")
