"""A store held in memory: a graph, a manifest and statistics, for tests and small tools.

Everything the web tier reads works on it (pages, SPARQL, VoID); queries run in the calling process
(an in-memory database cannot be opened by another), and an update changes the graph in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import StoreError
from .base import Dump, no_artefacts, streamed, streamed_dumps


class MemoryStore:
    """The published graph in memory (:class:`lod.store.base.Store`)."""

    def __init__(
        self,
        triples: Iterable[ox.Triple | ox.Quad] = (),
        manifest: dict[str, Any] | None = None,
        statistics: dict[str, Any] | None = None,
        artefacts: Path | None = None,
    ) -> None:
        self._graph = ox.Store()
        self._graph.extend(t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        self._manifest = dict(manifest or {})
        self._statistics = dict(statistics or {})
        self._artefacts = artefacts
        self.revisions = 0

    @classmethod
    def parse(cls, data: bytes | str, format: ox.RdfFormat = ox.RdfFormat.TURTLE, **kwargs: Any) -> MemoryStore:
        """A store holding the triples of an RDF document."""
        return cls(ox.parse(data.encode() if isinstance(data, str) else data, format=format), **kwargs)

    def current(self) -> ox.Store:
        return self._graph

    @property
    def manifest(self) -> dict[str, Any]:
        return dict(self._manifest)

    def statistics(self) -> dict[str, Any]:
        return dict(self._statistics)

    def dumps(self) -> list[Dump]:
        return streamed_dumps()

    def dump(self, name: str) -> Iterator[bytes]:
        data = self._graph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
        return streamed(name, lambda: iter([data]))

    def artefacts(self) -> Path:
        if self._artefacts is None:
            raise no_artefacts("a store held in memory")
        return self._artefacts

    def isolated(self) -> str | None:
        return None

    def workspace(self) -> Path:
        raise StoreError("a store held in memory is not built into: build a directory, then load its dump")

    def adopt(self, build: Path) -> None:
        raise StoreError("a store held in memory is not built into: build a directory, then load its dump")

    def revise(self, change: Callable[[ox.Store], None]) -> str:
        change(self._graph)
        self.revisions += 1
        return f"memory-{self.revisions}"
