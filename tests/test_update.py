"""The staff's update path: only with the token, never on the public endpoint, never damaging what is served."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from conftest import BASE, application, json_of

Staffed = tuple[FlaskClient, Path]  # a client of a copy of a build, and the copy's store

TOKEN = "a-long-random-token-for-the-tests"
STALIN = f"{BASE}id/person/stalin"
NOTE = f'INSERT DATA {{ <{STALIN}> <http://www.w3.org/2004/02/skos/core#note> "Checked against RGASPI f. 558" }}'
ASK_NOTE = f'ASK {{ <{STALIN}> <http://www.w3.org/2004/02/skos/core#note> "Checked against RGASPI f. 558" }}'


@pytest.fixture
def staffed(family_store: Path, tmp_path: Path) -> Iterator[Staffed]:
    """A copy of a build, served in process with the staff's token set (LOD_UPDATE_TOKEN)."""
    store = tmp_path / "store"
    shutil.copytree(family_store, store, symlinks=True)
    with application(store, update_token=TOKEN) as app:
        yield app.test_client(), store


def post_update(client: FlaskClient, text: str, token: str | None = TOKEN) -> TestResponse:
    headers = {"Content-Type": "application/sparql-update"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.post("/update", data=text.encode(), headers=headers)


def ask(client: FlaskClient, query: str) -> bool:
    response = client.get("/sparql", query_string={"query": query})
    return bool(json_of(response)["boolean"])


def test_an_update_with_the_token_is_published_as_a_new_revision(staffed: Staffed) -> None:
    client, store = staffed
    before = (store / "current").resolve()
    response = post_update(client, NOTE)
    assert response.status_code == 200, response.text
    assert ask(client, ASK_NOTE)
    assert "Checked against RGASPI" in client.get("/doc/person/stalin.ttl").text
    after = (store / "current").resolve()
    assert after != before and before.is_dir()  # the served build was not written; the next replaced it
    manifest = json.loads((after / "build.json").read_text())
    assert manifest["revised_from"] == before.name and manifest["revisions"] == 1
    assert (after / "dumps" / "dataset.nt.gz").is_file()


def test_without_the_token_nothing_changes(staffed: Staffed) -> None:
    client, store = staffed
    before = (store / "current").resolve()
    missing = post_update(client, NOTE, token=None)
    wrong = post_update(client, NOTE, token="guess")
    assert missing.status_code == wrong.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    public = client.post(
        "/sparql",
        data=NOTE.encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert public.status_code == 403  # the public endpoint is read-only, token or not
    assert not ask(client, ASK_NOTE) and (store / "current").resolve() == before


def test_a_bad_update_leaves_the_store_as_it_was(staffed: Staffed) -> None:
    client, store = staffed
    before = (store / "current").resolve()
    response = post_update(client, "INSERT DATA { <http://e/s> <http://e/p> ")
    assert response.status_code == 400 and "does not parse" in response.text
    assert (store / "current").resolve() == before
    assert not [p for p in (store / "builds").iterdir() if p.name.startswith(".partial")]


def test_no_token_configured_means_no_update_path(family_store: Path) -> None:
    with application(family_store) as app:
        assert post_update(app.test_client(), NOTE).status_code == 404


def test_an_update_fetches_nothing(staffed: Staffed) -> None:
    client, _ = staffed
    with socket.socket() as listener:  # a server that would see any fetch
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        here = f"http://127.0.0.1:{listener.getsockname()[1]}/data.jsonld"
        for update in (
            f"LOAD <{here}>",
            f"LOAD SILENT <{here}> INTO GRAPH <http://e/g>",
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{here}> {{ ?s ?p ?o }} }}",
            "load <file:///etc/passwd>",
        ):
            response = post_update(client, update)
            assert response.status_code == 403 and "fetches nothing" in response.text, update
        with pytest.raises(TimeoutError):
            listener.accept()
    # the words inside a literal are only words
    assert post_update(client, 'INSERT DATA { <http://e/s> <http://e/p> "LOAD the SERVICE" }').status_code == 200


def test_rdf_sent_by_a_client_is_never_parsed_so_no_json_ld_context_is_fetched(
    staffed: tuple[FlaskClient, Path],
) -> None:
    client, _ = staffed
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        context = f"http://127.0.0.1:{listener.getsockname()[1]}/context.jsonld"
        document = json.dumps({"@context": context, "@id": "http://e/s", "name": "x"}).encode()
        headers = {"Content-Type": "application/ld+json", "Authorization": f"Bearer {TOKEN}"}
        for path in ("/update", "/sparql"):
            response = client.post(path, data=document, headers=headers)
            assert response.status_code == 415, (path, response.status_code)
        with pytest.raises(TimeoutError):
            listener.accept()
