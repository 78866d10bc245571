"""Publishing a build: the pipeline's triples staged, bulk-loaded, dumped and counted, then published
atomically into the embedded store, or loaded into a SPARQL server's graph of its own."""

from __future__ import annotations

import contextlib
import gc
import json
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import NothingPublished, StoreError
from ..history import FILENAME as HISTORY
from ..history import History
from ..history import now as build_time
from ..index import FILENAME as INDEX_FILE
from ..index import IndexWriter
from ..index.schema import SET_MEMBERSHIPS
from ..name_index import FILENAME as NAME_INDEX
from ..processes import collect_rarely
from ..settings import Settings
from ..sources import Source
from ..store import Publication, open_store
from ..store.oxigraph import BackgroundLoader
from ..void import compute_statistics
from .carried import FILENAME as CONVERSIONS
from .carried import Conversions, basis
from .dumps import Dumps
from .events import Event, Stated
from .pipeline import Pipeline
from .report import JsonLines, RejectSink, Report
from .standing import LOOSE, Loose, Standing

ONTOLOGY_GRAPH = "https://w3id.org/telegram/ns"


@contextlib.contextmanager
def _collecting_rarely() -> Iterator[None]:
    """The cyclic garbage collector run rarely while records stream through (:func:`collect_rarely`;
    10k records: 383 records/s with Python's thresholds, 493 without), and as before once they are
    through. The objects that live on (authorities, shapes, the index of published keys) are frozen
    out of its sight."""
    thresholds = gc.get_threshold()
    collect_rarely()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


class Staging:
    """Listens for what is stated: every triple once, to the store's background loader (unless it stands in
    the published store carried over, :mod:`lod.build.standing`) and to the dumps (:mod:`lod.build.dumps`),
    counted for the statistics; what is no record's, also to the file the next build takes it out by."""

    def __init__(
        self, loader: BackgroundLoader, dumps: Dumps, report: Report, loose: Loose, standing: Standing | None
    ) -> None:
        self._loader = loader
        self._dumps = dumps
        self._report = report
        self._loose = loose
        self._standing = standing
        self.triples = 0

    def __call__(self, event: Event) -> None:
        if isinstance(event, Stated):
            writing = time.perf_counter()
            data = event.ntriples
            count = data.count(b"\n")  # a statement a line
            self.triples += count
            if not event.record:
                self._loose.add(data)
            if self._standing is not None and event.stood:
                self._report.stood += 1
            else:  # what a record stated before goes out before this goes in
                self._loader.add(data, count, event.record if self._standing is not None else "")
            self._report.stages["store"] += time.perf_counter() - writing
            dumping = time.perf_counter()
            self._dumps.add(data)
            self._report.stages["publish"] += time.perf_counter() - dumping


def build(
    sources: Sequence[Source],
    store_dir: Path,
    settings: Settings,
    rejects: Path | None = None,
    progress_factory: Callable[[], Any] | None = None,
    previous: Path | None = None,
    full: bool = False,
) -> Report:
    """Build the graph from the sources and publish it as the store in ``store_dir``; ``previous``: the
    published build's files (its records' history is brought up to date, :mod:`lod.history`; what it
    converted is carried over, :mod:`lod.build.carried`, unless ``full``).

    Raises :class:`NothingPublished` (the published store is kept) when no record is accepted.
    """
    started = time.monotonic()
    report = Report()
    with Publication(store_dir) as publication, Dumps(publication.path / "dumps") as dumps:
        rejects_sink = JsonLines(publication.path / "rejects.jsonl", rejects)
        warnings_sink = JsonLines(publication.path / "warnings.jsonl")
        register = publication.path / "register.sqlite"  # what was taken in; not published
        catalogue = IndexWriter(publication.path / INDEX_FILE, settings.base_uri)
        now = build_time(settings.build_time)
        history = History(publication.path / HISTORY, previous / HISTORY if previous else None, now)
        published = previous / CONVERSIONS if previous else None
        conversions = Conversions(publication.path / CONVERSIONS, published, basis(settings), full)
        report.full = conversions.why
        pipeline = Pipeline(settings, report, rejects_sink, warnings_sink, register, catalogue, history, conversions)
        progress = progress_factory() if progress_factory else None
        standing = _standing(sources, previous, publication, report)
        store = publication.store()
        loader = BackgroundLoader(store, replace=standing.restate if standing is not None else None)
        loose = Loose(publication.path / LOOSE)
        staging = Staging(loader, dumps, report, loose, standing)
        pipeline.listen(staging)
        closing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="conversions")
        kept: Future[None] | None = None
        try:
            with _collecting_rarely():
                pipeline.run(sources, progress)
            dumps.finish()  # written as the triples were stated: what is left of them, while the rest is done
            # what the next build carries over, pruned from the copy of the published build's file while the store loads
            kept = closing.submit(conversions.close)
            loading = time.perf_counter()
            loader.finish()
            if standing is not None:
                standing.restate(history.unseen())
                standing.rename(str(pipeline.build_iri))
            indexing = time.perf_counter()
            catalogue.finish()
            history.sets_from(publication.path / INDEX_FILE, SET_MEMBERSHIPS)
            report.withdrawn = history.withdrawn()
            indexed = time.perf_counter() - indexing
            report.stages["catalogue"] += indexed
        finally:
            loader.close()
            loose.close()
            catalogue.close()
            history.close()
            if kept is None:
                conversions.close()
            closing.shutdown()
            pipeline.register.close()
            rejects_sink.close()
            warnings_sink.close()
            if progress is not None:
                progress.close()
        if kept is not None:
            kept.result()
        register.unlink()
        pipeline.names.write(publication.path / NAME_INDEX)
        report.names = pipeline.names.summary()
        report.seconds = time.monotonic() - started
        if report.published == 0:
            raise NothingPublished(
                f"no record was published ({report.summary()}); the store in {store_dir} was left as it was"
            )
        ontology = ox.NamedNode(ONTOLOGY_GRAPH)
        if standing is not None:
            store.clear_graph(ontology)
        store.bulk_load(path=settings.ontology, format=ox.RdfFormat.TURTLE, to_graph=ontology)
        publishing = time.perf_counter()
        report.stages["store"] += publishing - loading - indexed
        written = {"triples": staging.triples, "entities": report.subjects}
        statistics = compute_statistics(store, written, [iri for _, iri in report.earliest])
        dumps.wait()
        report.triples = statistics["triples"]
        report.stages["publish"] += time.perf_counter() - publishing
        (publication.path / "statistics.json").write_text(json.dumps(statistics, indent=1) + "\n")
        report.seconds = time.monotonic() - started
        report.store = publication.commit(
            {
                **report.as_dict(),
                "base_uri": settings.base_uri,
                "build_iri": str(pipeline.build_iri),
                "partners": list(pipeline.partners),
                "sources": [str(s) if isinstance(s, Path) else s.label for s in sources],
                "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
            # a store loaded anew is compacted once (9 s at 100k records); one carried over was, and what
            # changed in it is left to the database's own compactions
            optimize=standing is None,
        )
        report.rejects_file = rejects or report.store / "rejects.jsonl"
    return report


def _standing(
    sources: Sequence[Source], previous: Path | None, publication: Publication, report: Report
) -> Standing | None:
    """The published store carried over into this build's, when its records are (and none is harvested)."""
    if previous is None or report.full or not all(isinstance(source, Path) for source in sources):
        return None
    started = time.perf_counter()
    standing = Standing.checkpoint(previous, publication)
    report.stages["store"] += time.perf_counter() - started
    return standing


def publish(
    sources: Sequence[Source],
    settings: Settings,
    rejects: Path | None = None,
    progress_factory: Callable[[], Any] | None = None,
    full: bool = False,
) -> Report:
    """Build the sources and publish them in the store the settings name, whichever kind it is; ``full``:
    convert every record again, carrying nothing over from the published build.

    The build is made in the store's workspace (the embedded store's own directory, where it publishes
    itself; a staging directory for a SPARQL server, which then adopts it: loaded into a graph of its
    own, published by one update). A build that fails before that leaves the published store as it was.
    """
    store = open_store(settings)
    try:
        previous: Path | None = store.artefacts()  # where the published build's history is
    except StoreError:
        previous = None  # the first build, or a server whose builds left no files here
    report = build(sources, store.workspace(), settings, rejects, progress_factory, previous, full)
    assert report.store is not None
    loading = time.perf_counter()
    report.remote_graph = store.adopt(report.store)
    if report.remote_graph:
        report.stages["load"] += time.perf_counter() - loading
        report.seconds += time.perf_counter() - loading
    return report


def validate_sources(sources: list[Path], settings: Settings, on_reject: RejectSink, on_warning: RejectSink) -> Report:
    """The build's checks without a store: every record read, resolved, converted and validated."""
    started = time.monotonic()
    report = Report()
    pipeline = Pipeline(settings, report, on_reject, on_warning)
    pipeline.run(sources)
    report.names = pipeline.names.summary()
    report.seconds = time.monotonic() - started
    return report
