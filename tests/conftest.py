"""Shared fixtures: the real CLI in a subprocess, stores built from real records."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from lod.settings import Settings
from lod.store import PublishedStore, Store
from lod.web import create_app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SOURCES = ROOT / "data" / "sources"
SEED = SOURCES / "wilson" / "seed-1950-07-01-shtykov-to-stalin.txt"
SHARED = Path(os.environ.get("LOD_SHARED_CORPORA", ROOT.parent / "shared" / "corpora"))
W3C = SHARED.parent / "w3c" / "sparql11-protocol"
BASE = "http://127.0.0.1:5000/"


def run_lod(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command line, exactly as a user runs it."""
    environment = {**os.environ, **(env or {})}
    environment.pop("LOD_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "lod", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=environment,
        timeout=600,
    )


def select(store: Path, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT through `lod query --format json`, each variable bound to its value."""
    done = run_lod("query", "--store", str(store), "--format", "json", query)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    return [{name: cell["value"] for name, cell in row.items()} for row in results["results"]["bindings"]]


@pytest.fixture(scope="session")
def corpora() -> Path:
    if not (SHARED / "wilson").is_dir():
        pytest.skip(f"the shared corpora are not here ({SHARED}); they are present in CI")
    return SHARED


#: The build_store fixture: `lod build` of the sources into a new store, giving the store and the finished process.
BuildStore = Callable[..., tuple[Path, subprocess.CompletedProcess[str]]]


@pytest.fixture(scope="session")
def build_store(tmp_path_factory: pytest.TempPathFactory) -> BuildStore:
    def build(
        *sources: Path | str, name: str = "store", extra: tuple[str, ...] = ()
    ) -> tuple[Path, subprocess.CompletedProcess[str]]:
        store = tmp_path_factory.mktemp(name) / "store"
        done = run_lod("build", "--quiet", *map(str, sources), "--store", str(store), *extra)
        return store, done

    return build


@pytest.fixture(scope="session")
def seed_store(build_store: BuildStore) -> Path:
    """The default build: data/sources (the seed page, the Wilson Center export, a FRUS volume)."""
    store, done = build_store(SOURCES, name="seed")
    # exit 1: the FRUS volume has one undated document, rejected with its reason; the rest is published
    assert done.returncode == 1 and "published 153, rejected 1, read 154" in done.stdout, done.stdout + done.stderr
    return store


@pytest.fixture(scope="session")
def store(seed_store: Path) -> Store:
    """The default build's published store, as the web tier reads it."""
    return PublishedStore(seed_store)


@contextmanager
def application(store: Path, published: Store | None = None, **settings: Any) -> Iterator[Flask]:
    """The application over a built store in this process, with the settings `lod serve` would be given
    (``page_size="1"`` for ``LOD_PAGE_SIZE=1``): for every page and protocol that needs no real server."""
    app = create_app(Settings.from_env(store=str(store), **settings), published)
    try:
        yield app
    finally:
        app.extensions["lod"].runner.close()  # its query processes end with the tests that asked


@pytest.fixture(scope="session")
def app(seed_store: Path, store: Store) -> Iterator[Flask]:
    """The application over the default build, in this process."""
    with application(seed_store, store) as app:
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def json_of(response: TestResponse) -> Any:
    """The JSON an in-process answer carries (it must be JSON, in any JSON media type)."""
    assert response.is_json or response.mimetype.endswith("+json"), (response.status, response.mimetype)
    return json.loads(response.get_data(as_text=True))


@pytest.fixture(scope="session")
def family(family_store: Path) -> Iterator[FlaskClient]:
    """A client of the seed and the test pages of its family of notations, in this process."""
    with application(family_store) as app:
        yield app.test_client()


@pytest.fixture(scope="session")
def offices(offices_store: Path) -> Iterator[FlaskClient]:
    """A client of the default build and the FRUS 1934 excerpt, in this process."""
    with application(offices_store) as app:
        yield app.test_client()


@pytest.fixture(scope="session")
def offices_store(build_store: BuildStore) -> Path:
    """The default build and an excerpt of FRUS 1934 (tests/data/frus): Cordell Hull, Meredith Nicholson,
    William Phillips acting as Secretary of State, consuls and chargés the register does not know."""
    store, done = build_store(SOURCES, DATA / "frus" / "frus1934v04-excerpt.xml", name="offices")
    assert done.returncode == 1, done.stdout + done.stderr  # the 1894 volume's undated document
    return store


@pytest.fixture(scope="session")
def offices_server(offices_store: Path) -> Iterator[str]:
    with serving(offices_store) as url:
        yield url


@pytest.fixture(scope="session")
def family_store(build_store: BuildStore) -> Path:
    """The seed plus the test pages of the same family of notations."""
    store, done = build_store(SEED, DATA / "wilson", name="family")
    assert done.returncode == 0, done.stdout + done.stderr
    return store


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    return tmp_path


def copy_seed(folder: Path, name: str = "seed.txt") -> Path:
    target = folder / name
    shutil.copy(SEED, target)
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(
    store: Path | str, env: dict[str, str] | None = None, port: int | None = None, gunicorn: bool = False
) -> Iterator[str]:
    """`lod serve` (or, with ``gunicorn``, gunicorn as `make serve` runs it) on a free loopback port."""
    port = port or free_port()
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - the server's log, read back if it fails
    if gunicorn:
        command = [str(Path(sys.executable).with_name("gunicorn")), "--config", str(ROOT / "gunicorn.conf.py")]
        env = {"LOD_STORE": str(store), "LOD_PORT": str(port), **(env or {})}
    else:
        command = [sys.executable, "-m", "lod", "serve", "--store", str(store), "--port", str(port)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"lod serve exited: {log.read()}")
            try:
                if requests.get(url + "/void", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("lod serve did not answer within 30 s")
            time.sleep(0.1)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server, its workers and their query processes
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def family_server(family_store: Path) -> Iterator[str]:
    with serving(family_store) as url:
        yield url


def _our_processes() -> dict[int, str]:
    """Processes running this checkout's interpreter (the CLI, servers, their workers), by pid."""
    ours = {}
    interpreter = str(Path(sys.executable).parent)
    for entry in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = entry.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if command.startswith(interpreter) and int(entry.parent.name) != os.getpid():
            ours[int(entry.parent.name)] = command.strip()
    # this process's own resource tracker (its in-process builds) ends when the tests do: not left behind
    return {pid: c for pid, c in ours.items() if not (parent_of(pid) == os.getpid() and "resource_tracker" in c)}


def parent_of(pid: int) -> int:
    """A process's parent, from /proc (0 if it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


_BEFORE: dict[int, str] = {}


def pytest_sessionstart(session: pytest.Session) -> None:
    _BEFORE.update(_our_processes())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The suite leaves no process behind: every build, server and worker it started has ended."""
    deadline = time.monotonic() + 10
    while (left := {p: c for p, c in _our_processes().items() if p not in _BEFORE}) and time.monotonic() < deadline:
        time.sleep(0.2)
    if left:
        listed = "\n".join(f"  {pid}: {command}" for pid, command in sorted(left.items()))
        sys.stderr.write(f"\nthe tests left {len(left)} process(es) running:\n{listed}\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
