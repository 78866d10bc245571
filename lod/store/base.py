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
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, runtime_checkable

import pyoxigraph as ox

from ..compressed import gzipped
from ..errors import StoreError

if TYPE_CHECKING:
    from .remote import RemoteGraph


#: What readers query: an Oxigraph database (on disk or in memory) or the published graph on a SPARQL server,
#: read with the same methods (``query``, ``quads_for_pattern``).
Graph: TypeAlias = "ox.Store | RemoteGraph"


#: The downloads a build writes (``dumps/`` beside the database): name -> media type, title.
DUMPS = {
    "dataset.nt.gz": ("application/n-triples", "N-Triples, gzipped"),
    "dataset.ttl.gz": ("text/turtle", "Turtle, gzipped"),
}
#: The one a store without files (a SPARQL server, memory) streams as asked.
STREAMED = "dataset.nt.gz"


@dataclass(frozen=True)
class Dump:
    """One download of the published graph."""

    name: str  # "dataset.nt.gz"
    media_type: str
    title: str
    size: int | None  # bytes, or None when it is streamed from the store as asked for


class NoSuchDump(StoreError):
    """No download of that name in the published build."""

    http_status = 404


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

    def artefacts(self) -> Path:
        """The directory of the published build's files: its catalogue (``catalogue.sqlite``), name index,
        rejects and warnings. StoreError where there is none."""
        ...

    def isolated(self) -> str | None:
        """A database another process can open read-only, so that a query past its time can be stopped;
        None when queries run here (a SPARQL server times its own; an in-memory graph cannot be shared)."""
        ...

    def revise(self, change: Callable[[ox.Store], None]) -> str:
        """Publish the graph changed by ``change`` (a SPARQL Update) as a new revision; its name.
        :class:`ReadOnlyStore` where the store is changed elsewhere."""
        ...

    def workspace(self) -> Path:
        """Where a build for this store is made: the store's own directory (embedded), a staging directory
        on this machine (a SPARQL server)."""
        ...

    def adopt(self, build: Path) -> str | None:
        """Publish a build made in :meth:`workspace` (already published there, for the embedded store); the
        graph a server now holds it in, or None when there is nothing more to do."""
        ...


def no_artefacts(where: str) -> StoreError:
    return StoreError(f"{where} has no build files here (catalogue, name index): search needs `lod build` run here")


def streamed(name: str, chunks: Callable[[], Iterator[bytes]]) -> Iterator[bytes]:
    """The one streamed download, gzipped as it goes; NoSuchDump for any other name."""
    if name != STREAMED:
        raise NoSuchDump(f"this store offers {STREAMED} only; see /dumps/")
    return gzipped(chunks())


def streamed_dumps() -> list[Dump]:
    media, title = DUMPS[STREAMED]
    return [Dump(STREAMED, media, title + " (streamed from the store)", None)]
