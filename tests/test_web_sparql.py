"""The SPARQL endpoint: through real clients (SPARQLWrapper, rdflib's SPARQLStore) on a real server, and its
negotiation, errors and pages in process."""

import csv
import io
import json

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from conftest import json_of

SEED = "?t a tg:Telegram ; tg:telegramNumber '405809' ."


def test_sparqlwrapper_gets_the_seed_facts(family_server: str) -> None:
    client = SPARQLWrapper(family_server + "/sparql")
    client.setReturnFormat(JSON)
    client.setQuery(
        """PREFIX tg: <https://w3id.org/telegram/ns#> PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?date ?sent ?received ?from ?sender ?addressee ?as ?reply ?out ?precedence ?mode WHERE {
          ?t a tg:Telegram ; tg:telegramNumber "405809" ; dcterms:date ?date ; tg:sentAt ?sent ;
             tg:receivedAt ?received ; tg:sentFrom/skos:prefLabel ?from ; tg:sender/skos:prefLabel ?sender ;
             tg:addressee/skos:prefLabel ?addressee ; tg:addressedAs ?as ; tg:inReplyToNumber ?reply ;
             tg:outgoingNumber ?out ; tg:precedence/skos:prefLabel ?precedence ;
             tg:transmissionMode/skos:prefLabel ?mode }"""
    )
    answer = client.queryAndConvert()
    assert isinstance(answer, dict)
    [row] = answer["results"]["bindings"]
    values = {name: cell["value"] for name, cell in row.items()}
    assert row["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"
    assert row["sent"]["datatype"] == "http://www.w3.org/2001/XMLSchema#dateTime"
    assert values["date"] == "1950-07-01"
    assert (values["sent"], values["received"]) == ("1950-07-02T04:00:00", "1950-07-02T05:47:00")
    assert values["from"] == "Pyongyang" and "Shtykov" in values["sender"] and "Stalin" in values["addressee"]
    assert (values["as"], values["reply"], values["precedence"], values["mode"]) == (
        "FENG XI",
        "362",
        "Extremely Urgent",
        "By wire",
    )
    assert "423" in values["out"]


def test_rdflib_sparqlstore_reads_the_copies(family_server: str) -> None:
    graph = Graph(store=SPARQLStore(family_server + "/sparql", returnFormat="json"))
    rows = graph.query(
        """SELECT ?name ?n WHERE { ?t <https://w3id.org/telegram/ns#telegramNumber> "405809" ;
             <https://w3id.org/telegram/ns#copy> ?c . ?c <https://w3id.org/telegram/ns#recipient> ?r ;
             <https://w3id.org/telegram/ns#copies> ?n . ?r <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }"""
    )
    copies = {str(row[0]): int(str(row[1])) for row in rows}  # type: ignore[index]
    assert copies["Joseph Stalin"] == 2 and copies["File of the 8th Department"] == 1 and len(copies) == 8


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_results_are_negotiated(family: FlaskClient, accept: str, media: str) -> None:
    response = family.get(
        "/sparql",
        query_string={"query": f"SELECT ?n WHERE {{ {SEED} ?t tg:telegramNumber ?n }}"},
        headers={"Accept": accept},
    )
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(media)
    assert "405809" in response.text
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    if media == "text/csv":
        assert list(csv.reader(io.StringIO(response.text))) == [["n"], ["405809"]]


@pytest.mark.parametrize(
    ("accept", "media", "parse_as"),
    [
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/n-quads", "application/n-quads", ox.RdfFormat.N_QUADS),
    ],
)
def test_graph_results_are_negotiated(family: FlaskClient, accept: str, media: str, parse_as: ox.RdfFormat) -> None:
    response = family.post(
        "/sparql",
        data=f"CONSTRUCT {{ ?t tg:telegramNumber ?n }} WHERE {{ {SEED} ?t tg:telegramNumber ?n }}",
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(media)
    quads = list(ox.parse(response.data, format=parse_as))
    assert len(quads) == 1 and quads[0].object.value == "405809"


def test_a_syntax_error_is_a_400_with_the_position(family: FlaskClient) -> None:
    response = family.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    assert "does not parse" in response.text and "1:" in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("method", "data", "headers", "params"),
    [
        ("GET", None, {}, {"update": "CLEAR ALL"}),
        ("POST", "update=CLEAR%20ALL", {"Content-Type": "application/x-www-form-urlencoded"}, {}),
        ("POST", "CLEAR ALL", {"Content-Type": "application/sparql-update"}, {}),
        ("POST", "INSERT DATA { <a:b> <a:c> <a:d> }", {"Content-Type": "application/sparql-query"}, {}),
        ("GET", None, {}, {"query": "PREFIX x: <a:> DROP ALL"}),
    ],
)
def test_updates_are_refused(
    family: FlaskClient, method: str, data: str | None, headers: dict[str, str], params: dict[str, str]
) -> None:
    response = family.open("/sparql", method=method, data=data, headers=headers, query_string=params)
    assert response.status_code == 403 and "read-only" in response.text
    still = family.get("/sparql", query_string={"query": f"ASK {{ {SEED} }}"})
    assert json_of(still)["boolean"] is True


def test_the_service_description_and_the_query_page(family: FlaskClient) -> None:
    description = family.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=description.text, format="turtle")
    service = URIRef("http://localhost/sparql")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (service, URIRef(sd + "endpoint"), service) in graph
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    page = family.get("/sparql", headers={"Accept": "text/html"})
    assert page.headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page.text and "Sent to Stalin, under any name" in page.text


def test_a_browser_sees_results_as_a_table(family: FlaskClient) -> None:
    response = family.get(
        "/sparql",
        query_string={"query": f"SELECT ?t ?n WHERE {{ {SEED} ?t tg:telegramNumber ?n }}"},
        headers={"Accept": "text/html"},
    )
    assert '<table class="solutions">' in response.text and "405809" in response.text
    assert 'href="/id/telegram/wilson-1950-07-01-' in response.text


def test_format_parameter_and_unacceptable_types(family: FlaskClient) -> None:
    query = f"SELECT ?n WHERE {{ {SEED} ?t tg:telegramNumber ?n }}"
    as_csv = family.get("/sparql", query_string={"query": query, "format": "csv"})
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    refused = family.get("/sparql", query_string={"query": query}, headers={"Accept": "image/png"})
    assert refused.status_code == 406
    json.loads(family.get("/sparql", query_string={"query": query}).text)


def test_relative_iris_resolve_against_the_endpoint(family: FlaskClient) -> None:
    """SPARQL 1.1 Protocol 2.1.4: a query's relative IRIs are resolved against the service's address."""
    answer = family.get(
        "/sparql",
        query_string={"query": "SELECT ?here WHERE { BIND(<id/telegram/x> AS ?here) }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    [row] = json_of(answer)["results"]["bindings"]
    assert row["here"]["value"] == "http://localhost/id/telegram/x"
