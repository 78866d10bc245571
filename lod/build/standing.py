"""The published store carried over: a build starts from a checkpoint of it and changes only what it must.

A build states every triple once (:class:`lod.build.events.Stated`): a record's statements, about the
record and its parts (fragments of its IRI, never blank nodes), and the build's others (the entities'
descriptions, the build's provenance and its source files', readers, concept schemes, copies, threads).
The others are written beside the store (:data:`LOOSE`) as they are stated. The next build, when it
carries its records over, starts from a checkpoint of the published database (RocksDB hard links: the
published files are never written) and

- takes out the published build's others, all of them, before anything is loaded: they are stated again;
- takes out a record's published statements when this build states it otherwise, on the loader's thread
  just before its new statements are loaded (the history says which records are stated as published,
  :meth:`lod.history.History.keep`), and the statements of every record it does not publish at all;
- loads what it states that does not stand, and renames the published build in the statements that stand
  (``<record#conversion> prov:wasInformedBy <build>``: the one part of a record's statements that names it).

What comes out is the store a full build makes of the same sources, triple for triple (tests compare the
two). A build that reads from a provider (a harvested record may have statements about other subjects)
or asks for a full build loads everything into a new store, as does the first build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox
from rdflib.namespace import PROV

from ..compressed import KEEPING, gzip_reader, gzip_writer
from ..store.oxigraph import DATABASE, MANIFEST, Publication

#: the build's statements that are not a record's, as N-Triples (gzip), for the next build to take out
LOOSE = "loose.nt.gz"
_INFORMED = ox.NamedNode(str(PROV.wasInformedBy))
_DEFAULT = ox.DefaultGraph()


class Loose:
    """The build's statements that are no record's, written as they are stated."""

    def __init__(self, path: Path) -> None:
        self._stream = gzip_writer(path, KEEPING)

    def add(self, ntriples: bytes) -> None:
        self._stream.write(ntriples)

    def close(self) -> None:
        self._stream.close()


class Standing:
    """A checkpoint of the published store, taken into this build's directory, and what changes in it."""

    def __init__(self, store: ox.Store, published_build: str) -> None:
        self.store = store
        self.published_build = published_build

    @classmethod
    def checkpoint(cls, previous: Path, publication: Publication) -> Standing | None:
        """The published build's store (``previous``: its directory) as the ``publication``'s, with its others
        taken out; None when it cannot be carried over (built before its others were kept apart, or revised
        since by a SPARQL Update, which lasts until the next build)."""
        loose = previous / LOOSE
        try:
            manifest = json.loads((previous / MANIFEST).read_text())
        except (OSError, ValueError):
            return None
        published_build = manifest.get("build_iri")
        if not published_build or manifest.get("revised_from") or not loose.is_file():
            return None  # a revision by /update is not the sources': a build starts again from them
        if not (previous / DATABASE).is_dir():
            return None
        standing = cls(publication.start_from(previous / DATABASE), str(published_build))
        with gzip_reader(loose) as stream:
            standing._remove(q.triple for q in ox.parse(cast(IO[bytes], stream), ox.RdfFormat.N_TRIPLES))
        return standing

    def restate(self, iris: Iterable[str]) -> None:
        """Records stated otherwise than the published build stated them, or not at all: their published
        statements out (before their new ones go in)."""
        for iri in iris:
            self._remove(self._statements_of(iri))

    def rename(self, build: str) -> None:
        """The statements that stood name the published build: they name this one."""
        if build == self.published_build:
            return
        old, new = ox.NamedNode(self.published_build), ox.NamedNode(build)
        self.store.update(
            f"DELETE {{ ?c {_INFORMED} {old} }} INSERT {{ ?c {_INFORMED} {new} }} WHERE {{ ?c {_INFORMED} {old} }}"
        )

    def _statements_of(self, iri: str) -> list[ox.Triple]:
        """A record's statements: about it and about its parts (fragments of its IRI, reached from it)."""
        prefix = iri + "#"
        found: list[ox.Triple] = []
        waiting, seen = [ox.NamedNode(iri)], {iri}
        while waiting:
            subject = waiting.pop()
            for quad in self.store.quads_for_pattern(subject, None, None, _DEFAULT):
                found.append(quad.triple)
                part = quad.object
                if isinstance(part, ox.NamedNode) and part.value.startswith(prefix) and part.value not in seen:
                    seen.add(part.value)
                    waiting.append(part)
        return found

    def _remove(self, triples: Iterable[ox.Triple]) -> None:
        for triple in triples:
            self.store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, _DEFAULT))
