"""Names to entities: one entity per real person, organization, place and archive."""

import re
from pathlib import Path

import pytest

from lod.errors import ConfigurationError
from lod.record import Name, Record
from lod.resolve import Authority, Resolver, name_key
from lod.settings import PROJECT_ROOT
from lod.text import fold, searchable

AUTHORITIES = PROJECT_ROOT / "data" / "authorities"


@pytest.fixture
def resolver() -> Resolver:
    return Resolver(Authority.load(AUTHORITIES))


@pytest.mark.parametrize(
    "written",
    [
        Name("Stalin"),
        Name("STALIN"),
        Name("FENG XI", ("Stalin",)),
        Name("Filippov", ("Stalin",)),
        Name("Filippov"),
        Name("Comrade Stalin I.V."),
        Name("Fyn-Si"),
        Name("Сталин"),
        Name("СТАЛИН И.В."),
    ],
)
def test_stalin_under_every_name(resolver: Resolver, written: Name) -> None:
    assert resolver.agent(written).key == "stalin"


def test_variants_and_transliterations_reach_one_person(resolver: Resolver) -> None:
    assert resolver.agent(Name("PAK HEON-YEONG", ("Pak Hon Yong",))).key == "pak-heon-yeong"
    assert resolver.agent(Name("Pak Hon Yong")).key == "pak-heon-yeong"
    assert resolver.agent(Name("Kim Tu Bong")).key == "kim-du-bong"
    assert resolver.agent(Name("Cde. Shtykov")).key == "shtykov"


def test_a_name_in_its_own_script_resolves_as_search_finds_it(resolver: Resolver) -> None:
    assert resolver.agent(Name("Штыков")).key == "shtykov"
    # one folding for the resolver and for search: the same romanisation, whatever the script
    for written in ("Сталин", "Хрущёв", "김일성", "毛泽东", "P'yŏngyang", "Łódź"):
        assert fold(written) == " ".join(re.findall(r"\w+", searchable(written).replace("-", " ")))
    assert fold("김일성") == "gimilseong" and fold("毛泽东") == "maozedong"
    minted = resolver.agent(Name("Иван Банцекин", kind="person"))
    assert minted is not None and minted.key == "bantsekin-ivan"
    assert resolver.agent(Name("Ivan Bantsekin")) is minted


def test_archive_abbreviations_are_unified(resolver: Resolver) -> None:
    assert resolver.archive(Name("APRF")) is resolver.archive(Name("AP RF"))
    assert resolver.archive(Name("AVP RF")).key == "avprf"
    assert resolver.archive(Name("Russian Presidential Archives")).key == "aprf"


def test_historical_place_names(resolver: Resolver) -> None:
    assert resolver.place(Name("Peking")) is resolver.place(Name("BEIJING"))
    assert resolver.place(Name("Leningrad")).key == "st-petersburg"


def test_unknown_full_names_get_an_entity_never_dropped(resolver: Resolver) -> None:
    first = resolver.agent(Name("Ivan Bantsekin", kind="person"))
    assert first is not None
    assert (first.kind, first.key, first.label, first.curated) == ("person", "bantsekin-ivan", "Ivan Bantsekin", False)
    assert resolver.agent(Name("BANTSEKIN, IVAN")) is first
    assert first.label == "Ivan Bantsekin"  # the order "First Last", whatever the order written
    body = resolver.agent(Name("Japan-China Import-Export Association"))
    assert body is not None and body.kind == "organization"


def test_a_surname_alone_that_nothing_singles_out_is_not_a_person(resolver: Resolver) -> None:
    outcome = resolver.identify(Name("Bantsekina", kind="person"), [], None)
    assert outcome.entity is None and outcome.method == "unresolved"
    assert "surname alone" in outcome.how
    # a distribution list names its recipients as the office knew them: kept as an entity
    listed = resolver.identify(Name("Bantsekina", kind="person"), [], None, lists=True)
    assert listed.entity is not None and listed.entity.label == "Bantsekina"


def test_catalogue_headings_and_running_text_meet(resolver: Resolver) -> None:
    heading = resolver.agent(Name("Cremin, Cornelius Christopher", ("Con",)))
    assert resolver.agent(Name("Con Cremin")) is heading
    assert resolver.agent(Name("Cornelius Christopher Cremin")) is heading
    assert name_key("Ushiba, Nobuhiko") == name_key("Ushiba Nobuhiko")


def test_a_new_code_name_is_learnt_from_the_editors_bracket(resolver: Resolver) -> None:
    stalin = resolver.agent(Name("Druzhkov", ("Stalin",)))
    assert stalin.key == "stalin" and "Druzhkov" in stalin.code_names
    assert resolver.agent(Name("Druzhkov")) is stalin


def test_each_record_hands_over_what_it_taught(resolver: Resolver) -> None:
    """The build is told, record by record, which entities a record made or changed; nothing else changes one."""

    def record(key: str, *names: Name) -> Record:
        return Record("test", key, "test", key, "telegram", sender=names[0], addressees=list(names[1:]))

    heading = Name("Cremin, Cornelius Christopher", ("Con",))
    first = resolver.resolve(record("a", heading, Name("Druzhkov", ("Stalin",))))
    cremin = first.agents[heading]
    taught = {(lesson.key, lesson.what, lesson.text) for lesson in first.lessons}
    assert (cremin.key, "entity", "Cornelius Christopher Cremin") in taught
    assert (cremin.key, "label", "Con Cremin") in taught
    assert ("stalin", "code name", "Druzhkov") in taught
    again = resolver.resolve(record("b", Name("Con Cremin"), Name("Druzhkov")))
    assert again.agents[Name("Con Cremin")] is cremin
    assert again.lessons == []  # met before, under names already known: nothing new to say of them
    # "Con Cremin" written twice now, the heading's form once: the preferred label changes, and the build is told
    third = resolver.resolve(record("c", Name("Con Cremin"), Name("Druzhkov")))
    assert [(lesson.key, lesson.what, lesson.text) for lesson in third.lessons] == [(cremin.key, "form", "Con Cremin")]
    assert cremin.label == "Con Cremin"  # now the form written most often


def test_a_surname_signing_a_record_is_the_person_of_its_people_list(resolver: Resolver) -> None:
    context = [Name("Bitterlich, Joachim", kind="person"), Name("Bitterlich", kind="person")]
    assert resolver.agent(context[1], context) is resolver.agent(context[0], context)


def test_concepts_of_the_schemes(resolver: Resolver) -> None:
    assert resolver.concept("precedence", "Extremely urgent").key == "extremely-urgent"
    assert resolver.concept("classification", "Strictly secret").label == "Strictly Secret"
    assert resolver.concept("classification", "Eyes Only").key == "eyes-only"


def test_mentions_found_by_the_authority_lists(resolver: Resolver) -> None:
    found = {
        e.key for e in resolver.mentioned_in("Talks in Peking between Mao Tse-tung and Kim Il-sung; in the kimono")
    }
    assert found == {"beijing", "mao-zedong", "kim-il-sung"}


def test_a_broken_authority_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "persons.csv").write_text("key,label\nstalin,Joseph Stalin\nstalin,Iosif Stalin\n")
    with pytest.raises(ConfigurationError, match=r"persons.csv: line 3: the key 'stalin' is listed twice"):
        Authority.load(tmp_path)
    (tmp_path / "persons.csv").write_text("key,name\nstalin,Joseph Stalin\n")
    with pytest.raises(ConfigurationError, match="lacks the column"):
        Authority.load(tmp_path)
