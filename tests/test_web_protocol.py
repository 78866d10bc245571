"""The W3C SPARQL 1.1 Protocol tests, read from their manifest and run against a real server."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from conftest import BASE, SEED, W3C, run_lod, serving
from lod.store import Publication

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")


def load_tests() -> list[dict[str, Any]]:
    if not (W3C / "manifest.ttl").is_file():
        return []
    manifest = Graph().parse(W3C / "manifest.ttl", format="turtle")
    root = next(manifest.subjects(RDF.type, MF.Manifest))
    head = manifest.value(root, MF.entries)
    assert head is not None
    entries = Collection(manifest, head)
    tests = []
    for entry in entries:
        name = str(entry).rsplit("#", 1)[-1]
        action = manifest.value(entry, MF.action)
        requests_list = []
        listed = manifest.value(action, HT.requests)
        assert listed is not None
        for request in Collection(manifest, listed):
            headers = {}
            header_list = manifest.value(request, HT.headers)
            if header_list is not None:
                for header in Collection(manifest, header_list):
                    headers[str(manifest.value(header, HT.fieldName))] = str(manifest.value(header, HT.fieldValue))
            body = manifest.value(request, HT.body)
            response = manifest.value(request, HT.resp)
            requests_list.append(
                {
                    "method": str(manifest.value(request, HT.methodName)),
                    "path": str(manifest.value(request, HT.absolutePath)),
                    "headers": headers,
                    "body": None if body is None else str(manifest.value(body, CNT.chars)),
                    "encoding": None if body is None else str(manifest.value(body, CNT.characterEncoding) or "UTF-8"),
                    "status": {
                        str(s).rsplit("StatusCode", 1)[-1][0] for s in manifest.objects(response, MF.expectedStatus)
                    },
                    "format": str(manifest.value(response, MF.expectedFormat) or ""),
                    "boolean": manifest.value(response, MF.expectedBoolean),
                }
            )
        graphs = [
            (str(manifest.value(d, RDFS.label)), str(manifest.value(d, UT.graph)))
            for d in manifest.objects(entry, UT.graphData)
        ]
        tests.append({"name": name, "requests": requests_list, "graphs": graphs})
    return tests


TESTS = load_tests()
# The public endpoint is read-only: the update_* tests are for the staff's path, /update with the
# token; the bad_update_* tests run against both.
READ_ONLY_TESTS = [t for t in TESTS if not t["name"].startswith("update_")]
UPDATE_TESTS = [t for t in TESTS if "update" in t["name"]]
TOKEN = "w3c-protocol-tests-token"


def _w3c_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not TESTS:
        pytest.skip(f"the W3C protocol manifest is not here ({W3C}); it is present in CI")
    store = tmp_path_factory.mktemp("w3c") / "store"
    assert run_lod("build", "-q", str(SEED), "--store", str(store)).returncode == 0
    dump = store / "current" / "dumps" / "dataset.nt.gz"
    with Publication(store) as publication:
        database = publication.store()
        database.bulk_load(gzip.decompress(dump.read_bytes()), format=ox.RdfFormat.N_TRIPLES)
        for name in ("data1", "data2", "data3"):
            graph = ox.NamedNode(f"http://kasei.us/2009/09/sparql/data/{name}.rdf")
            database.bulk_load(path=str(W3C / f"{name}.nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        publication.commit({"base_uri": BASE})
    return store


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(_w3c_store(tmp_path_factory)) as url:
        yield url


@pytest.fixture(scope="module")
def w3c_update_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store of its own: the update tests clear and drop graphs."""
    with serving(_w3c_store(tmp_path_factory), {"LOD_UPDATE_TOKEN": TOKEN}) as url:
        yield url


def _is_update(request: dict[str, Any]) -> bool:
    content_type = request["headers"].get("content-type", "")
    body = request["body"] or ""
    return "sparql-update" in content_type or body.startswith("update=") or "update=" in request["path"]


def _send(server: str, request: dict[str, Any], staff: bool = False) -> requests.Response:
    parts = urlsplit(request["path"])
    headers = dict(request["headers"])
    path = "/sparql" + parts.path[len("/sparql") :]
    if staff and _is_update(request):
        path = "/update"
        headers["Authorization"] = f"Bearer {TOKEN}"
    url = server + path + (f"?{parts.query}" if parts.query else "")
    body = None if request["body"] is None else request["body"].encode(request["encoding"].lower())
    return requests.request(request["method"], url, data=body, headers=headers, timeout=30)


def _check_format(response: requests.Response, expected: str, boolean: object) -> None:
    media = response.headers.get("Content-Type", "").split(";")[0].strip()
    if expected == "boolean":
        if media.endswith("json"):
            value = json.loads(response.text)["boolean"]
        else:
            assert media.endswith("xml"), media
            value = "<boolean>true</boolean>" in response.text
        if boolean is not None:
            assert value == boolean.toPython()  # type: ignore[attr-defined]
    elif expected == "tabular":
        assert media in {
            "application/sparql-results+json",
            "application/sparql-results+xml",
            "text/csv",
            "text/tab-separated-values",
        }, media
    elif expected == "RDF":
        formats = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt"}
        assert media in formats, media
        Graph().parse(data=response.text, format=formats[media])


@pytest.mark.parametrize("test", READ_ONLY_TESTS, ids=[t["name"] for t in READ_ONLY_TESTS])
def test_w3c_protocol(w3c_server: str, test: dict[str, Any]) -> None:
    for request in test["requests"]:
        response = _send(w3c_server, request)
        assert str(response.status_code)[0] in request["status"], f"{response.status_code} {response.text[:300]}"
        if request["format"] and response.ok:
            _check_format(response, request["format"], request["boolean"])
        assert "Traceback" not in response.text


@pytest.mark.parametrize("test", UPDATE_TESTS, ids=[t["name"] for t in UPDATE_TESTS])
def test_w3c_protocol_updates_on_the_staff_path(w3c_update_server: str, test: dict[str, Any]) -> None:
    for request in test["requests"]:
        response = _send(w3c_update_server, request, staff=True)
        assert str(response.status_code)[0] in request["status"], f"{response.status_code} {response.text[:300]}"
        if request["format"] and response.ok:
            _check_format(response, request["format"], request["boolean"])
        assert "Traceback" not in response.text


def test_the_manifest_was_read_whole() -> None:
    if not TESTS:
        pytest.skip(f"the W3C protocol manifest is not here ({W3C}); it is present in CI")
    names = {t["name"] for t in TESTS}
    assert len(TESTS) == 34 and "bad_query_missing_form_type" in names
    assert len(READ_ONLY_TESTS) == 27 and len(UPDATE_TESTS) == 14
