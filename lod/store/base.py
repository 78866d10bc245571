"""What every store offers its readers: the published graph, what the build said about it, and its files.

Three stores implement :class:`Store`: the embedded Oxigraph database on disk
(:class:`~lod.store.oxigraph.PublishedStore`, the default), any SPARQL 1.1 server
(:class:`~lod.store.remote.RemoteStore`) and an in-memory graph (:class:`~lod.store.memory.MemoryStore`,
for tests and tools that hold a few records). The web tier, ``lod query`` and the statistics use only
this protocol: nothing outside ``lod/store/`` asks which store it has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pyoxigraph as ox

from ..errors import StoreError


class Graph(Protocol):
    """What readers query: :class:`pyoxigraph.Store`'s reading methods, whichever store holds the graph."""

    def query(self, query: str, **options: Any) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Any: ...

    def quads_for_pattern(
        self, subject: Any = None, predicate: Any = None, obj: Any = None, graph_name: Any = None
    ) -> Any: ...


@dataclass(frozen=True)
class Dump:
    """One download of the published graph."""

    name: str  # "dataset.nt.gz"
    media_type: str
    title: str
    size: int | None  # bytes, or None when it is streamed from the store as asked for


class ReadOnlyStore(StoreError):
    """The store cannot be changed from here (a remote server takes updates at its own endpoint)."""

    http_status = 501


@runtime_checkable
class Store(Protocol):
    """The published build, for readers: followed to each new build by itself."""

    def current(self) -> Graph:
        """The published graph (the same object until a new build is published)."""
        ...

    @property
    def manifest(self) -> dict[str, Any]:
        """What the published build said about itself (counts, sources, base URI, time)."""
        ...

    def statistics(self) -> dict[str, Any]:
        """What the build counted (triples, entities, classes, properties, examples)."""
        ...

    def dumps(self) -> list[Dump]:
        """The published graph's downloads."""
        ...

    def dump(self, name: str) -> Path | Iterator[bytes]:
        """One download: a file to send, or gzipped bytes streamed from the store. StoreError if there is none."""
        ...

    def catalogue(self) -> Path:
        """The directory holding the published build's catalogue (``catalogue.sqlite``). StoreError if none."""
        ...

    def isolated(self) -> str | None:
        """A database another process can open read-only, so that a query past its time can be stopped;
        None when queries run here (a SPARQL server times its own; an in-memory graph cannot be shared)."""
        ...

    def revise(self, change: Callable[[ox.Store], None]) -> str:
        """Publish the graph changed by ``change`` (a SPARQL Update) as a new revision; its name.
        :class:`ReadOnlyStore` where the store is changed elsewhere."""
        ...


def no_catalogue(where: str) -> StoreError:
    return StoreError(f"{where} has no catalogue: search, browse and the timeline need `lod build` run here")
