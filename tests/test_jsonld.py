"""The published JSON-LD context and framed documents, read by real JSON-LD processors (rdflib fetches the
context from a real server; the rest runs in process)."""

import json
import warnings

import pyoxigraph as ox
import requests
from flask.testing import FlaskClient
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from conftest import BASE, ROOT, json_of

SEED = "telegram/wilson-1950-07-01-ciphered-telegram-shtykov-stalin-political-mood"
TG = "https://w3id.org/telegram/ns#"


def test_the_context_names_every_term_of_the_vocabulary(family: FlaskClient) -> None:
    response = family.get("/context.jsonld")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/ld+json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    context = json_of(response)["@context"]
    vocabulary = Graph().parse(ROOT / "ontology" / "telegram.ttl")
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.Class):
        names = {str(s)[len(TG) :] for s in vocabulary.subjects(RDF.type, kind) if str(s).startswith(TG)}
        assert names and all(name in context for name in names), kind
    assert context["sender"] == {"@id": "tg:sender", "@type": "@id"}
    assert context["sentAt"] == {"@id": "tg:sentAt", "@type": "xsd:dateTime"}
    assert context["title"] == "dcterms:title" and context["tg"] == TG


def test_a_telegram_is_framed_around_itself(family: FlaskClient) -> None:
    response = family.get(f"/doc/{SEED}.jsonld")
    document = json_of(response)
    assert document["@context"] == "http://localhost/context.jsonld"
    assert document["id"] == f"{BASE}id/{SEED}" and "Telegram" in document["type"]
    assert list(document)[:3] == ["@context", "id", "type"]
    assert document["sender"] == {"id": f"{BASE}id/person/shtykov", "prefLabel": "Terentii Shtykov"}
    assert document["addressedAs"] == "FENG XI" and document["sentAt"] == "1950-07-02T04:00:00"
    copies = {c["recipient"]["prefLabel"]: c["copies"] for c in document["copy"]}
    assert copies["Joseph Stalin"] == "2" and len(copies) == 8
    references = {r["archive"]["id"].rsplit("/", 1)[-1]: r for r in document["archivalReference"]}
    assert (references["aprf"]["fond"], references["aprf"]["delo"]) == ("45", "346")
    assert "@graph" not in document  # everything the page says hangs from the telegram


def test_a_json_ld_processor_reads_the_same_triples_as_turtle(family_server: str) -> None:
    """rdflib fetches the context from the server, as any JSON-LD processor would."""
    framed = requests.get(f"{family_server}/doc/{SEED}.jsonld", timeout=10).text
    turtle = requests.get(f"{family_server}/doc/{SEED}.ttl", timeout=10).text
    with warnings.catch_warnings():  # rdflib's own loader of remote contexts uses its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        from_json = Graph().parse(data=framed, format="json-ld", base=family_server)
    from_turtle = Graph().parse(data=turtle, format="turtle")

    def statements(graph: Graph) -> set[tuple[str, str, str]]:
        return {(str(s).rsplit(".", 1)[0] if "/doc/" in str(s) else str(s), str(p), str(o)) for s, p, o in graph}

    assert len(from_json) == len(from_turtle) > 100
    assert statements(from_json) == statements(from_turtle)


def test_a_persons_document_starts_with_the_person(family: FlaskClient) -> None:
    document = json_of(family.get("/doc/person/stalin.jsonld"))
    first = document["@graph"][0]
    assert first["id"] == f"{BASE}id/person/stalin" and first["prefLabel"] == "Joseph Stalin"
    assert "Filippov" in first["codeName"]
    json.dumps(document)


def test_the_expanded_profile_needs_no_context(family: FlaskClient) -> None:
    """A processor that loads no remote context (Oxigraph's) asks for expanded JSON-LD and reads it as it is."""
    expanded = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'
    response = family.get(f"/doc/{SEED}.jsonld", headers={"Accept": expanded})
    assert response.headers["Content-Type"] == 'application/ld+json; profile="http://www.w3.org/ns/json-ld#expanded"'
    assert response.headers["Vary"] == "Accept" and "@context" not in response.text
    turtle = family.get(f"/doc/{SEED}.ttl").data

    def statements(data: bytes, media: ox.RdfFormat) -> set[tuple[str, str, str]]:
        return {
            (
                q.subject.value.rsplit(".", 1)[0] if "/doc/" in q.subject.value else q.subject.value,
                q.predicate.value,
                q.object.value,
            )
            for q in ox.parse(data, format=media)
        }

    assert statements(response.data, ox.RdfFormat.JSON_LD) == statements(turtle, ox.RdfFormat.TURTLE)
