"""The store contract on real SPARQL servers: Oxigraph's server and Virtuoso, on loopback.

Each server gets the same checks: a build loaded in batches (Graph Store Protocol, and INSERT
DATA where there is no Graph Store endpoint), read back triple for triple; literals and blank
nodes across the wire; a failed load that leaves the published build alone; readers following
a new build; and the web tier serving the remote store as it serves the embedded one.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import requests
from remote_servers import Running, start_oxigraph, start_virtuoso, stop, virtuoso_available

from conftest import SOURCES, run_lod, select, serving
from lod.errors import StoreError
from lod.settings import Settings
from lod.sparql_client import Endpoints
from lod.store import client_for, open_store
from lod.store.remote import RemoteGraph, RemotePublication, RemoteStore

SERVERS = ["oxigraph", "virtuoso"]
TG = "https://w3id.org/telegram/ns#"
RESULTS = "application/sparql-results+json"
OWL_CLASSES = "ASK { GRAPH <https://w3id.org/telegram/ns> { ?c a <http://www.w3.org/2002/07/owl#Class> } }"


@pytest.fixture(scope="module", params=SERVERS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A running server: the one .ci/run started (LOD_TEST_*), else one started here for this module."""
    kind = request.param
    given = os.environ.get(f"LOD_TEST_{kind.upper()}")
    if kind == "virtuoso" and not given and not virtuoso_available():
        pytest.skip("Virtuoso is not installed here (apt-get install virtuoso-opensource; .ci/run does)")
    if given:
        env = {"LOD_STORE_USER": "dba", "LOD_STORE_PASSWORD": "dba"} if kind == "virtuoso" else {}
        yield Running(given, None, env)  # type: ignore[arg-type]
        return
    folder = tmp_path_factory.mktemp(kind)
    running = start_oxigraph(folder) if kind == "oxigraph" else start_virtuoso(folder)
    try:
        yield running
    finally:
        stop(running.process)


def settings_for(server: Running, **overrides: str) -> Settings:
    env = {"LOD_STORE": server.url, **server.env, **{f"LOD_{k.upper()}": v for k, v in overrides.items()}}
    return Settings.from_env(env)


def lod_env(server: Running, staging: Path, **extra: str) -> dict[str, str]:
    return {"LOD_STAGING": str(staging), **server.env, **extra}


def ask(url: str, query: str) -> dict[str, Any]:
    """SPARQL JSON results of a query to the server at ``url``."""
    answer = requests.get(f"{url}/sparql", params={"query": query}, headers={"Accept": RESULTS}, timeout=30)
    assert answer.status_code == 200, answer.text
    results: dict[str, Any] = answer.json()
    return results


def ntriples(data: bytes) -> set[str]:
    return {str(t) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


@pytest.fixture(scope="module")
def built(server: Running, tmp_path_factory: pytest.TempPathFactory) -> tuple[Running, Path]:
    """The default build (data/sources) published on the server; the staging store beside it."""
    staging = tmp_path_factory.mktemp("staging") / "store"
    done = run_lod("build", "--quiet", str(SOURCES), "--store", server.url, env=lod_env(server, staging))
    assert done.returncode == 1, done.stdout + done.stderr  # one undated FRUS document is rejected
    assert "published 153, rejected 1, read 154" in done.stdout
    assert f"store: {server.url} (graph <" in done.stdout
    return server, staging


def test_the_server_holds_exactly_the_build(built: tuple[Running, Path]) -> None:
    server, staging = built
    store = open_store(settings_for(server))
    assert isinstance(store, RemoteStore)
    on_server = ntriples(b"".join(store.export()))
    with gzip.open(staging / "current" / "dumps" / "dataset.nt.gz", "rb") as dump:
        built_here = ntriples(dump.read())
    assert len(built_here) > 5000
    assert on_server == built_here  # every triple, every literal's datatype and language, no more
    assert store.manifest["published"] == 153
    assert store.statistics()["triples"] == len(built_here)


def test_lod_query_reads_the_remote_store(built: tuple[Running, Path]) -> None:
    server, staging = built
    query = "SELECT ?t ?date WHERE { ?t a tg:Telegram ; dcterms:date ?date } ORDER BY ?date ?t"
    done = run_lod("query", "--store", server.url, "--format", "json", query, env=server.env)
    assert done.returncode == 0, done.stderr
    local = select(staging, query)
    assert len(local) == 32
    rows = [{k: v["value"] for k, v in row.items()} for row in json.loads(done.stdout)["results"]["bindings"]]
    assert rows == local


def test_the_web_tier_serves_the_remote_store(built: tuple[Running, Path]) -> None:
    server, staging = built
    [row] = select(staging, "SELECT ?t WHERE { ?t a tg:Telegram ; tg:telegramNumber ?n FILTER(?n = '405809') }")
    path = row["t"].removeprefix("http://127.0.0.1:5000").replace("/id/", "/doc/")
    with serving(server.url, env=server.env) as url:
        page = requests.get(f"{url}{path}.html", timeout=30)
        assert page.status_code == 200
        assert "SHTYKOV" in page.text.upper() and "Stalin" in page.text
        turtle = requests.get(url + row["t"].removeprefix("http://127.0.0.1:5000"), headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200 and "tg:Telegram" in turtle.text
        count = ask(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?t a <{TG}Telegram> }}")
        assert count["results"]["bindings"][0]["n"]["value"] == "32"
        assert ask(url, OWL_CLASSES)["boolean"] is True  # the vocabulary, as a named graph
        dump = requests.get(f"{url}/dumps/dataset.nt.gz", timeout=60)
        with gzip.open(staging / "current" / "dumps" / "dataset.nt.gz", "rb") as local:
            assert ntriples(gzip.decompress(dump.content)) == ntriples(local.read())
        void = requests.get(f"{url}/void", headers={"Accept": "text/turtle"}, timeout=30)
        assert void.status_code == 200 and "void:triples" in void.text
        # the reading room reads the catalogue the build left in its staging directory
        found = requests.get(f"{url}/search.json", params={"q": "Feng Xi"}, timeout=30).json()
        assert found["results"][0]["iri"] == row["t"]


TRICKY = """<http://example.org/t/1> <http://purl.org/dc/terms/title> "Ciphered telegram \\"No. 405809\\" <to>&"@en .
<http://example.org/t/1> <http://purl.org/dc/terms/description> "line one\\nline two\\ttabbed" .
<http://example.org/t/1> <http://purl.org/dc/terms/creator> "Штыков, Терентий Фомич"@ru .
<http://example.org/t/1> <http://purl.org/dc/terms/contributor> "Pak Hŏn-yŏng 朴憲永"@ko-Latn .
<http://example.org/t/1> <http://purl.org/dc/terms/date> "1950-07-01"^^<http://www.w3.org/2001/XMLSchema#date> .
<http://example.org/t/1> <https://w3id.org/telegram/ns#copies> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://example.org/t/1> <https://w3id.org/telegram/ns#copy> _:c1 .
_:c1 <https://w3id.org/telegram/ns#recipient> <http://example.org/person/stalin> .
"""


def _publish(server: Running, triples: str, build: str, base: str = "http://example.org/") -> RemotePublication:
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"lod-remote-{os.getpid()}-{build}.nt.gz"
    folder.write_bytes(gzip.compress(triples.encode("utf-8")))
    try:
        publication = RemotePublication(client_for(settings_for(server)), base, build)
        publication.load(folder)
        publication.publish({"build": build, "base_uri": base}, {"triples": triples.count("\n")})
        return publication
    finally:
        folder.unlink()


def test_literals_survive_and_blank_nodes_are_skolemised(server: Running) -> None:
    publication = _publish(server, TRICKY, "tricky")
    graph = RemoteGraph(client_for(settings_for(server)), publication.graph)
    subject = ox.NamedNode("http://example.org/t/1")
    quads = graph.quads_for_pattern(subject, None, None)
    objects = {str(q.object) for q in quads}
    expected = {str(t.object) for t in ox.parse(TRICKY.encode(), format=ox.RdfFormat.N_TRIPLES) if t.subject == subject}
    copies = [q.object for q in quads if q.predicate.value.endswith("#copy")]
    assert objects - {str(c) for c in copies} == expected - {o for o in expected if o.startswith("_:")}
    [copy] = copies
    assert isinstance(copy, ox.NamedNode) and copy.value.startswith("http://example.org/.well-known/genid/tricky/")
    [recipient] = graph.quads_for_pattern(copy, None, None)
    assert recipient.object == ox.NamedNode("http://example.org/person/stalin")
    title = graph.quads_for_pattern(subject, ox.NamedNode("http://purl.org/dc/terms/title"), None)
    assert title[0].object == ox.Literal('Ciphered telegram "No. 405809" <to>&', language="en")
    found = graph.query('SELECT ?s WHERE { ?s ?p "Штыков, Терентий Фомич"@ru }')
    assert isinstance(found, ox.QuerySolutions) and [r["s"] for r in found] == [subject]


def test_insert_data_loads_where_there_is_no_graph_store_endpoint(server: Running, tmp_path: Path) -> None:
    settings = settings_for(server, store_gsp="none")
    client = client_for(settings)
    assert client.endpoints.gsp is None
    source = tmp_path / "tricky.nt.gz"
    source.write_bytes(gzip.compress(TRICKY.encode()))
    publication = RemotePublication(client, "http://example.org/", "by-insert")
    assert publication.load(source) == 8
    graph = RemoteGraph(client, publication.graph)
    assert len(graph.quads_for_pattern(ox.NamedNode("http://example.org/t/1"), None, None)) == 7
    publication.discard()
    assert graph.quads_for_pattern(ox.NamedNode("http://example.org/t/1"), None, None) == []


def test_a_failed_load_leaves_the_published_build(server: Running, tmp_path: Path) -> None:
    first = _publish(server, TRICKY, "first")
    readers = RemoteStore(client_for(settings_for(server)), recheck=0)
    assert readers.graph() == first.graph
    # the Graph Store endpoint is wrong: the load fails on its first batch
    broken = client_for(settings_for(server, store_gsp="http://127.0.0.1:9/nowhere"))
    publication = RemotePublication(broken, "http://example.org/", "second")
    source = tmp_path / "second.nt.gz"
    source.write_bytes(gzip.compress(TRICKY.encode()))
    with pytest.raises(StoreError, match="does not answer"):
        publication.load(source)
    assert readers.graph() == first.graph
    assert readers.manifest["build"] == "first"


def test_a_failed_cli_build_leaves_the_server_as_it_was(server: Running, tmp_path: Path) -> None:
    published = RemoteStore(client_for(settings_for(server)), recheck=0).graph()
    env = lod_env(server, tmp_path / "staging", LOD_STORE_GSP="http://127.0.0.1:9/nowhere")
    done = run_lod("build", "--quiet", str(SOURCES / "wilson"), "--store", server.url, env=env)
    assert done.returncode == 2
    assert "does not answer" in done.stderr and "Traceback" not in done.stderr
    assert RemoteStore(client_for(settings_for(server)), recheck=0).graph() == published


def test_readers_follow_a_new_build_and_old_builds_are_pruned(server: Running) -> None:
    readers = RemoteStore(client_for(settings_for(server)), recheck=0)
    graphs = []
    for build in ("p1", "p2", "p3"):
        publication = _publish(server, TRICKY.replace("/t/1", f"/t/{build}"), build)
        assert readers.graph() == publication.graph
        assert readers.manifest["build"] == build
        graphs.append(publication.graph)
    dropped = publication.prune()
    client = client_for(settings_for(server))
    assert graphs[0] in dropped and graphs[1] not in dropped and graphs[2] not in dropped
    gone = RemoteGraph(client, graphs[0]).quads_for_pattern(ox.NamedNode("http://example.org/t/p1"), None, None)
    assert gone == []
    kept = RemoteGraph(client, graphs[1]).quads_for_pattern(ox.NamedNode("http://example.org/t/p2"), None, None)
    assert len(kept) == 7


def test_an_unreachable_store_is_a_clear_error(tmp_path: Path) -> None:
    done = run_lod("query", "--store", "http://127.0.0.1:9/query", "ASK {}")
    assert done.returncode == 2
    assert "http://127.0.0.1:9/query does not answer" in done.stderr and "Traceback" not in done.stderr


def test_endpoints_are_derived_from_the_query_endpoint() -> None:
    oxigraph = Endpoints.derive("http://127.0.0.1:7878/query")
    assert (oxigraph.update, oxigraph.gsp) == ("http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store")
    virtuoso = Endpoints.derive("http://db:8890/sparql", user="dba", password="x")
    assert (virtuoso.update, virtuoso.gsp) == ("http://db:8890/sparql-auth", "http://db:8890/sparql-graph-crud-auth")
    fuseki = Endpoints.derive("http://f:3030/archive/query", gsp="http://f:3030/archive/data")
    assert (fuseki.update, fuseki.gsp) == ("http://f:3030/archive/update", "http://f:3030/archive/data")
    graphdb = Endpoints.derive(
        "http://g:7200/repositories/archive",
        update="http://g:7200/repositories/archive/statements",
        gsp="http://g:7200/repositories/archive/rdf-graphs/service",
    )
    assert graphdb.gsp == "http://g:7200/repositories/archive/rdf-graphs/service"
    assert Endpoints.derive("http://x/sparql", gsp="none").gsp is None


def test_web_machines_take_the_reading_rooms_files_from_the_shelf(server: Running, tmp_path: Path) -> None:
    """Scaled out: the build on one machine, two web machines with directories of their own, one store. The
    build leaves its catalogue on the shelf; one web machine mounts it, the other fetches it over HTTP."""
    import shutil
    import subprocess
    import sys

    from conftest import free_port

    shelf, building = tmp_path / "shelf", tmp_path / "build-machine"
    done = run_lod(
        "build", "-q", str(SOURCES), "--store", server.url, env=lod_env(server, building, LOD_ARTEFACTS=str(shelf))
    )
    assert done.returncode == 1, done.stdout + done.stderr
    [archive] = shelf.glob("*.tar")
    manifest = RemoteStore(client_for(settings_for(server)), recheck=0).manifest
    assert manifest["artefacts"]["file"] == archive.name and len(manifest["artefacts"]["sha256"]) == 64
    shutil.rmtree(building)  # the building machine's directory is not on the web machines
    port = free_port()
    files = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(shelf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        machines = {"mounted": str(shelf), "fetched": f"http://127.0.0.1:{port}/"}
        for name, where in machines.items():
            own = tmp_path / f"web-{name}"
            env = lod_env(server, own, LOD_ARTEFACTS=where)
            with serving(server.url, env=env) as url:
                found = requests.get(f"{url}/search.json", params={"q": "Feng Xi"}, timeout=60)
                assert found.status_code == 200, (name, found.text)
                assert "shtykov-stalin" in found.json()["results"][0]["iri"], name
                assert requests.get(f"{url}/browse/persons", timeout=30).status_code == 200
            assert (own / "from-shelf" / archive.stem / "catalogue.sqlite").is_file(), name
        with serving(server.url, env=lod_env(server, tmp_path / "web-unset")) as url:  # no shelf given
            refused = requests.get(f"{url}/search.json", params={"q": "Feng Xi"}, timeout=30)
            assert refused.status_code == 503 and "LOD_ARTEFACTS" in refused.text
    finally:
        files.terminate()
        files.wait(timeout=10)
