"""The dataset as a whole on a real server: home page, VoID and DCAT, dumps, the vocabulary."""

import gzip
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, RDF, RDFS

VOID = Namespace("http://rdfs.org/ns/void#")
TG = Namespace("https://w3id.org/telegram/ns#")


@pytest.mark.parametrize("path", ["/void", "/.well-known/void"])
def test_void_and_dcat(family_server: str, family_store: Path, path: str) -> None:
    response = requests.get(family_server + path, headers={"Accept": "text/turtle"}, timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    dataset = next(graph.subjects(RDF.type, VOID.Dataset))
    statistics = json.loads((family_store / "current" / "statistics.json").read_text())
    assert graph.value(dataset, VOID.triples).toPython() == statistics["triples"]
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(family_server + "/sparql")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert URIRef(family_server + "/dumps/dataset.nt.gz") in set(graph.objects(dataset, VOID.dataDump))
    assert URIRef("https://w3id.org/telegram/ns#") in set(graph.objects(dataset, VOID.vocabulary))
    classes = {
        graph.value(p, VOID["class"]): graph.value(p, VOID.entities)
        for p in graph.objects(dataset, VOID.classPartition)
    }
    assert classes[TG.Telegram] == Literal(statistics["telegrams"])
    assert list(graph.objects(dataset, VOID.exampleResource))


def test_the_dumps_are_the_graph(family_server: str) -> None:
    listing = requests.get(family_server + "/dumps/", headers={"Accept": "application/json"}, timeout=10).json()
    assert {f["name"] for f in listing} == {"dataset.nt.gz", "dataset.ttl.gz"}
    for name, fmt in (("dataset.nt.gz", ox.RdfFormat.N_TRIPLES), ("dataset.ttl.gz", ox.RdfFormat.TURTLE)):
        response = requests.get(f"{family_server}/dumps/{name}", timeout=10)
        assert response.status_code == 200
        quads = list(ox.parse(gzip.decompress(response.content), format=fmt))
        assert any(q.object.value == "405809" for q in quads)
    assert requests.get(family_server + "/dumps/../build.json", timeout=10).status_code == 404
    assert requests.get(family_server + "/dumps/secrets.txt", timeout=10).status_code == 404


def test_the_vocabulary_is_served(family_server: str) -> None:
    page = requests.get(family_server + "/ontology", headers={"Accept": "text/html"}, timeout=10)
    assert "tg:addressedAs" in page.text and "code name" in page.text
    turtle = requests.get(family_server + "/ns", headers={"Accept": "text/turtle"}, timeout=10)
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert graph.value(TG.codeName, RDFS.label) == Literal("code name", lang="en")
    assert requests.get(family_server + "/ontology.ttl", timeout=10).headers["Content-Type"].startswith("text/turtle")


def test_the_home_page(family_server: str) -> None:
    page = requests.get(family_server + "/", timeout=10).text
    assert "Telegrams" in page and "/sparql" in page and "/void" in page


def test_void_counts_the_links_to_the_register_of_offices(offices_server: str) -> None:
    turtle = requests.get(offices_server + "/void", headers={"Accept": "text/turtle"}, timeout=10).text
    graph = Graph().parse(data=turtle, format="turtle")
    people = URIRef("https://history.state.gov/departmenthistory/people/")
    [linkset] = list(graph.subjects(VOID.objectsTarget, people))
    assert graph.value(linkset, VOID.linkPredicate) == URIRef("https://schema.org/sameAs")
    pages = requests.get(
        offices_server + "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?p <https://schema.org/sameAs> ?page }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    ).json()
    counted = int(pages["results"]["bindings"][0]["n"]["value"])
    assert counted > 5 and graph.value(linkset, VOID.triples).toPython() == counted
    assert "Office of the Historian" in str(graph.value(people, URIRef("http://purl.org/dc/terms/title")))
