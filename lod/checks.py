"""The SHACL shapes compiled to SPARQL, run by Oxigraph over a batch of records: the build's validator.

pySHACL (:mod:`lod.validate`) evaluates shapes node by node in Python, about 7 ms a record here;
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

import gc
import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from .convert import Triples, as_triples, ntriples
from .errors import ConfigurationError
from .validate import SH, SHAPES_NS, Finding, Verdict, _short, load_shapes

_CASTABLE = {XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth, XSD.integer, XSD.decimal, XSD.boolean}
_KNOWN_PROPERTY_TERMS = {
    RDF.type, SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.deactivated,
    SH.minCount, SH.maxCount, SH.datatype, SH["or"], SH["class"], SH.nodeKind, SH.minInclusive, SH.minLength,
    SH.lessThanOrEquals, SH.node, RDFS.label, RDFS.comment,
}  # fmt: skip
_KNOWN_NODE_TERMS = {
    RDF.type, SH.targetClass, SH.property, SH.severity, SH.message, SH["or"], SH.deactivated, RDFS.label, RDFS.comment,
}  # fmt: skip


@dataclass(frozen=True)
class Check:
    """One constraint as a query returning ``?focus`` (and ``?value`` when there is one)."""

    rule: str
    severity: str
    message: str
    path: str | None
    query: str


def _severity(shapes: Graph, shape: Node) -> str:
    value = shapes.value(shape, SH.severity)
    return str(value).rsplit("#", 1)[-1].lower() if value else "violation"


def _message(shapes: Graph, shape: Node, fallback: str) -> str:
    message = shapes.value(shape, SH.message)
    return str(message) if message else fallback


def _rule(shape: Node, parent: Node | None, component: str) -> str:
    if isinstance(shape, URIRef) and str(shape).startswith(SHAPES_NS):
        return _short(shape) or str(shape)
    return f"{_short(parent) or 'shape'}/sh:{component}ConstraintComponent"


def _list(shapes: Graph, head: Node | None) -> list[Node]:
    return list(Collection(shapes, head)) if head is not None else []


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.checks: list[Check] = []

    def targets(self, shape: Node) -> list[URIRef]:
        return [c for c in self.shapes.objects(shape, SH.targetClass) if isinstance(c, URIRef)]

    def compile(self) -> list[Check]:
        for shape in sorted(set(self.shapes.subjects(SH.targetClass, None)), key=str):
            if self.shapes.value(shape, SH.deactivated):
                continue
            self._unsupported(shape, _KNOWN_NODE_TERMS)
            classes = self.targets(shape)
            values = " ".join(f"<{c}>" for c in classes)
            focus = f"VALUES ?class {{ {values} }} ?focus a ?class ."
            for prop in self.shapes.objects(shape, SH.property):
                self.property(prop, shape, focus)
            for alternatives in self.shapes.objects(shape, SH["or"]):
                self.node_or(shape, focus, _list(self.shapes, alternatives))
        return self.checks

    def _unsupported(self, shape: Node, known: set[URIRef]) -> None:
        for predicate in set(self.shapes.predicates(shape, None)) - known:
            raise ConfigurationError(
                f"shapes: <{shape}> uses {_short(predicate)}, which the compiled validator does not support "
                "(set LOD_VALIDATOR=pyshacl to use pySHACL, or add it to lod/checks.py)"
            )

    def add(self, shape: Node, parent: Node, component: str, path: URIRef | None, body: str, select: str) -> None:
        severity = _severity(self.shapes, shape)
        fallback = f"breaks sh:{component}" + (f" on {_short(path)}" if path else "")
        self.checks.append(
            Check(
                rule=_rule(shape, parent, component),
                severity=severity,
                message=_message(self.shapes, shape, fallback),
                path=_short(path) if path else None,
                query=f"SELECT {select} WHERE {{ {body} }}",
            )
        )

    def property(self, prop: Node, parent: Node, focus: str) -> None:
        shapes = self.shapes
        if shapes.value(prop, SH.deactivated):
            return
        self._unsupported(prop, _KNOWN_PROPERTY_TERMS)
        path = shapes.value(prop, SH.path)
        if not isinstance(path, URIRef):
            raise ConfigurationError(f"shapes: <{prop}>: only simple property paths are compiled, not {path!r}")
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
            body = f"{values} FILTER NOT EXISTS {{ ?value a <{cls}> }}"
            self.add(prop, parent, "Class", path, body, "?focus ?value")
        if shapes.value(prop, SH.nodeKind) == SH.IRI:
            self.add(prop, parent, "NodeKind", path, f"{values} FILTER(!isIRI(?value))", "?focus ?value")
        elif shapes.value(prop, SH.nodeKind) is not None:
            raise ConfigurationError(f"shapes: <{prop}>: only sh:nodeKind sh:IRI is compiled")
        low = shapes.value(prop, SH.minInclusive)
        if low is not None:
            body = f"{values} FILTER(!COALESCE(?value >= {low.n3()}, false))"
            self.add(prop, parent, "MinInclusive", path, body, "?focus ?value")
        length = shapes.value(prop, SH.minLength)
        if length is not None:
            body = f"{values} FILTER(STRLEN(STR(?value)) < {int(str(length))})"
            self.add(prop, parent, "MinLength", path, body, "?focus ?value")
        other = shapes.value(prop, SH.lessThanOrEquals)
        if isinstance(other, URIRef):
            body = f"{values} ?focus <{other}> ?other . FILTER(!COALESCE(?value <= ?other, false))"
            self.add(prop, parent, "LessThanOrEquals", path, body, "?focus ?value")
        for nested in shapes.objects(prop, SH.node):
            classes = self.targets(nested)
            if not classes:
                raise ConfigurationError(f"shapes: sh:node <{nested}> needs a sh:targetClass to be compiled")
            allowed = " ".join(f"<{c}>" for c in classes)
            body = f"{values} FILTER NOT EXISTS {{ VALUES ?kind {{ {allowed} }} ?value a ?kind }}"
            self.add(prop, parent, "Node", path, body, "?focus ?value")

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
            tests = " && ".join(f"NOT EXISTS {{ ?value a <{c}> }}" for c in classes)
            body = f"{values} FILTER({tests})"
        else:
            raise ConfigurationError(f"shapes: <{prop}>: sh:or is compiled only over datatypes or over classes")
        self.add(prop, parent, "Or", path, body, "?focus ?value")

    def node_or(self, shape: Node, focus: str, alternatives: list[Node]) -> None:
        tests = []
        for alternative in alternatives:
            path = self.shapes.value(alternative, SH.path)
            minimum = self.shapes.value(alternative, SH.minCount)
            if not isinstance(path, URIRef) or minimum is None or int(str(minimum)) != 1:
                raise ConfigurationError(f"shapes: <{shape}>: a node-level sh:or is compiled only over sh:minCount 1")
            tests.append(f"NOT EXISTS {{ ?focus <{path}> ?any }}")
        self.add(shape, shape, "Or", None, f"{focus} FILTER({' && '.join(tests)})", "?focus")


def compile_shapes(shapes: Graph) -> list[Check]:
    return _Compiler(shapes).compile()


class CompiledValidator:
    """Validates batches of record triples with the compiled checks, in an in-memory Oxigraph store."""

    def __init__(self, shapes: Graph) -> None:
        self.checks = compile_shapes(shapes)

    @classmethod
    def from_path(cls, path: Path | str) -> CompiledValidator:
        return cls(load_shapes(path))

    def findings(self, data: Triples | Graph) -> list[Finding]:
        triples = as_triples(data) if isinstance(data, Graph) else data
        return self._run(_loaded(triples))

    def _run(self, store: ox.Store) -> list[Finding]:
        found = []
        for check in self.checks:
            for row in store.query(check.query):  # type: ignore[union-attr]
                value = row["value"] if "value" in check.query.split("WHERE", 1)[0] else None
                found.append(
                    Finding(
                        severity=check.severity,
                        rule=check.rule,
                        focus=_text(row["focus"]),
                        path=check.path,
                        value=_text(value) if value is not None else None,
                        message=check.message,
                    )
                )
        return sorted(found, key=lambda f: (f.focus, f.rule, f.message))

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
            found = _traced(self._run(store), serialised)
        else:
            found = self.validate_serialised(serialised, shared_nt)
        return [Verdict(findings) for findings in found]

    def validate_serialised(self, records: Sequence[bytes], shared: bytes) -> list[list[Finding]]:
        """The findings of each record, from the records and the entities they name as N-Triples.

        What a validation process is sent (:class:`BackgroundChecks`). The triples must hold no
        blank nodes: a parser would rename them, and a finding about one could not be traced back.
        """
        store = ox.Store()
        data = b"".join(records) + shared
        if data:
            store.load(data, format=ox.RdfFormat.N_TRIPLES)
        return _traced(self._run(store), records)


def _traced(findings: Iterable[Finding], records: Sequence[bytes]) -> list[list[Finding]]:
    """Each record's share of a batch's findings."""
    found: list[list[Finding]] = [[] for _ in records]
    owners = Owners(records)
    for finding in findings:
        for index in owners.of(finding.focus):
            found[index].append(finding)
    return found


def _subjects_of(ntriples: bytes) -> set[str]:
    """The nodes the N-Triples lines are about: IRIs with their parts folded in, blank nodes by label."""
    subjects = set()
    for line in ntriples.splitlines():
        if line.startswith(b"<"):
            subjects.add(line[1 : line.index(b">")].decode().split("#", 1)[0])
        elif line.startswith(b"_:"):
            subjects.add(line[2 : line.index(b" ")].decode())
    return subjects


_CHECKER: CompiledValidator | None = None  # in a validation process: the compiled shapes


def _checker_started(shapes: str) -> None:
    global _CHECKER
    gc.set_threshold(100_000, 50, 1000)
    _CHECKER = CompiledValidator.from_path(shapes)


def _check_serialised(records: list[bytes], shared: bytes) -> list[list[Finding]]:
    assert _CHECKER is not None
    return _CHECKER.validate_serialised(records, shared)


class BackgroundChecks:
    """A process that validates one batch while the build converts the next: the build's second core.

    Batches go over as N-Triples and come back as findings, in the order sent. The process
    compiles the shapes itself when it starts (under a second, while the first batch is converted).
    """

    def __init__(self, shapes: Path | str) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),  # nothing inherited from a threaded caller
            initializer=_checker_started,
            initargs=(str(shapes),),
        )

    def submit(self, records: list[bytes], shared: bytes) -> Future[list[list[Finding]]]:
        return self._pool.submit(_check_serialised, records, shared)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


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


def has_blank_nodes(ntriples: bytes) -> bool:
    """A blank node in N-Triples (or the same characters in a literal: taken the slow way, no harm)."""
    return ntriples.startswith(b"_:") or b" _:" in ntriples or b"\n_:" in ntriples


class Owners:
    """Which records of a batch a finding's focus node belongs to, from each record's N-Triples.

    A node (or a part of it, ``…#copy-1``) is its own record's; a shared entity (a person named by
    several records) is charged to every record naming it. Worked out only when something is found.
    """

    def __init__(self, records: Sequence[bytes]) -> None:
        self.records = records
        self._subjects: list[set[str]] | None = None

    def of(self, focus: str) -> Sequence[int]:
        node = focus.split("#", 1)[0]
        if self._subjects is None:
            self._subjects = [_subjects_of(data) for data in self.records]
        found = [index for index, subjects in enumerate(self._subjects) if node in subjects]
        if not found:
            term = f" <{node}> ".encode() if ":" in node else f" _:{node} ".encode()  # an IRI, or a blank node
            found = [index for index, data in enumerate(self.records) if term in data]
        return found or range(len(self.records))


def _text(term: object) -> str:
    return str(getattr(term, "value", term)) if not isinstance(term, BNode) else str(term)
