"""End to end through the real command line: build, validate, query, exit codes, messages."""

import json
from pathlib import Path

import pytest

from conftest import BASE, DATA, SEED, SOURCES, BuildStore, copy_seed, run_lod, select
from lod.sources import FORMATS

TELEGRAM = "?t a tg:Telegram ; tg:telegramNumber '405809' ."


def one(store: Path, query: str) -> dict[str, str]:
    rows = select(store, query)
    assert len(rows) == 1, rows
    return rows[0]


def test_the_seed_header(seed_store: Path) -> None:
    row = one(
        seed_store,
        f"""SELECT ?date ?dtype ?sent ?stype ?received ?from ?reply ?out ?as ?precedence ?mode WHERE {{
            {TELEGRAM}
            ?t dcterms:date ?date ; tg:sentAt ?sent ; tg:receivedAt ?received ; tg:inReplyToNumber ?reply ;
               tg:outgoingNumber ?out ; tg:addressedAs ?as ;
               tg:sentFrom/skos:prefLabel ?from ; tg:precedence/skos:prefLabel ?precedence ;
               tg:transmissionMode/skos:prefLabel ?mode .
            BIND(DATATYPE(?date) AS ?dtype) BIND(DATATYPE(?sent) AS ?stype) }}""",
    )
    assert (row["date"], row["dtype"]) == ("1950-07-01", "http://www.w3.org/2001/XMLSchema#date")
    assert (row["sent"], row["stype"]) == ("1950-07-02T04:00:00", "http://www.w3.org/2001/XMLSchema#dateTime")
    assert row["received"] == "1950-07-02T05:47:00"
    assert row["from"] == "Pyongyang"
    assert (row["reply"], row["as"]) == ("362", "FENG XI")
    assert "423" in row["out"]
    assert (row["precedence"], row["mode"]) == ("Extremely Urgent", "By wire")


def test_the_seed_sender_and_addressee(seed_store: Path) -> None:
    row = one(
        seed_store,
        f"SELECT ?sender ?addressee WHERE {{ {TELEGRAM} ?t tg:sender/skos:prefLabel ?sender ; "
        "tg:addressee/skos:prefLabel ?addressee ; dcterms:creator/skos:prefLabel ?sender }",
    )
    assert "Shtykov" in row["sender"] and "Stalin" in row["addressee"]


def test_the_seed_copies(seed_store: Path) -> None:
    rows = select(
        seed_store,
        f"SELECT ?who ?n WHERE {{ {TELEGRAM} ?t tg:copy ?c . ?c tg:recipient/skos:prefLabel ?who ; tg:copies ?n }}",
    )
    copies = {row["who"].split()[-1]: int(row["n"]) for row in rows}
    assert copies == {
        "Stalin": 2,
        "Molotov": 1,
        "Beria": 1,
        "Malenkov": 1,
        "Mikoyan": 1,
        "Kaganovich": 1,
        "Bulganin": 1,
        "Department": 1,
    }
    assert any(row["who"] == "File of the 8th Department" for row in rows)


def test_the_seed_archival_references(seed_store: Path) -> None:
    rows = select(
        seed_store,
        f"""SELECT ?archive ?fond ?opis ?delo ?papka ?folios WHERE {{ {TELEGRAM}
            ?t tg:archivalReference ?r . ?r tg:archive/skos:prefLabel ?archive ; tg:fond ?fond ; tg:opis ?opis ;
            tg:delo ?delo ; tg:folios ?folios . OPTIONAL {{ ?r tg:papka ?papka }} }} ORDER BY ?fond""",
    )
    found = [(r["archive"], r["fond"], r["opis"], r["delo"], r.get("papka"), r["folios"]) for r in rows]
    assert found == [
        ("Archive of Foreign Policy of the Russian Federation (AVPRF)", "059a", "5a", "3", "11", "107-110"),
        ("Archive of the President of the Russian Federation (APRF)", "45", "1", "346", None, "105-107"),
    ]


def test_the_seed_mentions_with_their_variants(seed_store: Path) -> None:
    rows = select(
        seed_store,
        f"""SELECT ?label (GROUP_CONCAT(?alt; separator="|") AS ?alts) WHERE {{ {TELEGRAM}
            ?t tg:mentions ?p . ?p a foaf:Person ; skos:prefLabel ?label . OPTIONAL {{ ?p skos:altLabel ?alt }}
            }} GROUP BY ?label""",
    )
    people = {r["label"]: set(r.get("alts", "").split("|")) for r in rows}
    for person in ["Kim Il Sung", "Pak Il-u", "Kim Baek", "Kang Geun"]:
        assert person in people
    for person, variant in [
        ("Pak Heon-yeong", "Pak Hon Yong"),
        ("Choe Yeungeun", "Choe Yung Un"),
        ("Kim Du-bong", "Kim Tu Bong"),
        ("Gwon Min-gi", "Kwon Min Ki"),
    ]:
        assert variant in people[person], (person, people.get(person))


def test_the_seed_text_and_apparatus(seed_store: Path) -> None:
    row = one(
        seed_store,
        f"""SELECT ?note ?summary ?rights ?source ?body WHERE {{ {TELEGRAM} ?t tg:editorialNote ?note ;
            dcterms:description ?summary ; dcterms:rights ?rights ; dcterms:source ?source ; tg:bodyText ?body }}""",
    )
    assert "KNP" in row["note"] and "misspelling of DPRK" in row["note"]
    assert row["summary"].startswith("Telegram from Shtykov to Stalin")
    assert row["rights"].startswith("The History and Public Policy Program welcomes reuse")
    assert row["source"] == (
        "APRF, Fond 45, Opis 1, Delo 346, Listy 105-107 and AVPRF, Fond 059a, Opis 5a, Delo 3, Papka 11, Listy 107-110"
    )
    assert "I communicated to KIM IL SUNG" in row["body"]


def test_stalin_is_one_iri_under_every_name(family_store: Path) -> None:
    # Pages write him "FENG XI [Stalin]", "FENG XI [STALIN]", "Filippov [Stalin]", "Cde. Filippov", "Stalin (2)".
    rows = select(
        family_store,
        """SELECT DISTINCT ?who WHERE {
             { ?t tg:addressee ?who } UNION { ?t tg:copy/tg:recipient ?who } UNION { ?t tg:mentions ?who }
             ?who skos:prefLabel|skos:altLabel|tg:codeName ?name .
             FILTER(CONTAINS(LCASE(?name), "stalin") || CONTAINS(LCASE(?name), "filippov")
                    || CONTAINS(LCASE(?name), "feng xi")) }""",
    )
    assert [r["who"] for r in rows] == [f"{BASE}id/person/stalin"]
    written = select(
        family_store, f"SELECT DISTINCT ?as WHERE {{ ?t tg:addressee <{BASE}id/person/stalin> ; tg:addressedAs ?as }}"
    )
    assert {r["as"] for r in written} == {"FENG XI", "Filippov"}


def test_the_family_of_pages_builds_with_one_warning(family_store: Path) -> None:
    manifest = json.loads((family_store / "current" / "build.json").read_text())
    assert (manifest["read"], manifest["published"], manifest["rejected"]) == (8, 8, 0)
    assert manifest["warnings_by_rule"] == {"shape:ReceivedBeforeSent": 1}
    warning = json.loads((family_store / "current" / "warnings.jsonl").read_text().splitlines()[0])
    assert warning["source"].endswith("1950-05-14-vyshinsky-mao-8600.txt")


def test_verbose_names_the_warnings_as_the_rejections_are(workdir: Path) -> None:
    done = run_lod("build", "-q", "-v", str(SEED), str(DATA / "wilson"), "--store", str(workdir / "s"))
    assert done.returncode == 0, done.stdout + done.stderr
    [listed] = [line for line in done.stdout.splitlines() if line.startswith("  ") and "ReceivedBeforeSent" in line]
    assert "1950-05-14-vyshinsky-mao-8600.txt: page: shape:ReceivedBeforeSent: " in listed
    quiet = run_lod("build", "-q", str(SEED), str(DATA / "wilson"), "--store", str(workdir / "t"))
    assert "warnings: 1" in quiet.stdout and "  " + listed.strip() not in quiet.stdout


def test_broken_inputs_are_named_and_the_good_record_beside_them_published(workdir: Path) -> None:
    folder = workdir / "in"
    copy_seed(folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "truncated.txt").write_bytes(SEED.read_bytes()[:300])
    (folder / "bad-date.txt").write_text(SEED.read_text().replace("Sent 2.7.50 04.00", "Sent 31.13.50 04.00"))
    rejects = workdir / "rejects.jsonl"
    done = run_lod("build", "-q", str(folder), "--store", str(workdir / "s"), "--rejects", str(rejects))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.startswith("published 1, rejected 4, read 5\n")
    entries = {Path(e["source"]).name: e for e in map(json.loads, rejects.read_text().splitlines())}
    assert set(entries) == {"empty.txt", "binary.txt", "truncated.txt", "bad-date.txt"}
    assert entries["empty.txt"]["rule"] == "source:empty"
    assert entries["binary.txt"]["rule"] == "source:binary"
    assert "300 bytes" in entries["truncated.txt"]["message"]
    assert "31.13.50" in entries["bad-date.txt"]["message"] and "no month 13" in entries["bad-date.txt"]["message"]
    assert all({"source", "record", "rule", "message"} <= set(e) for e in entries.values())
    assert select(workdir / "s", "SELECT ?t WHERE { ?t tg:telegramNumber '405809' }")
    # the console names each: file, record, rule and message
    listed = [line.strip() for line in done.stdout.splitlines() if line.startswith(f"  {folder}/")]
    assert len(listed) == 4 and "more in" not in done.stdout
    assert any(line.startswith(f"{folder}/empty.txt: file: source:empty: the file is empty") for line in listed)
    assert any(line.startswith(f"{folder}/truncated.txt: page: wilson:truncated: the page ends") for line in listed)


def test_the_console_names_the_first_ten_rejections_then_counts_the_rest(workdir: Path) -> None:
    folder = workdir / "in"
    copy_seed(folder)
    for number in range(13):
        (folder / f"empty-{number:02}.txt").write_bytes(b"")
    (folder / "README.txt").write_text("These pages were saved from the Wilson Center Digital Archive in 2024.\n")
    (folder / "PROVENANCE.tsv").write_text("file\turl\nseed.txt\thttps://digitalarchive.wilsoncenter.org/\n")
    (folder / "LICENSE").write_text("Public domain.\n")
    done = run_lod("build", "-q", str(folder), "--store", str(workdir / "s"))
    assert done.returncode == 1 and done.stdout.startswith("published 1, rejected 13, read 14\n")
    listed = [line for line in done.stdout.splitlines() if line.startswith(f"  {folder}/empty-")]
    assert len(listed) == 10 and listed[0].endswith(
        "empty-00.txt: file: source:empty: the file is empty: there is no record to read"
    )
    [more] = [line for line in done.stdout.splitlines() if "… and" in line]
    assert more.startswith("  … and 3 more in ") and more.endswith("rejects.jsonl")
    for describing in ("README.txt", "PROVENANCE.tsv", "LICENSE"):  # beside the records, not records
        assert f"skipped {folder / describing}: describes the folder it is in" in done.stderr, describing
    assert "README.txt: page" not in done.stdout


def test_one_record_read_twice_is_published_once_and_a_clash_is_rejected(workdir: Path) -> None:
    folder = workdir / "in"
    copy_seed(folder, "a.txt")
    copy_seed(folder, "b.txt")  # the same page saved twice: one record, derived from both files
    text = SEED.read_text()
    (folder / "c.txt").write_text(text.replace("Sent 2.7.50 04.00", "Sent 2.7.50 05.00"))  # same record ID
    rejects = workdir / "rejects.jsonl"
    done = run_lod("build", "-q", str(folder), "--store", str(workdir / "s"), "--rejects", str(rejects))
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("published 2, rejected 1, read 3\n")
    assert "1 identical copies" in done.stdout
    [clash] = map(json.loads, rejects.read_text().splitlines())
    assert clash["rule"] == "build:duplicate-key" and Path(clash["source"]).name == "c.txt"
    assert "already published from" in clash["message"] and clash["message"].count("a.txt") == 1
    # one telegram; its source is named by content, so the two identical files are one source with two names
    rows = select(
        workdir / "s",
        "SELECT ?t ?name WHERE { ?t tg:telegramNumber '405809' ; prov:wasDerivedFrom/dcterms:title ?name }",
    )
    assert len({r["t"] for r in rows}) == 1 and {r["name"] for r in rows} == {"a.txt", "b.txt"}
    assert "05:00" not in str(select(workdir / "s", "SELECT ?at WHERE { ?t tg:sentAt ?at }"))


def test_nothing_published_keeps_the_published_store(workdir: Path) -> None:
    store = workdir / "s"
    assert run_lod("build", "-q", str(SEED), "--store", str(store)).returncode == 0
    (workdir / "in" / "empty.txt").write_bytes(b"")
    done = run_lod("build", "-q", str(workdir / "in"), "--store", str(store))
    assert done.returncode == 2
    assert "no record was published" in done.stderr and "left as it was" in done.stderr
    assert "Traceback" not in done.stderr
    assert select(store, "SELECT ?t WHERE { ?t tg:telegramNumber '405809' }")


def test_validate_reports_without_a_store(workdir: Path) -> None:
    copy_seed(workdir / "in")
    (workdir / "in" / "empty.txt").write_bytes(b"")
    done = run_lod("validate", str(workdir / "in"))
    assert done.returncode == 1
    assert "rejected: " in done.stdout and "empty.txt: file: the file is empty" in done.stdout
    assert done.stdout.rstrip().endswith("1 valid, 1 rejected, 2 read; 0 warnings")
    assert not (workdir / "var").exists()


def test_query_output_formats(seed_store: Path) -> None:
    query = "SELECT ?n WHERE { ?t tg:telegramNumber ?n }"
    table = run_lod("query", "--store", str(seed_store), query)
    assert table.returncode == 0 and "405809" in table.stdout and "(1 row)" in table.stdout
    csv = run_lod("query", "--store", str(seed_store), "--format", "csv", query)
    assert csv.stdout.splitlines() == ["n", "405809"]
    tsv = run_lod("query", "--store", str(seed_store), "--format", "tsv", query)
    assert tsv.stdout.splitlines() == ["?n", '"405809"']
    ask = run_lod("query", "--store", str(seed_store), "--format", "json", "ASK { ?t a tg:Telegram }")
    assert json.loads(ask.stdout) == {"head": {}, "boolean": True}
    turtle = run_lod(
        "query",
        "--store",
        str(seed_store),
        "--format",
        "turtle",
        "CONSTRUCT { ?t tg:telegramNumber ?n } WHERE { ?t tg:telegramNumber ?n }",
    )
    assert (
        "@prefix tg: <https://w3id.org/telegram/ns#>" in turtle.stdout and 'tg:telegramNumber "405809"' in turtle.stdout
    )


def test_a_bad_query_is_a_message_not_a_traceback(seed_store: Path) -> None:
    done = run_lod("query", "--store", str(seed_store), "SELEC ?x WHERE {}")
    assert done.returncode == 2
    assert done.stderr.startswith("lod: error: the query does not parse") and "1:" in done.stderr
    missing = run_lod("query", "--store", "/nonexistent/store", "ASK {}")
    assert missing.returncode == 2 and "run `lod build" in missing.stderr


def test_all_of_the_wilson_corpus_builds(corpora: Path, build_store: BuildStore) -> None:
    store, done = build_store(corpora / "wilson", name="corpus")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("published 26, rejected 0, read 26\n")
    assert "11 identical copies" in done.stdout
    rows = select(
        store,
        """SELECT ?id ?title ?date (COUNT(DISTINCT ?author) AS ?authors) (COUNT(DISTINCT ?place) AS ?places) ?source
           WHERE { ?d a tg:Document ; dcterms:identifier ?id ; dcterms:title ?title ; dcterms:date ?date ;
                   dcterms:source ?source ; dcterms:creator|dc:creator ?author .
                   { ?d tg:mentions ?place } UNION { ?d tg:sentFrom ?place } ?place a dcterms:Location .
                   FILTER(REGEX(?id, "^[0-9]+$")) }
           GROUP BY ?id ?title ?date ?source""",
    )
    assert len(rows) == 14
    assert all(int(r["authors"]) >= 1 and int(r["places"]) >= 1 and r["source"] for r in rows)
    # "(Blomeyer)" signs a record of Kohl's talks: a surname alone, kept as written (dc:creator), no person
    kept = select(store, 'SELECT ?d WHERE { ?d dc:creator "Blomeyer" FILTER NOT EXISTS { ?d dcterms:creator ?a } }')
    assert len(kept) == 1


@pytest.mark.parametrize("name", ["nhamby_wilson_records_merged.jsonl"])
def test_data_ships_the_default_build(name: str) -> None:
    assert (SOURCES / "wilson" / name).is_file() and SEED.is_file()
    assert sorted(p.name for p in (DATA / "wilson").glob("*.txt"))


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("LOD_WORKERS", "-1", "LOD_WORKERS: expected 'auto' or a number of at least 0, got -1"),
        ("LOD_WORKERS", "many", "LOD_WORKERS: expected 'auto' or a whole number, got 'many'"),
        ("LOD_BATCH_SIZE", "0", "LOD_BATCH_SIZE: expected a number of at least 1, got 0"),
    ],
)
def test_a_bad_setting_is_named(variable: str, value: str, message: str) -> None:
    done = run_lod("settings", env={variable: value})
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_lod_names_lists_the_names_as_written_and_what_they_resolved_to(offices_store: Path) -> None:
    manifest = json.loads((offices_store / "current" / "build.json").read_text())
    names = manifest["names"]
    assert names["agent_mentions"] == sum(names["resolved_to"].values()) > 100
    assert set(names["share"]) == {"authority", "register", "minted", "unresolved"}
    listed = run_lod("names", "--store", str(offices_store), "--limit", "3")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith(f"{names['agent_mentions']:,} names of agents on the published records")
    assert "register: Walter Quintin Gresham <person/gresham-walter-quintin>" in listed.stdout
    assert "FRUS telegrams whose head names a post of the register" in listed.stdout  # the 1934 excerpt's
    # ... and the one it cannot resolve, by cause: the Consul General at Geneva, an office POCOM does not list
    assert "not resolved, an office the register does not cover (a consul" in listed.stdout
    unresolved = run_lod("names", "--store", str(offices_store), "--unresolved", "--limit", "100")
    listing = unresolved.stdout.split("\n\n", 1)[1]  # below the figures
    assert "unresolved: kept as written" in listing and " register: " not in listing
    document = json.loads(run_lod("names", "--store", str(offices_store), "--json").stdout)
    [secretary] = [n for n in document["names"] if n["written"] == "the Secretary of State"]
    assert {o["entity"] for o in secretary["outcomes"]} >= {"person/hull-cordell"}
    assert all(o["records"] for o in secretary["outcomes"])  # each outcome names records behind it
    missing = run_lod("names", "--store", str(offices_store.parent / "nowhere"))
    assert missing.returncode == 2 and "no published store" in missing.stderr


def test_many_files_of_no_record_format_are_counted_by_folder(workdir: Path) -> None:
    for number in range(12):
        folder = workdir / "in" / ("notes" if number % 2 else "images") / f"set{number}"
        folder.mkdir(parents=True)
        (folder / f"file{number}.docx").write_bytes(b"PK\x03\x04")
    copy_seed(workdir / "in")
    done = run_lod("build", "--quiet", str(workdir / "in"), "--store", str(workdir / "store"))
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.startswith("skipped")]
    assert line.startswith("skipped 12 files in") and "notes (6)" in line and "images (6)" in line
    assert line.endswith(f": not a known record format ({FORMATS})")


def test_a_readme_beside_the_pages_is_no_record(workdir: Path) -> None:
    copy_seed(workdir / "in")
    (workdir / "in" / "README.txt").write_text("Where these pages came from, and when they were saved.\n")
    done = run_lod("build", "--quiet", str(workdir / "in"), "--store", str(workdir / "store"))
    assert done.returncode == 0, done.stdout + done.stderr  # nothing rejected: the README is not a page
    assert "published 1, rejected 0, read 1" in done.stdout
    assert "README.txt: describes the folder it is in" in done.stderr
