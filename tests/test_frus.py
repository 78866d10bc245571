"""FRUS TEI volumes: the spot check of FRUS 1918 Russia III document 2, persons lists, offices, places."""

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, SHARED, BuildStore, run_lod, select
from lod.index import Index, Selection
from lod.offices import is_office_only
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


def test_the_spot_check_through_the_store(build_store: BuildStore) -> None:
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


def test_places_and_offices_resolve_to_one_entity(build_store: BuildStore) -> None:
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


@pytest.fixture(scope="module")
def everything(corpora: Path, build_store: BuildStore) -> tuple[Path, dict[str, Any], str]:
    """One build of everything in ../shared/corpora: 25 FRUS volumes, the Cold War excerpts, the EAD finding aid
    and the Wilson Center records (POCOM's files, of no record format, are skipped and counted)."""
    store, done = build_store(corpora, name="everything")
    assert done.returncode == 1, done.stdout + done.stderr  # undated documents are listed, the rest published
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) < 10 and any(re.match(r"skipped \d+ files in \S+/pocom ", line) for line in lines), lines
    described = [line for line in lines if "describes the folder it is in" in line]
    assert len(described) == 6 and any(line.startswith(f"skipped {corpora}/README.txt:") for line in described)
    return store, json.loads((store / "current" / "build.json").read_text()), done.stdout


def test_all_25_volumes_and_the_finding_aid_build(everything: tuple[Path, dict[str, Any], str]) -> None:
    """The whole FRUS corpus (10,690 documents) and the EAD file, in the one build."""
    store, manifest, _ = everything
    frus_and_ead = {s: c for s, c in manifest["by_source"].items() if "/frus/volumes/" in s or s.endswith(".ead.xml")}
    assert (
        sum(c["read"] for c in frus_and_ead.values()) == 10690 + 25 + 271
    )  # the documents, the volumes themselves, the finding aid
    assert manifest["published"] + manifest["rejected"] == manifest["read"]
    volumes = {Path(s).name: c for s, c in frus_and_ead.items()}
    assert len(volumes) == 26
    telegrams = sum(c.get("telegram", 0) for c in volumes.values())
    assert 3700 <= telegrams <= 4100, telegrams
    assert volumes["frus1934v04.xml"]["telegram"] > 500
    # undated, or dated outside the years a volume can hold with no print to correct it from: each said so
    rules = {"frus:no-date", "frus:date", "frus:date-out-of-range", "ead:date", "wilson:truncated"}
    assert set(manifest["rejected_by_rule"]) <= rules
    rejects = [json.loads(line) for line in (store / "current" / "rejects.jsonl").read_text().splitlines()]
    assert len(rejects) == manifest["rejected"] and all(r["message"] and r["record"] for r in rejects)
    # a record read twice (the Wilson export's CSV and JSON lines) is one document of the catalogue
    _the_catalogue_holds_every_record_with_its_range(store, manifest["published"] - manifest["identical_copies"])


def test_the_minister_in_paraguay_and_the_secretary_of_state(everything: tuple[Path, dict[str, Any], str]) -> None:
    store = everything[0]
    [row] = select(
        store,
        """SELECT ?sender ?senderPage ?addressee ?addresseePage ?as WHERE {
             ?d dcterms:identifier "frus1934v04-d375" ; tg:sender ?s ; tg:addressee ?a ; tg:addressedAs ?as .
             ?s skos:prefLabel ?sender ; schema:sameAs ?senderPage . ?a skos:prefLabel ?addressee ;
                schema:sameAs ?addresseePage }""",
    )
    people = "https://history.state.gov/departmenthistory/people/"
    assert row == {
        "sender": "Meredith Nicholson",
        "senderPage": people + "nicholson-meredith",
        "addressee": "Cordell Hull",
        "addresseePage": people + "hull-cordell",
        "as": "the Secretary of State",
    }


def test_the_busiest_correspondents_are_persons_by_their_full_names(
    everything: tuple[Path, dict[str, Any], str],
) -> None:
    store = everything[0]
    busiest = select(
        store,
        """SELECT ?a ?label (SAMPLE(?type) AS ?kind) (COUNT(DISTINCT ?t) AS ?n) WHERE {
             { ?t tg:sender ?a } UNION { ?t tg:addressee ?a } ?a skos:prefLabel ?label ; a ?type }
           GROUP BY ?a ?label ORDER BY DESC(?n) LIMIT 20""",
    )
    for row in busiest:
        label = row["label"]
        assert not is_office_only(label) and "," not in label, row  # no office, no "Last, First"
        if row["kind"].endswith("Person"):
            assert len(label.split()) >= 2, row  # no surname alone
    posts = select(
        store, "SELECT (COUNT(*) AS ?n) WHERE { { ?t tg:sender ?p } UNION { ?t tg:addressee ?p } ?p a org:Post }"
    )
    assert posts == [{"n": "0"}]  # offices are posts of the senders and addressees, never the senders themselves
    nodes, _ = Index(store / "current" / "catalogue.sqlite").network(Selection())
    assert len(nodes) == 40
    for node in nodes:  # the network of correspondents names persons by their full names
        assert "," not in node.label and (not node.key.startswith("person/") or len(node.label.split()) >= 2), node


def test_the_register_answers_for_the_offices_frus_heads_name(everything: tuple[Path, dict[str, Any], str]) -> None:
    store, manifest, stdout = everything
    figures = manifest["names"]["frus_office_telegrams"]
    assert figures["between_principals_and_chiefs"]["share"] >= 0.9, figures
    assert figures["parties"]["share"] >= 0.9, figures
    assert "names: " in stdout and "register of offices" in stdout
    printed = run_lod("names", "--store", str(store), "--limit", "5")
    assert printed.returncode == 0, printed.stderr
    assert "FRUS telegrams whose head names a post of the register" in printed.stdout
    assert "register: Cordell Hull <person/hull-cordell> as post/secretary" in printed.stdout
    unresolved = run_lod("names", "--store", str(store), "--unresolved", "--name", "Consul", "--limit", "3")
    assert "kept as written" in unresolved.stdout and "unresolved" in unresolved.stdout


def test_no_frus_record_is_dated_before_1700(everything: tuple[Path, dict[str, Any], str]) -> None:
    store = everything[0]
    early = select(store, 'SELECT ?d WHERE { ?d a tg:Document ; dcterms:date ?date FILTER(STR(?date) < "1700") }')
    assert early == []
    corrected = select(
        store,
        """SELECT ?d ?date ?note WHERE { ?d dcterms:date ?date ; tg:editorialNote ?note
             FILTER(STRSTARTS(?note, "Date corrected")) }""",
    )
    assert {row["d"].rsplit("/", 1)[-1] for row in corrected} >= {"frus1864p3-d512", "frus1870-d56"}
    assert all(row["date"][:4] in row["note"] for row in corrected)  # each note gives the date it corrects to


def _the_catalogue_holds_every_record_with_its_range(store: Path, published: int) -> None:
    """Every published record is in the catalogue; editors' date ranges (FRUS "[1918?]", EAD spans) stay ranges."""
    aid = Index(store / "current" / "catalogue.sqlite")
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


def test_dates_outside_the_volume_are_corrected_from_the_print_or_rejected() -> None:
    volume = documents(DATA / "frus" / "frus1864p3-excerpt.xml")
    d512 = volume["d512"]  # <date when="0201-06-05">June 5–17, 1864.</date>
    assert d512.date.isoformat() == "1864-06-05" and not d512.problems
    assert any("0201-06-05" in n and '"June 5–17, 1864."' in n for n in d512.editorial_notes)
    path = DATA / "frus" / "frus1870-excerpt.xml"
    read = {r.identifier: r for r in frus.read(path, str(path)) if isinstance(r, Record)}
    assert read["d56"].date.isoformat() == "1870-07"  # "July —, 1870.": the print gives the month, not the day
    for slip in ("d200", "d353"):  # "November 1, 1670." and "June 22—1 a. m.": nothing to correct them from
        [problem] = read[slip].problems
        assert problem.rule == "frus:date-out-of-range" and "1776–1870" in problem.message
    path = DATA / "frus" / "frus1872p2v2-excerpt.xml"  # title page 1872; d269 added in the press, February 1873
    read = {r.identifier: r for r in frus.read(path, str(path)) if isinstance(r, Record)}
    assert read["d269"].date.isoformat() == "1873-02-07" and not read["d269"].problems
    assert not any(n.startswith("Date corrected") for n in read["d269"].editorial_notes)
    assert read["d268"].date.isoformat() == "1872-10-22"


def test_the_encoders_slips_in_heads_are_mended() -> None:
    path = DATA / "frus" / "frus1870-excerpt.xml"
    read = {r.identifier: r for r in frus.read(path, str(path)) if isinstance(r, Record)}
    brockmann = read["d237"].sender  # <persName>Extract of a letter from J. H. Brockmann, United States consular agent…
    assert (brockmann.written, brockmann.office) == ("J. H. Brockmann", "United States consular agent at Königsberg")
    hammond = read["d335"]  # <persName type="to">the Board of Trade to Mr. Hammond</persName>
    assert (hammond.sender.office, [a.written for a in hammond.addressees]) == (
        "Secretary to the Board of Trade",
        ["Hammond"],
    )
    bancroft = read["d244"]  # <persName type="from">Mr. Bancroft to Mr. Fish</persName>
    assert "Bancroft" in bancroft.sender.written.title() and [a.written for a in bancroft.addressees] == ["Fish"]
    boutwell = read["d423"].signed  # "GEO. S. BOUTWELL, Secretary." under "Treasury Department, Washington"
    assert (boutwell.written, boutwell.office) == ("GEO. S. BOUTWELL", "Secretary of the Treasury")


def test_offices_names_and_dates_through_the_store(build_store: BuildStore) -> None:
    store, done = build_store(DATA / "frus" / "frus1870-excerpt.xml", DATA / "frus" / "frus1864p3-excerpt.xml")
    assert done.returncode == 1, done.stdout + done.stderr  # two documents dated 1670 and "June 22": rejected
    assert "frus:date-out-of-range x2" in done.stdout
    [boutwell] = select(
        store,
        """SELECT ?label ?post WHERE { ?d tg:sender ?p ; tg:senderPost/skos:prefLabel ?post .
             ?p skos:prefLabel ?label FILTER(CONTAINS(?label, "Boutwell")) }""",
    )
    assert boutwell == {"label": "George S. Boutwell", "post": "Secretary of the Treasury"}
    notes = select(store, 'SELECT ?d WHERE { ?d tg:editorialNote ?n FILTER(STRSTARTS(?n, "Date corrected")) }')
    assert {row["d"].rsplit("/", 1)[-1] for row in notes} == {"frus1864p3-d512", "frus1870-d56"}
    seward = select(
        store,
        """SELECT ?page ?id WHERE { ?d dcterms:identifier "frus1864p3-d244" ; tg:sender ?p .
             ?p schema:sameAs ?page ; dcterms:identifier ?id }""",
    )
    assert seward == [
        {
            "page": "https://history.state.gov/departmenthistory/people/seward-william-henry",
            "id": "seward-william-henry",
        }
    ]
