"""The fixed mix of archive questions every system is asked, with its parameters taken from the data.

The questions are those a historian's page or another archive's program asks most: one telegram's
description, a person's telegrams by role, the telegrams between two dates, who wrote to whom
most, and how many telegrams per year. Full-text search joins the mix when the search index
exists (the historians' issue). The parameters (which telegram, which person) are chosen by a
query on the store, so every size of corpus gets questions with answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

PREFIXES = """PREFIX tg: <https://w3id.org/telegram/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@dataclass(frozen=True)
class Question:
    name: str
    description: str
    sparql: str


def database(store: Path) -> Path:
    """The Oxigraph database of a built store (the folder ``lod build --store`` wrote)."""
    return (store / "current" / "oxigraph").resolve()


def sample(store: Path) -> tuple[str, str]:
    """A telegram with a sender, and its sender: the first by date, so every run picks the same."""
    db = ox.Store.read_only(str(database(store)))
    rows = db.query(
        PREFIXES + "SELECT ?t ?p WHERE { ?t a tg:Telegram ; tg:sender ?p ; dcterms:date ?d } ORDER BY ?d ?t LIMIT 1"
    )
    assert isinstance(rows, ox.QuerySolutions)
    row = next(iter(rows))
    telegram, person = row["t"], row["p"]
    assert isinstance(telegram, ox.NamedNode) and isinstance(person, ox.NamedNode)
    return telegram.value, person.value


def questions(store: Path) -> list[Question]:
    telegram, person = sample(store)
    return [
        Question("telegram", "one telegram's description", f"SELECT ?p ?o WHERE {{ <{telegram}> ?p ?o }}"),
        Question(
            "person",
            "a person's telegrams by role (first 100 by date)",
            PREFIXES
            + f"""SELECT ?telegram ?role ?date WHERE {{
  {{ ?telegram tg:sender <{person}> ; a tg:Telegram ; dcterms:date ?date BIND("sender" AS ?role) }}
  UNION {{ ?telegram tg:addressee <{person}> ; a tg:Telegram ; dcterms:date ?date BIND("addressee" AS ?role) }}
  UNION {{ ?telegram tg:copy/tg:recipient <{person}> ; a tg:Telegram ; dcterms:date ?date BIND("copy" AS ?role) }}
  UNION {{ ?telegram tg:mentions <{person}> ; a tg:Telegram ; dcterms:date ?date BIND("mentioned" AS ?role) }}
}} ORDER BY ?date ?telegram LIMIT 100""",
        ),
        Question(
            "between",
            "telegrams between two dates (June 1950)",
            PREFIXES
            + """SELECT ?telegram ?date ?title WHERE {
  ?telegram a tg:Telegram ; dcterms:date ?date ; dcterms:title ?title
  FILTER (?date >= "1950-06-01"^^xsd:date && ?date < "1950-07-01"^^xsd:date)
} ORDER BY ?date ?telegram""",
        ),
        Question(
            "correspondents",
            "top 10 pairs of correspondents",
            PREFIXES
            + """SELECT ?sender ?addressee (COUNT(?telegram) AS ?telegrams) WHERE {
  ?telegram a tg:Telegram ; tg:sender ?sender ; tg:addressee ?addressee
} GROUP BY ?sender ?addressee ORDER BY DESC(?telegrams) ?sender ?addressee LIMIT 10""",
        ),
        Question(
            "per_year",
            "telegrams per year",
            PREFIXES
            + """SELECT ?year (COUNT(?telegram) AS ?telegrams) WHERE {
  ?telegram a tg:Telegram ; dcterms:date ?date BIND (YEAR(?date) AS ?year)
} GROUP BY ?year ORDER BY ?year""",
        ),
    ]
