"""One protocol for every store: the embedded one on disk, memory, and (tests/test_remote_store.py) a SPARQL server.

The web tier reads a store only through it, so the same pages and answers come from any of them.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from lod.errors import StoreError
from lod.settings import Settings
from lod.store import MemoryStore, NoSuchDump, PublishedStore, Store
from lod.web import create_app

SEED_DOC = "http://127.0.0.1:5000/doc/telegram/wilson-1950-07-01-ciphered-telegram-shtykov-stalin-political-mood"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def memory(seed_store: Path) -> MemoryStore:
    """The default build's graph, manifest and statistics, held in memory."""
    published = PublishedStore(seed_store)
    with gzip.open(published.dump("dataset.nt.gz"), "rb") as dump:
        triples = list(ox.parse(dump.read(), format=ox.RdfFormat.N_TRIPLES))
    return MemoryStore(triples, published.manifest, published.statistics())


def count(store: Store) -> int:
    solutions = store.current().query(COUNT)
    assert isinstance(solutions, ox.QuerySolutions)
    [row] = list(solutions)
    return int(row["n"].value)


def test_every_store_is_a_store(store: Store, memory: MemoryStore) -> None:
    assert isinstance(store, Store) and isinstance(memory, Store)


def test_the_stores_hold_the_same_graph_and_manifest(store: Store, memory: MemoryStore) -> None:
    assert count(memory) == count(store) == store.statistics()["triples"] > 1000
    assert memory.manifest["published"] == store.manifest["published"] == 153


def test_dumps_are_files_on_disk_and_streamed_from_memory(store: Store, memory: MemoryStore) -> None:
    on_disk = {d.name: d for d in store.dumps()}
    assert set(on_disk) == {"dataset.nt.gz", "dataset.ttl.gz"} and all(d.size for d in on_disk.values())
    [streamed] = memory.dumps()
    assert streamed.name == "dataset.nt.gz" and streamed.size is None
    body = gzip.decompress(b"".join(memory.dump("dataset.nt.gz")))
    assert len(body.splitlines()) == count(memory)
    with pytest.raises(NoSuchDump):
        memory.dump("dataset.ttl.gz")
    with pytest.raises(NoSuchDump):
        store.dump("../build.json")


def test_queries_run_in_a_process_of_their_own_only_where_one_can_open_the_store(
    store: Store, memory: MemoryStore
) -> None:
    isolated = store.isolated()
    assert isolated is not None and ox.Store.read_only(isolated)
    assert memory.isolated() is None


@pytest.fixture(scope="module")
def memory_app(memory: MemoryStore) -> Flask:
    return create_app(Settings.from_env(store="memory", update_token="secret"), memory)


def test_the_web_tier_serves_a_store_in_memory(memory_app: Flask) -> None:
    client = memory_app.test_client()
    page = client.get(SEED_DOC, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Shtykov" in page.get_data(as_text=True)
    answer = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and int(answer.get_json()["results"]["bindings"][0]["n"]["value"]) > 1000
    dump = client.get("/dumps/dataset.nt.gz")
    assert dump.status_code == 200 and gzip.decompress(dump.data).startswith(b"<")
    assert client.get("/dumps/dataset.ttl.gz").status_code == 404


def test_an_update_revises_the_store_in_memory(memory_app: Flask, memory: MemoryStore) -> None:
    client = memory_app.test_client()
    update = 'INSERT DATA { <http://example.org/a> <http://example.org/b> "c" }'
    done = client.post("/update", data={"update": update}, headers={"Authorization": "Bearer secret"})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert "memory-1" in done.get_data(as_text=True)
    assert memory.current().query('ASK { <http://example.org/a> <http://example.org/b> "c" }')


def test_search_on_a_store_without_a_catalogue_says_why(memory_app: Flask) -> None:
    answer = memory_app.test_client().get("/search", query_string={"q": "Stalin"}, headers={"Accept": "text/plain"})
    assert answer.status_code == 503 and "no build files here" in answer.get_data(as_text=True)


def test_the_app_fixture_serves_the_default_build_in_process(client: FlaskClient) -> None:
    assert client.get("/void", headers={"Accept": "text/turtle"}).status_code == 200


def test_a_build_is_made_in_the_stores_workspace(seed_store: Path, memory: MemoryStore) -> None:
    """The embedded store builds in its own directory and publishes itself; memory is not built into."""
    embedded: Store = PublishedStore(seed_store)
    assert embedded.workspace() == seed_store and embedded.adopt(seed_store / "current") is None
    with pytest.raises(StoreError, match="not built into"):
        memory.workspace()
