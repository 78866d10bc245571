"""`lod harvest`: another archive's records over OAI-PMH (ours, on loopback) into a store of one's own."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BASE, application, json_of, run_lod, select, serving

SEED = f"{BASE}id/telegram/wilson-1950-07-01-ciphered-telegram-shtykov-stalin-political-mood"


@pytest.fixture(scope="module")
def provider(seed_store: Path) -> Iterator[str]:
    with serving(seed_store) as url:
        yield url + "/oai"


def statements(store: Path, subject: str) -> set[tuple[str, str]]:
    return {(row["p"], row["o"]) for row in select(store, f"SELECT ?p ?o WHERE {{ <{subject}> ?p ?o }}")}


def test_a_harvest_holds_what_the_provider_publishes(provider: str, seed_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "harvested"
    done = run_lod("harvest", provider, "--store", str(store))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("harvested 153 records") and "in 2 pages" in done.stdout  # a resumption token
    assert statements(store, SEED) == statements(seed_store, SEED)
    assert statements(store, f"{BASE}id/person/stalin") >= {
        ("http://www.w3.org/2004/02/skos/core#prefLabel", "Joseph Stalin")
    }
    count = select(store, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/telegram/ns#Document> }")
    assert count == [{"n": "153"}]


def test_one_set(provider: str, tmp_path: Path) -> None:
    store = tmp_path / "aprf"
    done = run_lod("harvest", provider, "--store", str(store), "--set", "archive:aprf")
    assert done.returncode == 0 and done.stdout.startswith("harvested 1 records"), done.stdout + done.stderr


def test_a_failed_harvest_leaves_the_published_store(provider: str, tmp_path: Path) -> None:
    store = tmp_path / "kept"
    assert run_lod("harvest", provider, "--store", str(store), "--set", "archive:aprf").returncode == 0
    before = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    for arguments in (["--set", "year:1700"], ["--set", "fond:45"], ["--format", "marcxml"]):
        failed = run_lod("harvest", provider, "--store", str(store), *arguments)
        assert failed.returncode == 2 and "Traceback" not in failed.stderr
    unreachable = run_lod("harvest", "http://127.0.0.1:9/oai", "--store", str(store))
    assert unreachable.returncode == 2 and "cannot reach the OAI-PMH provider" in unreachable.stderr
    assert select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == before


def test_any_provider_in_simple_dublin_core(provider: str, tmp_path: Path) -> None:
    """oai_dc, which every provider offers: each record's elements as DC statements about its identifier."""
    store = tmp_path / "dc"
    done = run_lod("harvest", provider, "--store", str(store), "--format", "oai_dc")
    assert done.returncode == 0 and done.stdout.startswith("harvested 153 records"), done.stdout + done.stderr
    dc = "http://purl.org/dc/elements/1.1/"
    found = statements(store, SEED)
    assert (dc + "title", "Ciphered telegram, Shtykov to Stalin on the Political Mood in North Korea") in found
    assert (dc + "creator", "Terentii Shtykov") in found and (dc + "date", "1950-07-01") in found
    assert ("http://www.w3.org/ns/prov#wasDerivedFrom", provider) in found


def test_a_harvested_store_is_validated_indexed_and_dumped_like_a_built_one(provider: str, tmp_path: Path) -> None:
    """A harvest is a build whose source is the provider: the reading room, the dumps and VoID work on it."""
    store = tmp_path / "harvested"
    assert run_lod("harvest", provider, "--store", str(store)).returncode == 0
    build = store / "current"
    assert (build / "dumps" / "dataset.nt.gz").is_file() and (build / "catalogue.sqlite").is_file()
    manifest = json.loads((build / "build.json").read_text())
    assert (manifest["read"], manifest["published"], manifest["rejected"]) == (153, 153, 0)
    with application(store) as app:
        client = app.test_client()
        found = json_of(client.get("/search.json", query_string={"q": "Shtykov"}))
        assert SEED in [hit["iri"] for hit in found["results"]]
        assert json_of(client.get("/search.json", query_string={"q": "Сталин"}))["results"]
        assert client.get("/void", headers={"Accept": "text/turtle"}).status_code == 200
