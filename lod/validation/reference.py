"""The reference engine: pySHACL, node by node in Python (about 7 ms a record here).

Records are validated many at a time (one pySHACL run over the union of their graphs) and
each result is traced back to the record whose graph holds its focus node, so a report says
which record broke which rule. A shared entity (a person named by several records) that
breaks a rule is charged to every record of the batch that describes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..rdf import Triples, as_graph, as_triples, ntriples
from .findings import SH, SHAPES_NS, Finding, Owners, Verdict, load_shapes, short

_COMPARISONS = {SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint}


class ReferenceValidator:
    """Validates batches of record graphs against the shapes, with pySHACL."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        # Comparing two values (sh:lessThan ...) needs both well formed; a record the engine cannot
        # compare is checked again without those constraints, so its real defect is reported.
        self.without_comparisons = Graph()
        for triple in shapes:
            if triple[1] not in _COMPARISONS:
                self.without_comparisons.add(triple)

    @classmethod
    def from_path(cls, path: Path | str) -> ReferenceValidator:
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
        # the report's own results: those nested in another's sh:detail (a failed sh:node) are its reasons
        reported = [
            r for report in results.subjects(RDF.type, SH.ValidationReport) for r in results.objects(report, SH.result)
        ]
        if conforms and not reported:
            return []
        found = []
        for result in reported:
            severity = results.value(result, SH.resultSeverity)
            shape = results.value(result, SH.sourceShape)
            component = results.value(result, SH.sourceConstraintComponent)
            rule = short(shape) if isinstance(shape, URIRef) else None
            if rule is None or not str(shape).startswith(SHAPES_NS):
                parent = _parent_shape(self.shapes, shape) if shape is not None else None
                rule = f"{short(parent) or 'shape'}/{short(component) or 'constraint'}"
            message = results.value(result, SH.resultMessage)
            focus = results.value(result, SH.focusNode)
            value = results.value(result, SH.value)
            path = results.value(result, SH.resultPath)
            found.append(
                Finding(
                    severity=str(severity).rsplit("#", 1)[-1].lower() if severity else "violation",
                    rule=rule,
                    focus=str(focus),
                    path=short(path) if isinstance(path, URIRef) else None,
                    value=str(value) if isinstance(value, Literal | URIRef) and value != focus else None,
                    message=str(message) if message else f"breaks {short(component)}",
                )
            )
        return sorted(found, key=lambda f: (f.focus, f.rule, f.message))

    def validate(self, batch: Sequence[Graph | Triples], shared: Triples | None = None) -> list[Verdict]:
        """One verdict per record graph, from one SHACL run over all of them and the entities they name."""
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
