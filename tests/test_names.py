from lod.names import clean, editorial_notes, looks_like_organization, persons_in_text, split_variants
from lod.record import Name


def test_honorifics_and_letter_spacing_are_removed() -> None:
    assert clean("To Comrade FENG XI") == "FENG XI"
    assert clean("Cde. Filippov.") == "Filippov"
    assert clean("Comr. Stalin") == "Stalin"
    assert clean("S H T Y K O V") == "SHTYKOV"
    assert clean("KIM IL SUNG'S") == "KIM IL SUNG"


def test_bracketed_and_parenthesised_variants() -> None:
    assert split_variants("FENG XI [Stalin]") == Name("FENG XI", ("Stalin",))
    assert split_variants("Feng Xi (Stalin)") == Name("Feng Xi", ("Stalin",))
    assert split_variants("Molotov") == Name("Molotov")


def test_persons_named_in_a_translated_telegram() -> None:
    text = (
        "The leadership (Kim Il Sung, Pak Heon-yeong [Pak Hon Yong], Pak Il-u [Pak Il U], Kim Baek, Kang Geun) "
        "agree. KIM DU-BONG [Kim Tu Bong] doubts. The DPRK and USSR agree; the KNP [Korean People's Republic] too."
    )
    names = {n.written: n.variants for n in persons_in_text(text)}
    assert names == {
        "Kim Il Sung": (),
        "Pak Heon-yeong": ("Pak Hon Yong",),
        "Pak Il-u": ("Pak Il U",),
        "Kim Baek": (),
        "Kang Geun": (),
        "KIM DU-BONG": ("Kim Tu Bong",),
    }


def test_editorial_notes_are_not_name_variants() -> None:
    text = "summon [Foreign Minister] Pak Heon-yeong [Pak Hon Yong]; the KNP [Korean People's Republic, a misspelling]"
    assert editorial_notes(text) == ["[Foreign Minister]", "KNP [Korean People's Republic, a misspelling]"]


def test_bodies_are_told_from_persons() -> None:
    assert looks_like_organization("Japan. Foreign Ministry")
    assert looks_like_organization("File of 8th Department")
    assert not looks_like_organization("Thomas J. Kieran")
    assert not looks_like_organization("Kim Il Sung")
