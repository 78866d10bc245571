"""Browse pages, the timeline, the correspondence network and citations, over the default build, in process."""

import json
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from lxml import etree
from werkzeug.test import TestResponse

from conftest import BASE, json_of, select

SEED = "telegram/wilson-1950-07-01-ciphered-telegram-shtykov-stalin-political-mood"
TG = "https://w3id.org/telegram/ns#"
MONTH_ONLY = f"{BASE}id/document/wilson-300638"  # dated "1967-11" in the Wilson export


@pytest.fixture
def room(client: FlaskClient) -> FlaskClient:
    return client


def get(room: FlaskClient, path: str, **params: str) -> TestResponse:
    response = room.get(path, query_string=params or None)
    assert response.status_code == 200, (path, response.text[:500])
    return response


# --- browse -----------------------------------------------------------------------------------------------


def test_browse_counts_match_the_graph(room: FlaskClient, seed_store: Path) -> None:
    page = get(room, "/browse").text
    archives = select(seed_store, f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?r <{TG}archive> ?a }}")[0]["n"]
    assert re.search(rf'href="/browse/archives">Archives</a></dt><dd>{archives}</dd>', page)
    persons = get(room, "/browse/persons").text
    # the most named person first, with the number of records naming him in any role
    first = re.search(r'<td><a href="/id/person/([^"]+)">([^<]+)</a></td>', persons)
    assert first is not None
    named = select(
        seed_store,
        f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <{TG}Document> ; ?p <{BASE}id/person/{first[1]}> }}",
    )[0]["n"]
    assert f'href="/search?name=person/{first[1]}">{named}</a>' in persons


def test_browse_finds_a_person_by_a_code_name(room: FlaskClient) -> None:
    page = get(room, "/browse/persons", q="Filippov").text
    assert '<a href="/id/person/stalin">Joseph Stalin</a>' in page and "Feng Xi" in page
    assert "Vyacheslav Molotov" not in page


def test_an_archive_shows_its_fond_opis_delo_tree(room: FlaskClient) -> None:
    page = get(room, "/browse/archives/aprf").text
    assert "Fond 45" in page and "Opis 1" in page and "Delo 346" in page
    link = re.search(r'<a href="([^"]+)">Delo 346</a>', page)
    assert link is not None
    found = json_of(get(room, link[1].replace("&amp;", "&").replace("/search?", "/search.json?")))
    assert [r["iri"] for r in found["results"]] == [f"{BASE}id/{SEED}"]
    assert room.get("/browse/archives/nowhere").status_code == 404


def test_an_entity_page_leads_to_its_records(room: FlaskClient) -> None:
    page = get(room, "/doc/person/stalin.html").text
    assert 'href="/search?name=person/stalin"' in page and 'href="/timeline?name=person/stalin"' in page
    found = json_of(get(room, "/search.json", name="person/stalin"))
    assert found["total"] == 1 and found["results"][0]["iri"] == f"{BASE}id/{SEED}"


# --- timeline ---------------------------------------------------------------------------------------------


def test_the_timeline_counts_every_dated_record_once_for_certain(room: FlaskClient, seed_store: Path) -> None:
    timeline = json_of(get(room, "/timeline.json"))
    dated = select(
        seed_store,
        f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <{TG}Document> ; <http://purl.org/dc/terms/date> ?date }}",
    )[0]["n"]
    assert timeline["dated"] == int(dated)
    assert timeline["unit"] == "year"
    assert sum(p["certain"] for p in timeline["periods"]) == timeline["dated"]  # each within its year


def test_a_month_only_date_is_a_range_not_a_point(room: FlaskClient) -> None:
    """A record dated "1967-11" drawn by day: possible on each of November's 30 days, certain on none."""
    timeline = json_of(get(room, "/timeline.json", **{"from": "1967-11-01", "to": "1967-12-15"}))
    assert timeline["unit"] == "day"
    november = [p for p in timeline["periods"] if p["start"].startswith("1967-11")]
    assert len(november) == 30 and all(p["possible"] == 1 for p in november)
    assert sum(p["certain"] for p in timeline["periods"]) == timeline["dated"] - 1  # the others have a day
    drawn = {d["iri"]: d for d in timeline["documents"]}
    assert drawn[MONTH_ONLY]["exact"] is False
    assert (drawn[MONTH_ONLY]["earliest"], drawn[MONTH_ONLY]["latest"]) == ("1967-11-01", "1967-11-30")
    page = get(room, "/timeline", **{"from": "1967-11-01", "to": "1967-12-15"}).text
    svg = etree.fromstring(page[page.index("<svg") : page.index("</svg>") + 6].encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    hatched = svg.findall(".//s:a[@class='bar']/s:rect[@class='possible']", ns)
    assert len(hatched) == 30
    ranges = svg.findall(".//s:a[@class='record range']/s:rect", ns)
    assert len(ranges) == 1 and float(ranges[0].get("width")) > 100  # a bar across the month, not a dot


def test_a_persons_timeline(room: FlaskClient) -> None:
    timeline = json_of(get(room, "/timeline.json", name="person/stalin"))
    assert timeline["dated"] == 1 and timeline["documents"][0]["exact"] is True
    page = get(room, "/timeline", name="person/stalin").text
    assert "<circle" in page and "Ciphered telegram, Shtykov to Stalin" in page


# --- network ----------------------------------------------------------------------------------------------


def test_the_network_weighs_edges_by_records(room: FlaskClient, seed_store: Path) -> None:
    network = json_of(get(room, "/network.json"))
    heaviest = network["edges"][0]
    counted = select(
        seed_store,
        f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d <{TG}sender> <{BASE}id/{heaviest['source']}> ; "
        f"<{TG}addressee> <{BASE}id/{heaviest['target']}> }}",
    )[0]["n"]
    assert heaviest["kind"] == "addressed" and heaviest["count"] == int(counted) > 10
    keys = {node["key"] for node in network["nodes"]}
    assert all(e["source"] in keys and e["target"] in keys for e in network["edges"])


def test_copies_are_a_second_kind_of_edge(room: FlaskClient) -> None:
    network = json_of(get(room, "/network.json", name="person/shtykov"))
    copied = {(e["source"], e["target"]) for e in network["edges"] if e["kind"] == "copied"}
    assert ("person/shtykov", "person/molotov") in copied
    assert ("person/shtykov", "person/stalin") in {(e["source"], e["target"]) for e in network["edges"]}


def test_the_network_filters_by_period(room: FlaskClient) -> None:
    everything = json_of(get(room, "/network.json"))
    spring = json_of(get(room, "/network.json", **{"from": "1894-01", "to": "1894-03"}))
    assert 0 < sum(e["count"] for e in spring["edges"]) < sum(e["count"] for e in everything["edges"])
    assert json_of(get(room, "/network.json", **{"from": "1700", "to": "1701"})) == {"nodes": [], "edges": []}


# --- citations --------------------------------------------------------------------------------------------


def test_a_record_cites_itself_in_three_formats(room: FlaskClient) -> None:
    item = json_of(get(room, f"/cite/{SEED}", format="csl"))
    assert item["type"] == "manuscript" and item["URL"] == f"{BASE}id/{SEED}"
    assert item["author"] == [{"literal": "Terentii Shtykov"}] and item["recipient"] == [{"literal": "Joseph Stalin"}]
    assert item["issued"] == {"date-parts": [[1950, 7, 1]]}
    assert item["archive_location"] == "Fond 45, Opis 1, Delo 346, Listy 105-107"
    bib = get(room, f"/cite/{SEED}", format="bibtex").text
    assert bib.startswith("@misc{wilson-1950-07-01") and "year = {1950}" in bib and f"url = {{{BASE}id/{SEED}}}" in bib
    assert bib.count("{") == bib.count("}")
    text = get(room, f"/cite/{SEED}", format="text").text
    assert text.startswith("Terentii Shtykov to Joseph Stalin, “Ciphered telegram") and f"{BASE}id/{SEED}" in text


def test_the_uri_resolves_to_a_citation_as_a_doi_does(room: FlaskClient) -> None:
    for media in ("application/vnd.citationstyles.csl+json", "application/x-bibtex", "text/x-bibliography"):
        response = room.get(f"/id/{SEED}", headers={"Accept": media}, follow_redirects=True)
        assert response.headers["Content-Type"].split(";")[0] in (media, "text/plain")
        assert response.history[0].status_code == 303
    response = room.get(f"/id/{SEED}", headers={"Accept": "text/turtle"})
    assert response.headers["Location"].endswith(".ttl")  # RDF stays RDF


def test_a_month_only_date_is_cited_as_a_month(room: FlaskClient) -> None:
    item = json_of(get(room, "/cite/document/wilson-300638", format="csl"))
    assert item["issued"] == {"date-parts": [[1967, 11]]}
    bib = get(room, "/cite/document/wilson-300638", format="bibtex").text
    assert "date = {1967-11}" in bib
    json.dumps(item)  # plain JSON


def test_the_page_offers_the_citation(room: FlaskClient) -> None:
    page = get(room, f"/doc/{SEED}.html").text
    assert '<section class="cite"' in page and "?format=bibtex" in page and "Listy 105-107" in page


# --- the map ----------------------------------------------------------------------------------------------


def test_the_map_counts_the_routes_the_graph_holds(room: FlaskClient, seed_store: Path) -> None:
    """Each route from the place sent from to the place sent to, written or inferred from the addressee's
    post, counts what SPARQL counts; a telegram that writes its destination is never inferred."""
    counted = select(
        seed_store,
        f"""SELECT ?from ?to (SUM(?w) AS ?written) (SUM(?i) AS ?inferred) WHERE {{
              {{ ?t <{TG}sentFrom> ?from ; <{TG}sentTo> ?to BIND(1 AS ?w) BIND(0 AS ?i) }}
              UNION {{ ?t <{TG}sentFrom> ?from ; <{TG}inferredSentTo> ?to BIND(0 AS ?w) BIND(1 AS ?i) }}
              FILTER(?from != ?to) }} GROUP BY ?from ?to""",
    )
    routes = json_of(get(room, "/map.json"))
    assert routes["routes"], "the default build has routes"
    drawn = {(r["source"], r["target"]): (r["written"], r["inferred"]) for r in routes["routes"]}
    expected = {
        (row["from"].split("/id/")[1], row["to"].split("/id/")[1]): (int(row["written"]), int(row["inferred"]))
        for row in counted
    }
    assert drawn == expected
    assert not select(seed_store, f"SELECT ?t WHERE {{ ?t <{TG}sentTo> ?a ; <{TG}inferredSentTo> ?b }}")
    places = {p["key"]: p for p in routes["places"]}
    assert places["place/washington"]["latitude"] == pytest.approx(38.895, abs=0.01)
    page = get(room, "/map").text
    assert "<svg" in page and "<script" not in page and 'class="route' in page


def test_places_are_located_by_geonames(seed_store: Path) -> None:
    geo = "http://www.w3.org/2003/01/geo/wgs84_pos#"
    [pyongyang] = select(
        seed_store,
        f"""SELECT ?lat ?long ?same ?point WHERE {{ <{BASE}id/place/pyongyang> <{geo}lat> ?lat ; <{geo}long> ?long ;
              <http://www.w3.org/2002/07/owl#sameAs> ?same ; <https://schema.org/geo> ?point }}""",
    )
    assert float(pyongyang["lat"]) == pytest.approx(39.03, abs=0.01) and float(pyongyang["long"]) > 125
    assert pyongyang["same"] == "https://sws.geonames.org/1871859/"  # GeoNames' id, from the package's data
    # a country is an area: its GeoNames id, no point
    assert not select(seed_store, f"SELECT ?lat WHERE {{ <{BASE}id/place/nicaragua> <{geo}lat> ?lat }}")
