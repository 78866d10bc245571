"""The dataset's description: statistics counted by the build, VoID and DCAT rendered by the server.

The build counts what the graph holds (triples, entities, class and property partitions,
outside links) once, when the store is complete, and writes ``statistics.json`` beside it; the
server turns those counts into a VoID and DCAT description with the addresses it is served at.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from . import __version__
from .query import solutions
from .rdf import PREFIXES, TG
from .store.base import DUMPS

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: The predicates of links out: owl:sameAs (the same thing in an authority or a partner archive),
#: schema:sameAs (the authority's page about it, as history.state.gov's for the register's persons).
LINKS = ("http://www.w3.org/2002/07/owl#sameAs", "https://schema.org/sameAs")
AUTHORITIES = {
    "https://history.state.gov/departmenthistory/people/": "Office of the Historian: Principal Officers and Chiefs "
    "of Mission of the U.S. Department of State (POCOM)",
    "http://www.wikidata.org/entity/": "Wikidata",
    "https://www.wikidata.org/entity/": "Wikidata",
    "http://viaf.org/viaf/": "VIAF",
    "https://viaf.org/viaf/": "VIAF",
    "https://sws.geonames.org/": "GeoNames",
}


def _count(store: ox.Store, query: str) -> int:
    for solution in solutions(store, query):
        value = solution[0]
        return int(value.value) if value is not None else 0
    return 0


def _pairs(store: ox.Store, query: str) -> list[tuple[str, int]]:
    return [(row[0].value, int(row[1].value)) for row in solutions(store, query)]


#: An entity linked this many times or more has its links counted by the build, not per page: counting
#: the 62,000 links to one person took 35 ms of each of his pages at a million records.
MANY_LINKS = 1000
#: Telegrams the dataset gives as examples (void:exampleResource, the home page): the earliest by date.
EXAMPLES = 3


def many_links(store: ox.Store, minimum: int = MANY_LINKS) -> dict[str, dict[str, int]]:
    """The links to each much-linked entity, per property: what its page shows as "sent 12,161"."""
    kinds = (FOAF.Person, FOAF.Organization, DCTERMS.Location, SKOS.Concept, URIRef("http://www.w3.org/ns/org#Post"))
    classes = " ".join(f"<{c}>" for c in kinds)
    counts: dict[str, dict[str, int]] = {}
    for row in solutions(
        store,
        f"""SELECT ?o ?p (COUNT(*) AS ?n) WHERE {{
              {{ SELECT DISTINCT ?o WHERE {{ VALUES ?c {{ {classes} }} ?o a ?c }} }}
              ?s ?p ?o }} GROUP BY ?o ?p""",
    ):
        counts.setdefault(row["o"].value, {})[row["p"].value] = int(row["n"].value)
    return {entity: links for entity, links in sorted(counts.items()) if sum(links.values()) >= minimum}


def compute_statistics(
    store: ox.Store, counted: dict[str, int] | None = None, examples: list[str] | None = None
) -> dict[str, Any]:
    """Counts over the default graph, for VoID; run once per build.

    ``counted`` gives the triples and distinct subjects ("entities") the build counted as it
    wrote them; asking the store instead means a scan of every triple, and a set of every subject.
    ``examples`` are the earliest telegrams, kept by the build as they passed: asking the store
    sorts every telegram (43 s and 340 MB at a million records).
    """
    counted = counted or {}
    # links to other datasets, by predicate and by the namespace they point into (an authority's, a partner's)
    linksets = [
        [row["p"].value, row["space"].value, int(row["n"].value)]
        for row in solutions(
            store,
            f"""SELECT ?p ?space (COUNT(*) AS ?n) WHERE {{
                 VALUES ?p {{ <{LINKS[0]}> <{LINKS[1]}> }} ?s ?p ?o .
                 BIND(REPLACE(STR(?o), "[^/#]+/?$", "") AS ?space) }} GROUP BY ?p ?space ORDER BY ?p ?space""",
        )
    ]
    if examples is None:
        examples = [
            row[0].value
            for row in solutions(
                store,
                f"SELECT ?t WHERE {{ ?t a <{TG.Telegram}> ; <{DCTERMS.date}> ?d }} ORDER BY ?d ?t LIMIT {EXAMPLES}",
            )
        ]
    return {
        "triples": counted.get("triples") or _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        "entities": counted.get("entities") or _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        "documents": _count(store, f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <{TG.Document}> }}"),
        "telegrams": _count(store, f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <{TG.Telegram}> }}"),
        "classes": _pairs(store, "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"),
        "properties": _pairs(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"),
        "linksets": linksets,
        "examples": examples,
        "many_links": many_links(store),
    }


def void_graph(statistics: dict[str, Any], manifest: dict[str, Any], site: str) -> Graph:
    """VoID and DCAT for the dataset served at ``site`` (the server's root URL, ending in /)."""
    g = Graph()
    for prefix, namespace in {**PREFIXES, "void": VOID, "dcat": DCAT, "sd": SD}.items():
        g.bind(prefix, namespace, override=True)
    dataset = URIRef(site + "void#dataset")
    service = URIRef(site + "sparql")
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.title, Literal("Diplomatic telegrams and archival records", lang="en")))
    g.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Telegrams, letters and memoranda from archives' published records, with their senders, addressees, "
                "copies, places and archival references, as Linked Open Data.",
                lang="en",
            ),
        )
    )
    if manifest.get("finished"):
        g.add((dataset, DCTERMS.modified, Literal(manifest["finished"], datatype=XSD.dateTime)))
    g.add((dataset, DCTERMS.creator, Literal(f"lod {__version__}")))
    g.add((dataset, VOID.sparqlEndpoint, service))
    g.add((dataset, VOID.uriSpace, Literal(manifest.get("base_uri", site) + "id/")))
    g.add((dataset, VOID.uriLookupEndpoint, URIRef(site + "id/")))
    g.add((dataset, FOAF.homepage, URIRef(site)))
    for key, predicate in (("triples", VOID.triples), ("entities", VOID.entities)):
        g.add((dataset, predicate, Literal(int(statistics.get(key, 0)), datatype=XSD.integer)))
    for example in statistics.get("examples", []):
        g.add((dataset, VOID.exampleResource, URIRef(example)))
    namespaces = sorted({_namespace(p) for p, _ in statistics.get("properties", [])})
    for namespace in namespaces:
        g.add((dataset, VOID.vocabulary, URIRef(namespace)))
    for cls, count in statistics.get("classes", []):
        partition = BNode()
        g.add((dataset, VOID.classPartition, partition))
        g.add((partition, VOID["class"], URIRef(cls)))
        g.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for prop, count in statistics.get("properties", []):
        partition = BNode()
        g.add((dataset, VOID.propertyPartition, partition))
        g.add((partition, VOID.property, URIRef(prop)))
        g.add((partition, VOID.triples, Literal(count, datatype=XSD.integer)))
    partners = manifest.get("partners", [])
    merged: dict[tuple[str, str], int] = {}  # a partner archive's persons, places, ... make one linkset
    for entry in statistics.get("linksets", []):
        link, space, links = (str(e) for e in (entry if len(entry) == 3 else (LINKS[0], *entry)))  # earlier: 2
        target_space = next((p for p in partners if space.startswith(p)), space)
        merged[(link, target_space)] = merged.get((link, target_space), 0) + int(links)
    for number, ((link, space), count) in enumerate(sorted(merged.items()), start=1):
        linkset = URIRef(f"{site}void#linkset-{number}")
        g.add((dataset, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.linkPredicate, URIRef(link)))
        g.add((linkset, VOID.subjectsTarget, dataset))
        partner = space if space in partners else None
        # a partner archive's own dataset, or the outside authority's namespace
        target = URIRef(partner + "void#dataset") if partner else URIRef(space)
        g.add((linkset, VOID.objectsTarget, target))
        if partner:
            g.add((target, RDF.type, VOID.Dataset))
            g.add((target, VOID.sparqlEndpoint, URIRef(partner + "sparql")))
            g.add((target, VOID.uriSpace, Literal(partner + "id/")))
        else:
            g.add((target, RDF.type, VOID.Dataset))
            g.add((target, VOID.uriSpace, Literal(space)))
            if space in AUTHORITIES:
                g.add((target, DCTERMS.title, Literal(AUTHORITIES[space], lang="en")))
        g.add((linkset, VOID.triples, Literal(count, datatype=XSD.integer)))
    for name, (media_type, title) in DUMPS.items():
        dump = URIRef(f"{site}dumps/{name}")
        g.add((dataset, VOID.dataDump, dump))
        g.add((dataset, DCAT.distribution, dump))
        g.add((dump, RDF.type, DCAT.Distribution))
        g.add((dump, DCAT.downloadURL, dump))
        g.add((dump, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media_type}")))
        g.add((dump, DCAT.compressFormat, URIRef("https://www.iana.org/assignments/media-types/application/gzip")))
        g.add((dump, DCTERMS.title, Literal(title, lang="en")))
    g.add((dataset, DCAT.accessService, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, RDF.type, SD.Service))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, SD.endpoint, service))
    g.add((service, DCAT.servesDataset, dataset))
    return g


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]
