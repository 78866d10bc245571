"""Threads: "Your 1295", "To No. 362", "my 2390" linked with tg:inReplyTo when the telegram named is published."""

import json
from pathlib import Path

import pytest

from conftest import BASE, BuildStore, application, select

TG = "https://w3id.org/telegram/ns#"
DC = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def brazil(corpora: Path, build_store: BuildStore) -> Path:
    """A FRUS volume of 1934 telegrams, many of them answering each other by number."""
    store, done = build_store(corpora / "frus" / "volumes" / "frus1934v04.xml", name="threads")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return store


def test_replies_are_linked_to_the_telegram_they_answer(brazil: Path) -> None:
    links = select(
        brazil,
        f"""SELECT ?reply ?earlier ?number ?how ?replyDate ?earlierDate WHERE {{
          ?reply <{TG}inReplyTo> ?earlier ; <{DC}date> ?replyDate .
          ?earlier <{DC}date> ?earlierDate ; <{TG}telegramNumber>|<{TG}outgoingNumber> ?number .
          {{ ?reply <{TG}inReplyToNumber> ?number BIND("reply" AS ?how) }}
          UNION {{ ?reply <{TG}referenceNumber> ?number BIND("reference" AS ?how) }}
        }}""",
    )
    linked = {(row["reply"], row["earlier"]) for row in links}
    everything = select(brazil, f"SELECT ?a ?b WHERE {{ ?a <{TG}inReplyTo> ?b }}")
    assert len(everything) > 100
    # every link has a number in common, in the right direction, and points back in time
    assert {(row["a"], row["b"]) for row in everything} == linked

    sides: dict[tuple[str, str], set[str]] = {}  # (document, sender|addressee) -> the person and the post
    for row in select(
        brazil,
        f"""SELECT ?d ?p ?x WHERE {{ VALUES ?p {{ <{TG}sender> <{TG}senderPost> <{TG}addressee> <{TG}addresseePost> }}
              ?d ?p ?x }}""",
    ):
        sides.setdefault((row["d"], "sender" if "sender" in row["p"] else "addressee"), set()).add(row["x"])

    def side(document: str, role: str) -> set[str]:
        """A party by every name it has: the person, the post (a chargé kept as written has only his post)."""
        return sides.get((document, role), set())

    rows_of: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in links:
        assert row["earlierDate"] <= row["replyDate"]
        rows_of.setdefault((row["reply"], row["earlier"]), []).append(row)

    def rightly_directed(row: dict[str, str]) -> bool:
        sent_it = side(row["earlier"], "sender")
        if row["how"] == "reply":  # "Your 40": the addressee sent it
            return bool(sent_it & side(row["reply"], "addressee"))
        return bool(sent_it & side(row["reply"], "sender"))  # "my 40": the sender did

    # "Department's 16 … (see my 16, January 29)": one number in both roles; the link is right in one of them
    for rows in rows_of.values():
        assert any(rightly_directed(row) for row in rows), rows


def test_a_number_with_no_telegram_in_the_graph_stays_a_number(seed_store: Path) -> None:
    seed = f"{BASE}id/telegram/wilson-1950-07-01-ciphered-telegram-shtykov-stalin-political-mood"
    assert select(seed_store, f"SELECT ?n WHERE {{ <{seed}> <{TG}inReplyToNumber> ?n }}") == [{"n": "362"}]
    assert select(seed_store, f"SELECT ?x WHERE {{ <{seed}> <{TG}inReplyTo> ?x }}") == []


def test_the_telegram_page_shows_its_thread(brazil: Path) -> None:
    busiest = select(  # the telegram answered most often ("Your 40"), not only followed ("my 40")
        brazil,
        f"""SELECT ?b (COUNT(?a) AS ?n) WHERE {{
              ?a <{TG}inReplyTo> ?b ; <{TG}inReplyToNumber> ?number . ?b <{TG}telegramNumber> ?number }}
            GROUP BY ?b ORDER BY DESC(?n) ?b LIMIT 1""",
    )[0]
    replies = select(brazil, f"SELECT ?a WHERE {{ ?a <{TG}inReplyTo> <{busiest['b']}> }}")
    with application(brazil) as app:
        page = app.test_client().get(busiest["b"][len(BASE) - 1 :], follow_redirects=True)
    assert page.status_code == 200
    thread = page.text[page.text.index('<section class="thread"') :]
    thread = thread[: thread.index("</section>")]
    for reply in replies:
        assert reply["a"][len(BASE) - 1 :] in thread
    assert 'aria-current="true"' in thread and "answers" in thread


THREADS = Path(__file__).parent / "data" / "frus" / "frus1934v04-threads.xml"
CHAINS = {  # as the whole volume's build links them (see tests/data/README.md)
    ("d108", "d107"), ("d112", "d108"), ("d116", "d112"), ("d118", "d108"),
    ("d135", "d133"), ("d136", "d135"), ("d143", "d133"), ("d143", "d136"),
}  # fmt: skip


@pytest.fixture(scope="module")
def chains(build_store: BuildStore) -> Path:
    """Ten telegrams of 1934 that answer and cite each other, cut from the volume: no ../shared needed."""
    store, done = build_store(THREADS, name="chains")
    assert done.returncode == 0, done.stdout + done.stderr
    return store


def test_the_threads_of_ten_telegrams_are_the_volumes(chains: Path) -> None:
    prefix = f"{BASE}id/telegram/frus1934v04-"
    links = select(chains, f"SELECT ?a ?b WHERE {{ ?a <{TG}inReplyTo> ?b }}")
    assert {(row["a"].removeprefix(prefix), row["b"].removeprefix(prefix)) for row in links} == CHAINS
    # d244 answers d113, which the excerpt does not hold: its number stays a number, linked to nothing
    assert select(chains, f"SELECT ?n WHERE {{ <{prefix}d244> <{TG}inReplyToNumber> ?n }}")
    assert not select(chains, f"SELECT ?x WHERE {{ <{prefix}d244> <{TG}inReplyTo> ?x }}")


def test_a_thread_page_in_process(chains: Path) -> None:
    from lod.settings import Settings
    from lod.store import PublishedStore
    from lod.web import create_app

    client = create_app(Settings.from_env(store=str(chains)), PublishedStore(chains)).test_client()
    page = client.get("/doc/telegram/frus1934v04-d108", headers={"Accept": "text/html"}).get_data(as_text=True)
    thread = page[page.index('<section class="thread"') :]
    thread = thread[: thread.index("</section>")]
    for linked in ("d107", "d112", "d116", "d118"):
        assert f"/id/telegram/frus1934v04-{linked}" in thread
    assert "frus1934v04-d133" not in thread  # another thread


def test_a_thread_link_is_checked_against_the_shapes_before_it_is_published(tmp_path: Path) -> None:
    """A link is found once both telegrams are published, and checked then: with shapes that want a reply
    to answer a letter, no link between telegrams is published, and each is said as a warning."""
    from conftest import ROOT, run_lod

    shapes = (ROOT / "shapes" / "telegram.ttl").read_text()
    wanting = "tgsh:Document-inReplyTo a sh:PropertyShape ;\n    sh:path tg:inReplyTo ;\n    sh:class tg:Document ;"
    assert wanting in shapes
    strict = tmp_path / "letters-only.ttl"
    strict.write_text(shapes.replace(wanting, wanting.replace("tg:Document ;", "tg:Letter ;")))
    store = tmp_path / "store"
    done = run_lod("build", "-q", str(THREADS), "--store", str(store), env={"LOD_SHAPES": str(strict)})
    assert done.returncode == 0, done.stderr
    assert not select(store, f"SELECT ?a WHERE {{ ?a <{TG}inReplyTo> ?b }}")
    warned = [json.loads(line) for line in (store / "current" / "warnings.jsonl").read_text().splitlines()]
    links = [w for w in warned if w["source"] == "thread links"]
    assert len(links) == len(CHAINS) and all(w["rule"] == "shape:Document-inReplyTo" for w in links)
    assert all("the link was not published" in w["message"] for w in links)


def test_of_two_telegrams_of_the_number_sender_and_day_a_reply_answers_the_one_catalogued_first(
    corpora: Path, build_store: BuildStore
) -> None:
    """Brazil's "your 12" of 29 January 1934 (volume 4, document 400): its sender's telegram 12 of 26
    January is printed in volume 4 (document 399) and again in volume 5 (document 414). Either could be
    meant; the link goes to the one catalogued first, whatever the order the database finds them in."""
    volumes = corpora / "frus" / "volumes"
    store, done = build_store(volumes / "frus1934v04.xml", volumes / "frus1934v05.xml", name="two-volumes")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    rows = select(store, f"SELECT ?earlier WHERE {{ <{BASE}id/telegram/frus1934v04-d400> <{TG}inReplyTo> ?earlier }}")
    assert [row["earlier"] for row in rows] == [f"{BASE}id/telegram/frus1934v04-d399"]
