"""The public endpoint's limits: a query past its time is stopped, a long result is cut and says so.

Served by gunicorn with the project's own configuration (two synchronous workers), as `make serve`
runs it, with the limits set low so that the family store can reach them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph
from SPARQLWrapper import JSON, SPARQLWrapper

from conftest import serving

#: every triple against every triple against every triple: hours on the family store
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ONE_TELEGRAM = "SELECT ?t WHERE { ?t a <https://w3id.org/telegram/ns#Telegram> } LIMIT 1"


@pytest.fixture(scope="module")
def limited(family_store: Path) -> Iterator[str]:
    with serving(family_store, {"LOD_QUERY_TIMEOUT": "2", "LOD_RESULT_LIMIT": "5"}, gunicorn=True) as url:
        yield url


def ask(url: str, query: str, accept: str = "application/sparql-results+json") -> requests.Response:
    return requests.get(f"{url}/sparql", params={"query": query}, headers={"Accept": accept}, timeout=60)


def _query_processes_cpu(server: str) -> float:
    """CPU seconds used so far by every process of this machine that runs our query processes."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if b"multiprocessing.spawn" in command:
            total += (int(stat[11]) + int(stat[12])) / ticks
    return total


def test_a_query_past_its_time_is_stopped_and_others_are_served_meanwhile(limited: str) -> None:
    outcome: dict[str, object] = {}

    def hostile() -> None:
        started = time.monotonic()
        outcome["response"] = ask(limited, ENDLESS)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=hostile)
    thread.start()
    time.sleep(0.5)
    served = []
    while thread.is_alive():  # the other worker keeps answering
        started = time.monotonic()
        response = ask(limited, ONE_TELEGRAM)
        served.append((response.status_code, time.monotonic() - started))
        time.sleep(0.2)
    thread.join()
    response = outcome["response"]
    assert isinstance(response, requests.Response)
    assert response.status_code == 503, response.text
    assert "ran for 2 s (LOD_QUERY_TIMEOUT) and was stopped" in response.text
    assert 2 <= float(outcome["seconds"]) < 8  # type: ignore[arg-type]
    assert served and all(status == 200 and seconds < 1.5 for status, seconds in served), served
    # stopped, not abandoned: no query process goes on burning CPU after the answer
    before = _query_processes_cpu(limited)
    time.sleep(1.5)
    assert _query_processes_cpu(limited) - before < 0.5
    assert ask(limited, ONE_TELEGRAM).status_code == 200


def test_a_long_result_is_cut_at_the_limit_and_says_so(limited: str) -> None:
    response = ask(limited, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert response.status_code == 200
    assert response.headers["Result-Truncated"] == "limit=5"
    body = response.json()
    assert len(body["results"]["bindings"]) == 5
    assert body["head"]["link"] == [f"{limited}/sparql#limits"]
    # a real client reads the cut result as any other
    client = SPARQLWrapper(f"{limited}/sparql")
    client.setQuery("SELECT ?s WHERE { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    assert len(client.queryAndConvert()["results"]["bindings"]) == 5  # type: ignore[index,call-overload]


def test_a_long_graph_is_cut_and_still_parses(limited: str) -> None:
    response = ask(limited, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert response.headers["Result-Truncated"] == "limit=5"
    assert len(Graph().parse(data=response.text, format="turtle")) == 5
    assert response.text.rstrip().splitlines()[-1].startswith("# truncated: more than 5 triples")


def test_a_short_result_is_whole_and_unmarked(limited: str) -> None:
    response = ask(limited, ONE_TELEGRAM)
    assert "Result-Truncated" not in response.headers and "link" not in response.json()["head"]


def test_the_query_page_explains_the_limits(limited: str) -> None:
    page = ask(limited, "SELECT * WHERE { ?s ?p ?o }", "text/html").text
    assert "5 rows shown" in page and 'id="limits"' in page and "at most 2 seconds" in page
