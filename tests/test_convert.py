"""Record -> RDF: the vocabulary's terms, deterministic IRIs, provenance."""

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from conftest import SEED
from lod.convert import Provenance, convert
from lod.entity_graph import record_graph
from lod.rdf import TG, as_graph
from lod.record import Record
from lod.resolve import Authority, Resolver
from lod.resolved import entities_named, resolved
from lod.settings import PROJECT_ROOT
from lod.sources import wilson

BASE = "https://archive.example.org/"
PROVENANCE = Provenance(URIRef(BASE + "id/source/abc"), URIRef(BASE + "id/build/xyz"))


def seed_graph() -> tuple[Record, Graph]:
    [record] = list(wilson.read(SEED, "seed.txt"))
    assert isinstance(record, Record)
    resolver = Resolver(Authority.load(PROJECT_ROOT / "data" / "authorities"))
    resolution = resolver.resolve(record)
    conversion = convert(resolved(resolution, BASE), BASE, PROVENANCE)
    conversion.entities = entities_named(resolution, BASE, conversion.entity_iris) or []
    assert conversion.entities, "the seed names persons and places"
    return record, as_graph(record_graph(conversion, BASE))


def test_iris_live_under_the_base_uri_and_are_deterministic() -> None:
    record, graph = seed_graph()
    iri = URIRef(f"{BASE}id/telegram/{record.key}")
    assert (iri, RDF.type, TG.Telegram) in graph
    assert (iri, TG.sender, URIRef(BASE + "id/person/shtykov")) in graph
    assert (iri, TG.sentFrom, URIRef(BASE + "id/place/pyongyang")) in graph
    assert graph.isomorphic(seed_graph()[1])
    assert sorted(graph) == sorted(seed_graph()[1])  # no blank nodes: equal triple by triple


def test_typed_literals() -> None:
    record, graph = seed_graph()
    iri = URIRef(f"{BASE}id/telegram/{record.key}")
    assert graph.value(iri, DCTERMS.date) == Literal("1950-07-01", datatype=XSD.date)
    assert graph.value(iri, TG.sentAt) == Literal("1950-07-02T04:00:00", datatype=XSD.dateTime)
    copy = URIRef(f"{iri}#copy-1")
    assert graph.value(copy, TG.copies) == Literal(2, datatype=XSD.integer)


def test_the_addressee_as_written_and_the_code_name() -> None:
    record, graph = seed_graph()
    iri = URIRef(f"{BASE}id/telegram/{record.key}")
    stalin = URIRef(BASE + "id/person/stalin")
    assert graph.value(iri, TG.addressee) == stalin
    assert graph.value(iri, TG.addressedAs) == Literal("FENG XI")
    assert Literal("Feng Xi") in set(graph.objects(stalin, TG.codeName))
    assert len(set(graph.objects(stalin, SKOS.prefLabel))) == 1


def test_provenance_names_the_source_the_reader_and_the_build() -> None:
    record, graph = seed_graph()
    iri = URIRef(f"{BASE}id/telegram/{record.key}")
    activity = graph.value(iri, PROV.wasGeneratedBy)
    assert graph.value(iri, PROV.wasDerivedFrom) == PROVENANCE.source
    assert graph.value(activity, PROV.wasInformedBy) == PROVENANCE.build
    assert "wilson-page" in str(graph.value(activity, PROV.wasAssociatedWith))
    assert graph.value(activity, TG.sourceLocator) == Literal("page")


def test_the_catalogue_card_holds_what_the_catalogue_reads_and_nothing_of_the_build() -> None:
    """A card is kept with a carried conversion: it must say what the record says, and nothing that names
    the build or the source file (which the next build names differently)."""
    [record] = list(wilson.read(SEED, "seed.txt"))
    assert isinstance(record, Record)
    resolution = Resolver(Authority.load(PROJECT_ROOT / "data" / "authorities")).resolve(record)
    conversion = convert(resolved(resolution, BASE), BASE, PROVENANCE)
    card, iri = conversion.card, f"{BASE}id/telegram/{record.key}"
    assert card.statements[str(TG.sender)] == [BASE + "id/person/shtykov"]
    titles = as_graph(conversion.triples).objects(URIRef(iri), DCTERMS.title)
    assert card.statements[str(DCTERMS.title)] == [str(title) for title in titles]
    everything = repr(card)
    assert str(PROVENANCE.build) not in everything and str(PROVENANCE.source) not in everything
    assert all(part.startswith(iri + "#") for part in card.parts)
