"""Two archives on loopback: a Wilson Center archive and a FRUS archive, queried together."""

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from rdflib import Graph, Namespace, URIRef

from conftest import DATA, SEED, free_port, run_lod, serving

VOID = Namespace("http://rdfs.org/ns/void#")


class Listener:
    """A socket that listens and counts the connections made to it; it answers nothing."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.socket.settimeout(0.2)
        self._stop = False
        self._held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            self._held.append(connection)  # hold it open without answering

    def close(self) -> None:
        self._stop = True
        self.thread.join(2)
        for connection in self._held:
            connection.close()
        self.socket.close()


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    wilson_port, frus_port = free_port(), free_port()
    wilson_base, frus_base = f"http://127.0.0.1:{wilson_port}/", f"http://127.0.0.1:{frus_port}/"
    folder = tmp_path_factory.mktemp("archives")
    wilson, frus = folder / "wilson", folder / "frus"
    built = run_lod(
        "build",
        "-q",
        str(SEED),
        str(DATA / "wilson"),
        "--store",
        str(wilson),
        "--base-uri",
        wilson_base,
        "--partner",
        frus_base,
    )
    assert built.returncode == 0, built.stderr
    built = run_lod(
        "build",
        "-q",
        str(DATA / "frus" / "frus1918Russiav03-excerpt.xml"),
        "--store",
        str(frus),
        "--base-uri",
        frus_base,
        "--partner",
        wilson_base,
    )
    assert built.returncode == 0, built.stderr
    hanging = Listener()
    allow = f"{frus_base}sparql http://127.0.0.1:{hanging.port}/sparql"
    with (
        serving(frus, port=frus_port) as frus_url,
        serving(wilson, {"LOD_FEDERATION_ALLOWLIST": allow, "LOD_QUERY_TIMEOUT": "3"}, port=wilson_port) as wilson_url,
    ):
        yield {
            "wilson": wilson_url,
            "frus": frus_url,
            "frus_endpoint": f"{frus_base}sparql",
            "hanging": f"http://127.0.0.1:{hanging.port}/sparql",
        }
    hanging.close()


FROM_MOSCOW_OR_PEKING = """
SELECT ?archive ?date ?telegram ?place WHERE {
  ?p skos:prefLabel ?place . FILTER(?place IN ("Moscow", "Beijing"))
  {
    ?telegram a tg:Telegram ; tg:sentFrom ?p ; dcterms:date ?date .
    BIND("Wilson Center Digital Archive" AS ?archive)
  } UNION {
    ?p owl:sameAs ?there .
    SERVICE <%s> { ?telegram a tg:Telegram ; tg:sentFrom ?there ; dcterms:date ?date }
    BIND("Foreign Relations of the United States" AS ?archive)
  }
}
ORDER BY ?date"""


def sparql(url: str, query: str, **headers: str) -> requests.Response:
    return requests.post(
        url + "/sparql",
        data={"query": query},
        headers={"Accept": "application/sparql-results+json", **headers},
        timeout=30,
    )


def test_a_federated_query_joins_both_archives(archives: dict[str, str]) -> None:
    response = sparql(archives["wilson"], FROM_MOSCOW_OR_PEKING % archives["frus_endpoint"])
    assert response.status_code == 200, response.text
    rows = [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]
    found = [(r["date"], r["place"], r["archive"], r["telegram"].rsplit("/", 1)[-1]) for r in rows]
    assert found == [
        ("1918-01-07", "Moscow", "Foreign Relations of the United States", "frus1918Russiav03-d46"),
        ("1918-01-28", "Beijing", "Foreign Relations of the United States", "frus1918Russiav03-d234"),
        (
            "1951-01-13",
            "Beijing",
            "Wilson Center Digital Archive",
            "wilson-1951-01-13-ciphered-telegram-roshchin-ussr-foreign-ministry",
        ),
    ]


@pytest.mark.parametrize("target", ["loopback", "private", "link-local", "file", "variable", "prefixed"])
def test_service_outside_the_allowlist_is_refused_before_any_connection(archives: dict[str, str], target: str) -> None:
    listener = Listener()
    try:
        service = {
            "loopback": f"<http://127.0.0.1:{listener.port}/sparql>",
            "private": "<http://10.1.2.3/sparql>",
            "link-local": "<http://169.254.169.254/latest/meta-data/>",
            "file": "<file:///etc/passwd>",
            "variable": "?endpoint",
            "prefixed": "ex:sparql",
        }[target]
        prologue = f"PREFIX ex: <http://127.0.0.1:{listener.port}/> " if target == "prefixed" else ""
        query = f"{prologue}SELECT * WHERE {{ SERVICE {service} {{ ?s ?p ?o }} }}"
        response = sparql(archives["wilson"], query)
        assert response.status_code == 400, response.text
        assert "SERVICE" in response.text
        time.sleep(0.5)
        assert listener.connections == 0
    finally:
        listener.close()


def test_from_never_fetches(archives: dict[str, str]) -> None:
    listener = Listener()
    try:
        query = f"SELECT * FROM <http://127.0.0.1:{listener.port}/data.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1"
        response = sparql(archives["wilson"], query)
        assert response.status_code == 200
        time.sleep(0.5)
        assert listener.connections == 0
    finally:
        listener.close()


def test_a_remote_call_that_hangs_is_stopped(archives: dict[str, str]) -> None:
    started = time.monotonic()
    query = f"SELECT * WHERE {{ SERVICE <{archives['hanging']}> {{ ?s ?p ?o }} }}"
    response = sparql(archives["wilson"], query)
    assert response.status_code == 503 and "ran for 3 s (LOD_QUERY_TIMEOUT) and was stopped" in response.text
    assert time.monotonic() - started < 15
    assert sparql(archives["wilson"], "ASK { ?s ?p ?o }").json()["boolean"] is True


def test_lod_federate_merges_rows_with_their_endpoint(archives: dict[str, str]) -> None:
    query = """PREFIX tg: <https://w3id.org/telegram/ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
               SELECT ?telegram ?place WHERE { ?telegram a tg:Telegram ; tg:sentFrom/skos:prefLabel ?place .
               FILTER(?place IN ("Moscow", "Beijing")) }"""
    done = run_lod(
        "federate",
        query,
        "--endpoint",
        archives["wilson"] + "/sparql",
        "--endpoint",
        archives["frus"] + "/sparql",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert results["head"]["vars"] == ["telegram", "place", "endpoint"]
    by_endpoint: dict[str, list[str]] = {}
    for row in results["results"]["bindings"]:
        by_endpoint.setdefault(row["endpoint"]["value"], []).append(row["place"]["value"])
    assert sorted(by_endpoint[archives["frus"] + "/sparql"]) == ["Beijing", "Moscow"]
    assert by_endpoint[archives["wilson"] + "/sparql"] == ["Beijing"]
    table = run_lod(
        "federate", query, "--endpoint", archives["wilson"] + "/sparql", "--endpoint", archives["frus"] + "/sparql"
    )
    assert "endpoint" in table.stdout and "(3 rows)" in table.stdout


def test_lod_query_asks_another_archives_endpoint(archives: dict[str, str]) -> None:
    endpoint = archives["wilson"] + "/sparql"
    done = run_lod("query", "SELECT (COUNT(*) AS ?n) WHERE { ?t a tg:Telegram }", "--endpoint", endpoint)
    assert done.returncode == 0, done.stderr
    assert "(1 row)" in done.stdout and int(done.stdout.splitlines()[2].strip()) > 0
    graph = run_lod(
        "query", "CONSTRUCT { ?t a tg:Telegram } WHERE { ?t a tg:Telegram } LIMIT 2", "--endpoint", endpoint,
        "--format", "turtle",
    )  # fmt: skip
    assert graph.returncode == 0, graph.stderr
    assert len(list(Graph().parse(data=graph.stdout, format="turtle"))) == 2
    refused = run_lod("query", "SELECT * WHERE { ?s ?p }", "--endpoint", endpoint)
    assert refused.returncode == 2 and "refused the query" in refused.stderr


def test_void_describes_the_links_between_the_archives(archives: dict[str, str]) -> None:
    turtle = requests.get(archives["wilson"] + "/void", headers={"Accept": "text/turtle"}, timeout=10).text
    graph = Graph().parse(data=turtle, format="turtle")
    frus_dataset = URIRef(archives["frus"] + "/void#dataset")
    linksets = list(graph.subjects(VOID.objectsTarget, frus_dataset))
    assert len(linksets) == 1
    assert int(str(graph.value(linksets[0], VOID.triples))) > 5
    assert graph.value(frus_dataset, VOID.sparqlEndpoint) == URIRef(archives["frus"] + "/sparql")
