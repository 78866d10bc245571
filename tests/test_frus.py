"""FRUS TEI volumes: the spot check of FRUS 1918 Russia III document 2, persons lists, offices, places."""

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import DATA, SHARED, select
from lod.finding_aid import FindingAid, Selection
from lod.record import Record, Rejection
from lod.sources import frus

EXCERPT = DATA / "frus" / "frus1918Russiav03-excerpt.xml"


def documents(path: Path = EXCERPT) -> dict[str, Record]:
    found = {}
    for item in frus.read(path, str(path)):
        assert isinstance(item, Record), item
        found[item.identifier or ""] = item
    return found


def test_frus_1918_russia_iii_document_2_field_by_field() -> None:
    d2 = documents()["d2"]
    assert (d2.kind, d2.key) == ("telegram", "frus1918Russiav03-d2")
    assert d2.title == "The Ambassador in Russia (Francis) to the Secretary of State"
    assert d2.date.isoformat() == "1917-04-06"
    assert d2.sent_at == dt.datetime(1917, 4, 6, 12, 0)
    assert d2.received_at == dt.datetime(1917, 4, 8, 19, 45)
    assert d2.sent_from.written == "Petrograd"
    assert (d2.sender.written, d2.sender.note) == ("Francis, David R.", "Ambassador in Russia")
    assert [(a.written, a.note) for a in d2.addressees] == [("Lansing, Robert", "Secretary of State")]
    assert (d2.telegram_numbers, d2.in_reply_to_number) == (["1161"], "1295")
    [reference] = d2.references
    assert (reference.reference_code, reference.as_written) == ("861.51/133", "File No. 861.51/133")
    assert d2.url == "https://history.state.gov/historicaldocuments/frus1918Russiav03/d2"
    assert d2.body.startswith("1161. Your 1295. For Secretary of Treasury:")
    assert d2.citation.startswith("Papers Relating to the Foreign Relations of the United States, 1918, Russia")


def test_the_telegram_it_answers() -> None:
    d1 = documents()["d1"]
    assert (d1.telegram_numbers, d1.sent_from.written, d1.sender.written) == (["1295"], "Washington", "Lansing, Robert")
    assert [a.written for a in d1.addressees] == ["Francis, David R."]


def test_the_spot_check_through_the_store(build_store) -> None:
    store, done = build_store(EXCERPT, name="frus-excerpt")
    assert done.returncode == 0, done.stdout + done.stderr
    [row] = select(
        store,
        """SELECT ?sender ?addressee ?place ?date ?sent ?received ?n ?reply ?file WHERE {
             ?t dcterms:identifier "frus1918Russiav03-d2" ; a tg:Telegram ; tg:sender/skos:altLabel ?sender ;
                tg:addressee/skos:prefLabel ?addressee ; tg:sentFrom ?p ; dcterms:date ?date ; tg:sentAt ?sent ;
                tg:receivedAt ?received ; tg:telegramNumber ?n ; tg:inReplyToNumber ?reply ;
                tg:archivalReference/tg:referenceCode ?file .
             ?p skos:altLabel "Petrograd" ; skos:prefLabel ?place . FILTER(?sender = "David R. Francis") }""",
    )
    assert row == {
        "sender": "David R. Francis",
        "addressee": "Robert Lansing",
        "place": "Saint Petersburg",
        "date": "1917-04-06",
        "sent": "1917-04-06T12:00:00",
        "received": "1917-04-08T19:45:00",
        "n": "1161",
        "reply": "1295",
        "file": "861.51/133",
    }
    names = select(
        store,
        """SELECT ?name ?from ?until WHERE { ?p skos:prefLabel "Saint Petersburg" ; tg:nameInTime ?n .
             ?n rdfs:label ?name . OPTIONAL { ?n tg:usedFrom ?from } OPTIONAL { ?n tg:usedUntil ?until } }""",
    )
    assert {"name": "Petrograd", "from": "1914", "until": "1924"} in names


def test_places_and_offices_resolve_to_one_entity(build_store) -> None:
    store, _ = build_store(EXCERPT, name="frus-excerpt-places")
    places = select(store, "SELECT DISTINCT ?place WHERE { ?t tg:sentFrom/skos:prefLabel ?place }")
    assert {p["place"] for p in places} == {"Washington, D.C.", "Saint Petersburg", "Moscow", "Beijing"}
    lansing = select(
        store,
        """SELECT DISTINCT ?t WHERE { { ?t tg:sender ?p } UNION { ?t tg:addressee ?p }
             ?p skos:prefLabel "Robert Lansing" }""",
    )
    # he sent d1 and, as "the Secretary of State" the volume's list of persons names, received the others
    assert {r["t"].rsplit("-", 1)[-1] for r in lansing} == {"d1", "d2", "d46", "d234"}


def test_an_undated_document_is_rejected_with_its_reason(tmp_path: Path) -> None:
    text = EXCERPT.read_text().replace('when="1917-04-06T12:00:00"', "")
    text = text.replace("April 6,\n                                        1917, 12 p.m.", "[undated]")
    path = tmp_path / "frus-undated.xml"
    path.write_text(text)
    d2 = documents(path)["d2"]
    assert [p.rule for p in d2.problems] == ["frus:no-date"]


@pytest.mark.parametrize("name", ["frus1918Russiav03.xml", "frus1901China.xml", "frus1934v04.xml"])
def test_telegram_heavy_volumes_read_whole(corpora: Path, name: str) -> None:
    path = SHARED / "frus" / "volumes" / name
    items = list(frus.read(path, name))
    telegrams = [i for i in items if isinstance(i, Record) and i.kind == "telegram"]
    assert len(items) > 300 and len(telegrams) > 100
    assert sum(1 for t in telegrams if t.sent_from) > 0.9 * len(telegrams)
    assert sum(1 for t in telegrams if t.sender) > 0.8 * len(telegrams)
    assert not [i for i in items if isinstance(i, Rejection)]


def test_all_25_volumes_and_the_finding_aid_build(corpora: Path, build_store) -> None:
    """The whole FRUS corpus (10,690 documents) and the EAD file, in one build (about two minutes)."""
    store, done = build_store(corpora / "frus" / "volumes", corpora / "ead", name="all-frus")
    assert done.returncode == 1, done.stdout + done.stderr  # undated documents are listed, the rest published
    assert "Traceback" not in done.stderr
    manifest = json.loads((store / "current" / "build.json").read_text())
    assert manifest["read"] == 10690 + 271
    assert manifest["published"] + manifest["rejected"] == manifest["read"]
    volumes = {Path(s).name: c for s, c in manifest["by_source"].items() if s.endswith(".xml")}
    assert len(volumes) == 26
    telegrams = sum(c.get("telegram", 0) for c in volumes.values())
    assert 3700 <= telegrams <= 4100, telegrams
    assert volumes["frus1934v04.xml"]["telegram"] > 500
    # undated, or dated outside the years a volume can hold with no print to correct it from: each said so
    assert set(manifest["rejected_by_rule"]) <= {"frus:no-date", "frus:date", "frus:date-out-of-range", "ead:date"}
    rejects = [json.loads(line) for line in (store / "current" / "rejects.jsonl").read_text().splitlines()]
    assert len(rejects) == manifest["rejected"] and all(r["message"] and r["record"] for r in rejects)
    _the_catalogue_holds_every_record_with_its_range(store, manifest["published"])


def _the_catalogue_holds_every_record_with_its_range(store: Path, published: int) -> None:
    """Every published record is in the catalogue; editors' date ranges (FRUS "[1918?]", EAD spans) stay ranges."""
    aid = FindingAid(store / "current" / "catalogue.sqlite")
    assert aid.counts()["document"] == published
    tg = "https://w3id.org/telegram/ns#"
    ranges = select(
        store,
        f"SELECT ?d ?e ?l WHERE {{ ?d <{tg}earliestDate> ?e ; <{tg}latestDate> ?l FILTER(?e != ?l) }} ORDER BY ?d",
    )
    assert len(ranges) > 50
    for row in ranges[:: max(1, len(ranges) // 25)]:
        hit = aid.document(row["d"])
        assert hit is not None and (hit.earliest, hit.latest) == (row["e"], row["l"]) and hit.uncertain
    # by year: a range within one year is certain in it; one across years is possible in each, certain in none
    crossing = sum(1 for row in ranges if row["e"][:4] != row["l"][:4])
    timeline = aid.timeline(Selection())
    assert timeline.unit == "year" and crossing > 0
    assert sum(b.certain for b in timeline.bins) == timeline.dated - crossing
    assert sum(b.possible for b in timeline.bins) >= 2 * crossing
