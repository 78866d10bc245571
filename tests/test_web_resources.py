"""Dereferencing and resource pages, in process: 303s, the content-negotiation matrix, HTML."""

import json
import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from conftest import BASE, SEED, application, json_of, run_lod

TELEGRAM = "telegram/wilson-1950-07-01-ciphered-telegram-shtykov-stalin-political-mood"
RDF_FORMATS = {
    "text/turtle": ("ttl", ox.RdfFormat.TURTLE),
    "application/ld+json": ("jsonld", ox.RdfFormat.JSON_LD),
    "application/rdf+xml": ("rdf", ox.RdfFormat.RDF_XML),
    "application/n-triples": ("nt", ox.RdfFormat.N_TRIPLES),
}


def get(client: FlaskClient, path: str, accept: str | None = None, **kwargs: Any) -> TestResponse:
    headers = {"Accept": accept} if accept else {}
    response = client.get(path, headers=headers, **kwargs)
    response.client = client  # type: ignore[attr-defined]  # for the context a JSON-LD document names
    return response


def triples(response: TestResponse, media: str) -> set[tuple[str, str, str]]:
    data = response.data
    if media == "application/ld+json":  # Oxigraph loads no remote context: the test fetches ours for it
        document = json_of(response)
        assert document is not None
        if isinstance(document.get("@context"), str):
            context = json_of(response.client.get(document["@context"]))  # type: ignore[attr-defined]
            document["@context"] = context["@context"]
        data = json.dumps(document).encode()
    quads = ox.parse(data, format=RDF_FORMATS[media][1])
    return {(q.subject.value, q.predicate.value, q.object.value) for q in quads}


@pytest.mark.parametrize(
    ("accept", "suffix"),
    [
        ("text/html", "html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/json", "jsonld"),
        ("application/rdf+xml", "rdf"),
        ("application/n-triples", "nt"),
        ("text/turtle;q=0.5, application/rdf+xml;q=0.9", "rdf"),
        ("*/*", "html"),
    ],
)
def test_identifiers_answer_303_by_accept(family: FlaskClient, accept: str, suffix: str) -> None:
    response = get(family, "/id/person/stalin", accept)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/doc/person/stalin.{suffix}"
    assert response.headers["Vary"] == "Accept"
    assert 'rel="alternate"; type="text/turtle"' in response.headers["Link"]


@pytest.mark.parametrize("media", list(RDF_FORMATS))
def test_every_rdf_document_parses_and_says_the_same(family: FlaskClient, media: str) -> None:
    suffix = RDF_FORMATS[media][0]
    by_suffix = get(family, f"/doc/person/stalin.{suffix}")
    by_accept = get(family, "/doc/person/stalin", media)
    for response in (by_suffix, by_accept):
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(media)
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert by_accept.headers["Vary"] == "Accept"
    found = triples(by_suffix, media)
    stalin = f"{BASE}id/person/stalin"
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert (stalin, skos + "prefLabel", "Joseph Stalin") in found
    assert (stalin, "https://w3id.org/telegram/ns#codeName", "Filippov") in found
    # what links here: the telegrams addressed or copied to him, with their titles
    assert any(p == "https://w3id.org/telegram/ns#addressee" and o == stalin for _, p, o in found)
    assert any(s.endswith("#copy-1") and o == stalin for s, _, o in found)
    assert {o for s, p, o in found if p == "http://purl.org/dc/terms/title"} >= {
        "Ciphered telegram, Shtykov to Stalin on the Political Mood in North Korea"
    }
    assert found == triples(by_accept, media) or media == "application/ld+json"


def test_the_acceptance_path_with_curl_headers(family: FlaskClient) -> None:
    first = get(family, "/id/person/stalin", "text/turtle")
    assert first.status_code == 303
    document = get(family, first.headers["Location"])
    found = triples(document, "text/turtle")
    labels = {o for s, p, o in found if s == f"{BASE}id/person/stalin" and "Label" in p}
    assert {"Joseph Stalin", "Stalin", "Iosif Stalin"} <= labels
    telegrams = {s for s, p, o in found if p == "https://w3id.org/telegram/ns#addressee"}
    assert len(telegrams) >= 3  # the seed, and the pages that address him as Feng Xi or Filippov


def test_a_telegram_page_shows_its_header_body_copies_and_references(family: FlaskClient) -> None:
    page = get(family, f"/doc/{TELEGRAM}.html").text
    for text in [
        "405809",
        "Terentii Shtykov",
        "Joseph Stalin",
        "FENG XI",
        "Pyongyang",
        "2 July 1950, 04:00",
        "2 July 1950, 05:47",
        "8th Administration of the General Staff",
        "Extremely Urgent",
        "By wire",
        "362",
        "423/Sh",
        "I report about the political mood",
        "File of the 8th Department",
        "059a",
        "105-107",
        "Pak Heon-yeong",
        "apparently a misspelling of DPRK",
    ]:
        assert text in page, text
    assert 'href="/id/person/stalin"' in page and 'href="/id/place/pyongyang"' in page
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert embedded is not None
    schema = json.loads(embedded[1])
    assert schema["@type"] == ["Message", "ArchiveComponent"]
    assert schema["sender"]["name"] == "Terentii Shtykov"
    assert {c["name"] for c in schema["ccRecipient"]} >= {"Joseph Stalin", "Vyacheslav Molotov"}
    assert schema["dateSent"] == "1950-07-02T04:00:00"


def test_the_text_links_the_names_the_graph_resolved(family: FlaskClient) -> None:
    page = get(family, f"/doc/{TELEGRAM}.html").text
    body = page[page.index('<section class="body">') :]
    body = body[: body.index("</section>")]
    pak = '<a href="/id/person/pak-heon-yeong" title="Pak Heon-yeong">Pak Heon-yeong</a>'
    assert pak + ' <span class="transliteration">[Pak Hon Yong]</span>' in body  # the editor's bracket beside it
    assert body.count('<a href="/id/person/kim-il-sung" title="Kim Il Sung">') >= 4  # "Kim Il Sung", "KIM IL SUNG"
    assert '<a href="/id/person/kim-il-sung" title="Kim Il Sung">KIM IL SUNG</a>' in body
    assert '<a href="/id/person/kim-du-bong" title="Kim Du-bong">KIM DU-BONG</a>' in body
    links = re.findall(r'<a href="(/id/[^"]+)"', body)
    named = set(re.findall(r'href="(/id/(?:person|place)/[^"]+)"', page[page.index('<section class="mentions">') :]))
    assert set(links) <= named | {"/id/place/korea"}, set(links) - named  # only what the record is linked to
    assert "<script" not in body


def test_a_person_page_shows_names_and_telegrams_by_role(family: FlaskClient) -> None:
    response = get(family, "/doc/person/stalin.html")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    page = response.text
    for text in ["Joseph Stalin", "Iosif Stalin", "Feng Xi", "Filippov", "Addressed to", "Copied to"]:
        assert text in page, text
    assert "Ciphered Telegram No. 25553, Roshchin to Filippov [Stalin]" in page
    assert f'<time>1950-07-01</time> <a href="/id/{TELEGRAM}">' in page  # each document dated and linked


def test_a_person_document_gives_the_titles_of_the_documents_linking_to_him(family: FlaskClient) -> None:
    found = triples(get(family, "/doc/person/stalin.nt"), "application/n-triples")
    telegram = f"{BASE}id/{TELEGRAM}"
    title = "Ciphered telegram, Shtykov to Stalin on the Political Mood in North Korea"
    assert (telegram, "http://purl.org/dc/terms/title", title) in found
    assert (telegram, "https://w3id.org/telegram/ns#addressee", f"{BASE}id/person/stalin") in found


@pytest.mark.parametrize(
    "path",
    ["place/pyongyang", "archive/aprf", "organization/file-8th-department", "concept/precedence/extremely-urgent"],
)
def test_entity_pages(family: FlaskClient, path: str) -> None:
    response = get(family, f"/doc/{path}.html")
    assert response.status_code == 200
    assert "What links here" in response.text or "Documents" in response.text


def test_an_unknown_identifier_is_a_helpful_404(family: FlaskClient) -> None:
    page = get(family, "/id/person/staline", "text/html")
    assert page.status_code == 404
    assert "There is no resource" in page.text and 'href="/id/person/stalin"' in page.text
    plain = get(family, "/id/person/staline", "text/turtle")
    assert plain.status_code == 404 and "Joseph Stalin" in plain.text
    assert get(family, "/doc/person/%3Cscript%3E.ttl").status_code == 404
    assert get(family, "/id/Person%22/x").status_code == 404


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """A record whose title and text carry markup and quotes, served with links paged two at a time."""
    folder = tmp_path_factory.mktemp("hostile")
    text = SEED.read_text()
    text = text.replace(
        "Ciphered telegram, Shtykov to Stalin on the Political Mood in North Korea",
        "Ciphered telegram, Shtykov to Stalin on <script>alert('x')</script> & \"Mood\"",
    )
    text = text.replace("I report about", "I report <img src=x onerror=alert(1)> about")
    (folder / "hostile.txt").write_text(text)
    (folder / "seed.txt").write_text(SEED.read_text())
    store = folder / "store"
    assert run_lod("build", "-q", str(folder), "--store", str(store)).returncode == 0
    with application(store, page_size="1") as app:
        yield app.test_client()


def test_every_value_is_escaped(hostile: FlaskClient) -> None:
    key = "wilson-1950-07-01-ciphered-telegram-shtykov-stalin-script-alert"
    page = get(hostile, f"/doc/telegram/{key}.html").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;Mood&#34;" in page
    assert "\\u003cscript\\u003e" in page  # inside the embedded JSON-LD as well
    assert "I report &lt;img src=x onerror=alert(1)&gt; about" in page  # the text, names linked or not, escaped


def test_links_are_paged(hostile: FlaskClient) -> None:
    first = get(hostile, "/doc/person/stalin.html")
    assert 'rel="next"' in first.headers["Link"] and 'href="?page=2"' in first.text
    second = get(hostile, "/doc/person/stalin.ttl", query_string={"page": "2"})
    assert second.status_code == 200
    assert get(hostile, "/doc/person/stalin.html", query_string={"page": "0"}).status_code == 400


def test_parts_of_a_record_are_described_in_it(family: FlaskClient) -> None:
    found = triples(get(family, f"/doc/{TELEGRAM}.nt"), "application/n-triples")
    copy = f"{BASE}id/{TELEGRAM}#copy-1"
    assert (copy, "https://w3id.org/telegram/ns#copies", "2") in found
    assert (f"{BASE}id/person/stalin", "http://www.w3.org/2004/02/skos/core#prefLabel", "Joseph Stalin") in found


def test_documents_can_be_revalidated(family: FlaskClient) -> None:
    first = get(family, "/doc/person/stalin.ttl")
    etag = first.headers["ETag"]
    again = family.get("/doc/person/stalin.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data


def _rows(html: str) -> list[list[str]]:
    table = html[html.index('<section class="offices"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in rows]


def test_a_person_page_lists_the_offices_held_and_the_records_in_each(offices: FlaskClient) -> None:
    hull = get(offices, "/doc/person/hull-cordell.html")
    assert hull.status_code == 200 and "Offices held" in hull.text
    assert "https://history.state.gov/departmenthistory/people/hull-cordell" in hull.text
    [secretary] = [row for row in _rows(hull.text) if row and row[0] == "Secretary of State"]
    assert secretary[3:5] == ["1933-03-04", "1944-11-30"]  # from, until: as the register states them
    assert int(secretary[6]) >= 2  # received: d375 and d200 of the excerpt, addressed "the Secretary of State"
    link = re.search(r'<a href="(/query\?query=[^"]+)">' + secretary[6] + "</a>", hull.text)
    assert link is not None  # the count opens the records in the SPARQL editor
    phillips = _rows(get(offices, "/doc/person/phillips-william.html").text)
    acting = [row for row in phillips if row and row[1].startswith("acting")]
    assert acting and acting[0][0] == "Secretary of State" and acting[0][1] == "acting, while Under Secretary of State"


def test_a_register_person_s_data_carries_the_register_s_links_and_terms(offices: FlaskClient) -> None:
    found = triples(get(offices, "/doc/person/nicholson-meredith.ttl"), "text/turtle")
    iri = BASE + "id/person/nicholson-meredith"
    assert (
        iri,
        "https://schema.org/sameAs",
        "https://history.state.gov/departmenthistory/people/nicholson-meredith",
    ) in found
    assert (iri, "http://purl.org/dc/terms/identifier", "nicholson-meredith") in found
    assert (iri, "http://www.w3.org/ns/org#holds", BASE + "id/post/chief-of-mission-paraguay") in found
    term = iri + "#py-1933-nich-01"
    assert (term, "https://w3id.org/telegram/ns#startedOn", "1933-10-30") in found
    post = get(offices, "/doc/post/chief-of-mission-paraguay.html")
    assert post.status_code == 200 and "Chief of Mission to Paraguay" in post.text
