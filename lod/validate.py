"""SHACL validation in batches: violations reject a record, warnings are only reported.

Records are validated many at a time (one pySHACL run over the union of their graphs) and
each result is traced back to the record whose graph holds its focus node, so a report says
which record broke which rule. A shared entity (a person named by several records) that
breaks a rule is charged to every record of the batch that describes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .convert import Triples, as_graph, as_triples, ntriples
from .errors import ConfigurationError

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_NS = "https://w3id.org/telegram/shapes#"
_COMPARISONS = {SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint}


@dataclass(frozen=True)
class Finding:
    """One SHACL result, readable: the rule (shape), where (focus node, path) and the message."""

    severity: str  # "violation" | "warning" | "info"
    rule: str
    focus: str
    path: str | None
    value: str | None
    message: str

    def describe(self) -> str:
        """The message, the offending value and where: the rule is reported beside it."""
        value = f" (value {self.value!r})" if self.value is not None and self.value != self.focus else ""
        where = f" at <{self.focus}>" + (f" {self.path}" if self.path else "")
        return f"{self.message}{value}{where}"


@dataclass
class Verdict:
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


def load_shapes(path: Path | str) -> Graph:
    graph = Graph()
    try:
        graph.parse(str(path), format="turtle")
    except (OSError, SyntaxError, ValueError) as error:
        raise ConfigurationError(f"{path}: cannot read the SHACL shapes: {error}") from None
    return graph


def _short(node: Node | None) -> str | None:
    if node is None:
        return None
    text = str(node)
    for prefix, namespace in (
        ("shape:", SHAPES_NS),
        ("tg:", "https://w3id.org/telegram/ns#"),
        ("dcterms:", "http://purl.org/dc/terms/"),
        ("skos:", "http://www.w3.org/2004/02/skos/core#"),
        ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"),
        ("sh:", "http://www.w3.org/ns/shacl#"),
    ):
        if text.startswith(namespace):
            return prefix + text[len(namespace) :]
    return text


class Validator:
    """Validates batches of record graphs against the shapes."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        # Comparing two values (sh:lessThan ...) needs both well formed; a record the engine cannot
        # compare is checked again without those constraints, so its real defect is reported.
        self.without_comparisons = Graph()
        for triple in shapes:
            if triple[1] not in _COMPARISONS:
                self.without_comparisons.add(triple)

    @classmethod
    def from_path(cls, path: Path | str) -> Validator:
        return cls(load_shapes(path))

    def findings(self, data: Graph, shapes: Graph | None = None) -> list[Finding]:
        # pySHACL (and the rdflib SPARQL engine it brings) takes a fifth of a second to import: only when asked for
        from pyshacl import validate as shacl_validate

        conforms, results, _ = shacl_validate(
            data,
            shacl_graph=self.shapes if shapes is None else shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
        )
        if conforms and not any(True for _ in results.subjects(RDF.type, SH.ValidationResult)):
            return []
        found = []
        for result in results.subjects(RDF.type, SH.ValidationResult):
            severity = results.value(result, SH.resultSeverity)
            shape = results.value(result, SH.sourceShape)
            component = results.value(result, SH.sourceConstraintComponent)
            rule = _short(shape) if isinstance(shape, URIRef) else None
            if rule is None or not str(shape).startswith(SHAPES_NS):
                parent = _parent_shape(self.shapes, shape) if shape is not None else None
                rule = f"{_short(parent) or 'shape'}/{_short(component) or 'constraint'}"
            message = results.value(result, SH.resultMessage)
            value = results.value(result, SH.value)
            path = results.value(result, SH.resultPath)
            found.append(
                Finding(
                    severity=str(severity).rsplit("#", 1)[-1].lower() if severity else "violation",
                    rule=rule,
                    focus=str(results.value(result, SH.focusNode)),
                    path=_short(path) if isinstance(path, URIRef) else None,
                    value=str(value) if isinstance(value, Literal | URIRef) else None,
                    message=str(message) if message else f"breaks {_short(component)}",
                )
            )
        return sorted(found, key=lambda f: (f.focus, f.rule, f.message))

    def validate(self, batch: Sequence[Graph | Triples], shared: Triples | None = None) -> list[Verdict]:
        """One verdict per record graph, from one SHACL run over all of them and the entities they name."""
        from .checks import Owners

        records = [as_triples(g) if isinstance(g, Graph) else g for g in batch]
        shared = shared or []
        data = as_graph([t for triples in records for t in triples] + list(shared))
        owners = Owners([ntriples(triples) for triples in records])
        verdicts = [Verdict() for _ in records]
        try:
            batch_findings = self.findings(data)
        except Exception:
            return [Verdict(self._alone(as_graph(triples + list(shared)))) for triples in records]
        for finding in batch_findings:
            for index in owners.of(finding.focus):
                verdicts[index].findings.append(finding)
        return verdicts

    def _alone(self, graph: Graph) -> list[Finding]:
        """One record's findings; a record the engine cannot check at all is rejected, saying so."""
        try:
            return self.findings(graph)
        except Exception as error:
            try:
                found = self.findings(graph, self.without_comparisons)
            except Exception:
                found = []
            if any(f.severity == "violation" for f in found):
                return found
            subject = next(iter(graph.subjects()), None)
            return [
                Finding(
                    severity="violation",
                    rule="shape:engine",
                    focus=str(subject),
                    path=None,
                    value=None,
                    message=f"the SHACL engine could not check this record ({type(error).__name__}: {error})",
                )
            ]


def _parent_shape(shapes: Graph, shape: Node) -> Node | None:
    """The named shape that holds an unnamed property shape."""
    for parent in shapes.subjects(SH.property, shape):
        if isinstance(parent, URIRef):
            return parent
    return None
