"""What validation finds, whichever engine finds it: findings, verdicts, and which record a finding is charged to.

Both engines (:mod:`.reference`, pySHACL; :mod:`.compiled`, the shapes as SPARQL in Oxigraph) report
:class:`Finding` objects in the same form, so that their reports can be compared rule for rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rdflib import Graph, Namespace
from rdflib.term import Node

if TYPE_CHECKING:
    from ..rdf import Triples

from ..errors import ConfigurationError

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_NS = "https://w3id.org/telegram/shapes#"


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


@runtime_checkable
class Engine(Protocol):
    """A SHACL engine: the findings on a graph, and one verdict per record of a batch."""

    def findings(self, data: Graph) -> list[Finding]: ...

    def validate(self, batch: Sequence[Graph | Triples], shared: Triples | None = None) -> list[Verdict]: ...


def load_shapes(path: Path | str) -> Graph:
    graph = Graph()
    try:
        graph.parse(str(path), format="turtle")
    except (OSError, SyntaxError, ValueError) as error:
        raise ConfigurationError(f"{path}: cannot read the SHACL shapes: {error}") from None
    return graph


def short(node: Node | None) -> str | None:
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


def traced(findings: Iterable[Finding], records: Sequence[bytes]) -> list[list[Finding]]:
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
