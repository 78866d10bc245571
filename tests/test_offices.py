"""Offices as records write them (lod.offices) and persons' names taken apart (lod.names)."""

import pytest

from lod.offices import is_body, is_office_only, office
from lod.person_names import given_names_agree, person_name


@pytest.mark.parametrize(
    ("written", "title", "place", "acting", "mission", "principal"),
    [
        ("The Minister in Paraguay", "Minister", "Paraguay", False, True, False),
        ("the Secretary of State", "Secretary of State", None, False, False, True),
        ("the Acting Secretary of State", "Secretary of State", None, True, False, True),
        ("The Ambassador in the United Kingdom", "Ambassador", "United Kingdom", False, True, False),
        ("the Chargé in Italy", "Chargé", "Italy", True, True, False),
        ("The Changé in Denmark", "Chargé", "Denmark", True, True, False),  # a misprint in FRUS 1918
        ("Chargé d’Affaires ad interim in Mexico", "Chargé d’Affaires ad interim", "Mexico", True, True, False),
        ("the Embassy in Vietnam", "Embassy", "Vietnam", False, True, False),
        ("The American Minister at Pekin", "Minister", "Pekin", False, True, False),
        ("Counselor for the Department of State", "Counselor for the Department of State", None, False, False, True),
        ("The Consul at Geneva", "Consul", "Geneva", False, False, False),
    ],
)
def test_offices_taken_apart(
    written: str, title: str, place: str | None, acting: bool, mission: bool, principal: bool
) -> None:
    found = office(written)
    assert found is not None
    assert (found.title, found.place, found.acting, found.mission, found.principal) == (
        title,
        place,
        acting,
        mission,
        principal,
    )


def test_foreign_and_generic_offices_name_no_post_of_ours() -> None:
    assert office("the British Ambassador").foreign and office("The Japanese Minister for Foreign Affairs").foreign
    assert not office("The Chairman of the American Delegation").foreign
    assert not office("the Minister for Foreign Affairs").qualified  # every government has one: no one post
    assert office("The Minister of Foreign Affairs of Paraguay").qualified
    assert office("Secretary of the Treasury").qualified
    assert office("Mr.") is None and office("President") is None  # forms of address, not offices


@pytest.mark.parametrize(
    ("words", "only"),
    [
        ("the Secretary of State", True),
        ("The President", True),
        ("the King of Prussia", True),
        ("The Attorney-General", True),
        ("the Secretary of the Navy", True),
        ("President Wilson", False),
        ("Secretary Seward", False),
        ("Mr. Seward", False),
        ("John Davis", False),
    ],
)
def test_an_office_alone_is_told_from_an_office_with_a_name(words: str, only: bool) -> None:
    assert is_office_only(words) is only


def test_bodies_are_told_from_offices() -> None:
    assert (
        is_body("the British Embassy") and is_body("Department of State") and is_body("Commission to Negotiate Peace")
    )
    assert not is_body("the Embassy in Vietnam")  # a US mission: its chief signs
    assert not is_body("The Chairman of the American Delegation") and not is_body("Secretary of State")


@pytest.mark.parametrize(
    ("written", "display", "surname", "role", "bare"),
    [
        ("GEO. S. BOUTWELL, Secretary.", "George S. Boutwell", "Boutwell", "Secretary", False),
        ("WILLIAM HUNTER, Assistant Secretary", "William Hunter", "Hunter", "Assistant Secretary", False),
        ("Francis, David R.", "David R. Francis", "Francis", "", False),
        ("House, Colonel Edward M.", "Edward M. House", "House", "", False),
        ("Ackerson, Garret G., Jr.", "Garret G. Ackerson Jr.", "Ackerson", "", False),
        (
            "GEORGE F. SEWARD, Consul General, acting, judicially.",
            "George F. Seward",
            "Seward",
            "Consul General, acting, judicially",
            False,
        ),
        ("FRED’K. T. FBELINGHUYSEN.", "Frederick T. Fbelinghuysen", "Fbelinghuysen", "", False),
        ("Mr. Seward", "Seward", "Seward", "", True),
        ("Mr.. Burlingame", "Burlingame", "Burlingame", "", True),
        ("Earl Granville", "Earl Granville", "Granville", "", False),  # a peer goes by his title
        ("Derby, Earl of (Edward George V. Stanley)", "Earl of Derby", "Earl of Derby", "", False),
        ("M. de ZAMACONA.", "de Zamacona", "de Zamacona", "", True),
        ("Jesse H. McMATH", "Jesse H. McMath", "McMath", "", False),
        ("The Duke de Gramont", "Duke de Gramont", "de Gramont", "", False),
    ],
)
def test_persons_names_taken_apart(written: str, display: str, surname: str, role: str, bare: bool) -> None:
    parts = person_name(written)
    assert (parts.display, parts.surname, parts.role, parts.bare) == (display, surname, role, bare)


def test_a_signature_s_m_is_an_initial_and_titles_say_whose_a_name_is() -> None:
    assert person_name("M. LEVY, Vice-Consul", signature=True).given == ("M.",)
    assert person_name("M. Patenôtre").title == "M." and person_name("M. Patenôtre").foreign
    assert person_name("Señor Romero").foreign and person_name("President Wilson").foreign
    assert not person_name("General Schenck").foreign and not person_name("Mr. Fish").foreign


@pytest.mark.parametrize(
    ("given", "full", "agree"),
    [
        (("David", "R."), "David Rowland", True),
        (("W.", "H."), "William Henry", True),
        (("McG.",), "McGeorge", True),
        (("McG.",), "William Putnam", False),
        (("John",), "James", False),
        ((), "anyone", True),
    ],
)
def test_given_names_agree_by_initials_and_abbreviations(given: tuple[str, ...], full: str, agree: bool) -> None:
    assert given_names_agree(given, full) is agree
