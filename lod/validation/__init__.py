"""Validation against the SHACL shapes: one :func:`validate`, two engines, and workers beside the build.

    findings.py    what is found (Finding, Verdict), the shapes loaded, which record a finding is charged to
    reference.py   the reference engine: pySHACL
    compiled.py    the build's engine: each constraint compiled to one SPARQL query, run by Oxigraph
    background.py  the build's validation: from the second batch on, by the build's workers

Both engines report the same findings, rule for rule (the tests compare them on every defect and on
the W3C SHACL Core tests the compiled engine supports); the compiled one refuses, by name, any
construct it does not support, so the shapes file stays the one statement of the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..errors import UnsupportedShape
from ..rdf import Triples
from ..settings import PROJECT_ROOT
from .background import Checked, Validation
from .compiled import CompiledValidator
from .findings import SH, SHAPES_NS, Engine, Finding, Verdict, load_shapes
from .reference import ReferenceValidator

#: The shapes every build checks against unless told otherwise.
SHAPES = PROJECT_ROOT / "shapes" / "telegram.ttl"
ENGINES: dict[str, type[CompiledValidator] | type[ReferenceValidator]] = {
    "compiled": CompiledValidator,
    "pyshacl": ReferenceValidator,
}

__all__ = [
    "ENGINES",
    "SHAPES",
    "Checked",
    "CompiledValidator",
    "Engine",
    "Finding",
    "ReferenceValidator",
    "UnsupportedShape",
    "Validation",
    "Verdict",
    "engine",
    "load_shapes",
    "statement_engine",
    "statement_shapes",
    "validate",
]


def engine(name: str = "compiled", shapes: Path | str = SHAPES) -> Engine:
    """The engine called ``name`` ("compiled" or "pyshacl") for the shapes at ``shapes``."""
    return ENGINES[name].from_path(shapes)


def statement_shapes(shapes: Graph, predicate: URIRef) -> Graph:
    """The constraints the shapes put on ``predicate``, for every subject that has it (``sh:targetSubjectsOf``).

    How statements added after their records were validated (a thread link, found once the telegram it
    names is published) are checked: each property shape on that path, under the same rule name.
    """
    derived = Graph()
    for number, prop in enumerate(sorted(set(shapes.subjects(SH.path, predicate)), key=str)):
        holder = URIRef(f"{SHAPES_NS}statement-{number}")
        derived.add((holder, RDF.type, SH.NodeShape))
        derived.add((holder, SH.targetSubjectsOf, predicate))
        derived.add((holder, SH.property, prop))
        _copy(shapes, prop, derived)
    return derived


def _copy(shapes: Graph, node: Node, into: Graph) -> None:
    """A shape's statements, and those of the blank nodes it holds (lists, nested shapes)."""
    for _, predicate, value in shapes.triples((node, None, None)):
        into.add((node, predicate, value))
        if isinstance(value, BNode):
            _copy(shapes, value, into)


def statement_engine(name: str, shapes: Path | str, predicate: URIRef) -> Engine:
    """An engine of the constraints on ``predicate`` alone (:func:`statement_shapes`)."""
    return ENGINES[name](statement_shapes(load_shapes(shapes), predicate))


@lru_cache(maxsize=8)
def _made(name: str, shapes: str, _changed: int) -> Engine:
    return engine(name, shapes)


def validate(
    batch: Sequence[Graph | Triples],
    shared: Triples | None = None,
    *,
    using: str = "compiled",
    shapes: Path | str = SHAPES,
) -> list[Verdict]:
    """One verdict per record of ``batch`` (each a graph or its triples), with the entities they name."""
    return _made(using, str(shapes), Path(shapes).stat().st_mtime_ns).validate(batch, shared)
