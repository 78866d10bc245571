"""The SHACL shapes compiled to SPARQL, run by Oxigraph over a batch of records: the build's validator.

pySHACL (:mod:`.reference`) evaluates shapes node by node in Python, about 7 ms a record here;
the build needs a hundredth of that. This module reads ``shapes/telegram.ttl`` and turns each
constraint into one SPARQL query that finds every focus node breaking it in a whole batch at once.
It supports the SHACL Core subset the shapes use and refuses any other construct when it starts,
naming it, so the shapes file stays the one statement of the rules. pySHACL remains the reference:
the tests run both on the same defects and compare their findings.

Compiled as:
    sh:minCount / sh:maxCount      GROUP BY the focus node, HAVING the count out of range
    sh:datatype                    a datatype test, and a cast that fails for an ill-formed value
    sh:or of datatypes or classes  none of the alternatives holds
    sh:class, sh:nodeKind sh:IRI, sh:minInclusive, sh:minLength, sh:lessThanOrEquals
    sh:node S                      the value is of the class S targets (S's own checks run there)
    node-level sh:or of minCounts  none of the properties present
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ..errors import UnsupportedShape
from ..rdf import Triples, as_triples, ntriples
from .findings import SH, SHAPES_NS, Finding, Verdict, has_blank_nodes, load_shapes, short, traced

_CASTABLE = {XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth, XSD.integer, XSD.decimal, XSD.boolean}
#: sh:minInclusive … as the comparison a value must pass; sh:minLength … as the length test
_RANGES = (
    (SH.minInclusive, "MinInclusive", ">="),
    (SH.minExclusive, "MinExclusive", ">"),
    (SH.maxInclusive, "MaxInclusive", "<="),
    (SH.maxExclusive, "MaxExclusive", "<"),
)
_LENGTHS = ((SH.minLength, "MinLength", ">="), (SH.maxLength, "MaxLength", "<="))
_NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "isBlank(?value) || isIRI(?value)",
    SH.BlankNodeOrLiteral: "isBlank(?value) || isLiteral(?value)",
    SH.IRIOrLiteral: "isIRI(?value) || isLiteral(?value)",
}
_KNOWN_PROPERTY_TERMS = {
    RDF.type, SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.deactivated,
    SH.minCount, SH.maxCount, SH.datatype, SH["or"], SH["class"], SH.nodeKind, SH.minInclusive, SH.minExclusive,
    SH.maxInclusive, SH.maxExclusive, SH.minLength, SH.maxLength,
    SH.lessThanOrEquals, SH.node, RDFS.label, RDFS.comment,
}  # fmt: skip
_NOT_COMPILED = "set LOD_VALIDATOR=pyshacl to use pySHACL, or add the construct to lod/validation/compiled.py"
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_KNOWN_NODE_TERMS = {
    RDF.type, *_TARGETS, SH.property, SH.severity, SH.message, SH["or"], SH.deactivated, RDFS.label, RDFS.comment,
}  # fmt: skip


def _well_formed(var: str) -> str:
    """A SPARQL test that a value is not an ill-formed literal of a datatype the engine can check."""
    return " && ".join(
        f"(!isLiteral({var}) || datatype({var}) != <{dt}> || COALESCE(isLiteral(<{dt}>(STR({var}))), false))"
        for dt in sorted(_CASTABLE)
    )


def _refused(message: str) -> UnsupportedShape:
    return UnsupportedShape(f"{message} ({_NOT_COMPILED})")


@dataclass(frozen=True)
class Check:
    """One constraint as a query returning ``?focus`` (and ``?value`` when there is one)."""

    rule: str
    severity: str
    message: str
    path: str | None
    query: str
    shape: str = ""  # the node shape the constraint belongs to
    nested: str | None = None  # sh:node: the value must conform to this shape (the query gives every value)


def _severity(shapes: Graph, shape: Node) -> str:
    value = shapes.value(shape, SH.severity)
    return str(value).rsplit("#", 1)[-1].lower() if value else "violation"


def _message(shapes: Graph, shape: Node, fallback: str) -> str:
    message = shapes.value(shape, SH.message)
    return str(message) if message else fallback


def _rule(shape: Node, parent: Node | None, component: str) -> str:
    if isinstance(shape, URIRef) and str(shape).startswith(SHAPES_NS):
        return short(shape) or str(shape)
    return f"{short(parent) or 'shape'}/sh:{component}ConstraintComponent"


def _list(shapes: Graph, head: Node | None) -> list[Node]:
    return list(Collection(shapes, head)) if head is not None else []


class _Compiler:
    def __init__(self, shapes: Graph, subclasses: bool = False) -> None:
        self.shapes = shapes
        self.checks: list[Check] = []
        # an instance of a class is of it or of a subclass: a path Oxigraph walks slowly, so used only
        # where the data holds rdfs:subClassOf statements (records never do)
        self.a = f"a/<{RDFS.subClassOf}>*" if subclasses else "a"

    def targets(self, shape: Node) -> list[URIRef]:
        return [c for c in self.shapes.objects(shape, SH.targetClass) if isinstance(c, URIRef)]

    def compile(self) -> list[Check]:
        for shape in self._targeted():
            if self.shapes.value(shape, SH.deactivated):
                continue
            self._unsupported(shape, _KNOWN_NODE_TERMS)
            if (shape, RDF.type, SH.PropertyShape) in self.shapes or self.shapes.value(shape, SH.path) is not None:
                raise _refused(f"shapes: <{shape}> is a property shape with targets of its own")
            focus = self.focus(shape)
            for prop in self.shapes.objects(shape, SH.property):
                self.property(prop, shape, focus)
            for alternatives in self.shapes.objects(shape, SH["or"]):
                self.node_or(shape, focus, _list(self.shapes, alternatives))
        return self.checks

    def focus(self, shape: Node) -> str:
        """The graph pattern binding ?focus to the shape's focus nodes, one group per kind of target."""
        shapes, groups = self.shapes, []
        classes = self.targets(shape)
        if classes:
            values = " ".join(f"<{c}>" for c in classes)
            groups.append(f"VALUES ?class {{ {values} }} ?focus {self.a} ?class .")
        nodes = [n.n3() for n in shapes.objects(shape, SH.targetNode) if not isinstance(n, BNode)]
        if nodes:
            groups.append(f"VALUES ?focus {{ {' '.join(sorted(nodes))} }}")
        groups += [f"?focus <{p}> ?targeted ." for p in sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str)]
        groups += [f"?targeted <{p}> ?focus ." for p in sorted(shapes.objects(shape, SH.targetObjectsOf), key=str)]
        if len(groups) == 1:
            return groups[0]
        return " UNION ".join(f"{{ {group} }}" for group in groups)

    def _targeted(self) -> list[Node]:
        """Every shape with focus nodes of its own: each is compiled or refused, none passed over.

        A shape with an explicit target, or a shape that is also a class (an implicit class target).
        Shapes without targets are checked only where another shape uses them.
        """
        shapes = self.shapes
        found = {s for target in _TARGETS for s in shapes.subjects(target, None)}
        for kind in (SH.NodeShape, SH.PropertyShape):
            for shape in shapes.subjects(RDF.type, kind):
                if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
                    raise _refused(f"shapes: <{shape}> is a class as well as a shape, an implicit class target")
        return sorted(found, key=str)

    def _unsupported(self, shape: Node, known: set[URIRef]) -> None:
        for predicate in set(self.shapes.predicates(shape, None)) - known:
            raise _refused(f"shapes: <{shape}> uses {short(predicate)}, which the compiled validator does not support")

    def add(
        self,
        shape: Node,
        parent: Node,
        component: str,
        path: URIRef | None,
        body: str,
        select: str,
        nested: Node | None = None,
    ) -> None:
        severity = _severity(self.shapes, shape)
        fallback = f"breaks sh:{component}" + (f" on {short(path)}" if path else "")
        self.checks.append(
            Check(
                rule=_rule(shape, parent, component),
                severity=severity,
                message=_message(self.shapes, shape, fallback),
                path=short(path) if path else None,
                query=f"SELECT {select} WHERE {{ {body} }}",
                shape=str(parent),
                nested=str(nested) if nested is not None else None,
            )
        )

    def property(self, prop: Node, parent: Node, focus: str) -> None:
        shapes = self.shapes
        if shapes.value(prop, SH.deactivated):
            return
        self._unsupported(prop, _KNOWN_PROPERTY_TERMS)
        path = shapes.value(prop, SH.path)
        if not isinstance(path, URIRef):
            raise _refused(
                f"shapes: <{prop}> uses a sh:path that is not one property (a sequence, alternative or inverse)"
            )
        p = f"<{path}>"
        minimum = shapes.value(prop, SH.minCount)
        if minimum is not None:
            body = f"{focus} OPTIONAL {{ ?focus {p} ?v }}"
            select = f"?focus {{ {body} }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {int(str(minimum))})"
            self._grouped(prop, parent, "MinCount", path, select)
        maximum = shapes.value(prop, SH.maxCount)
        if maximum is not None:
            select = (
                f"?focus {{ {focus} ?focus {p} ?v }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {int(str(maximum))})"
            )
            self._grouped(prop, parent, "MaxCount", path, select)
        values = f"{focus} ?focus {p} ?value ."
        datatype = shapes.value(prop, SH.datatype)
        if isinstance(datatype, URIRef):
            well_formed = f"BIND(<{datatype}>(STR(?value)) AS ?ok)" if datatype in _CASTABLE else "BIND(true AS ?ok)"
            test = f"FILTER(!isLiteral(?value) || datatype(?value) != <{datatype}> || !BOUND(?ok))"
            self.add(prop, parent, "Datatype", path, f"{values} {well_formed} {test}", "?focus ?value")
        for alternatives in shapes.objects(prop, SH["or"]):
            self.value_or(prop, parent, path, values, _list(shapes, alternatives))
        cls = shapes.value(prop, SH["class"])
        if isinstance(cls, URIRef):
            body = f"{values} FILTER NOT EXISTS {{ ?value {self.a} <{cls}> }}"
            self.add(prop, parent, "Class", path, body, "?focus ?value")
        kind = shapes.value(prop, SH.nodeKind)
        if kind is not None:
            if not isinstance(kind, URIRef) or kind not in _NODE_KINDS:
                raise _refused(f"shapes: <{prop}>: sh:nodeKind {kind!r} is not a SHACL node kind")
            self.add(prop, parent, "NodeKind", path, f"{values} FILTER(!({_NODE_KINDS[kind]}))", "?focus ?value")
        for term, component, holds in _RANGES:
            bound = shapes.value(prop, term)
            if bound is not None:
                body = f"{values} FILTER(!COALESCE(?value {holds} {bound.n3()}, false))"
                self.add(prop, parent, component, path, body, "?focus ?value")
        for term, component, holds in _LENGTHS:
            length = shapes.value(prop, term)
            if length is not None:
                body = f"{values} FILTER(isBlank(?value) || !(STRLEN(STR(?value)) {holds} {int(str(length))}))"
                self.add(prop, parent, component, path, body, "?focus ?value")
        other = shapes.value(prop, SH.lessThanOrEquals)
        if isinstance(other, URIRef):
            # an ill-formed value (its own sh:datatype violation) is not compared: its order means nothing
            formed = f"{_well_formed('?value')} && {_well_formed('?other')}"
            body = f"{values} ?focus <{other}> ?other . FILTER({formed} && !COALESCE(?value <= ?other, false))"
            self.add(prop, parent, "LessThanOrEquals", path, body, "?focus ?value")
        for nested in shapes.objects(prop, SH.node):
            classes = self.targets(nested)
            if not classes:
                raise _refused(f"shapes: sh:node <{nested}> needs a sh:targetClass to be compiled")
            allowed = " ".join(f"<{c}>" for c in classes)
            typed = f"VALUES ?kind {{ {allowed} }} ?value {self.a} ?kind"
            body = f"{values} FILTER NOT EXISTS {{ {typed} }}"
            self.add(prop, parent, "Node", path, body, "?focus ?value")  # not of the class: not checked as one
            body = f"{values} FILTER EXISTS {{ {typed} }}"
            self.add(prop, parent, "Node", path, body, "?focus ?value", nested=nested)  # checked: does it conform?

    def _grouped(self, prop: Node, parent: Node, component: str, path: URIRef, select: str) -> None:
        # select carries its own WHERE clause and GROUP BY: wrap it as a sub-select
        self.add(prop, parent, component, path, f"{{ SELECT {select} }}", "?focus")

    def value_or(self, prop: Node, parent: Node, path: URIRef, values: str, alternatives: list[Node]) -> None:
        datatypes = [self.shapes.value(a, SH.datatype) for a in alternatives]
        classes = [self.shapes.value(a, SH["class"]) for a in alternatives]
        if all(isinstance(d, URIRef) for d in datatypes):
            listed = ", ".join(f"<{d}>" for d in datatypes)
            body = f"{values} FILTER(!isLiteral(?value) || datatype(?value) NOT IN ({listed}))"
        elif all(isinstance(c, URIRef) for c in classes):
            tests = " && ".join(f"NOT EXISTS {{ ?value {self.a} <{c}> }}" for c in classes)
            body = f"{values} FILTER({tests})"
        else:
            raise _refused(f"shapes: <{prop}>: sh:or is compiled only over datatypes or over classes")
        self.add(prop, parent, "Or", path, body, "?focus ?value")

    def node_or(self, shape: Node, focus: str, alternatives: list[Node]) -> None:
        tests = []
        for alternative in alternatives:
            path = self.shapes.value(alternative, SH.path)
            minimum = self.shapes.value(alternative, SH.minCount)
            if not isinstance(path, URIRef) or minimum is None or int(str(minimum)) != 1:
                raise _refused(f"shapes: <{shape}>: a node-level sh:or is compiled only over sh:minCount 1")
            tests.append(f"NOT EXISTS {{ ?focus <{path}> ?any }}")
        self.add(shape, shape, "Or", None, f"{focus} FILTER({' && '.join(tests)})", "?focus")


def compile_shapes(shapes: Graph, subclasses: bool = False) -> list[Check]:
    return _Compiler(shapes, subclasses).compile()


_HAS_SUBCLASSES = f"ASK {{ ?sub <{RDFS.subClassOf}> ?class }}"


class CompiledValidator:
    """Validates batches of record triples with the compiled checks, in an in-memory Oxigraph store."""

    def __init__(self, shapes: Graph) -> None:
        self.checks = compile_shapes(shapes)
        self.with_subclasses = compile_shapes(shapes, subclasses=True)

    @classmethod
    def from_path(cls, path: Path | str) -> CompiledValidator:
        return cls(load_shapes(path))

    def findings(self, data: Triples | Graph) -> list[Finding]:
        triples = as_triples(data) if isinstance(data, Graph) else data
        return self._run(_loaded(triples))

    def _run(self, store: ox.Store) -> list[Finding]:
        found: list[Finding] = []
        failing: dict[str, set[str]] = {}  # shape -> the focus nodes with a result from its constraints
        checks = self.with_subclasses if store.query(_HAS_SUBCLASSES) else self.checks
        conforming = [check for check in checks if check.nested is not None]
        for check in checks:
            if check.nested is None:
                for finding in self._found(store, check):
                    found.append(finding)
                    failing.setdefault(check.shape, set()).add(finding.focus)
        # sh:node: a value that does not conform to the nested shape (which may nest others: until nothing changes)
        reported: set[tuple[str, str, str | None]] = set()
        added = True
        while added:
            added = False
            for check in conforming:
                nonconforming = failing.get(check.nested or "", set())
                for finding in self._found(store, check, nonconforming.__contains__):
                    if (finding.rule, finding.focus, finding.value) not in reported:
                        reported.add((finding.rule, finding.focus, finding.value))
                        found.append(finding)
                        failing.setdefault(check.shape, set()).add(finding.focus)
                        added = True
        return sorted(set(found), key=lambda f: (f.focus, f.rule, f.message))

    @staticmethod
    def _found(store: ox.Store, check: Check, keep: Callable[[str], bool] | None = None) -> Iterator[Finding]:
        """The findings of one check (those whose value ``keep`` accepts, for sh:node)."""
        has_value = "value" in check.query.split("WHERE", 1)[0]
        for row in store.query(check.query):  # type: ignore[union-attr]
            value = row["value"] if has_value else None
            if keep is not None and (value is None or not keep(_text(value))):
                continue
            yield Finding(
                severity=check.severity,
                rule=check.rule,
                focus=_text(row["focus"]),
                path=check.path,
                value=None if value is None or isinstance(value, ox.BlankNode) else _text(value),
                message=check.message,
            )

    def validate(self, batch: Sequence[Triples | Graph], shared: Triples | None = None) -> list[Verdict]:
        """One verdict per record, from one store holding the batch and the entities it names.

        A finding on a record's own node (or one of its parts) is that record's; a finding on a
        shared entity is charged to every record of the batch that names it.
        """
        records = [as_triples(data) if isinstance(data, Graph) else data for data in batch]
        serialised = [ntriples(triples) for triples in records]
        shared_nt = ntriples(shared or [])
        if any(has_blank_nodes(data) for data in [*serialised, shared_nt]):  # a parser would rename them
            store = _loaded([t for triples in records for t in triples], shared or [])
            found = traced(self._run(store), serialised)
        else:
            found = self.validate_serialised(serialised, shared_nt)
        return [Verdict(findings) for findings in found]

    def validate_serialised(self, records: Sequence[bytes], shared: bytes) -> list[list[Finding]]:
        """The findings of each record, from the records and the entities they name as N-Triples.

        What a worker is sent (:func:`lod.validation.background.check_serialised`). The triples must hold no
        blank nodes: a parser would rename them, and a finding about one could not be traced back.
        """
        store = ox.Store()
        data = b"".join(records) + shared
        if data:
            store.load(data, format=ox.RdfFormat.N_TRIPLES)
        return traced(self._run(store), records)


def _loaded(*parts: Triples) -> ox.Store:
    """An in-memory store holding the triples.

    Serialised and parsed again in Rust: three times faster than making a Quad of each Triple in
    Python. A parser gives blank nodes new names, so triples with blank nodes (a graph a test or
    another tool made; the build mints none) are added one by one, their findings still naming them.
    """
    store = ox.Store()
    for triples in parts:
        data = ntriples(triples)
        if has_blank_nodes(data):
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        elif data:
            store.load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


def _text(term: object) -> str:
    return str(getattr(term, "value", term)) if not isinstance(term, BNode) else str(term)
