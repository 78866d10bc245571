"""Senders and addressees resolved by date: offices to posts and holders, acting holders, surnames, rulings.

Real FRUS documents (tests/data/frus/*-excerpt.xml, cut from the volumes in ../shared/corpora) read by
the FRUS reader and resolved against the shipped authority files and register of offices.
"""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from lod.authority.curated import Authority
from lod.authority.offices import OfficeRegister
from lod.correspondents import Outcome
from lod.record import Name, Record
from lod.resolve import Resolver
from lod.sources import frus

AUTHORITIES = ROOT / "data" / "authorities"


def _resolver(folder: Path = AUTHORITIES) -> Resolver:
    return Resolver(Authority.load(folder), OfficeRegister.load(folder))


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return _resolver()


def _volume(name: str) -> dict[str, Record]:
    path = DATA / "frus" / f"{name}-excerpt.xml"
    return {r.identifier or "": r for r in frus.read(path, str(path)) if isinstance(r, Record)}


def _parties(resolver: Resolver, record: Record) -> dict[str, Outcome]:
    resolution = resolver.resolve(record)
    return {role: outcome for role, _, outcome in resolution.outcomes if role in ("sender", "addressee")}


def _person(outcome: Outcome) -> str | None:
    return outcome.entity.key if outcome.entity is not None else None


def test_the_minister_in_paraguay_writes_to_the_secretary_of_state(resolver: Resolver) -> None:
    d375 = _volume("frus1934v04")[
        "d375"
    ]  # "The Minister in Paraguay (Nicholson) to the Secretary of State", 24 July 1934
    resolution = resolver.resolve(d375)
    parties = {role: outcome for role, _, outcome in resolution.outcomes}
    sender, addressee = parties["sender"], parties["addressee"]
    assert (_person(sender), sender.post.key, sender.method) == (
        "nicholson-meredith",
        "chief-of-mission-paraguay",
        "register",
    )
    assert (_person(addressee), addressee.post.key) == ("hull-cordell", "secretary")
    assert "holder of the post on the date" in addressee.how
    assert sender.entity.pages == ("https://history.state.gov/departmenthistory/people/nicholson-meredith",)
    assert resolution.written_form(d375.addressees[0]) == "the Secretary of State"  # kept as written


def test_the_acting_secretary_comes_from_the_signature_or_the_volume_s_signatures(resolver: Resolver) -> None:
    volume = _volume("frus1934v04")
    signed = _parties(resolver, volume["d244"])["sender"]  # "The Acting Secretary of State", signed "Moore"
    assert (_person(signed), signed.post.key, signed.acting) == ("moore-robert-walton", "secretary", True)
    assert "from the signature" in signed.how
    # "… to the Acting Secretary of State" of 4 January: Phillips signed as such on the 5th (d57)
    addressed = _parties(resolver, volume["d54"])["addressee"]
    assert _person(addressed) == "phillips-william"
    assert "signed in this volume on 1934-01-05" in addressed.how


def test_misprints_and_names_the_volume_signs_in_full(resolver: Resolver) -> None:
    volume = _volume("frus1934v04")
    peru = _parties(resolver, volume["d67"])["sender"]  # "The Ambassador in Peru (Bearing)", signed Dearing
    assert _person(peru) == "dearing-fred-morris"
    geneva = _parties(resolver, volume["d61"])["sender"]  # "The Consul at Geneva (Gilbert)"
    assert geneva.entity is not None and geneva.entity.label == "Prentiss B. Gilbert"  # signed so in d356
    assert geneva.method == "minted" and geneva.entity.register is None  # a consul: no chief of mission
    assert geneva.post is not None and geneva.post.label == "Consul at Geneva"


def test_mr_seward_in_1864_is_the_secretary_and_his_son_signs_as_acting(resolver: Resolver) -> None:
    volume = _volume("frus1864p3")
    parties = _parties(resolver, volume["d244"])  # "Mr. Seward to Mr. Dayton", signed "WILLIAM H. SEWARD."
    assert (_person(parties["sender"]), _person(parties["addressee"])) == (
        "seward-william-henry",
        "dayton-william-lewis",
    )
    acting = _parties(resolver, volume["d503"])["sender"]  # signed "F. W. SEWARD, Acting Secretary of State."
    assert (_person(acting), acting.post.key, acting.acting) == ("seward-frederick-william", "secretary", True)


def test_an_embassy_is_its_chief_who_signs(resolver: Resolver) -> None:
    day = dt.date(1965, 1, 6)
    outcome = resolver.party(Name("", office="Embassy in Vietnam"), (day, day), Name("Taylor", kind="person"))
    assert (_person(outcome), outcome.post.key) == ("taylor-maxwell-davenport", "chief-of-mission-vietnam-south")


def test_a_charge_is_not_the_chief_the_register_names(resolver: Resolver) -> None:
    day = dt.date(1936, 5, 1)
    outcome = resolver.party(Name("Kirk", kind="person", office="Chargé in Italy"), (day, day))
    ambassador = {t.person for t in resolver.register.holders("chief-of-mission-italy", day, day)}
    assert _person(outcome) not in ambassador  # the ambassador was Breckinridge Long
    assert _person(outcome) == "kirk-alexander-comstock"  # the one Kirk of the register in office within 5 years


def test_surnames_that_nothing_singles_out_stay_as_written(resolver: Resolver) -> None:
    day = dt.date(1864, 5, 1)
    romero = resolver.party(Name("Mr. Romero", kind="person"), (day, day))  # the Mexican minister
    assert romero.entity is None and "no Romero in the register" in romero.how
    wilson = resolver.identify(Name("President Wilson", kind="person"), [], (day, day))
    assert wilson.entity is None and "no officer of the register bears" in wilson.how


def test_the_archivists_rulings_are_honoured(tmp_path: Path) -> None:
    folder = tmp_path / "authorities"
    shutil.copytree(AUTHORITIES, folder)
    with (folder / "persons.csv").open("a") as persons:
        persons.write("romero-matias,Matías Romero,Romero|M. Romero,,,Mexican minister in Washington\n")
    (folder / "names.csv").write_text(
        "written,kind,entity,from,until,source,note\n"
        "Mr. Romero,person,romero-matias,1860,1899,,the Mexican minister of those years\n"
        "Mr. Davis,person,davis-john,1882,1885,frus1882,Assistant Secretary John Davis\n"
        "Mr. Seat,person,-,,,,a consular agent no authority knows: keep as written\n"
    )
    resolver = _resolver(folder)
    day = dt.date(1864, 5, 1)
    romero = resolver.party(Name("Mr. Romero", kind="person"), (day, day))
    assert (_person(romero), romero.method) == ("romero-matias", "authority") and "names.csv line 2" in romero.how
    outside = dt.date(1905, 1, 1)
    assert resolver.identify(Name("Mr. Romero", kind="person"), [], (outside, outside)).how != romero.how
    march = (dt.date(1882, 3, 1), dt.date(1882, 3, 1))
    davis = resolver.party(Name("Mr. Davis", kind="person"), march, None, "data/frus1882.xml")
    assert _person(davis) == "davis-john" and davis.entity.register == "davis-john"
    elsewhere = resolver.party(Name("Mr. Davis", kind="person"), march, None, "data/frus1884.xml")
    assert "names.csv" not in elsewhere.how  # the ruling holds in the volume it names
    assert resolver.identify(Name("Mr. Seat", kind="person"), [], None, lists=True).entity is None
