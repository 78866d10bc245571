"""Full-text search with facets (/search, /search.json) over the default build, in process."""

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from conftest import BASE, ROOT, json_of, select

SEED = f"{BASE}id/telegram/wilson-1950-07-01-ciphered-telegram-shtykov-stalin-political-mood"
SEED_TEXT = ROOT / "data" / "sources" / "wilson" / "seed-1950-07-01-shtykov-to-stalin.txt"


@pytest.fixture
def room(client: FlaskClient) -> FlaskClient:
    return client


def search(room: FlaskClient, **params: str | list[str]) -> dict:  # type: ignore[type-arg]
    response = room.get("/search.json", query_string=params)
    assert response.status_code == 200, response.text
    return json_of(response)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "words",
    [
        "Pak Hon Yong",
        "pak heon yeong",
        "PAK HEON-YEONG",
        "Feng Xi",
        "fengxi",
        "Filippov",
        "Сталин",
        "Shtyk*",
        "P'yŏngyang mood",
        '"political mood"',
    ],
)
def test_every_spelling_of_a_name_finds_the_seed(room: FlaskClient, words: str) -> None:
    found = search(room, q=words)
    assert found["results"], f"{words!r} found nothing"
    assert found["results"][0]["iri"] == SEED


@pytest.mark.parametrize(
    "citation",
    [
        "Fond 45",  # as a historian copies it from a footnote: "APRF, Fond 45, Opis 1, Delo 346"
        "Fond 45, Opis 1, Delo 346",
        "f. 45, op. 1, d. 346",
        "APRF 45/1/346",
        "ф. 45, оп. 1, д. 346",
        "No. 405809",  # the telegram's number
        "405809",
    ],
)
def test_a_citation_finds_the_record_it_cites_first(room: FlaskClient, citation: str) -> None:
    found = search(room, q=citation)
    assert found["results"] and found["results"][0]["iri"] == SEED, (citation, found["total"])


def test_a_citation_matches_the_reference_not_the_words(room: FlaskClient) -> None:
    assert search(room, q="Fond 45, Opis 1, Delo 347")["total"] == 0  # another file of the same opis
    assert search(room, q="Fond 46")["total"] == 0
    assert search(room, q="APRF 45/1/346 mood")["total"] == 1  # a citation and words: both must hold
    page = room.get("/search", query_string={"q": "f. 45, op. 1, d. 346 mood"}).get_data(as_text=True)
    assert "Reference matched: f. 45, op. 1, d. 346" in page  # the reader sees why the record was found


@pytest.mark.parametrize(("script", "romanised"), [("Сталин", "Stalin"), ("김일성", "Kim Il Sung"), ("毛泽东", "Mao")])
def test_names_in_their_own_scripts_find_what_their_romanisations_find(
    room: FlaskClient, script: str, romanised: str
) -> None:
    """The authority carries each name in its own script; anyascii's "gimilseong" alone would find nothing."""
    found, expected = search(room, q=script), search(room, q=romanised)
    assert found["total"] == expected["total"] > 0
    assert [r["iri"] for r in found["results"]] == [r["iri"] for r in expected["results"]]


def test_a_state_department_file_number_finds_its_document(offices: FlaskClient, offices_store: Path) -> None:
    """FRUS cites the Department's decimal files ("724.3415/3470"): searched as written, found by the reference."""
    rows = select(
        offices_store,
        "SELECT ?r ?code WHERE { ?r <https://w3id.org/telegram/ns#archivalReference> ?p . "
        "?p <https://w3id.org/telegram/ns#referenceCode> ?code FILTER(STRSTARTS(?code, '724.3415/3470')) }",
    )
    assert rows
    found = search(offices, q="724.3415/3470")
    assert {r["iri"] for r in found["results"]} == {row["r"] for row in rows}
    assert search(offices, q="724.3415/3471")["total"] == 0


def test_a_result_says_where_and_why_it_matched(room: FlaskClient) -> None:
    hit = search(room, q="Pak Hon Yong")["results"][0]
    assert "Pak Hon Yong" in hit["snippet"] and {"Pak", "Hon", "Yong"} <= set(hit["matched"])
    assert {"role": "person", "label": "Pak Heon-yeong", "iri": f"{BASE}id/person/pak-heon-yeong"} in hit["names"]
    hit = search(room, q="Feng Xi")["results"][0]
    assert {"role": "addressee", "label": "Joseph Stalin", "iri": f"{BASE}id/person/stalin"} in hit["names"]
    assert (hit["date"], hit["earliest"], hit["latest"], hit["when"]) == ("1950-07-01",) + ("1950-07-01",) * 2 + (
        "1 July 1950",
    )


def test_words_that_match_nothing_find_nothing(room: FlaskClient) -> None:
    assert search(room, q="Pak Hon Yong zanzibar")["total"] == 0
    assert search(room, q='"mood political"')["total"] == 0  # a phrase keeps its order


def test_query_syntax_is_never_passed_through(room: FlaskClient) -> None:
    for words in ["NEAR(a b)", "title:x", '"unclosed', "a OR", "*", "-", "AND", "^x", "x:y:z", "'", "()"]:
        response = room.get("/search.json", query_string={"q": words})
        assert response.status_code == 200, (words, response.text)


def test_facets_count_what_the_graph_holds(room: FlaskClient, seed_store: Path) -> None:
    everything = search(room)
    assert everything["total"] == 153
    years = {v["key"]: v["count"] for v in everything["facets"]["year"]}
    per_year = select(
        seed_store,
        "SELECT (COUNT(?d) AS ?n) WHERE { ?d a <https://w3id.org/telegram/ns#Document> ; "
        "<http://purl.org/dc/terms/date> ?date FILTER(STRSTARTS(STR(?date), '1894')) }",
    )
    assert years["1894"] == int(per_year[0]["n"])
    kinds = {v["label"]: v["count"] for v in everything["facets"]["kind"]}
    telegrams = select(seed_store, "SELECT (COUNT(?d) AS ?n) WHERE { ?d a <https://w3id.org/telegram/ns#Telegram> }")
    assert kinds["Telegram"] == int(telegrams[0]["n"])


def test_facets_narrow_and_combine(room: FlaskClient) -> None:
    baker = search(room, sender="person/baker-lewis")
    assert baker["total"] == {v["key"]: v["count"] for v in search(room)["facets"]["sender"]}["person/baker-lewis"]
    narrowed = search(room, sender="person/baker-lewis", q="canal")
    assert 0 < narrowed["total"] < baker["total"]
    both = search(
        room, sender=["person/baker-lewis", "person/gresham-walter-quintin"]
    )  # two values of one facet: either
    assert both["total"] > baker["total"]
    assert search(room, sender="person/baker-lewis", addressee="person/stalin")["total"] == 0
    korea = search(room, archive="archive/aprf", fond="45", opis="1", delo="346")
    assert [r["iri"] for r in korea["results"]] == [SEED]


def test_periods_and_sorting(room: FlaskClient) -> None:
    july = search(room, **{"from": "1950-07", "to": "1950-07"})
    assert [r["iri"] for r in july["results"]] == [SEED]
    oldest = search(room, sort="date")["results"][0]["earliest"]
    newest = search(room, sort="-date")["results"][0]["earliest"]
    assert oldest < "1895" < newest
    assert room.get("/search.json", query_string={"from": "July"}).status_code == 400


def test_results_are_paged_with_a_next_link(room: FlaskClient) -> None:
    first = search(room, year="1894")
    assert first["total"] > 20 and len(first["results"]) == 20 and first["pages"] > 1
    second = json_of(room.get(first["next"]))
    assert not {r["iri"] for r in first["results"]} & {r["iri"] for r in second["results"]}


def test_the_search_page_without_javascript(room: FlaskClient) -> None:
    page = room.get("/search", query_string={"q": "Pak Hon Yong <script>"})
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text  # the words are escaped where shown
    page = room.get("/search", query_string={"q": "Pak Hon Yong"})
    assert "<mark>Hon</mark>" in page.text and "/id/telegram/wilson-1950-07-01" in page.text
    assert 'href="/search?q=Pak+Hon+Yong&amp;kind=telegram"' in page.text  # facets are plain links
    assert "http://" not in page.text.split("<main>")[0].replace("http://127.0.0.1", "")  # no CDN


def test_facets_counted_in_parts_at_once_are_the_counts_of_one_pass(seed_store: Path) -> None:
    """The facets are counted by several threads, each over its share of them, and the shares are fair."""
    from lod.index import Query, Selection, open_index
    from lod.index.engine import COUNTED, parts

    index = open_index((seed_store / "current").resolve())
    engine = index.engine
    held = {"copy": 900, "place": 500, "person": 450, "year": 100}
    for cores in (1, 2, 3):
        shares = parts(held, 100, cores)
        assert sorted(name for share in shares for name in share) == sorted(COUNTED) and len(shares) == cores
    two = parts(held, 100, 2)
    assert ["copy"] in [share[:1] for share in two] and ["place"] in [share[:1] for share in two]  # apart
    matching = index.matching(Selection(Query.parse("Stalin", cite=True)))
    assert matching is not None
    shared = engine.shares
    try:
        engine.shares = [list(COUNTED)]
        alone = engine.facet_counts(matching, 5)
        engine.shares = parts(held, engine.documents, 3)
        at_once = engine.facet_counts(matching, 5)
    finally:
        engine.shares = shared
    assert at_once == alone and alone["kind"] and set(alone) == set(COUNTED)


def test_facets_of_a_search_matching_most_records_are_exact(seed_store: Path) -> None:
    """Where most records match, the facets are everything's counts less those of the records that do not:
    the same counts as counting the matches one by one."""
    from lod.index import Query, Selection, open_index

    index = open_index((seed_store / "current").resolve())
    for words in ("the", "of the"):
        selection = Selection(Query.parse(words, cite=True))
        matching = index.matching(selection)
        assert matching is not None
        total = index.engine.count(matching)
        assert total > index.engine.documents / 2, (words, total)
        by_complement, counted = index.facets(matching, total), index.facets(matching)
        assert {k: [(v.key, v.count) for v in values] for k, values in by_complement.items()} == {
            k: [(v.key, v.count) for v in values] for k, values in counted.items()
        }
        assert sum(v.count for v in by_complement["year"]) <= total and by_complement["kind"]


def test_a_two_word_phrase_found_as_a_term_finds_what_its_positions_find(seed_store: Path) -> None:
    """A two-word phrase is looked up as one term (the pair of words, indexed as such), not by reading
    positions; for every pair of adjacent words of the seed's page, it finds exactly the documents the
    phrase query over positions finds, no more, no fewer."""
    import tantivy

    from lod.index import Query, Selection, open_index
    from lod.index.engine import PAIRS, SCHEMA, TEXT_FIELDS, pairs
    from lod.text import searchable

    index = open_index((seed_store / "current").resolve())
    engine = index.engine
    body = searchable(SEED_TEXT.read_text(encoding="utf-8"))
    words = pairs(body)
    assert "political mood" in words
    met = 0
    for pair in words:
        tokens: list[str | tuple[int, str]] = list(pair.split())
        by_positions = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.phrase_query(SCHEMA, name, tokens)) for name in TEXT_FIELDS]
        )
        as_term = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, PAIRS + name, pair)) for name in TEXT_FIELDS]
        )
        assert engine.count(as_term) == engine.count(by_positions), pair
        met += engine.count(as_term) > 0
    assert met > 200  # the page's own words, found (its navigation is not the record's text)
    # and the reading room asks it so: the seed first among what "political mood" finds
    found = index.search(Selection(Query.parse('"political mood"', cite=True)))
    assert found.total >= 1 and "political-mood" in found.hits[0].iri
    assert pairs("a " + "x" * 40 + " b c") == ["b c"]  # a word the tokenizer drops parts its neighbours
