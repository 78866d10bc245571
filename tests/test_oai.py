"""OAI-PMH 2.0 at /oai: harvested by the sickle client from a real server, asked in process for the rest; every
response valid against the protocol's schema."""

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from lxml import etree

from conftest import BASE, ROOT, application, run_lod, select, serving

OAI = "{http://www.openarchives.org/OAI/2.0/}"
SCHEMA = ROOT / "var" / "schemas" / "OAI-PMH.xsd"
SEED = f"{BASE}id/telegram/wilson-1950-07-01-ciphered-telegram-shtykov-stalin-political-mood"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not SCHEMA.exists():
        pytest.skip(f"{SCHEMA} is missing: `make dev` fetches it (from the pyoai source distribution on PyPI)")
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="module")
def provider(seed_store: Path) -> Iterator[str]:
    with serving(seed_store) as url:
        yield url + "/oai"


def ask(client: FlaskClient, schema: etree.XMLSchema, method: str = "get", **arguments: str) -> etree._Element:
    """One request; its answer must be valid OAI-PMH, whatever it says."""
    response = client.get("/oai", query_string=arguments) if method == "get" else client.post("/oai", data=arguments)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/xml")
    document = etree.fromstring(response.data)
    assert schema.validate(document), (arguments, schema.error_log.last_error)
    return document


def error_code(document: etree._Element) -> str | None:
    error = document.find(f"{OAI}error")
    return None if error is None else error.get("code")


def test_identify(client: FlaskClient, schema: etree.XMLSchema) -> None:
    identify = ask(client, schema, verb="Identify").find(f"{OAI}Identify")
    assert identify.findtext(f"{OAI}baseURL") == "http://localhost/oai"
    assert identify.findtext(f"{OAI}protocolVersion") == "2.0"
    assert identify.findtext(f"{OAI}granularity") == "YYYY-MM-DDThh:mm:ssZ"


def test_sickle_harvests_every_published_record(provider: str, schema: etree.XMLSchema, seed_store: Path) -> None:
    from sickle import Sickle

    harvester = Sickle(provider)
    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))  # 153 records: two pages, one token
    published = json.loads((seed_store / "current" / "build.json").read_text())["published"]
    assert len(records) == len({r.header.identifier for r in records}) == published
    seed = next(r for r in records if r.header.identifier == SEED)
    assert seed.metadata["title"] == ["Ciphered telegram, Shtykov to Stalin on the Political Mood in North Korea"]
    assert seed.metadata["creator"] == ["Terentii Shtykov"] and seed.metadata["date"] == ["1950-07-01"]
    assert "Telegram to Joseph Stalin" in seed.metadata["description"]
    assert set(seed.header.setSpecs) == {"archive:aprf", "archive:avprf", "year:1950"}
    identifiers = [h.identifier for h in harvester.ListIdentifiers(metadataPrefix="oai_dc")]
    assert identifiers == [r.header.identifier for r in records]


def test_the_pages_carry_a_resumption_token(client: FlaskClient, schema: etree.XMLSchema) -> None:
    first = ask(client, schema, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.find(f".//{OAI}resumptionToken")
    assert len(first.findall(f".//{OAI}header")) == 100
    assert token.get("completeListSize") == "153" and token.get("cursor") == "0" and token.text
    second = ask(client, schema, method="post", verb="ListIdentifiers", resumptionToken=token.text)
    last = second.find(f".//{OAI}resumptionToken")
    assert len(second.findall(f".//{OAI}header")) == 53 and last.text is None and last.get("cursor") == "100"


def test_sets_per_archive_and_per_year(client: FlaskClient, schema: etree.XMLSchema, seed_store: Path) -> None:
    sets = {s.findtext(f"{OAI}setSpec") for s in ask(client, schema, verb="ListSets").iter(f"{OAI}set")}
    assert {"archive:aprf", "year:1950", "year:1894"} <= sets
    aprf = ask(client, schema, verb="ListIdentifiers", metadataPrefix="oai_dc", set="archive:aprf")
    assert [h.findtext(f"{OAI}identifier") for h in aprf.iter(f"{OAI}header")] == [SEED]
    year = ask(client, schema, verb="ListIdentifiers", metadataPrefix="oai_dc", set="year:1894")
    token = year.find(f".//{OAI}resumptionToken")
    dated = select(
        seed_store,
        "SELECT (COUNT(?d) AS ?n) WHERE { ?d <http://purl.org/dc/terms/date> ?date "
        "FILTER(STRSTARTS(STR(?date), '1894')) }",
    )
    assert token.get("completeListSize") == dated[0]["n"]


def test_get_record_as_rdf(client: FlaskClient, schema: etree.XMLSchema) -> None:
    document = ask(client, schema, verb="GetRecord", identifier=SEED, metadataPrefix="rdf")
    rdf = document.find(f".//{OAI}metadata")[0]
    assert rdf.tag == "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
    from rdflib import Graph

    graph = Graph().parse(data=etree.tostring(rdf), format="xml")
    titles = {str(o) for s, p, o in graph if str(s) == SEED and str(p) == "http://purl.org/dc/terms/title"}
    assert titles == {"Ciphered telegram, Shtykov to Stalin on the Political Mood in North Korea"}


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"verb": "Harvest"}, "badVerb"),
        ({}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),  # no metadataPrefix
        ({"verb": "Identify", "set": "x"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "July 1950"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01", "until": "2020-01-01T00:00:00Z"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "fond:45"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marcxml"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": f"{BASE}id/telegram/nowhere"},
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "oai:nowhere:1"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "year:1700"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "resumptionToken": "not-ours"}, "badResumptionToken"),
    ],
)
def test_protocol_errors(client: FlaskClient, schema: etree.XMLSchema, arguments: dict[str, str], code: str) -> None:
    document = ask(client, schema, **arguments)
    assert error_code(document) == code
    if code in ("badVerb", "badArgument"):
        assert not document.find(f"{OAI}request").attrib  # the request is echoed without its arguments


def test_a_repeated_argument_is_refused(client: FlaskClient, schema: etree.XMLSchema) -> None:
    response = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=rdf")
    document = etree.fromstring(response.data)
    assert schema.validate(document) and error_code(document) == "badArgument"


def test_a_harvester_is_given_what_changed_and_told_what_went(tmp_path: Path, schema: etree.XMLSchema) -> None:
    """A record's datestamp is when its content last changed: after a build that corrects one record and
    drops another, ``from=`` that build lists those two, the dropped one as deleted, and nothing else."""
    sources = tmp_path / "wilson"
    shutil.copytree(ROOT / "data" / "sources" / "wilson", sources)
    export = sources / "nhamby_wilson_records_merged.jsonl"
    store = tmp_path / "store"
    first = run_lod("build", "--quiet", str(sources), "--store", str(store))
    assert first.returncode == 0 and "15 new or changed, 0 unchanged, 0 withdrawn" in first.stdout, first.stdout
    lines = export.read_text(encoding="utf-8").splitlines()
    corrected, dropped = json.loads(lines[0]), json.loads(lines[1])
    corrected["title"] += " (corrected)"
    export.write_text("\n".join([json.dumps(corrected), *lines[2:]]) + "\n", encoding="utf-8")
    time.sleep(1.1)  # datestamps are in seconds
    second = run_lod("build", "--quiet", str(sources), "--store", str(store))
    assert second.returncode == 0 and "1 new or changed, 13 unchanged, 1 withdrawn" in second.stdout, second.stdout
    built = json.loads((store / "current" / "build.json").read_text())["finished"]

    with application(store) as app:
        client = app.test_client()
        identify = ask(client, schema, verb="Identify").find(f"{OAI}Identify")
        assert identify.findtext(f"{OAI}deletedRecord") == "persistent"
        every = ask(client, schema, verb="ListIdentifiers", metadataPrefix="oai_dc").findall(f".//{OAI}header")
        assert len(every) == 15  # 14 published and the one withdrawn
        stamps = {h.findtext(f"{OAI}identifier"): h.findtext(f"{OAI}datestamp") for h in every}
        since = max(stamps.values())
        assert since <= built and min(stamps.values()) < since  # the thirteen unchanged keep the first build's
        changed = ask(client, schema, verb="ListRecords", metadataPrefix="oai_dc", **{"from": since})
        records = changed.findall(f".//{OAI}record")
        titles = [r.findtext(".//{http://purl.org/dc/elements/1.1/}title") for r in records]
        gone = [r for r in records if r.find(f"{OAI}header").get("status") == "deleted"]
        assert len(records) == 2 and corrected["title"] in titles and len(gone) == 1
        assert gone[0].find(f"{OAI}metadata") is None and gone[0].findtext(f".//{OAI}datestamp") == since
        withdrawn = gone[0].findtext(f".//{OAI}identifier")
        asked = ask(client, schema, verb="GetRecord", metadataPrefix="oai_dc", identifier=withdrawn)
        assert asked.find(f".//{OAI}header").get("status") == "deleted"
        assert dropped["title"] not in titles
    modified = select(store, "SELECT ?d ?m { ?d <http://purl.org/dc/terms/modified> ?m }")
    assert len(modified) == 14 and {row["d"]: row["m"] for row in modified}.keys() <= stamps.keys()
    assert all(row["m"] == stamps[row["d"]] for row in modified)  # the record says what the harvester is told
