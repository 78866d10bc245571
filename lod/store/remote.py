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

import contextlib
import datetime
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..compressed import gzip_reader
from ..errors import LodError, QueryError, StoreError
from ..sparql_client import SparqlClient
from ..sparql_text import names
from . import shelf
from .base import Dump, ReadOnlyStore, no_artefacts, streamed, streamed_dumps

STORE_NS = "https://w3id.org/telegram/store#"
PUBLICATION = STORE_NS + "publication"  # the graph that says what is published, and the node that says it
CURRENT = STORE_NS + "current"
MANIFEST = STORE_NS + "manifest"
STATISTICS = STORE_NS + "statistics"
PUBLISHED_AT = STORE_NS + "publishedAt"
ONTOLOGY_GRAPH = "https://w3id.org/telegram/ns"


def is_remote(location: str | Path) -> bool:
    """Whether a store setting names a SPARQL server rather than a directory."""
    return str(location).startswith(("http://", "https://"))


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
        if names(query, "FROM"):  # the query's own FROM / FROM NAMED
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
        with gzip_reader(ntriples_gz) as stream:
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

    def __init__(
        self,
        client: SparqlClient,
        recheck: float = 2.0,
        staging: Path | None = None,
        ontology: Path | None = None,
        shelf: str | None = None,
    ) -> None:
        self.staging = staging  # where builds for this server are made, on this machine
        self.ontology = ontology  # the vocabulary loaded beside each build
        self.shelf = shelf  # where builds leave their files for every web machine (lod/store/shelf.py)
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
        manifest = self.manifest
        staging = manifest.get("staging")  # the build was made in a staging directory, maybe on this machine
        if staging and (Path(staging) / "catalogue.sqlite").is_file():
            return Path(staging)
        if manifest.get("artefacts") and self.shelf and self.staging is not None:
            return shelf.fetch(manifest["artefacts"], self.shelf, self.staging / "from-shelf")
        where = f"the build published on {self.client.endpoints.query}"
        if manifest.get("artefacts"):
            raise StoreError(
                f"{where} left its files on a shelf: set LOD_ARTEFACTS to the shelf's directory or address"
            )
        raise no_artefacts(where)

    def isolated(self) -> None:
        return None  # the server runs the query (and its SERVICE calls) and times it

    def revise(self, change: Callable[[ox.Store], None]) -> str:
        raise ReadOnlyStore("this server reads a remote store: send updates to that store's own update endpoint")

    def workspace(self) -> Path:
        if self.staging is None:
            raise StoreError("a build for a SPARQL server is made in a staging directory: set LOD_STAGING")
        return self.staging

    def adopt(self, build: Path) -> str:
        """Load the build made in the staging directory into a graph of its own, then move the publication
        pointer to it in one update; a load that fails drops its graph and leaves the published one."""
        manifest = json.loads((build / "build.json").read_text())
        statistics = json.loads((build / "statistics.json").read_text())
        publication = RemotePublication(self.client, str(manifest.get("base_uri", "")), build.name)
        try:
            publication.load(build / "dumps" / "dataset.nt.gz")
            if self.ontology is not None:
                publication.load_ontology(self.ontology)
            shelved = {"artefacts": shelf.pack(build, self.shelf)} if self.shelf else {}
            publication.publish({**manifest, "staging": str(build), **shelved}, statistics)
        except BaseException:
            with contextlib.suppress(LodError):  # unreachable: the half-loaded graph stays unpublished
                publication.discard()
            raise
        publication.prune()
        self._graph = None  # the next reader asks again which build is published
        return publication.graph
