"""The capped result writers say what Oxigraph's own writers say, and mark where they cut."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from lod.results import write_result

EX = "http://example.org/"
AWKWARD: list[ox.NamedNode | ox.BlankNode | ox.Literal] = [
    ox.Literal("plain"),
    ox.Literal("Пхеньян", language="ru"),
    ox.Literal('quotes " and \\ backslash', language="en"),
    ox.Literal("line\nbreak\tand tab, comma"),
    ox.Literal("<script>&amp;</script>"),
    ox.Literal("1950-07-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
    ox.Literal("405809", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.NamedNode(EX + "a?b=c&d"),
    ox.BlankNode("b1"),
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for number, value in enumerate(AWKWARD):
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{number}"), ox.NamedNode(EX + "p"), value))
    return store


SELECT = f"SELECT ?s ?o ?missing WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}none> ?missing }} }} ORDER BY ?s"


@pytest.mark.parametrize(
    "media",
    ["application/sparql-results+json", "application/sparql-results+xml", "text/tab-separated-values"],
)
def test_rows_read_back_as_oxigraph_writes_them(store: ox.Store, media: str) -> None:
    fmt = ox.QueryResultsFormat.from_media_type(media)
    solutions = store.query(SELECT)
    assert isinstance(solutions, ox.QuerySolutions) and fmt is not None
    theirs = ox.parse_query_results(solutions.serialize(format=fmt), format=fmt)
    written = write_result(store.query(SELECT), media, limit=100)
    ours = ox.parse_query_results(written.body, format=fmt)
    assert isinstance(ours, ox.QuerySolutions) and isinstance(theirs, ox.QuerySolutions)
    assert [v.value for v in ours.variables] == ["s", "o", "missing"]
    rows = [[row[n] for n in ("s", "o", "missing")] for row in ours]
    assert rows == [[row[n] for n in ("s", "o", "missing")] for row in theirs]
    assert len(rows) == written.count == len(AWKWARD) and not written.truncated


def test_csv_is_oxigraphs_csv(store: ox.Store) -> None:
    solutions = store.query(SELECT)
    assert isinstance(solutions, ox.QuerySolutions)
    theirs = solutions.serialize(format=ox.QueryResultsFormat.CSV)
    assert write_result(store.query(SELECT), "text/csv", limit=100).body == theirs


def test_a_cut_result_says_so_where_the_format_allows(store: ox.Store) -> None:
    about = "http://127.0.0.1:5000/sparql#limits"
    cut = write_result(store.query(SELECT), "application/sparql-results+json", 3, about)
    body = json.loads(cut.body)
    assert cut.truncated and cut.count == 3 and len(body["results"]["bindings"]) == 3
    assert body["head"]["link"] == [about]
    xml = write_result(store.query(SELECT), "application/sparql-results+xml", 3, about)
    assert f'<link href="{about}"/>' in xml.body.decode()
    assert len(list(ox.parse_query_results(xml.body, format=ox.QueryResultsFormat.XML))) == 3  # type: ignore[arg-type]
    whole = write_result(store.query(SELECT), "application/sparql-results+json", len(AWKWARD), about)
    assert not whole.truncated and "link" not in json.loads(whole.body)["head"]


@pytest.mark.parametrize("media", ["text/turtle", "application/n-triples", "application/rdf+xml"])
def test_a_cut_graph_still_parses_and_ends_with_a_note(store: ox.Store, media: str) -> None:
    construct = "CONSTRUCT WHERE { ?s ?p ?o }"
    cut = write_result(store.query(construct), media, 4, "http://127.0.0.1:5000/sparql#limits")
    assert cut.truncated and cut.count == 4
    assert len(list(ox.parse(cut.body, format=ox.RdfFormat.from_media_type(media)))) == 4
    assert "truncated: more than 4 triples" in cut.body.decode().splitlines()[-1]
    whole = write_result(store.query(construct), media, len(AWKWARD))
    assert not whole.truncated and b"truncated" not in whole.body


def test_ask_is_not_capped(store: ox.Store) -> None:
    answer = write_result(store.query("ASK { ?s ?p ?o }"), "application/sparql-results+json", 1)
    assert json.loads(answer.body)["boolean"] is True and not answer.truncated
