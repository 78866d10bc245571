"""Threads: "Your 1295", "To No. 362", "my 2390" linked with tg:inReplyTo when the telegram named is published."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from conftest import BASE, select, serving

TG = "https://w3id.org/telegram/ns#"
DC = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def brazil(corpora: Path, build_store: Callable[..., Any]) -> Path:
    """A FRUS volume of 1934 telegrams, many of them answering each other by number."""
    store, done = build_store(corpora / "frus" / "volumes" / "frus1934v04.xml", name="threads")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return store


def test_replies_are_linked_to_the_telegram_they_answer(brazil: Path) -> None:
    links = select(
        brazil,
        f"""SELECT ?reply ?earlier ?number ?how ?replyDate ?earlierDate ?earlierSender ?replyAddressee ?replySender
        WHERE {{
          ?reply <{TG}inReplyTo> ?earlier ; <{DC}date> ?replyDate .
          OPTIONAL {{ ?reply <{TG}sender> ?replySender }}  # a chargé the register does not know: kept as written
          OPTIONAL {{ ?reply <{TG}addressee> ?replyAddressee }}
          ?earlier <{DC}date> ?earlierDate ; <{TG}sender> ?earlierSender ;
                   <{TG}telegramNumber>|<{TG}outgoingNumber> ?number .
          {{ ?reply <{TG}inReplyToNumber> ?number BIND("reply" AS ?how) }}
          UNION {{ ?reply <{TG}referenceNumber> ?number BIND("reference" AS ?how) }}
        }}""",
    )
    linked = {(row["reply"], row["earlier"]) for row in links}
    everything = select(brazil, f"SELECT ?a ?b WHERE {{ ?a <{TG}inReplyTo> ?b }}")
    assert len(everything) > 100
    # every link has a number in common, in the right direction, and points back in time
    assert {(row["a"], row["b"]) for row in everything} == linked
    for row in links:
        assert row["earlierDate"] <= row["replyDate"]
        if row["how"] == "reply":  # "Your 40": the addressee sent it
            assert row["earlierSender"] == row.get("replyAddressee"), row
        else:  # "my 40": the sender did
            assert row["earlierSender"] == row.get("replySender"), row


def test_a_number_with_no_telegram_in_the_graph_stays_a_number(seed_store: Path) -> None:
    seed = f"{BASE}id/telegram/wilson-1950-07-01-ciphered-telegram-shtykov-stalin-political-mood"
    assert select(seed_store, f"SELECT ?n WHERE {{ <{seed}> <{TG}inReplyToNumber> ?n }}") == [{"n": "362"}]
    assert select(seed_store, f"SELECT ?x WHERE {{ <{seed}> <{TG}inReplyTo> ?x }}") == []


@pytest.fixture(scope="module")
def brazil_server(brazil: Path) -> Iterator[str]:
    with serving(brazil) as url:
        yield url


def test_the_telegram_page_shows_its_thread(brazil: Path, brazil_server: str) -> None:
    busiest = select(
        brazil,
        f"SELECT ?b (COUNT(?a) AS ?n) WHERE {{ ?a <{TG}inReplyTo> ?b }} GROUP BY ?b ORDER BY DESC(?n) ?b LIMIT 1",
    )[0]
    replies = select(brazil, f"SELECT ?a WHERE {{ ?a <{TG}inReplyTo> <{busiest['b']}> }}")
    page = requests.get(brazil_server + busiest["b"][len(BASE) - 1 :], timeout=10)
    assert page.status_code == 200
    thread = page.text[page.text.index('<section class="thread"') :]
    thread = thread[: thread.index("</section>")]
    for reply in replies:
        assert reply["a"][len(BASE) - 1 :] in thread
    assert 'aria-current="true"' in thread and "answers" in thread
