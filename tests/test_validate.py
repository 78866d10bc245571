"""The vocabulary and the shapes: they parse, they hold on the examples, and they catch real defects."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from lod.rdf import TG
from lod.settings import PROJECT_ROOT
from lod.validation import CompiledValidator, Engine, ReferenceValidator, engine

ONTOLOGY = PROJECT_ROOT / "ontology" / "telegram.ttl"
SHAPES = PROJECT_ROOT / "shapes" / "telegram.ttl"
EXAMPLES = PROJECT_ROOT / "ontology" / "examples.ttl"

DESIGN_TERMS = [
    "sender",
    "addressee",
    "addressedAs",
    "signedAs",
    "telegramNumber",
    "outgoingNumber",
    "inReplyToNumber",
    "inReplyTo",
    "sentAt",
    "receivedAt",
    "sentFrom",
    "sentTo",
    "classification",
    "precedence",
    "transmissionMode",
    "copy",
    "recipient",
    "copies",
    "mentions",
    "archivalReference",
    "archive",
    "fond",
    "opis",
    "delo",
    "papka",
    "folios",
    "bodyText",
    "editorialNote",
    "declassifiedOn",
    "codeName",
    "Telegram",
]


@pytest.fixture(scope="module", params=["pyshacl", "compiled"])
def validator(request: pytest.FixtureRequest) -> Engine:
    """Every test runs against pySHACL (the reference) and the build's compiled validator."""
    return engine(request.param, SHAPES)


def test_the_vocabulary_defines_and_documents_every_term() -> None:
    ontology = Graph().parse(ONTOLOGY)
    terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(TG))}
    assert {TG[t] for t in DESIGN_TERMS} <= terms
    for term in terms:
        assert ontology.value(term, RDFS.label), f"{term} has no label"
        assert ontology.value(term, RDFS.comment), f"{term} has no comment"
    assert (TG.Document, RDFS.subClassOf, URIRef("https://www.ica.org/standards/RiC/ontology#Record")) in ontology
    assert ontology.value(None, RDF.type, OWL.Ontology) == URIRef("https://w3id.org/telegram/ns")


def test_the_examples_hold(validator: Engine) -> None:
    assert validator.findings(Graph().parse(EXAMPLES)) == []


def broken(change: str) -> Graph:
    """The examples with one defect."""
    graph = Graph().parse(EXAMPLES)
    telegram = next(graph.subjects(RDF.type, TG.Telegram))
    person = URIRef("https://archive.example.org/id/person/shtykov")
    if change == "no title":
        graph.remove((telegram, URIRef("http://purl.org/dc/terms/title"), None))
    elif change == "no date":
        graph.remove((telegram, URIRef("http://purl.org/dc/terms/date"), None))
    elif change == "bad dateTime":
        graph.set((telegram, TG.sentAt, Literal("1950-13-31T04:00:00", datatype=XSD.dateTime)))
    elif change == "copy without recipient":
        copy = graph.value(telegram, TG.copy)
        graph.remove((copy, TG.recipient, None))
    elif change == "reference without archive":
        reference = graph.value(telegram, TG.archivalReference)
        graph.remove((reference, TG.archive, None))
    elif change == "person without label":
        graph.remove((person, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), None))
    return graph


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ("no title", "shape:Document-title"),
        ("no date", "shape:Document-dated"),
        ("bad dateTime", "shape:Document-sentAt"),
        ("copy without recipient", "shape:Copy/sh:MinCountConstraintComponent"),
        ("reference without archive", "shape:ArchivalReference/sh:MinCountConstraintComponent"),
        ("person without label", "shape:Entity-prefLabel"),
    ],
)
def test_each_defect_is_a_violation_naming_its_rule(validator: Engine, change: str, rule: str) -> None:
    [verdict] = validator.validate([broken(change)])
    findings = verdict.findings
    violations = verdict.violations
    assert rule in {f.rule for f in violations}, findings
    assert all(f.message for f in violations)


def test_received_before_sent_is_only_a_warning(validator: Engine) -> None:
    graph = Graph().parse(EXAMPLES)
    telegram = next(graph.subjects(RDF.type, TG.Telegram))
    graph.set((telegram, TG.sentAt, Literal("1950-05-14T05:30:00", datatype=XSD.dateTime)))
    graph.set((telegram, TG.receivedAt, Literal("1950-05-14T04:10:00", datatype=XSD.dateTime)))
    [finding] = validator.findings(graph)
    assert (finding.severity, finding.rule) == ("warning", "shape:ReceivedBeforeSent")
    assert finding.value == "1950-05-14T05:30:00" and "before it was sent" in finding.message


def test_a_value_the_engine_chokes_on_rejects_only_its_record(validator: Engine) -> None:
    good, broken_copy = Graph().parse(EXAMPLES), broken("bad dateTime")
    telegram = next(broken_copy.subjects(RDF.type, TG.Telegram))
    other = URIRef(str(telegram) + "-other")  # a second record, not the same one twice
    bad = Graph()
    for s, p, o in broken_copy:
        bad.add((other if s == telegram else s, p, o))
    bad.set((other, TG.receivedAt, Literal("1950-07-02T05:47:00", datatype=XSD.dateTime)))
    verdicts = validator.validate([good, bad])
    assert verdicts[0].conforms
    assert not verdicts[1].conforms


def test_findings_are_charged_to_the_record_that_holds_them(validator: Engine) -> None:
    good, bad = Graph(), broken("copy without recipient")
    telegram = next(bad.subjects(RDF.type, TG.Telegram))
    other = URIRef(str(telegram) + "-other")
    for s, p, o in Graph().parse(EXAMPLES):
        good.add((other if s == telegram else s, p, o))
    verdicts = validator.validate([good, bad])
    assert verdicts[0].conforms and not verdicts[1].conforms


DEFECTS = [
    "no title",
    "no date",
    "bad dateTime",
    "copy without recipient",
    "reference without archive",
    "person without label",
]


@pytest.mark.parametrize("change", DEFECTS)
def test_both_engines_find_the_same_defects_rule_for_rule(change: str) -> None:
    def found(validator: Engine) -> set[tuple[str, str, str, str | None, str | None]]:
        [verdict] = validator.validate([broken(change)])
        # a blank node's label is the engine's own: compared as "a blank node"
        return {(f.severity, f.rule, f.focus if ":" in f.focus else "_:", f.path, f.value) for f in verdict.findings}

    reference, compiled = ReferenceValidator.from_path(SHAPES), CompiledValidator.from_path(SHAPES)
    assert found(compiled) == found(reference)
    assert found(compiled), "the defect was found"


def test_the_final_descriptions_of_entities_are_validated_too() -> None:
    """An entity's description is written once, at the end, as it stands after every record: it is checked then
    as well, and a description that breaks a rule stops the build, naming the entity and the rule."""
    from lod.build import Pipeline, Report
    from lod.build.events import Event, Published
    from lod.errors import ConfigurationError
    from lod.settings import Settings

    seed = PROJECT_ROOT / "data" / "sources" / "wilson" / "seed-1950-07-01-shtykov-to-stalin.txt"
    said: list[dict[str, object]] = []
    pipeline = Pipeline(Settings.from_env(workers="0"), Report(), said.append, said.append)

    def breaking(event: Event) -> None:  # learnt after its record was validated: now broken
        if isinstance(event, Published):
            for entity in event.conversion.entities:
                if entity.key == "shtykov":
                    entity.label = ""

    pipeline.listen(breaking)
    with pytest.raises(ConfigurationError, match=r"person 'shtykov' .* breaks shape:Entity-prefLabel"):
        pipeline.run([seed])
