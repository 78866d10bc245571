from lod.citation import parse_citation


def fields(text: str) -> list[tuple[str | None, ...]]:
    references, _ = parse_citation(text)
    return [(r.archive.written, r.fond, r.opis, r.delo, r.papka, r.folios, r.reference_code) for r in references]


def test_long_form_with_two_archives() -> None:
    assert fields(
        "APRF, Fond 45, Opis 1, Delo 346, Listy 105-107 and AVPRF, Fond 059a, Opis 5a, Delo 3, Papka 11, Listy 107-110"
    ) == [
        ("APRF", "45", "1", "346", None, "105-107", None),
        ("AVPRF", "059a", "5a", "3", "11", "107-110", None),
    ]


def test_short_form_with_semicolons_and_a_translator() -> None:
    text = (
        "AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141. "
        "Translated by Gary Goldberg."
    )
    _, credits = parse_citation(text)
    assert fields(text) == [
        ("AP RF", "45", "1", "334", None, "141", None),
        ("RGASPI", "558", "11", "334", None, "0141", None),
    ]
    assert credits.translators == ["Gary Goldberg"]


def test_three_archives_mixing_both_forms() -> None:
    text = "APRF, f. 45, op. 1, d. 342, l. 78; AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 80; and RGASPI, f. 558"
    assert [row[0] for row in fields(text)] == ["APRF", "AVPRF", "RGASPI"]


def test_an_archive_with_only_folios() -> None:
    text = "APRF, Listy 146-147, Fond and Opis not given; and AVPRF, Fond 059a, Opis 5a, Delo 3, Papka 11, Listy 96-97."
    assert fields(text)[0] == ("APRF", None, None, None, None, "146-147", None)


def test_a_narrative_note_keeps_its_citation() -> None:
    text = (
        "The document was given to South Korea in 1994. "
        "A copy was subsequently found in RGASPI, f. 558, op. 11, d. 334, ll.0055."
    )
    assert fields(text) == [("RGASPI", "558", "11", "334", None, "0055", None)]


def test_other_archives_keep_their_reference_code_and_credits() -> None:
    text = "BArch, B 136/59748, 403-410. Contributed, transcribed, and translated by Stephan Kieninger."
    _, credits = parse_citation(text)
    assert fields(text) == [("BArch", None, None, None, None, "403-410", "B 136/59748")]
    assert credits.translators == ["Stephan Kieninger"]
    assert credits.contributors == ["Stephan Kieninger"]


def test_two_people_credited_for_two_roles() -> None:
    text = (
        "Diplomatic Archives of Japan, File A’0392 (Microfilm). "
        "Contributed by Robert Hoppens and translated by Stephen Mercado."
    )
    _, credits = parse_citation(text)
    assert (credits.contributors, credits.translators) == (["Robert Hoppens"], ["Stephen Mercado"])
