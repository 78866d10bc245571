"""The embedded store: Oxigraph on disk, published atomically.

A store directory holds every build side by side and a ``current`` link to the published one::

    DIR/
      current -> builds/20261127T101500Z-4f2a…     the store readers open
      builds/
        20261127T101500Z-4f2a…/                    one complete build
          oxigraph/        the RocksDB database
          dumps/dataset.nt.gz
          rejects.jsonl    every record not published, with its reason
          build.json       what was read, published and rejected
        .partial-…-<pid>/  a build in progress (or killed: removed by the next build)

A build writes a new directory beside the published one and then replaces the ``current``
link in one ``rename``: readers see the old store or the new one, never half of one, and a
failed or killed build leaves the published store as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import StoreError
from .base import DUMPS, Dump, NoSuchDump

CURRENT = "current"
BUILDS = "builds"
DATABASE = "oxigraph"
MANIFEST = "build.json"


def database_path(directory: Path | str) -> Path:
    """The published database under a store directory; StoreError when there is none."""
    root = Path(directory)
    current = root / CURRENT
    if current.is_dir() and (current / DATABASE).is_dir():
        return (current / DATABASE).resolve()
    if (root / DATABASE).is_dir():  # a build directory given directly
        return (root / DATABASE).resolve()
    raise StoreError(f"no published store in {root}: run `lod build SOURCE... --store {root}` first")


def open_read_only(directory: Path | str) -> ox.Store:
    path = database_path(directory)
    try:
        return ox.Store.read_only(str(path))
    except OSError as error:
        raise StoreError(f"cannot open the store {path}: {error}") from None


def manifest(directory: Path | str) -> dict[str, Any]:
    """The published build's manifest (counts, sources, time), or an empty dict."""
    path = database_path(directory).parent / MANIFEST
    try:
        data: dict[str, Any] = json.loads(path.read_text())
        return data
    except (OSError, ValueError):
        return {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Publication:
    """One build's new store directory: write into :attr:`path`, then :meth:`commit`.

    Leaving the ``with`` block without committing (an error, a rejected-everything build)
    removes the new directory and keeps the published store.
    """

    def __init__(self, directory: Path | str, wait: float = 0) -> None:
        self.root = Path(directory)
        self.wait = wait  # seconds to wait for another writer to finish, before giving up
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self.build_id = f"{stamp}-{os.getpid()}"
        self.path = self.root / BUILDS / f".partial-{self.build_id}"
        self._lock: Any = None
        self._store: ox.Store | None = None
        self.committed = False

    def __enter__(self) -> Publication:
        self._check_root()
        (self.root / BUILDS).mkdir(parents=True, exist_ok=True)
        self._lock = (self.root / ".build.lock").open("w")
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                self._lock.close()
                raise StoreError(
                    f"another `lod build` or update is writing to {self.root}; wait for it to finish"
                ) from None
        self._remove_stale()
        self.path.mkdir()
        return self

    def _check_root(self) -> None:
        root = self.root
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} is a file, not a store directory")
        if root.is_dir() and any(root.iterdir()) and not (root / BUILDS).is_dir():
            raise StoreError(
                f"{root} holds files that are not a store made by `lod build`; "
                "choose an empty or new directory (nothing there was changed)"
            )

    def _remove_stale(self) -> None:
        """Builds killed before they finished leave partial directories: remove those."""
        for partial in (self.root / BUILDS).glob(".partial-*"):
            pid = partial.name.rsplit("-", 1)[-1]
            if not (pid.isdigit() and _alive(int(pid))):
                shutil.rmtree(partial, ignore_errors=True)

    def start_from(self, database: Path) -> ox.Store:
        """This build's store as a checkpoint of a published ``database`` (hard links: milliseconds even for
        gigabytes, and the published files are never written)."""
        assert self._store is None, "the build's store is already open"
        try:
            ox.Store.read_only(str(database)).backup(str(self.path / DATABASE))
        except OSError as error:
            raise StoreError(f"cannot take a checkpoint of the store {database}: {error}") from None
        return self.store()

    def store(self) -> ox.Store:
        if self._store is None:
            self._store = ox.Store(str(self.path / DATABASE))
        return self._store

    def commit(self, summary: dict[str, Any], optimize: bool = True) -> Path:
        """Finish the database, publish it as ``current`` and prune old builds."""
        if self._store is not None:
            self._store.flush()
            if optimize:
                self._store.optimize()
            del self._store
            self._store = None
        (self.path / MANIFEST).write_text(json.dumps({"build": self.build_id, **summary}, indent=2) + "\n")
        final = self.root / BUILDS / self.build_id
        self.path.rename(final)
        self.path = final
        link = self.root / f".{CURRENT}.{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        os.symlink(Path(BUILDS) / self.build_id, link)
        os.replace(link, self.root / CURRENT)
        self.committed = True
        self._prune()
        return final

    def _prune(self, keep: int = 2) -> None:
        """Keep the published build and the one before it (a server may still read it)."""
        builds = sorted(p for p in (self.root / BUILDS).iterdir() if not p.name.startswith("."))
        for old in builds[:-keep]:
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, *exc: object) -> None:
        if self._store is not None:
            del self._store
            self._store = None
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()


def revise(directory: Path | str, change: Callable[[ox.Store], None], wait: float = 10) -> Path:
    """Publish the current build changed by ``change`` (a SPARQL Update) as a new build.

    The published database is never written: the new build starts as a checkpoint of it (hard
    links, so milliseconds even for gigabytes), is changed, and replaces ``current`` like a build.
    A change that fails leaves nothing behind. The dumps, statistics and reports are the build's,
    linked, until the next ``lod build``; the manifest says which build was revised, and how often.
    """
    root = Path(directory)
    with Publication(root, wait=wait) as publication:
        published = database_path(root)
        build = published.parent
        change(publication.start_from(published))
        for item in build.iterdir():
            if item.name in {DATABASE, MANIFEST}:
                continue
            if item.is_dir():
                shutil.copytree(item, publication.path / item.name, copy_function=os.link)
            else:
                os.link(item, publication.path / item.name)
        summary = {key: value for key, value in manifest(root).items() if key != "build"}
        summary["revised_from"] = summary.get("revised_from") or build.name
        summary["revisions"] = int(summary.get("revisions", 0)) + 1
        summary["revised"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return publication.commit(summary, optimize=False)


class BackgroundLoader:
    """Bulk-loads N-Triples into a store a chunk at a time, on a thread, while the build goes on.

    Oxigraph's bulk loader holds about a kilobyte per triple of the data it is given (1.6 GB for
    a 5.7M-triple file at once), and releases the GIL while it works. Chunks of ``chunk_triples`` keep
    memory flat however large the corpus, and loading them while the pipeline converts the next records
    uses the second core. At most one chunk waits. 6.36M triples of the 100k build loaded from one
    thread peaked 410 MB above the process's own in chunks of 200,000, 212 MB in chunks of 50,000, and
    loaded no slower (92 s against 105, compacting after 15.7 s against 14.4: bench/README.md).

    ``replace``: what takes out of the store what the subjects a chunk restates stood for before (a store
    carried over from the published build), called on the loader's thread before the chunk is loaded.
    """

    def __init__(
        self, store: ox.Store, chunk_triples: int = 50_000, replace: Callable[[list[str]], None] | None = None
    ) -> None:
        self.store = store
        self.chunk_triples = chunk_triples
        self._replace = replace
        self._parts: list[bytes] = []
        self._replacing: list[str] = []
        self._count = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-load")
        self._loading: Future[None] | None = None

    def add(self, ntriples: bytes, count: int, replacing: str = "") -> None:
        """Statements to load; ``replacing``: the subject whose earlier statements these replace."""
        self._parts.append(ntriples)
        self._count += count
        if replacing:
            self._replacing.append(replacing)
        if self._count >= self.chunk_triples:
            self._hand_over()

    def _hand_over(self) -> None:
        if self._loading is not None:
            self._loading.result()  # backpressure: one chunk loads while the next fills
        chunk, replacing, self._parts, self._replacing, self._count = b"".join(self._parts), self._replacing, [], [], 0
        self._loading = self._pool.submit(self._load, chunk, replacing) if chunk else None

    def _load(self, chunk: bytes, replacing: list[str]) -> None:
        if replacing and self._replace is not None:
            self._replace(replacing)
        try:
            self.store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES)
        except (OSError, SyntaxError) as error:
            raise StoreError(f"the store could not load a chunk of the build: {error}") from None

    def finish(self) -> None:
        """Load what is left and wait for it."""
        self._hand_over()
        if self._loading is not None:
            self._loading.result()
            self._loading = None
        self._pool.shutdown()

    def close(self) -> None:
        """Stop without loading the rest (the build failed; its directory is removed)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


class PublishedStore:
    """The published store, read-only, reopened when a build publishes a new one.

    Readers (the web tier, any number of processes) call :meth:`current` per request: it costs one
    ``readlink`` and opens the new database only when the ``current`` link has moved.
    """

    def __init__(self, directory: Path | str) -> None:
        self.root = Path(directory)
        self._target: str | None = None
        self._store: ox.Store | None = None
        self._manifest: dict[str, Any] = {}
        self._statistics: dict[str, Any] = {}
        self._statistics_path: Path | None = None
        self._lock = threading.Lock()

    def _link(self) -> str:
        try:
            return os.readlink(self.root / CURRENT)
        except OSError:
            return str(database_path(self.root))

    def current(self) -> ox.Store:
        target = self._link()
        if target != self._target or self._store is None:
            with self._lock:
                if target != self._target or self._store is None:
                    self._store = open_read_only(self.root)
                    self._manifest = manifest(self.root)
                    self._target = target
        return self._store

    @property
    def manifest(self) -> dict[str, Any]:
        self.current()
        return self._manifest

    def statistics(self) -> dict[str, Any]:
        """What the build counted (triples, entities, classes, properties, examples)."""
        path = self.build_path / "statistics.json"
        if path != self._statistics_path:
            try:
                self._statistics = json.loads(path.read_text())
            except (OSError, ValueError):
                self._statistics = {}
            self._statistics_path = path
        return dict(self._statistics)

    @property
    def build_path(self) -> Path:
        """The published build's directory (dumps, statistics, rejects)."""
        self.current()
        return database_path(self.root).parent

    def dumps(self) -> list[Dump]:
        folder = self.build_path / "dumps"
        return [
            Dump(name, media, title, (folder / name).stat().st_size)
            for name, (media, title) in DUMPS.items()
            if (folder / name).is_file()
        ]

    def dump(self, name: str) -> Path:
        path = self.build_path / "dumps" / name
        if name not in DUMPS or not path.is_file():
            raise NoSuchDump(f"this build has no {name}; see /dumps/")
        return path

    def artefacts(self) -> Path:
        return self.build_path

    def isolated(self) -> str:
        return str(self.build_path / DATABASE)

    def revise(self, change: Callable[[ox.Store], None]) -> str:
        return revise(self.root, change).name

    def workspace(self) -> Path:
        return self.root

    def adopt(self, build: Path) -> None:
        return None  # a build in the store's own directory published itself (Publication.commit)


def builds(directory: Path | str) -> Iterator[Path]:
    root = Path(directory) / BUILDS
    if root.is_dir():
        yield from sorted(p for p in root.iterdir() if not p.name.startswith("."))
