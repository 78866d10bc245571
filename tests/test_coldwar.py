"""Cold War FRUS volumes (1949–1970): every field of their notation, on the excerpts in ../shared/corpora/frus/coldwar.

The reader is checked record by record, then the same facts are asked of a built store with SPARQL, as another
archive's software would ask them.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import BASE, DATA, BuildStore, application, run_lod, select
from lod.record import Name, Record
from lod.sources import frus
from lod.sources.frus_source import read_source_note

TG = "https://w3id.org/telegram/ns#"
UTC = dt.UTC


@pytest.fixture(scope="module")
def coldwar(corpora: Path) -> Path:
    return corpora / "frus" / "coldwar"


@pytest.fixture(scope="module")
def read(coldwar: Path) -> dict[str, Record]:
    found = {}
    for path in sorted(coldwar.glob("*.xml")):
        for item in frus.read(path, str(path)):
            assert isinstance(item, Record), item
            found[item.key] = item
    return found


def test_every_document_of_the_excerpts_is_read(read: dict[str, Record]) -> None:
    documents = [r for r in read.values() if r.kind != "series"]
    assert len(documents) == 34
    assert sum(r.kind == "telegram" for r in documents) == 25
    volumes = [r for r in read.values() if r.kind == "series"]  # each volume, what its documents are part of
    assert {v.key for v in volumes} == {r.part_of for r in documents}


def test_classification_precedence_and_handling_wherever_written(read: dict[str, Record]) -> None:
    d177 = read["frus1949v07p1-d177"]  # opener <seg>: "secret   us urgent" <lb/> "niact"
    assert (d177.classification, d177.precedences) == ("Secret", ["Urgent", "Niact"])
    d395 = read["frus1949v07p1-d395"]  # "secret   priority"
    assert (d395.classification, d395.precedences) == ("Secret", ["Priority"])
    d31 = read["frus1958-60v11-d31"]  # "Top Secret; Niact; Limit Distribution."
    assert (d31.classification, d31.precedences, d31.handling) == ("Top Secret", ["Niact"], ["Limited Distribution"])
    d135 = read["frus1955-57v24-d135"]  # "Secret; Niact; Priority."
    assert d135.precedences == ["Niact", "Priority"]
    d35 = read["frus1958-60v11-d35"]  # "Top Secret; Operational Immediate; Noforn."
    assert (d35.precedences, d35.handling) == (["Operational Immediate"], ["Noforn"])
    d213 = read["frus1964-68v02-d213"]  # "Secret; Immediate; Nodis." and "Eyes only for Ambassador from Secretary."
    assert (d213.precedences, d213.handling) == (["Immediate"], ["Nodis", "Eyes Only"])
    assert "Eyes only for Ambassador from Secretary" in d213.handling_notes


def test_file_numbers_whole_with_their_dates(read: dict[str, Record]) -> None:
    [d1] = read["frus1949v07p1-d1"].references  # "851G.00/1–1449: Telegram"
    assert (d1.reference_code, d1.file_date, d1.series) == ("851G.00/1–1449", dt.date(1949, 1, 14), "Central Files")
    assert d1.archive.written == "U.S. Department of State"
    [d393] = read["frus1949v07p1-d393"].references  # "856d.00/11–749"
    assert (d393.reference_code, d393.file_date) == ("856d.00/11–749", dt.date(1949, 11, 7))
    [d367] = read["frus1958-60v11-d367"].references  # "783A.5–MSP/12–258": the en dash inside the file, too
    assert (d367.reference_code, d367.file_date) == ("783A.5–MSP/12–258", dt.date(1958, 12, 2))
    [d14] = read["frus1964-68v02-d14"].references  # a subject-numeric file has no date
    assert (d14.reference_code, d14.file_date) == ("POL 27 VIET S", None)


def test_source_notes_are_structured_archival_references(read: dict[str, Record]) -> None:
    def reference(key: str) -> tuple[Any, ...]:
        [r] = read[key].references
        return r.archive.written, r.record_group, r.series, r.box, r.reference_code

    assert reference("frus1955-57v24-d36") == ("U.S. Department of State", None, "Central Files", None, "761.00/4–156")
    assert reference("frus1969-76v12-d40") == ("National Archives", "59", "Central Files 1967–69", None, "POL US–USSR")
    assert reference("frus1958-60v11-d35") == (
        "National Archives and Records Administration",
        "218",
        "JCS Files",
        None,
        "CCS 381 Lebanon (5–13–58) Sec. 1",
    )
    assert reference("frus1969-76v12-d41") == (
        "National Archives",
        None,
        "Nixon Presidential Materials, NSC Files",
        "653",
        "Country Files, Middle East, Sisco Middle East Talks, April–June 1969",
    )
    assert reference("frus1964-68v02-d253") == (
        "Johnson Library",
        None,
        "National Security File",
        None,
        "Memos to the President, McGeorge Bundy, Vol. IX",
    )
    assert reference("frus1955-57v24-d181")[:3] == ("Eisenhower Library", None, "Whitman File")
    assert reference("frus1964-68v02-d174")[:3] == ("Center of Military History", None, "Westmoreland Papers")


def test_lot_files() -> None:
    note = read_source_note("Source: Department of State, S/S Files: Lot 64 D 199, NSC 5602 Series. Top Secret.", Name)
    assert note.reference is not None
    assert (note.reference.series, note.reference.lot, note.reference.reference_code) == (
        "S/S Files",
        "64 D 199",
        "NSC 5602 Series",
    )


def test_times_keep_their_zone(read: dict[str, Record]) -> None:
    assert read["frus1969-76v12-d40"].sent_at == dt.datetime(1969, 4, 22, 16, 10, tzinfo=UTC)  # "1610Z"
    paris = read["frus1949v07p1-d1"].sent_at  # "January 14, 1949—2 p. m.", @when with +01:00
    assert paris is not None and paris.isoformat() == "1949-01-14T14:00:00+01:00"
    assert read["frus1964-68v02-d14"].sent_at == dt.datetime(1965, 1, 6, 14, 0)  # local, as written: no zone given
    assert read["frus1964-68v02-d14"].received_at == dt.datetime(1965, 1, 6, 9, 17)  # "Received in the Department …"
    assert read["frus1949v07p1-d82"].received_at == dt.datetime(1949, 12, 2, 9, 3)  # "[Received December 2—9:03 a. m.]"


def test_numbers_with_their_series(read: dict[str, Record]) -> None:
    assert read["frus1955-57v24-d36"].telegram_numbers == ["2232"]
    assert read["frus1958-60v11-d35"].telegram_numbers == ["JCS 941782"]
    assert read["frus1969-76v12-d87"].telegram_numbers == ["Secto 68/3276"]
    assert read["frus1969-76v12-d87"].message_series == "Secto"
    assert read["frus1949v07p1-d82"].telegram_numbers == ["A–2252"]  # the airgram's own series
    assert read["frus1955-57v24-d139"].telegram_numbers == ["325"]  # a message "transmitted in telegram 325"


def test_cited_telegrams_and_whose_they_are(read: dict[str, Record]) -> None:
    def cited(key: str) -> list[tuple[str, str, str | None]]:
        return [(m.written, m.number, m.whose) for m in read[key].message_references]

    assert cited("frus1949v07p1-d2")[0] == ("urtel 107", "107", "addressee")
    assert cited("frus1955-57v24-d36") == [("Deptel 1112", "1112", "addressee")]  # the Embassy cites the Department
    assert cited("frus1958-60v11-d37") == [("Embtel 3937", "3937", "sender")]  # the Embassy cites its own
    assert ("Embtel 3066", "3066", "addressee") in cited("frus1964-68v02-d213")  # the Department cites the Embassy
    assert ("Deptel 2052", "2052", "sender") in cited("frus1964-68v02-d213")
    assert ("Contel 903", "903", "sender") in cited("frus1949v07p1-d395")
    assert cited("frus1969-76v12-d40") == [("Ref: State 061671", "061671", "addressee")]
    assert cited("frus1964-68v02-d174") == [("Reference MAC 1061", "MAC 1061", "addressee")]  # Westmoreland's command
    assert ("Gocus 593", "Gocus 593", None) in cited("frus1949v07p1-d177")
    assert read["frus1955-57v24-d36"].in_reply_to_number == "1112"


def test_subjects(read: dict[str, Record]) -> None:
    assert read["frus1969-76v12-d40"].subjects == ("Delivery of President's Letter to Kosygin",)  # "Subject: …"
    assert read["frus1969-76v12-d164"].subjects == ("Soviet Moves on Southeast Asia",)  # <list type="subject">


def test_repeated_and_also_sent_to(read: dict[str, Record]) -> None:
    assert read["frus1955-57v24-d135"].repeated_to == ["Ankara", "Paris", "London", "Belgrade", "Istanbul"]
    assert read["frus1958-60v11-d35"].repeated_to == ["USCINCEUR", "CINCLANT", "USNMR"]
    d166 = read["frus1958-60v11-d166"]  # "Also sent to Baghdad and repeated to London."
    assert (d166.also_sent_to, d166.repeated_to) == (["Baghdad"], ["London"])
    assert read["frus1949v07p1-d176"].repeated_to == ["The Hague", "Batavia"]  # "Repeated in telegram 141, …"


def test_drafting_clearance_approval_and_signature(read: dict[str, Record]) -> None:
    def roles(key: str) -> list[tuple[str, str]]:
        return [(a.role, a.agent.written) for a in read[key].attributions]

    assert [a.written for a in read["frus1958-60v11-d166"].attributions][:2] == ["Rockwell", "Rountree"]

    assert roles("frus1955-57v24-d135") == [("drafting", "Allen, George V.")]  # the list of persons gives the name
    assert roles("frus1955-57v24-d367") == [("drafting", "Rountree, William M."), ("signature", "Dulles")]
    assert roles("frus1964-68v02-d213") == [("drafting", "Bundy, William P."), ("approval", "Rusk")]
    d166 = roles("frus1958-60v11-d166")  # "Drafted by Rockwell and cleared by Rountree, by Smith and Bell in ICA,
    assert d166[0] == ("drafting", "Rockwell, Stuart W.")  # and in substance by Dulles and Eisenhower."
    assert [w for r, w in d166[1:]] == [
        "Rountree, William M.",
        "Smith",
        "Bell, John O.",
        "Dulles, John Foster",
        "Eisenhower, Dwight D.",
    ]
    assert {r for r, _ in d166[1:]} == {"clearance"}


def test_heads_lose_their_number_and_name_the_post_and_the_signer(read: dict[str, Record]) -> None:
    d36 = read["frus1955-57v24-d36"]
    assert d36.title == "Telegram From the Embassy in the Soviet Union to the Department of State"
    assert d36.sender is not None and d36.sender.office == "Embassy in the Soviet Union"
    assert d36.signed is not None and d36.signed.written == "Walmsley, Walter N., Jr."


def test_documents_are_typed_as_what_they_are(read: dict[str, Record]) -> None:
    kinds = {key.split("-d")[-1]: r.kind for key, r in read.items() if key.startswith(("frus1949", "frus1958"))}
    assert kinds["82"] == "airgram"
    assert kinds["393"] == "memorandum-of-conversation"
    assert kinds["33"] == "telephone-conversation"
    assert read["frus1955-57v24-d139"].kind == "message"  # "Message From President Eisenhower to King Paul"
    assert read["frus1955-57v24-d181"].kind == "letter"
    assert read["frus1964-68v02-d253"].kind == "memorandum"
    lacy = read["frus1949v07p1-d393"].sender  # "Memorandum of Conversation, by Mr. William S. B. Lacy"
    assert lacy is not None and "Lacy" in lacy.written


def test_an_editorial_note_of_the_carter_years() -> None:
    path = DATA / "frus" / "frus1977-80v01-excerpt.xml"  # "144. Editorial Note", dated by the editors' range
    [volume, note] = list(frus.read(path, str(path)))
    assert isinstance(volume, Record) and isinstance(note, Record) and not note.problems
    assert (note.kind, note.title, note.part_of) == ("editorial-note", "Editorial Note", "frus1977-80v01")
    assert (note.earliest, note.latest) == (dt.date(1975, 5, 28), dt.date(1981, 1, 14))
    assert volume.title == "Foreign Relations of the United States, 1977–1980, Volume I, Foundations of Foreign Policy"


def test_an_editorial_note_is_published_as_its_volumes(tmp_path: Path) -> None:
    volume = tmp_path / "frus1961-63v99.xml"  # made here: an editorial note with no date of its own at all
    volume.write_text(
        """<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0">
        <teiHeader><fileDesc><titleStmt><title type="complete">Foreign Relations, 1961–1963, Volume XCIX</title>
        </titleStmt><publicationStmt><date>1988</date></publicationStmt></fileDesc></teiHeader>
        <text><body><div type="document" subtype="editorial-note" xml:id="d4" n="4"><head>4. Editorial Note</head>
        <p>On January 28 President Kennedy met with his advisers.</p></div></body></text></TEI>"""
    )
    [series, note] = list(frus.read(volume, str(volume)))
    assert isinstance(note, Record) and not note.problems
    assert (note.kind, note.title, note.date, note.part_of) == ("editorial-note", "Editorial Note", None, series.key)
    assert isinstance(series, Record) and (series.earliest, series.latest) == (
        dt.date(1961, 1, 1),
        dt.date(1963, 12, 31),
    )


# -- the same facts, asked of a store ----------------------------------------------------------


@pytest.fixture(scope="module")
def store(coldwar: Path, build_store: BuildStore) -> Path:
    built, done = build_store(*sorted(coldwar.glob("*.xml")), name="coldwar")
    assert done.returncode == 0, done.stdout + done.stderr
    return built


def test_a_telegram_through_sparql(store: Path) -> None:
    d36 = f"{BASE}id/telegram/frus1955-57v24-d36"
    [row] = select(
        store,
        f"""PREFIX tg: <{TG}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?sender ?post ?sent ?class ?precedence ?file ?date ?archive ?cited ?whose WHERE {{
          <{d36}> tg:sender/skos:prefLabel ?sender ; tg:senderPost ?post ; tg:sentAt ?sent ;
                  tg:classification/skos:prefLabel ?class ; tg:precedence/skos:prefLabel ?precedence ;
                  tg:archivalReference [ tg:referenceCode ?file ; tg:fileDate ?date ;
                                         tg:archive/skos:prefLabel ?archive ] ;
                  tg:citesMessage [ tg:citedNumber ?cited ; tg:citedFrom ?whose ] }}""",
    )
    assert row["sender"].startswith("Walter") and "Walmsley" in row["sender"]  # the chargé who signed, not Bohlen
    assert row["post"] == f"{BASE}id/post/chief-of-mission-russia"
    assert row["sent"] == "1956-04-01T21:00:00+03:00"
    assert (row["class"], row["precedence"]) == ("Confidential", "Niact")
    assert (row["file"], row["date"], row["archive"]) == ("761.00/4–156", "1956-04-01", "U.S. Department of State")
    assert (row["cited"], row["whose"]) == ("1112", f"{BASE}id/organization/department-of-state")


def test_drafting_as_prov_roles_and_replies_linked(store: Path) -> None:
    rows = select(
        store,
        f"""PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX tg: <{TG}>
        SELECT ?role ?written ?agent WHERE {{
          <{BASE}id/telegram/frus1958-60v11-d166> prov:qualifiedAttribution
              [ prov:hadRole ?role ; tg:writtenAs ?written ]
          OPTIONAL {{ <{BASE}id/telegram/frus1958-60v11-d166> prov:qualifiedAttribution
                       [ tg:writtenAs ?written ; prov:agent ?agent ] }} }}""",
    )
    roles = {(r["role"].rsplit("#", 1)[-1], r["written"]): r.get("agent") for r in rows}
    assert roles[("Drafting", "Rockwell")] is not None
    assert roles[("Clearance", "Rountree")] == f"{BASE}id/person/rountree-william-manning"  # the register's
    # the Embassy's "Deptel 4271" is the Department's telegram 4271, signed Dulles for the Department
    replies = select(store, f"SELECT ?a ?b WHERE {{ ?a <{TG}inReplyTo> ?b }}")
    assert {"a": f"{BASE}id/telegram/frus1958-60v11-d32", "b": f"{BASE}id/telegram/frus1958-60v11-d31"} in replies


def test_handling_caveats_are_concepts_of_their_own_scheme(store: Path) -> None:
    rows = select(
        store,
        f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?label ?scheme ?definition WHERE {{ ?d <{TG}handling> ?c .
          ?c skos:prefLabel ?label ; skos:inScheme ?scheme . OPTIONAL {{ ?c skos:definition ?definition }} }}""",
    )
    found = {r["label"]: r for r in rows}
    assert {"Nodis", "Limdis", "Noforn", "Limited Distribution", "Eyes Only"} <= set(found)
    assert {r["scheme"] for r in rows} == {f"{BASE}id/concept/handling"}
    assert all(r.get("definition") for r in rows)


def test_lod_coverage_tells_what_the_telegrams_state(store: Path) -> None:
    done = run_lod("coverage", "--store", str(store))
    assert done.returncode == 0, done.stderr
    assert "| Foreign Relations of the United States, 1958–1960, Lebanon and Jordan, Volume XI | 6 |" in done.stdout
    rows = {line.split(" | ")[0].strip("| "): line for line in done.stdout.splitlines() if line.startswith("| ")}
    assert rows["classification"].endswith("| 100% | 100% | 100% |")  # every Cold War telegram here is marked
    figures = json.loads(run_lod("coverage", "--store", str(store), "--json").stdout)
    assert figures["telegrams_per_era"] == {"1937–1952": 7, "1953–1968": 16, "1969–1980": 2}
    assert figures["fields_per_era"]["1953–1968"]["handling"] == 8


def test_the_telegram_page_shows_the_cold_war_fields(store: Path) -> None:
    with application(store) as app:
        d166 = app.test_client().get("/doc/telegram/frus1958-60v11-d166")
        d40 = app.test_client().get("/doc/telegram/frus1969-76v12-d40")
    assert d166.status_code == d40.status_code == 200
    page = d166.text
    for shown in (
        "Limited Distribution",
        "Niact",
        "Also sent to",
        "Baghdad",
        "Repeated to",
        "Drafted by",
        "Cleared by",
    ):
        assert shown in page, shown
    assert "12 June 1958, 14:33 UTC-04:00" in page  # the zone the record gives
    archive = d40.text[d40.text.index('<section class="archive">') :]
    headings = archive[: archive.index("</thead>")]
    assert "Record group" in headings and "Series" in headings and "Fond" not in headings  # an American archive
    assert "22 April 1969, 16:10 UTC" in d40.text and "Ref: State 061671" in d40.text


def test_source_notes_of_1961() -> None:
    """Two notes of FRUS 1961–1963, volume I (Vietnam), documents 12 and 7, as printed."""
    d12 = read_source_note(
        "Source: Department of State, Central Files, 751K.00/2-1361. Confidential. Drafted by Wood on February 15 "
        "and approved in U on February 17. A summary of the conversation was transmitted to Saigon in telegram "
        "1088, February 15.",
        Name,
        dt.date(1961, 2, 13),
    )
    assert d12.reference is not None and d12.reference.file_date == dt.date(1961, 2, 13)  # ASCII hyphens, too
    assert [(role, written) for role, written, _ in d12.attributions] == [("drafting", "Wood")]  # "in U": an office
    d7 = read_source_note(
        "Source: Washington National Records Center, RG 334, MAAG/Vietnam Files: FRC 64 A 2424, 250/17 Emergency "
        "Planning Files. Secret. No drafting information is given on the source text.",
        Name,
    )
    assert d7.reference is not None
    assert (d7.reference.archive.written, d7.reference.record_group, d7.reference.series) == (
        "Washington National Records Center",
        "334",
        "MAAG/Vietnam Files",
    )
    assert d7.markings == [("classification", "Secret")]


def test_heads_without_markup(tmp_path: Path, build_store: BuildStore) -> None:
    """Heads as FRUS prints them, where a volume's encoders marked no party: the " to " between the parties is
    found, past "the Ambassador to Vietnam" and "the Mission to the United Nations"."""
    heads = [
        ("1971-07-02", "Backchannel Message From the Ambassador to Vietnam (Bunker) to the President’s Assistant "
         "for National Security Affairs (Kissinger)"),
        ("1965-03-10", "Telegram From the Mission to the United Nations to the Department of State"),
        ("1955-10-29", "Telegram From the Department of State to the Secretary of State, at Geneva"),
        ("1958-09-05", "Telegram From the Embassy in the Republic of China to the Department of State"),
    ]  # fmt: skip
    documents = "".join(
        f'<div type="document" xml:id="d{n}" n="{n}"><head>{n}. {head}</head><dateline><placeName>Washington'
        f'</placeName>, <date when="{day}">{day}</date></dateline><p>{n}0. Text.</p></div>'
        for n, (day, head) in enumerate(heads, start=1)
    )
    volume = tmp_path / "frus1955-71heads.xml"
    volume.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0">'
        '<teiHeader><fileDesc><titleStmt><title type="complete">Heads</title></titleStmt><publicationStmt>'
        f"<date>2000</date></publicationStmt></fileDesc></teiHeader><text><body>{documents}</body></text></TEI>"
    )
    store, done = build_store(volume, name="heads")
    assert done.returncode == 0, done.stdout + done.stderr
    rows = select(
        store,
        f"""PREFIX tg: <{TG}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?t ?sender ?addressee WHERE {{ ?t a tg:Telegram .
          OPTIONAL {{ ?t tg:sender/skos:prefLabel ?sender }}
          OPTIONAL {{ ?t tg:addressee/skos:prefLabel ?addressee }} }}""",
    )
    parties = {row["t"].rsplit("-", 1)[-1]: (row.get("sender"), row.get("addressee")) for row in rows}
    assert parties["d1"] == ("Ellsworth Bunker", "Henry A. Kissinger")  # the register's label, not "(Heinz Alfred)"
    assert parties["d2"][0] == "Adlai Ewing Stevenson II"  # the Representative to the United Nations in 1965
    assert parties["d3"][1] == "John Foster Dulles"  # the Secretary, travelling
    assert parties["d4"][0] == "Everett Francis Drumright"  # the Republic of China's, at Taipei


def test_a_source_note_of_the_carter_years() -> None:
    """FRUS 1977–1980, volume I, document 71, as printed."""
    note = read_source_note(
        "Source: Carter Library, National Security Affairs, Brzezinski Material, Subject File, Box 64, Speeches: "
        "Wake Forest University: 10/77–3/78. Confidential. The President initialed the top-right hand corner of "
        "the memorandum.",
        Name,
    )
    assert note.reference is not None
    reference = note.reference
    assert (reference.archive.written, reference.series, reference.box, reference.reference_code) == (
        "Carter Library",
        "National Security Affairs, Brzezinski Material, Subject File",
        "64",
        "Speeches: Wake Forest University: 10/77–3/78",
    )
    assert note.markings == [("classification", "Confidential")]


def test_notes_of_the_1950s_citing_the_departments_files() -> None:
    """FRUS 1951, volume VII, part 2, document 21: "CA Files: Lot 56 D 625", no "Source:" before it."""
    note = read_source_note("CA Files: Lot 56 D 625", Name)
    assert note.reference is not None
    assert (note.reference.archive.written, note.reference.series, note.reference.lot) == (
        "U.S. Department of State",
        "CA Files",
        "56 D 625",
    )
    assert read_source_note("[Telegram]", Name).reference is None  # a form, not a file


def test_notations_of_1953(tmp_path: Path) -> None:
    """FRUS 1952–1954, volume XII, part 2, documents 127 and 128, their heads and notes as printed."""
    volume = tmp_path / "frus1952-54v12p2.xml"
    volume.write_text(
        """<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"> <teiHeader>
        <fileDesc><titleStmt><title type="complete">Foreign Relations, 1952–1954</title>
        </titleStmt> <publicationStmt><date>1987</date></publicationStmt></fileDesc></teiHeader><text>
        <body> <div type="document" xml:id="d127" n="127">
        <note rend="inline" type="source">690B.9321/11–2853: Telegram</note> <head>No. 127<lb/>
        <hi rend="italic">The Ambassador in the Republic of China (<persName type="from">Rankin</persName>) to the
        <gloss type="to">Department of State</gloss>
        </hi> <note n="1">Repeated to Bangkok and Rangoon.</note></head><opener><seg rendition="#left">
        <hi rend="smallcaps">secret</hi></seg> <dateline>
        <placeName>Taipei</placeName>, <date when="1953-11-28T13:00:00+08:00">November 28, 1953—1 p.m. </date>
        </dateline></opener>
        <p>308. Following comments relate in sequence to paragraphs of Rangoon’s 504 to Department.</p>
        <closer><signed><hi rend="smallcaps">Rankin</hi></signed></closer>
        </div> <div type="document" xml:id="d128" n="128">
        <note rend="inline" type="source">690B.9321/11–2853: Telegram </note><head>No. 128<lb/>
        <hi rend="italic">The <gloss type="from">Secretary of State</gloss> to the <gloss type="to">Embassy in the
        Republic of China</gloss>
        </hi></head><opener><seg rendition="#left"><hi rend="smallcaps">secret<lb/>priority</hi></seg>
        <dateline>
        <placeName>Washington</placeName>, <date when="1953-11-30T18:11:00-05:00">November 30, 1953—6:11 p.m.</date>
        </dateline></opener>
        <p>487. Department agrees last paragraph your 308 and believes additional pressure now called for.
        Aide-mémoire referred to our 473 pointed out evacuation plan.</p>
        <closer><signed><hi rend="smallcaps">Dulles</hi></signed></closer></div> </body></text></TEI>"""
    )
    read = {r.identifier: r for r in frus.read(volume, str(volume)) if isinstance(r, Record)}
    d127, d128 = read["d127"], read["d128"]
    assert d127.title == "The Ambassador in the Republic of China (Rankin) to the Department of State"  # "No. 127"
    assert d127.repeated_to == ["Bangkok", "Rangoon"]
    assert [(m.written, m.whose) for m in d127.message_references] == [("Rangoon’s 504", None)]
    assert (d128.classification, d128.precedences) == ("Secret", ["Priority"])
    cited = [(m.written, m.number, m.whose) for m in d128.message_references]
    assert cited == [("your 308", "308", "addressee"), ("our 473", "473", "sender")]
