"""Reconciliation (/reconcile): OpenRefine's protocol, asked as OpenRefine asks it, on a real server."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from conftest import BASE, serving


@pytest.fixture(scope="module")
def service(seed_store: Path) -> Iterator[str]:
    with serving(seed_store) as url:
        yield url + "/reconcile"


def batch(service: str, queries: dict[str, dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    """A batch, form-encoded in a POST as OpenRefine sends it; each answer checked against the protocol."""
    response = requests.post(service, data={"queries": json.dumps(queries)}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    answers = response.json()
    assert set(answers) == set(queries)
    for answer in answers.values():
        assert set(answer) == {"result"}
        for candidate in answer["result"]:
            assert isinstance(candidate["id"], str) and isinstance(candidate["name"], str)
            assert isinstance(candidate["score"], int | float) and isinstance(candidate["match"], bool)
            assert all(set(t) == {"id", "name"} for t in candidate["type"])
    return {key: answer["result"] for key, answer in answers.items()}


def test_the_manifest(service: str) -> None:
    manifest = requests.get(service, timeout=30).json()
    assert "0.2" in manifest["versions"] and manifest["identifierSpace"] == f"{BASE}id/"
    assert {t["id"] for t in manifest["defaultTypes"]} == {"person", "organization", "place", "archive"}
    assert "{{id}}" in manifest["view"]["url"] and "{{id}}" in manifest["preview"]["url"]
    view = requests.get(manifest["view"]["url"].replace("{{id}}", "person/stalin"), timeout=30)
    assert view.status_code == 200 and "Joseph Stalin" in view.text  # the id is a key of identifierSpace


@pytest.mark.parametrize(
    ("words", "kind", "expected"),
    [
        ("Filippov", None, "person/stalin"),  # a code name
        ("Feng Xi", "person", "person/stalin"),
        ("Pak Hon Yong", "person", "person/pak-heon-yeong"),  # a transliteration
        ("pak heon-yeong", None, "person/pak-heon-yeong"),
        ("Peking", "place", "place/beijing"),  # a former name
        ("AP RF", "archive", "archive/aprf"),
    ],
)
def test_names_in_any_spelling_find_their_entity_first(
    service: str, words: str, kind: str | None, expected: str
) -> None:
    query: dict[str, object] = {"query": words, "limit": 5}
    if kind:
        query["type"] = kind
    [first, *rest] = batch(service, {"q0": query})["q0"]
    assert first["id"] == expected and first["score"] == 100 and first["match"] is True
    assert all(candidate["score"] < 100 for candidate in rest)


def test_a_batch_with_types_and_limits(service: str) -> None:
    answers = batch(
        service,
        {
            "q0": {"query": "Stalin", "type": "place"},  # no place of that name
            "q1": {"query": "Kim", "type": "person", "limit": 2},
            "q2": {"query": "zzzz nobody"},
        },
    )
    assert answers["q0"] == [] and answers["q2"] == []
    assert len(answers["q1"]) == 2 and all(c["type"] == [{"id": "person", "name": "Person"}] for c in answers["q1"])
    assert not any(c["match"] for c in answers["q1"])  # several Kims: none is taken for granted


def test_queries_by_get_and_bad_batches(service: str) -> None:
    got = requests.get(service, params={"queries": json.dumps({"a": {"query": "Molotov"}})}, timeout=30).json()
    assert got["a"]["result"][0]["id"] == "person/molotov"
    assert requests.post(service, data={"queries": "not json"}, timeout=30).status_code == 400
    assert requests.post(service, data={"queries": "[1, 2]"}, timeout=30).status_code == 400


def test_suggest_and_preview(service: str) -> None:
    suggested = requests.get(service + "/suggest/entity", params={"prefix": "Filip"}, timeout=30).json()
    assert [s["id"] for s in suggested["result"]][:1] == ["person/stalin"]
    preview = requests.get(service + "/preview", params={"id": "person/stalin"}, timeout=30)
    assert preview.status_code == 200 and "Joseph Stalin" in preview.text and "Filippov" in preview.text
    assert requests.get(service + "/preview", params={"id": "<script>"}, timeout=30).status_code == 404
