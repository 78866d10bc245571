"""A person's offices, for their page: the register's terms, and the records sent and received in each.

The terms come from the person's description (``tg:tenure``, as the register of offices states them);
the records from the store: every record whose sender (or addressee) is the person and whose sender's
(or addressee's) post is one of theirs, counted by day and charged to the term covering that day.
Records in a post on days no term of the register covers are the person's acting holdings ("the Acting
Secretary of State", signed by the Under Secretary), shown as such.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..query import solutions
from ..rdf import TG
from .describe import DCTERMS, Describer, Description, Value

#: a person linked more often than this and holding no term of the register is not asked about posts:
#: the question would walk all their links (a Stalin of the synthetic corpus has 62,000)
MANY = 1000
_TERM = ("tg:role", "tg:appointedOn", "tg:startedOn", "tg:endedOn")
_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass
class Holding:
    """A post held: a term of the register, or the records' acting holding; with its records."""

    post: str
    post_label: str
    post_href: str | None
    role: str = ""
    appointed: str = ""
    started: str = ""
    ended: str = ""
    acting: bool = False  # not a term of the register: the records show the person writing in the post
    sent: int = 0
    received: int = 0
    first: str | None = None  # the first and last record's dates
    last: str | None = None
    queries: dict[str, str] = field(default_factory=dict)  # "sent", "received" -> SPARQL for those records

    def covers(self, day: dt.date) -> bool:
        begins, ends = _first(self.started or self.appointed), _last(self.ended)
        return begins is not None and begins <= day and (ends is None or day <= ends)

    def count(self, role: str, date: str, number: int) -> None:
        if role == "sent":
            self.sent += number
        else:
            self.received += number
        self.first = min(self.first or date, date)
        self.last = max(self.last or date, date)


def _first(value: str) -> dt.date | None:
    match = _DAY.match(value or "")
    if not match:
        return None
    return dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))


def _last(value: str) -> dt.date | None:
    match = _DAY.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2] or 12)
    if match[3]:
        return dt.date(year, month, int(match[3]))
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _value(value: Value | None) -> str:
    return value.value if value is not None else ""


def _records_query(person: str, post: str, role: str) -> str:
    predicate, post_predicate = ("sender", "senderPost") if role == "sent" else ("addressee", "addresseePost")
    return (
        "SELECT ?record ?date ?title WHERE {\n"
        f"  ?record tg:{predicate} <{person}> ; tg:{post_predicate} <{post}> ;\n"
        "          dcterms:date ?date ; dcterms:title ?title\n"
        "} ORDER BY ?date"
    )


def holdings(describer: Describer, description: Description) -> list[Holding]:
    """The person's terms of office and acting holdings, each with the records sent and received in it."""
    terms = description.part_list("tg:tenure")
    found: list[Holding] = []
    for term in terms:
        post = term.one("tg:post")
        if post is None:
            continue
        role, appointed, started, ended = (_value(term.one(c)) for c in _TERM)
        found.append(Holding(post.value, post.text, post.href, role, appointed, started, ended))
    found.sort(key=lambda h: (h.started or h.appointed or "9999", h.post_label))
    if not terms and sum(description.link_counts.values()) > MANY:
        return found
    rows = solutions(
        describer.store,
        f"""SELECT ?post ?label ?role ?date (COUNT(DISTINCT ?record) AS ?n) WHERE {{
              {{ ?record <{TG}sender> <{description.iri}> ; <{TG}senderPost> ?post BIND("sent" AS ?role) }}
              UNION {{ ?record <{TG}addressee> <{description.iri}> ; <{TG}addresseePost> ?post
                       BIND("received" AS ?role) }}
              ?record <{DCTERMS}date> ?date .
              OPTIONAL {{ ?post <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}
            }} GROUP BY ?post ?label ?role ?date""",
    )
    acting: dict[tuple[str, str], Holding] = {}
    for row in rows:
        post, role, date, number = row["post"].value, row["role"].value, row["date"].value, int(row["n"].value)
        day = _first(date)
        holding = next((h for h in found if h.post == post and day and h.covers(day)), None)
        if holding is None:  # acting: grouped by the office the person held meanwhile ("while Under Secretary")
            meanwhile = next((h for h in found if day and h.covers(day)), None)
            label = row["label"].value if row["label"] is not None else post.rsplit("/", 1)[-1]
            while_in = f"acting, while {meanwhile.post_label}" if meanwhile else "acting, from the records"
            holding = acting.setdefault(
                (post, while_in), Holding(post, label, describer.href(post), role=while_in, acting=True)
            )
        holding.count(role, date, number)
    for holding in [*found, *acting.values()]:
        for role in ("sent", "received"):
            if getattr(holding, role):
                holding.queries[role] = _records_query(description.iri, holding.post, role)
    return found + sorted(acting.values(), key=lambda h: (h.first or "", h.post_label))
