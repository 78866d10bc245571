"""The W3C SHACL Core test suite (../shared/w3c/shacl-core), read from its manifests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from lod.settings import PROJECT_ROOT

SUITE = PROJECT_ROOT.parent / "shared" / "w3c" / "shacl-core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: One expected result as both engines can be compared on it: where, on which path, how severe.
Result = tuple[str, str | None, str]


@dataclass(frozen=True)
class Case:
    name: str  # "property/minCount-001"
    label: str
    data: Graph
    shapes: Graph
    conforms: bool
    results: frozenset[Result]


def _graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle", publicID=path.as_uri())


def _short(node: object) -> str | None:
    """A term as a finding names it (the engines shorten the project's namespaces only)."""
    return None if node is None else str(node)


def cases(root: Path = SUITE) -> Iterator[Case]:
    """Every sht:Validate test of every manifest under ``root``, with its expected report."""
    top = _graph(root / "manifest.ttl")
    for manifest in sorted(top.objects(None, MF.include), key=str):
        folder = Path(str(manifest).removeprefix("file://")).parent
        for test_file in sorted(_graph(Path(str(manifest).removeprefix("file://"))).objects(None, MF.include), key=str):
            path = Path(str(test_file).removeprefix("file://"))
            graph = _graph(path)
            for test in graph.subjects(RDF.type, SHT.Validate):
                action = graph.value(test, MF.action)
                data_iri, shapes_iri = graph.value(action, SHT.dataGraph), graph.value(action, SHT.shapesGraph)
                data = (
                    graph if data_iri == URIRef(path.as_uri()) else _graph(Path(str(data_iri).removeprefix("file://")))
                )
                shapes = (
                    graph
                    if shapes_iri == URIRef(path.as_uri())
                    else _graph(Path(str(shapes_iri).removeprefix("file://")))
                )
                report = graph.value(test, MF.result)
                results = frozenset(
                    (
                        str(graph.value(r, SH.focusNode)),
                        _short(graph.value(r, SH.resultPath))
                        if isinstance(graph.value(r, SH.resultPath), URIRef)
                        else None,
                        str(graph.value(r, SH.resultSeverity)).rsplit("#", 1)[-1].lower(),
                    )
                    for r in graph.objects(report, SH.result)
                )
                conforms = graph.value(report, SH.conforms)
                yield Case(
                    name=f"{folder.name}/{path.stem}",
                    label=str(graph.value(test, RDFS.label) or path.stem),
                    data=data,
                    shapes=shapes,
                    conforms=isinstance(conforms, Literal) and bool(conforms.toPython()),
                    results=results,
                )
