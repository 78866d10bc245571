"""The register of offices: derived from POCOM (lod.authority.pocom), read by date (lod.authority.offices)."""

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, SHARED, run_lod
from lod.authority import pocom
from lod.authority.offices import OfficeRegister
from lod.errors import ConfigurationError

SHIPPED = ROOT / "data" / "authorities"
DAY = dt.date(1934, 7, 24)


@pytest.fixture(scope="module")
def register() -> OfficeRegister:
    return OfficeRegister.load(SHIPPED)


def test_the_shipped_register_says_who_held_the_office_that_day(register: OfficeRegister) -> None:
    assert [t.person for t in register.holders("secretary", DAY, DAY)] == ["hull-cordell"]
    [term] = register.holders("chief-of-mission-paraguay", DAY, DAY)
    assert (term.person, register.role_title(term.role)) == (
        "nicholson-meredith",
        "Envoy Extraordinary and Minister Plenipotentiary",
    )
    hull = register.persons["hull-cordell"]
    assert (hull.label, hull.born, hull.died, hull.page) == (
        "Cordell Hull",
        1871,
        1955,
        "https://history.state.gov/departmenthistory/people/hull-cordell",
    )
    assert register.provenance["source"] == "https://github.com/HistoryAtState/pocom"
    assert register.provenance["commit"] == "44d2226df6b26f8f5807215ec40e3a6c4d706bbb"


def test_territories_by_the_names_heads_give_them(register: OfficeRegister) -> None:
    assert [p.id for p in register.missions("Great Britain")] == ["chief-of-mission-united-kingdom"]
    assert [p.id for p in register.missions("the Soviet Union")] == ["chief-of-mission-russia"]
    assert register.posts["chief-of-mission-netherlands"].label == "Chief of Mission to the Netherlands"
    # "Vietnam" is two missions; the date picks the one with a chief: South Vietnam in 1965
    assert {p.id for p in register.missions("Vietnam")} == {
        "chief-of-mission-vietnam-south",
        "chief-of-mission-vietnam",
    }
    day = dt.date(1965, 1, 6)
    assert [t.person for t in register.holders("chief-of-mission-vietnam-south", day, day)] == [
        "taylor-maxwell-davenport"
    ]
    assert [p.id for p in register.missions("the United Nations")] == ["representative-to-un"]


def test_surnames_by_spelling_and_one_letter_off(register: OfficeRegister) -> None:
    assert {p.id for p in register.named("SEWARD")} >= {"seward-william-henry", "seward-frederick-william"}
    assert [p.id for p in register.named_like("Schmedeman")] == ["schmedemann-albert-george"]  # FRUS 1925's spelling
    assert register.named_like("Hay") == []  # short names are never matched one letter off


def test_a_retired_id_names_the_person_who_replaced_it(register: OfficeRegister) -> None:
    # POCOM's third-assistant-secretary.xml names "wilson-huntington-francis-mairs-huntington-wilson", an old id
    terms = register.terms_of("wilson-francis-mairs-huntington")
    assert any(t.post == "third-assistant-secretary" for t in terms)
    assert "Huntington Wilson" in register.persons["wilson-francis-mairs-huntington"].other_names


def _checkout(folder: Path) -> Path:
    files = {
        "people/d/doe-john.xml": """<person><id>doe-john</id><old-ids><old-id>doe-j</old-id></old-ids>
            <persName><surname>Doe</surname><forename>John</forename><genName>Jr.</genName></persName>
            <birth>1850</birth><death>1920</death></person>""",
        "people/r/roe-richard.xml": """<person><id>roe-richard</id>
            <persName><surname>Roe</surname><forename>Richard</forename></persName><birth>1860</birth><death/></person>""",
        "positions-principals/secretary.xml": """<principal-position><id>secretary</id>
            <names><singular>Secretary of State</singular></names><start>1781</start><ongoing>true</ongoing>
            <principals><principal><id>secr-1900-doe</id><person-id>doe-j</person-id><role-title-id>secretary</role-title-id>
            <appointed><date>1900-03-01</date></appointed><started><date>1900-03-04</date></started>
            <ended><date/></ended></principal>
            <principal><id>secr-1905-roe</id><person-id>roe-richard</person-id><role-title-id>secretary</role-title-id>
            <appointed><date>1905-01</date></appointed><started><date/></started><ended><date>1909</date></ended>
            </principal></principals></principal-position>""",
        "missions-countries/ruritania.xml": """<country-mission><territory-id>ruritania</territory-id><chiefs>
            <chief><id>ru-1890-doe</id><person-id>doe-john</person-id><role-title-id>minister</role-title-id>
            <started><date>1890-05-02</date></started><ended><date>1899-12-31</date></ended></chief>
            </chiefs></country-mission>""",
        "roles-country-chiefs/minister.xml": (
            "<role><id>minister</id><names><singular>Minister</singular></names></role>"
        ),
    }
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content))
    return folder


def test_a_pocom_checkout_is_read_into_the_compact_register(tmp_path: Path) -> None:
    document = pocom.derive(_checkout(tmp_path / "pocom"), commit="0" * 40)
    assert document["provenance"]["counts"] == {"persons": 2, "posts": 2, "terms": 3}
    assert document["persons"]["doe-john"] == ["John", "Doe", "Jr.", "1850", "1920", [], ["secretary",
                                                "chief-of-mission-ruritania"]]  # fmt: skip
    # the term names the person by the id POCOM retired ("doe-j"): read as the id that replaced it
    assert ["secr-1900-doe", "secr-1900-doe", "doe-john", "secretary", "1900-03-01", "1900-03-04", ""] in document[
        "terms"
    ]["secretary"]
    target = tmp_path / "authorities" / "pocom.json"
    pocom.write(document, target)
    register = OfficeRegister.load(target.parent)
    assert register.persons["doe-john"].label == "John Doe Jr."
    assert register.posts["chief-of-mission-ruritania"].label == "Chief of Mission to Ruritania"
    # an open term closes where the next holder's begins (Roe from January 1905, a month's precision)
    [doe] = [t for t in register.terms_of("doe-john") if t.post == "secretary"]
    assert doe.ends == dt.date(1904, 12, 31)
    assert [t.person for t in register.holders("secretary", dt.date(1909, 12, 31), dt.date(1909, 12, 31))] == [
        "roe-richard"
    ]


def test_a_bad_checkout_or_register_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not a POCOM checkout"):
        pocom.derive(tmp_path)
    folder = tmp_path / "authorities"
    folder.mkdir()
    (folder / "pocom.json").write_text(json.dumps({"format": 99}))
    with pytest.raises(ConfigurationError, match="derive it again with `lod pocom`"):
        OfficeRegister.load(folder)
    checkout = _checkout(tmp_path / "pocom")
    (checkout / "missions-countries" / "ruritania.xml").write_text(
        "<country-mission><territory-id>ruritania</territory-id><chiefs><chief><id>x</id><person-id>doe-john"
        "</person-id><started><date>May 1890</date></started></chief></chiefs></country-mission>"
    )
    with pytest.raises(ConfigurationError, match=r"ruritania.xml: x: started/date is 'May 1890'"):
        pocom.derive(checkout)


@pytest.mark.corpus
def test_lod_pocom_regenerates_the_shipped_register_from_the_checkout(corpora: Path, tmp_path: Path) -> None:
    target = tmp_path / "pocom.json"
    done = run_lod(
        "pocom", str(SHARED / "pocom"), "--commit", "44d2226df6b26f8f5807215ec40e3a6c4d706bbb", "--out", str(target)
    )
    assert done.returncode == 0, done.stderr
    assert "4261 persons, 298 posts, 7262 terms" in done.stdout
    fresh, shipped = json.loads(target.read_text()), json.loads((SHIPPED / "pocom.json").read_text())
    fresh["provenance"].pop("derived"), shipped["provenance"].pop("derived")
    assert fresh == shipped  # the shipped file is what the command makes of POCOM at that commit
