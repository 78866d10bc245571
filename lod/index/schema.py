"""What the reading room's index holds: its file, its facets, its tables and the keys of its rows.

The build writes it (:mod:`.writer`); the web tier reads it (:mod:`.reader`, :mod:`.views`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

FILENAME = "catalogue.sqlite"
TG = "https://w3id.org/telegram/ns#"
DCTERMS = "http://purl.org/dc/terms/"
DOCUMENT = TG + "Document"


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: what the catalogue reads of a record's own statements, and of its parts' (copies, archival references)
_RECORD_TERMS = (
    "type",
    "date",
    "title",
    "description",
    "creator",
    "earliestDate",
    "latestDate",
    "sender",
    "senderPost",
    "addressee",
    "addresseePost",
    "sentFrom",
    "sentTo",
    "inferredSentTo",
    "classification",
    "mentions",
    "telegramNumber",
    "outgoingNumber",
    "inReplyToNumber",
    "referenceNumber",
    "addressedAs",
    "signedAs",
    "bodyText",
    "editorialNote",
)
_PART_TERMS = ("recipient", "archive", "fond", "opis", "delo", "referenceCode", "recordGroup")


class Terms:
    """The predicates the catalogue reads, by their local names, as IRIs; no others (a record's card holds
    only these: :class:`lod.convert.Card`)."""

    def __init__(self) -> None:
        for name in (*_RECORD_TERMS, *_PART_TERMS):
            iri = RDF_TYPE if name == "type" else DCTERMS + name if name in _DUBLIN_CORE else TG + name
            setattr(self, name, iri)

    def __getattr__(self, name: str) -> str:
        raise AttributeError(f"the catalogue reads no term {name!r}: add it to lod.index.schema's terms")


_DUBLIN_CORE = ("date", "title", "description", "creator")
TERMS = Terms()
CATALOGUED = frozenset(getattr(TERMS, name) for name in _RECORD_TERMS)  # of the record's own statements
CATALOGUED_PARTS = frozenset(getattr(TERMS, name) for name in _PART_TERMS)  # of its parts'


@dataclass(frozen=True)
class Card:
    """What the catalogue reads of a record, as the converter wrote it: its own statements' values by
    predicate (:data:`CATALOGUED`), and each part's by subject and predicate (:data:`CATALOGUED_PARTS`); IRIs
    and lexical forms, plain strings, cheap to send and to keep."""

    statements: dict[str, list[str]] = field(default_factory=dict)
    parts: dict[str, dict[str, str]] = field(default_factory=dict)


#: facet name -> (code in the facets table, heading on pages); "name" selects a person, place or body in any role
FACETS: dict[str, tuple[int, str]] = {
    "name": (0, "Named"),
    "year": (1, "Year"),
    "kind": (2, "Kind"),
    "sender": (3, "Sender"),
    "addressee": (4, "Addressee"),
    "copy": (5, "Copied to"),
    "place": (6, "Place"),
    "person": (7, "Person named"),
    "archive": (8, "Archive"),
    "classification": (9, "Classification"),
}
FACET_OF_CODE = {code: name for name, (code, _) in FACETS.items()}  # facets.facet -> the facet's name
OWN, REPLY, REFERENCE = 1, 2, 3  # numbers.role: the document's own number, "Your 1295", "my 2390"
SENDER, ADDRESSEE = 1, 2  # parties.side
ENTITY_KINDS = ("person", "organization", "place", "archive")

SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, kind TEXT NOT NULL, title TEXT,
    summary TEXT, date TEXT, earliest TEXT, latest TEXT, classes TEXT NOT NULL DEFAULT '');
CREATE TABLE entities (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, key TEXT NOT NULL,
    kind TEXT NOT NULL, label TEXT, names TEXT NOT NULL DEFAULT '', variants TEXT NOT NULL DEFAULT '',
    documents INTEGER NOT NULL DEFAULT 0, latitude REAL, longitude REAL, times TEXT);
CREATE TABLE facet_rows (facet INTEGER NOT NULL, value INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE TABLE facets (facet INTEGER NOT NULL, value INTEGER NOT NULL, doc INTEGER NOT NULL,
    PRIMARY KEY (facet, value, doc)) WITHOUT ROWID;
CREATE TABLE numbers (doc INTEGER NOT NULL, number TEXT NOT NULL, role INTEGER NOT NULL);
CREATE TABLE parties (doc INTEGER NOT NULL, side INTEGER NOT NULL, value INTEGER NOT NULL);
CREATE TABLE holdings (doc INTEGER NOT NULL, archive INTEGER NOT NULL, fond TEXT, opis TEXT, delo TEXT);
CREATE TABLE replies (doc INTEGER NOT NULL, to_doc INTEGER NOT NULL, role INTEGER NOT NULL,
    PRIMARY KEY (doc, to_doc)) WITHOUT ROWID;
CREATE VIRTUAL TABLE entity_text USING fts5(label, names, content='', tokenize='unicode61 remove_diacritics 2');
"""
# Every row is appended while records stream in (an index kept up to date row by row is written all over:
# at 100k records the facets' B-tree outgrew the page cache and the writing process fell behind); the
# indexes are made at the end, and the facets go into their own order in one sorted pass.
INDEXES = f"""
INSERT INTO facets SELECT facet, value, doc FROM facet_rows ORDER BY facet, value, doc;
DROP TABLE facet_rows;
CREATE UNIQUE INDEX documents_by_iri ON documents (iri);
CREATE UNIQUE INDEX entities_by_iri ON entities (iri);
CREATE UNIQUE INDEX entities_by_key ON entities (key);
CREATE INDEX facets_by_doc ON facets (doc, facet);
CREATE INDEX facets_by_value ON facets (value, facet);
CREATE INDEX numbers_by_number ON numbers (number, role);
CREATE INDEX parties_by_doc ON parties (doc, side, value);
CREATE INDEX holdings_by_archive ON holdings (archive, fond, opis, delo);
CREATE INDEX replies_by_target ON replies (to_doc);
CREATE INDEX documents_by_date ON documents (earliest IS NULL, earliest);
CREATE INDEX documents_by_date_dated_first ON documents (earliest IS NOT NULL, earliest);
CREATE TABLE facet_counts AS SELECT facet, value, count(*) AS n FROM facets GROUP BY facet, value;
CREATE TABLE correspondence AS SELECT s.value AS source, t.value AS target, t.facet AS facet, count(*) AS n
    FROM facets s JOIN facets t ON t.doc = s.doc AND t.facet IN ({FACETS["addressee"][0]}, {FACETS["copy"][0]})
    WHERE s.facet = {FACETS["sender"][0]} AND s.value != t.value GROUP BY s.value, t.value, t.facet;
"""


def entity_key(iri: str, base: str) -> tuple[str, str]:
    """The short key pages use for an entity, and its kind: "person/shtykov", "person"; "telegram", "class"."""
    if iri.startswith(base + "id/"):
        key = iri[len(base) + 3 :]
        return key, key.split("/", 1)[0]
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower() or iri, "class"


def class_label(iri: str) -> str:
    """tg:PressRelease -> "Press release"."""
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    words = re.findall(r"[A-Z][a-z]*|[a-z]+", local)
    return " ".join(words).capitalize() if words else local


def day_span(date: str) -> tuple[str, str] | None:
    """The first and last day a published date may mean: "1950-07" is 1950-07-01 to 1950-07-31."""
    try:
        if len(date) == 4:
            return f"{date}-01-01", f"{date}-12-31"
        if len(date) == 7:
            year, month = int(date[:4]), int(date[5:7])
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return f"{date}-01", (following - dt.timedelta(days=1)).isoformat()
        day = dt.date.fromisoformat(date[:10]).isoformat()
        return day, day
    except ValueError:
        return None


#: every document's OAI-PMH sets, as (setSpec, IRI): ``archive:{key}`` for the archives holding it and
#: ``year:{yyyy}`` for the years it may be of, read from the tables of the catalogue attached as ``catalogue``
SET_MEMBERSHIPS = f"""
SELECT 'archive:' || substr(e.key, length('archive/') + 1), d.iri FROM catalogue.facets f
    JOIN catalogue.documents d ON d.id = f.doc JOIN catalogue.entities e ON e.id = f.value
    WHERE f.facet = {FACETS["archive"][0]}
UNION ALL
SELECT 'year:' || f.value, d.iri FROM catalogue.facets f JOIN catalogue.documents d ON d.id = f.doc
    WHERE f.facet = {FACETS["year"][0]}
"""
