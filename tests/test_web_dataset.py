"""The dataset as a whole, in process: home page, VoID and DCAT, dumps, the vocabulary."""

import gzip
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, RDF, RDFS

from conftest import json_of

VOID = Namespace("http://rdfs.org/ns/void#")
TG = Namespace("https://w3id.org/telegram/ns#")


@pytest.mark.parametrize("path", ["/void", "/.well-known/void"])
def test_void_and_dcat(family: FlaskClient, family_store: Path, path: str) -> None:
    response = family.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    dataset = URIRef("http://localhost/void#dataset")  # beside the outside datasets it links to (GeoNames)
    assert (dataset, RDF.type, VOID.Dataset) in graph
    statistics = json.loads((family_store / "current" / "statistics.json").read_text())
    assert graph.value(dataset, VOID.triples).toPython() == statistics["triples"]
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef("http://localhost/sparql")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert URIRef("http://localhost/dumps/dataset.nt.gz") in set(graph.objects(dataset, VOID.dataDump))
    assert URIRef("https://w3id.org/telegram/ns#") in set(graph.objects(dataset, VOID.vocabulary))
    classes = {
        graph.value(p, VOID["class"]): graph.value(p, VOID.entities)
        for p in graph.objects(dataset, VOID.classPartition)
    }
    assert classes[TG.Telegram] == Literal(statistics["telegrams"])
    assert list(graph.objects(dataset, VOID.exampleResource))


def test_the_dumps_are_the_graph(family: FlaskClient) -> None:
    listing = json_of(family.get("/dumps/", headers={"Accept": "application/json"}))
    assert {f["name"] for f in listing} == {"dataset.nt.gz", "dataset.ttl.gz"}
    for name, fmt in (("dataset.nt.gz", ox.RdfFormat.N_TRIPLES), ("dataset.ttl.gz", ox.RdfFormat.TURTLE)):
        with family.get(f"/dumps/{name}") as response:  # a file sent as it is: closed after reading
            assert response.status_code == 200
            quads = list(ox.parse(gzip.decompress(response.data), format=fmt))
        assert any(q.object.value == "405809" for q in quads)
    assert family.get("/dumps/../build.json").status_code == 404
    assert family.get("/dumps/secrets.txt").status_code == 404


def test_the_vocabulary_is_served(family: FlaskClient) -> None:
    page = family.get("/ontology", headers={"Accept": "text/html"})
    assert "tg:addressedAs" in page.text and "code name" in page.text
    turtle = family.get("/ns", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert graph.value(TG.codeName, RDFS.label) == Literal("code name", lang="en")
    assert family.get("/ontology.ttl").headers["Content-Type"].startswith("text/turtle")


def test_the_home_page(family: FlaskClient) -> None:
    page = family.get("/").text
    assert "Telegrams" in page and "/sparql" in page and "/void" in page


def test_void_counts_the_links_to_the_register_of_offices(offices: FlaskClient) -> None:
    turtle = offices.get("/void", headers={"Accept": "text/turtle"}).text
    graph = Graph().parse(data=turtle, format="turtle")
    people = URIRef("https://history.state.gov/departmenthistory/people/")
    [linkset] = list(graph.subjects(VOID.objectsTarget, people))
    assert graph.value(linkset, VOID.linkPredicate) == URIRef("https://schema.org/sameAs")
    pages = json_of(
        offices.get(
            "/sparql",
            query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?p <https://schema.org/sameAs> ?page }"},
            headers={"Accept": "application/sparql-results+json"},
        )
    )
    counted = int(pages["results"]["bindings"][0]["n"]["value"])
    assert counted > 5 and graph.value(linkset, VOID.triples).toPython() == counted
    assert "Office of the Historian" in str(graph.value(people, URIRef("http://purl.org/dc/terms/title")))
