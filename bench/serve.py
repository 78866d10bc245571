"""HTTP throughput and latency of the served graph, with Oxigraph's own server as the reference.

    python -m bench.serve [--store DIR] [--duration 10] [--connections 8] [--json FILE]

Starts gunicorn as ``make serve`` does (``gunicorn.conf.py``) and ``oxigraph serve-read-only`` on
the same database, then drives each with ``wrk`` (Debian package ``wrk``) for a telegram's Turtle, its
HTML page, and a SELECT over all telegrams; the same SELECT goes to Oxigraph's server, which shows
what the store alone can do. Prints requests per second and the p50/p99 latencies.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SELECT_ALL_TELEGRAMS = """PREFIX tg: <https://w3id.org/telegram/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?telegram ?date ?title WHERE { ?telegram a tg:Telegram ; dcterms:date ?date ; dcterms:title ?title }
ORDER BY ?date"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, accept: str, duration: int, connections: int) -> dict[str, float]:
    command = [
        "wrk",
        "--latency",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "-H",
        f"Accept: {accept}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output)[1])  # type: ignore[index]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output)[1])  # type: ignore[index]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {"requests_per_s": rps, "p50_ms": p50, "p99_ms": p99, "errors": int(errors[1]) if errors else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="a built store (default: build data/sources into var/bench)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument(
        "--json", type=Path, default=ROOT / "var" / "bench" / "serve.json", help="where to write figures"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    store = args.store
    if store is None:
        store = ROOT / "var" / "bench" / "store"
        subprocess.run([BIN / "lod", "build", "-q", ROOT / "data" / "sources", "--store", store], check=False)
    database = (store / "current" / "oxigraph").resolve()
    import pyoxigraph as ox

    probe = ox.Store.read_only(str(database))
    telegram = next(iter(probe.query("SELECT ?t WHERE { ?t a <https://w3id.org/telegram/ns#Telegram> } LIMIT 1")))[0]
    base = json.loads((store / "current" / "build.json").read_text())["base_uri"]
    path = telegram.value[len(base) - 1 :].replace("/id/", "/doc/", 1)
    del probe

    ours, theirs = free_port(), free_port()
    env = {**os.environ, "LOD_STORE": str(store), "LOD_PORT": str(ours)}
    gunicorn = subprocess.Popen(
        [BIN / "gunicorn", "--config", ROOT / "gunicorn.conf.py", "--access-logfile", "/dev/null"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    oxigraph = subprocess.Popen(
        [BIN / "oxigraph", "serve-read-only", "--location", str(database), "--bind", f"127.0.0.1:{theirs}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{ours}/void")
        wait_for(f"http://127.0.0.1:{theirs}/query?query=ASK%7B%7D")
        query = urllib.parse.quote(SELECT_ALL_TELEGRAMS)
        targets = [
            ("telegram as Turtle", f"http://127.0.0.1:{ours}{path}.ttl", "text/turtle"),
            ("telegram as HTML", f"http://127.0.0.1:{ours}{path}.html", "text/html"),
            (
                "SELECT all telegrams",
                f"http://127.0.0.1:{ours}/sparql?query={query}",
                "application/sparql-results+json",
            ),
            (
                "same SELECT, oxigraph serve-read-only",
                f"http://127.0.0.1:{theirs}/query?query={query}",
                "application/sparql-results+json",
            ),
        ]
        results = {}
        for name, url, accept in targets:
            results[name] = wrk(url, accept, args.duration, args.connections)
    finally:
        gunicorn.terminate()
        oxigraph.terminate()
        gunicorn.wait()
        oxigraph.wait()

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"{args.connections} connections, {args.duration} s each, on {machine}; store {store}")
    print(f"{'target':40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, figures in results.items():
        print(
            f"{name:40} {figures['requests_per_s']:9.0f} {figures['p50_ms']:8.2f} {figures['p99_ms']:8.2f}"
            f" {figures['errors']:7d}"
        )
    ratio = results["SELECT all telegrams"]["p50_ms"] / max(
        results["same SELECT, oxigraph serve-read-only"]["p50_ms"], 1e-6
    )
    print(f"SELECT p50 latency, ours / Oxigraph's server: {ratio:.2f}x")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"machine": machine, "connections": args.connections, "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
