"""HTTP throughput and latency: our endpoint under gunicorn against two reference systems.

Three servers on loopback, each given the same data and asked the same questions:

- ours: ``gunicorn --config gunicorn.conf.py`` (2 synchronous workers), as ``make serve`` runs it;
- Oxigraph's own server, ``oxigraph serve-read-only`` on the same database: the limit of what our
  store can do, with no Python in the way;
- rdflib-endpoint, the nearest Python peer (FastAPI over an in-memory rdflib graph loaded from the
  N-Triples dump), installed from PyPI into its own environment under ``var/bench``, never into the
  project's.

Each question of the mix and each of our ``/doc/…`` representations is driven with ``wrk``
(Debian package) at each concurrency; a question whose single request takes long gets a longer
run, so that every figure rests on several requests.
"""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import statistics
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .common import BIN, ROOT, WORK, free_port, table, wait_for
from .mix import database, questions, sample

RESULTS_JSON = "application/sparql-results+json"
REPORT = Path(__file__).with_name("wrk_report.lua")
RDFLIB_ENDPOINT = WORK / "rdflib-endpoint"


@dataclass
class Server:
    name: str
    base: str
    query_path: str
    process: subprocess.Popen[bytes]

    def query_url(self, sparql: str) -> str:
        return f"{self.base}{self.query_path}?query={urllib.parse.quote(sparql)}"


def start_quietly(command: list[str | Path], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """A server in a session of its own (so that it can be stopped with its children), its output discarded."""
    return subprocess.Popen(
        [str(part) for part in command],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def ours(store: Path) -> Iterator[Server]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOD_")}
    # the per-client limits off: wrk is one client at thousands of requests a second
    env.update(LOD_STORE=str(store), LOD_PORT=str(port), LOD_RATE_LIMIT="0", LOD_CLIENT_QUERIES="10000")
    env.update(LOD_WEB_WORKERS="2")  # the measure: gunicorn with 2 workers
    process = start_quietly(
        [BIN / "gunicorn", "--config", ROOT / "gunicorn.conf.py", "--access-logfile", "/dev/null"], env
    )
    server = Server("ours", f"http://127.0.0.1:{port}", "/sparql", process)
    try:
        wait_for(f"{server.base}/void", 60, process)
        yield server
    finally:
        _stop(process)


@contextmanager
def oxigraph(store: Path) -> Iterator[Server]:
    port = free_port()
    process = start_quietly(
        [BIN / "oxigraph", "serve-read-only", "--location", database(store), "--bind", f"127.0.0.1:{port}"]
    )
    server = Server("oxigraph", f"http://127.0.0.1:{port}", "/query", process)
    try:
        wait_for(server.query_url("ASK {}"), 60, process)
        yield server
    finally:
        _stop(process)


def _rdflib_endpoint() -> Path:
    """rdflib-endpoint's command, installed on first use into its own virtual environment."""
    command = RDFLIB_ENDPOINT / "bin" / "rdflib-endpoint"
    if not command.exists():
        print(f"installing rdflib-endpoint from PyPI into {RDFLIB_ENDPOINT} (benchmarks only)")
        subprocess.run(["python3", "-m", "venv", RDFLIB_ENDPOINT], check=True)
        pip = RDFLIB_ENDPOINT / "bin" / "pip"
        subprocess.run([pip, "install", "-q", "rdflib-endpoint[cli]", "uvicorn"], check=True)
    return command


@contextmanager
def rdflib_endpoint(store: Path, records: int) -> Iterator[Server]:
    dump = WORK / f"dump-{records}.nt"
    if not dump.exists():
        with gzip.open(store / "current" / "dumps" / "dataset.nt.gz", "rb") as source, dump.open("wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
    port = free_port()
    process = start_quietly([_rdflib_endpoint(), "serve", dump, "--host", "127.0.0.1", "--port", str(port)])
    server = Server("rdflib-endpoint", f"http://127.0.0.1:{port}", "/", process)  # its CLI serves SPARQL at /
    try:
        started = time.monotonic()
        wait_for(server.query_url("ASK {}"), 1800, process)
        print(f"rdflib-endpoint loaded {dump.name} in {time.monotonic() - started:.0f} s")
        yield server
    finally:
        _stop(process)


def probe(url: str, accept: str) -> tuple[int, float]:
    """One request: its status and seconds."""
    started = time.monotonic()
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - started


def settle(server: Server, seconds: float = 900) -> float:
    """Wait until the server is idle again; the seconds it took.

    When wrk stops, a slow server is still working through the requests it had accepted (a
    Python server with 32 abandoned queries, minutes of them); the next measurement would pay
    for them. A trivial query answered promptly means the backlog is gone.
    """
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        status, took = probe(server.query_url("ASK {}"), RESULTS_JSON)
        if status == 200 and took < 0.2:
            break
        time.sleep(1)
    return time.monotonic() - started


def wrk(url: str, accept: str, connections: int, seconds: float) -> dict[str, Any]:
    """Requests per second and latency percentiles (ms) of ``url`` at ``connections``."""
    status, single = probe(url, accept)
    if status != 200:
        return {"status": status, "error": f"answered {status}"}
    duration = max(seconds, min(120.0, 5 * single * connections))
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration:.0f}s",
        "--timeout",
        "600s",
        "-s",
        str(REPORT),
        "-H",
        f"Accept: {accept}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    values = dict(line.split(" ", 1) for line in output.splitlines() if line.split(" ", 1)[0] in _KEYS)
    requests = int(values["requests"])
    return {
        "requests": requests,
        "errors": int(values["errors"]),
        "requests_per_s": round(requests / (int(values["duration_us"]) / 1e6), 1),
        **{f"p{p}_ms": round(int(values[f"p{p}"]) / 1000, 2) for p in (50, 95, 99)},
    }


_KEYS = {"requests", "duration_us", "errors", "p50", "p95", "p99"}
DOCUMENTS = ("doc_turtle", "doc_html", "doc_person_html")


def run(
    store: Path,
    records: int,
    concurrency: list[int],
    seconds: float,
    references: list[str],
    only: list[str] | None = None,
) -> dict[str, Any]:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed for the HTTP benchmark: apt-get install wrk")
    mix = questions(store)
    telegram, person = sample(store)
    base_uri = telegram[: telegram.index("/id/") + 1]
    document, person_document = (iri[len(base_uri) - 1 :].replace("/id/", "/doc/", 1) for iri in (telegram, person))
    figures: dict[str, Any] = {"records": records, "concurrency": concurrency, "seconds": seconds, "systems": {}}
    systems: list[tuple[str, Callable[[], AbstractContextManager[Server]]]] = [("ours", lambda: ours(store))]
    if "oxigraph" in references:
        systems.append(("oxigraph", lambda: oxigraph(store)))
    if "rdflib-endpoint" in references:
        systems.append(("rdflib-endpoint", lambda: rdflib_endpoint(store, records)))
    with ExitStack() as running:
        # All servers up at once and measured in turn, question by question: an idle server costs
        # nothing, and the ratios compare figures taken minutes apart, not a quarter of an hour,
        # on a shared machine whose speed drifts. Only the measured server is ever busy.
        servers = {name: running.enter_context(starter()) for name, starter in systems}
        targets = [(q.name, q.sparql, RESULTS_JSON) for q in mix]
        targets += [
            ("doc_turtle", f"{document}.ttl", "text/turtle"),
            ("doc_html", f"{document}.html", "text/html"),
            ("doc_person_html", f"{person_document}.html", "text/html"),  # the telegram's sender: many telegrams
        ]
        targets = [target for target in targets if not only or target[0] in only]
        for target, what, accept in targets:
            for c in concurrency:
                for name, server in servers.items():
                    if target.startswith("doc_") and name != "ours":
                        continue
                    url = server.query_url(what) if accept == RESULTS_JSON else f"{server.base}{what}"
                    measured = figures["systems"].setdefault(name, {}).setdefault(target, {})
                    measured[str(c)] = wrk(url, accept, c, seconds)
                    settle(server)
    figures["ratios"] = ratios(figures["systems"], [q.name for q in mix], concurrency)
    report(figures, mix_names={q.name: q.description for q in mix})
    return figures


def ratios(systems: dict[str, Any], names: list[str], concurrency: list[int]) -> dict[str, Any]:
    """Per concurrency: our p50 over Oxigraph's, and rdflib-endpoint's over ours, median over the mix."""

    def p50(system: str, name: str, c: int) -> float | None:
        value = systems.get(system, {}).get(name, {}).get(str(c), {}).get("p50_ms")
        return float(value) if value else None

    out: dict[str, Any] = {}
    for c in concurrency:
        entry: dict[str, Any] = {}
        for label, slower, faster in (
            ("ours_over_oxigraph", "ours", "oxigraph"),
            ("rdflib_endpoint_over_ours", "rdflib-endpoint", "ours"),
        ):
            pairs = [(p50(slower, n, c), p50(faster, n, c)) for n in names]
            values = [s / f for s, f in pairs if s and f]
            if len(values) == len(names):
                entry[label] = {"median": round(statistics.median(values), 2), "each": [round(v, 2) for v in values]}
        out[str(c)] = entry
    return out


def report(figures: dict[str, Any], mix_names: dict[str, str]) -> None:
    systems = figures["systems"]
    print(f"HTTP on loopback, {figures['records']:,} records: p50/p99 in ms, requests per second")
    rows = []
    for target in [*mix_names, *DOCUMENTS]:
        if not any(target in measured for measured in systems.values()):
            continue
        for c in figures["concurrency"]:
            row: list[object] = [target, c]
            for system in ("ours", "oxigraph", "rdflib-endpoint"):
                cell = systems.get(system, {}).get(target, {}).get(str(c))
                if cell and "p50_ms" in cell:
                    row += [cell["requests_per_s"], cell["p50_ms"], cell["p99_ms"]]
                else:
                    row += [float("nan")] * 3
            rows.append(row)
    headers = ["target", "conc"]
    for system in ("ours", "oxigraph", "rdflib-ep"):
        headers += [f"{system} req/s", "p50", "p99"]
    print(table(headers, rows))
    for c, entry in figures["ratios"].items():
        for label, value in entry.items():
            print(f"concurrency {c}: {label.replace('_', ' ')} (median p50 ratio over the mix): {value['median']}x")
