"""Reconciliation (/reconcile): OpenRefine's protocol, asked as OpenRefine asks it (in process).

Every kind of response is validated against the W3C Entity Reconciliation Community Group's JSON schemas
(../shared/reconciliation: 0.2, and the 1.0 draft where it differs), loaded into one registry per
version so that no reference is fetched; the specification's valid and invalid request examples go
through the service's request parser.
"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import jsonschema
import pytest
from flask.testing import FlaskClient
from referencing import Registry
from referencing.jsonschema import DRAFT7

from conftest import BASE, SHARED, json_of

SPECS = SHARED.parent / "reconciliation"
RECONCILE = "/reconcile"
DRAFT = "/1.0-draft"


@pytest.fixture(scope="module")
def service(offices: FlaskClient) -> FlaskClient:
    """The default build and a FRUS excerpt of 1934 (Cordell Hull, Secretary of State; Meredith Nicholson)."""
    return offices


Validate = Callable[[Any, str, str], None]


@pytest.fixture(scope="module")
def valid() -> Validate:
    """valid(document, version, schema): the specification's schema of that name accepts the document."""
    if not SPECS.is_dir():
        pytest.skip(f"the reconciliation schemas are not here ({SPECS}); they are present in CI")
    registries = {}
    for version in ("0.2", "1.0-draft"):
        resources = []
        for path in sorted((SPECS / version / "schemas").glob("*.json")):
            schema = json.loads(path.read_text())
            # "$schema": "http://json-schema.org/schema#" names no draft; the specification's are draft 7
            resources.append((schema["$id"].rstrip("#"), DRAFT7.create_resource(schema)))
        registries[version] = Registry().with_resources(resources)  # no retrieve: nothing is fetched

    def check(document: Any, version: str, name: str) -> None:
        schema = json.loads((SPECS / version / "schemas" / f"{name}.json").read_text())
        jsonschema.Draft7Validator(schema, registry=registries[version]).validate(document)

    return check


def examples(version: str, name: str, kind: str) -> list[Path]:
    found = sorted((SPECS / version / "examples" / name / kind).glob("*.json"))
    return found


def batch(service: FlaskClient, queries: dict[str, dict[str, object]]) -> dict[str, list[dict[str, Any]]]:
    """A batch, form-encoded in a POST as OpenRefine sends it; each answer checked against the protocol."""
    response = service.post(RECONCILE, data={"queries": json.dumps(queries)})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    answers = json_of(response)
    assert set(answers) == set(queries)
    for answer in answers.values():
        assert set(answer) == {"result"}
        for candidate in answer["result"]:
            assert isinstance(candidate["id"], str) and isinstance(candidate["name"], str)
            assert isinstance(candidate["score"], int | float) and isinstance(candidate["match"], bool)
            assert all(set(t) == {"id", "name"} for t in candidate["type"])
    return {key: answer["result"] for key, answer in answers.items()}


def test_the_manifest(service: FlaskClient, valid: Validate) -> None:
    manifest = json_of(service.get(RECONCILE))
    valid(manifest, "0.2", "manifest")
    valid(json_of(service.get(RECONCILE + DRAFT)), "1.0-draft", "manifest")
    assert "0.2" in manifest["versions"] and manifest["identifierSpace"] == f"{BASE}id/"
    assert {t["id"] for t in manifest["defaultTypes"]} == {"person", "post", "organization", "place", "archive"}
    assert "{{id}}" in manifest["view"]["url"] and "{{id}}" in manifest["preview"]["url"]
    view = service.get(manifest["view"]["url"].replace("{{id}}", "person/stalin"), follow_redirects=True)
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
    service: FlaskClient, words: str, kind: str | None, expected: str
) -> None:
    query: dict[str, object] = {"query": words, "limit": 5}
    if kind:
        query["type"] = kind
    [first, *rest] = batch(service, {"q0": query})["q0"]
    assert first["id"] == expected and first["score"] == 100 and first["match"] is True
    assert all(candidate["score"] < 100 for candidate in rest)


def test_a_batch_with_types_and_limits(service: FlaskClient) -> None:
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


def test_queries_by_get_and_bad_batches(service: FlaskClient) -> None:
    got = json_of(service.get(RECONCILE, query_string={"queries": json.dumps({"a": {"query": "Molotov"}})}))
    assert got["a"]["result"][0]["id"] == "person/molotov"
    assert service.post(RECONCILE, data={"queries": "not json"}).status_code == 400
    assert service.post(RECONCILE, data={"queries": "[1, 2]"}).status_code == 400


def test_suggest_and_preview(service: FlaskClient) -> None:
    suggested = json_of(service.get(RECONCILE + "/suggest/entity", query_string={"prefix": "Filip"}))
    assert [s["id"] for s in suggested["result"]][:1] == ["person/stalin"]
    preview = service.get(RECONCILE + "/preview", query_string={"id": "person/stalin"})
    assert preview.status_code == 200 and "Joseph Stalin" in preview.text and "Filippov" in preview.text
    assert service.get(RECONCILE + "/preview", query_string={"id": "<script>"}).status_code == 404


def test_every_kind_of_response_is_valid_in_both_versions(service: FlaskClient, valid: Validate) -> None:
    queries = {"q0": {"query": "Filippov"}, "q1": {"query": "Secretary of State", "type": "person", "limit": 2}}
    results = json_of(service.post(RECONCILE, data={"queries": json.dumps(queries)}))
    valid(results, "0.2", "reconciliation-result-batch")
    draft = {"queries": [{"conditions": [{"matchType": "name", "propertyValue": "Filippov"}], "limit": 2}]}
    answer = service.post(RECONCILE + DRAFT + "/match", json=cast(Any, draft))
    assert answer.status_code == 200, answer.text
    valid(json_of(answer), "1.0-draft", "reconciliation-result-batch")
    assert json_of(answer)["results"][0]["candidates"][0]["id"] == "person/stalin"
    for version, path in (("0.2", "/suggest/entity"), ("1.0-draft", DRAFT + "/suggest/entity")):
        suggested = json_of(service.get(RECONCILE + path, query_string={"prefix": "Filip"}))
        valid(suggested, version, "suggest-entities-response")
    for version, path in (("0.2", "/propose_properties"), ("1.0-draft", DRAFT + "/extend/propose")):
        proposed = json_of(service.get(RECONCILE + path, query_string={"type": "person"}))
        valid(proposed, version, "data-extension-property-proposal")
        assert {"offices", "born", "died", "sameAs"} <= {p["id"] for p in proposed["properties"]}


def test_the_specification_s_request_examples_go_through_the_parser(service: FlaskClient, valid: Validate) -> None:
    for path in examples("0.2", "reconciliation-query-batch", "valid"):
        answer = service.post(RECONCILE, data={"queries": path.read_text()})
        assert answer.status_code == 200, (path.name, answer.text)
        valid(json_of(answer), "0.2", "reconciliation-result-batch")
    for path in examples("0.2", "reconciliation-query-batch", "invalid"):
        answer = service.post(RECONCILE, data={"queries": path.read_text()})
        assert answer.status_code == 400, path.name
    for path in examples("1.0-draft", "reconciliation-query-batch", "valid"):
        answer = service.post(RECONCILE + DRAFT + "/match", json=json.loads(path.read_text()))
        assert answer.status_code == 200, (path.name, answer.text)
        valid(json_of(answer), "1.0-draft", "reconciliation-result-batch")
    for path in examples("1.0-draft", "reconciliation-query-batch", "invalid"):
        answer = service.post(RECONCILE + DRAFT + "/match", json=json.loads(path.read_text()))
        assert answer.status_code == 400, path.name
        assert "queries" in answer.text  # says which query, or that the batch has none, and which rule
    for version in ("0.2", "1.0-draft"):
        for path in examples(version, "data-extension-query", "valid"):
            if version == "0.2":
                answer = service.post(RECONCILE, data={"extend": path.read_text()})
            else:
                answer = service.post(RECONCILE + DRAFT + "/extend", json=json.loads(path.read_text()))
            assert answer.status_code == 200, (path.name, answer.text)
            valid(json_of(answer), version, "data-extension-response")


def test_a_date_picks_the_holder_of_an_office(service: FlaskClient, valid: Validate) -> None:
    """ "Secretary of State" on 24 July 1934 is Cordell Hull; in May 1894, Walter Q. Gresham."""
    queries = {
        "hull": {"query": "Secretary of State", "type": "person", "properties": [{"pid": "date", "v": "1934-07-24"}]},
        "gresham": {"query": "the Secretary of State", "properties": [{"pid": "date", "v": "May 1, 1894"}]},
        "paraguay": {"query": "The Minister in Paraguay", "properties": [{"pid": "date", "v": "1934-07-24"}]},
        "nicholson": {"query": "Nicholson", "properties": [{"pid": "date", "v": "1934"}]},
    }
    results = json_of(service.post(RECONCILE, data={"queries": json.dumps(queries)}))
    valid(results, "0.2", "reconciliation-result-batch")
    first = {key: answer["result"][0] for key, answer in results.items()}
    assert (first["hull"]["id"], first["hull"]["match"], first["hull"]["score"]) == ("person/hull-cordell", True, 100)
    assert "holder of the post on the date" in first["hull"]["description"]
    assert first["gresham"]["id"] == "person/gresham-walter-quintin"
    assert first["paraguay"]["id"] == first["nicholson"]["id"] == "person/nicholson-meredith"
    draft = {
        "queries": [
            {
                "type": "person",
                "conditions": [
                    {"matchType": "name", "propertyValue": "Secretary of State"},
                    {"matchType": "property", "propertyId": "date", "propertyValue": "1934-07-24"},
                ],
            }
        ]
    }
    answer = json_of(service.post(RECONCILE + DRAFT + "/match", json=cast(Any, draft)))
    assert answer["results"][0]["candidates"][0]["id"] == "person/hull-cordell"
    bad = {"q": {"query": "Secretary of State", "properties": [{"pid": "date", "v": "the day after"}]}}
    assert service.post(RECONCILE, data={"queries": json.dumps(bad)}).status_code == 400


def test_data_extension_gives_offices_dates_and_links(service: FlaskClient, valid: Validate) -> None:
    query = {
        "ids": ["person/hull-cordell", "person/stalin", "person/nobody"],
        "properties": [{"id": p} for p in ("offices", "posts", "office_from", "born", "died", "identifier", "sameAs")],
    }
    answer = json_of(service.post(RECONCILE, data={"extend": json.dumps(query)}))
    valid(answer, "0.2", "data-extension-response")
    hull = answer["rows"]["person/hull-cordell"]
    assert {"str": "Secretary of State, 1933-03-04 – 1944-11-30"} in hull["offices"]
    assert {"id": "post/secretary", "name": "Secretary of State"} in hull["posts"]
    assert {"date": "1933-03-04T00:00:00Z"} in hull["office_from"]
    assert (hull["born"], hull["died"], hull["identifier"]) == (
        [{"int": 1871}],
        [{"int": 1955}],
        [{"str": "hull-cordell"}],
    )
    assert hull["sameAs"] == [{"str": "https://history.state.gov/departmenthistory/people/hull-cordell"}]
    assert answer["rows"]["person/stalin"]["offices"] == [] and answer["rows"]["person/nobody"]["born"] == []
    draft = json_of(service.post(RECONCILE + DRAFT + "/extend", json=cast(Any, query)))
    valid(draft, "1.0-draft", "data-extension-response")
    assert draft["rows"][0]["id"] == "person/hull-cordell"
    too_many = {"ids": [f"person/p{i}" for i in range(101)], "properties": [{"id": "born"}]}
    assert service.post(RECONCILE, data={"extend": json.dumps(too_many)}).status_code == 413
