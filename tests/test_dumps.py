"""The dumps a build publishes: the N-Triples as stated, and the same graph as one Turtle document with the
vocabulary's prefixes, whether written in the build's process or, chunk by chunk, by a process of its own."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox

from lod.build.dumps import NTRIPLES, TURTLE, Dumps
from lod.rdf import PREFIXES


def _graph(path: Path, format: ox.RdfFormat) -> set[ox.Triple]:
    with gzip.open(path, "rb") as dump:
        return set(ox.parse(dump.read(), format=format))


def _written(seed_store: Path, folder: Path, chunk: int) -> bytes:
    statements = gzip.decompress((seed_store / "current" / "dumps" / NTRIPLES).read_bytes())
    dumps = Dumps(folder)
    dumps.CHUNK = chunk
    with dumps:
        for line in statements.splitlines(keepends=True):
            dumps.add(line)
        dumps.finish()
        dumps.wait()
    return statements


def test_the_turtle_dump_is_the_n_triples_dump_as_one_document(seed_store: Path) -> None:
    dumps = seed_store / "current" / "dumps"
    turtle = gzip.decompress((dumps / TURTLE).read_bytes()).decode()
    assert turtle.startswith("@prefix ")
    assert turtle.count("@prefix tg: ") == 1  # declared once, not once a chunk
    assert _graph(dumps / TURTLE, ox.RdfFormat.TURTLE) == _graph(dumps / NTRIPLES, ox.RdfFormat.N_TRIPLES)


def test_dumps_written_chunk_by_chunk_by_their_process_are_the_same(seed_store: Path, tmp_path: Path) -> None:
    statements = _written(seed_store, tmp_path, chunk=64 << 10)  # a chunk of 64 KB: dozens of chunks
    assert gzip.decompress((tmp_path / NTRIPLES).read_bytes()) == statements
    turtle = gzip.decompress((tmp_path / TURTLE).read_bytes()).decode()
    assert all(turtle.count(f"@prefix {prefix}: ") <= 1 for prefix in PREFIXES)
    assert _graph(tmp_path / TURTLE, ox.RdfFormat.TURTLE) == set(ox.parse(statements, format=ox.RdfFormat.N_TRIPLES))
