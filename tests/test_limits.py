"""The public endpoint's limits: a query past its time is stopped, a long result is cut and says so.

Served by gunicorn with the project's own configuration (two synchronous workers), as `make serve`
runs it, with the limits set low so that the family store can reach them.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from rdflib import Graph
from SPARQLWrapper import JSON, SPARQLWrapper

from conftest import serving

#: every triple against every triple against every triple: hours on the family store
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ONE_TELEGRAM = "SELECT ?t WHERE { ?t a <https://w3id.org/telegram/ns#Telegram> } LIMIT 1"


HOSTILE, HISTORIAN = "198.51.100.7", "203.0.113.5"  # clients as a trusted proxy names them


@pytest.fixture(scope="module")
def limited(family_store: Path) -> Iterator[str]:
    settings = {"LOD_QUERY_TIMEOUT": "2", "LOD_RESULT_LIMIT": "5", "LOD_TRUSTED_PROXIES": "1"}
    settings |= {"LOD_RATE_LIMIT": "5", "LOD_MAX_QUERY_LENGTH": "2000", "LOD_MAX_BODY": "4000"}
    with serving(family_store, settings, gunicorn=True) as url:
        yield url


def ask(
    url: str, query: str, accept: str = "application/sparql-results+json", client: str = HISTORIAN
) -> requests.Response:
    headers = {"Accept": accept, "X-Forwarded-For": client}
    return requests.get(f"{url}/sparql", params={"query": query}, headers=headers, timeout=60)


def _query_processes_cpu() -> float:
    """CPU seconds used so far by every query process on this machine (``python -m lod.runner``)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if b"\0lod.runner\0" in command:
            total += (int(stat[11]) + int(stat[12])) / ticks
    return total


def test_a_query_past_its_time_is_stopped_and_others_are_served_meanwhile(limited: str) -> None:
    outcome: dict[str, Any] = {}

    def hostile() -> None:
        started = time.monotonic()
        outcome["response"] = ask(limited, ENDLESS, client=HOSTILE)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=hostile)
    thread.start()
    time.sleep(0.5)
    burning = _query_processes_cpu()
    time.sleep(0.5)
    assert _query_processes_cpu() - burning > 0.2  # the endless query is seen at work
    served = []
    again = ask(limited, ONE_TELEGRAM, client=HOSTILE)  # one running query per client
    while thread.is_alive():  # the other worker keeps answering the others
        started = time.monotonic()
        response = ask(limited, ONE_TELEGRAM)
        served.append((response.status_code, time.monotonic() - started))
        time.sleep(0.25)
    thread.join()
    assert again.status_code == 429 and again.headers["Retry-After"] == "1"
    assert "already has 1 queries running" in again.text
    response = outcome["response"]
    assert isinstance(response, requests.Response)
    assert response.status_code == 503, response.text
    assert "ran for 2 s (LOD_QUERY_TIMEOUT) and was stopped" in response.text
    assert 2 <= float(outcome["seconds"]) < 8
    assert served and all(status == 200 and seconds < 1.5 for status, seconds in served), served
    # stopped, not abandoned: no query process goes on burning CPU after the answer
    before = _query_processes_cpu()
    time.sleep(1.5)
    assert _query_processes_cpu() - before < 0.5
    assert ask(limited, ONE_TELEGRAM, client=HOSTILE).status_code == 200  # its count was given back


def test_a_client_past_its_rate_waits_and_the_others_do_not(limited: str) -> None:
    greedy = "192.0.2.44"
    statuses = [ask(limited, ONE_TELEGRAM, client=greedy) for _ in range(25)]  # 5 a second, bursts of 10
    refused = [r for r in statuses if r.status_code == 429]
    assert refused and all(r.status_code == 200 for r in statuses[:10])
    assert int(refused[0].headers["Retry-After"]) >= 1 and "requests a second" in refused[0].text
    assert ask(limited, ONE_TELEGRAM, client="192.0.2.45").status_code == 200
    time.sleep(1.2)
    assert ask(limited, ONE_TELEGRAM, client=greedy).status_code == 200  # the bucket fills again


def test_oversized_requests_are_refused(limited: str) -> None:
    long_query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 2100
    response = requests.post(
        f"{limited}/sparql",
        data=long_query.encode(),
        headers={"Content-Type": "application/sparql-query", "X-Forwarded-For": "192.0.2.60"},
        timeout=30,
    )
    assert response.status_code == 413 and "this server takes 2,000" in response.text
    body = requests.post(
        f"{limited}/sparql",
        data={"query": "ASK {}", "padding": "x" * 5000},
        headers={"X-Forwarded-For": "192.0.2.61"},
        timeout=30,
    )
    assert body.status_code == 413


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
    assert "5 rows shown" in page and page.count('id="limits"') == 1 and "at most 2 seconds" in page
    assert re.search(r"<title>Query results · [^<]{1,60}</title>", page)  # the section went once into the title too
