"""Catalogue cards made rows: each published record's document, facets, parties, numbers, holdings and
search entry, with the documents and the entities they name numbered as they come.

Made in whichever process writes the catalogue (:mod:`.writer`): the build's process sends each card
as the converter packed it (:func:`packed_card`: on a worker, its texts folded for the search engine there)
and does nothing more with it. The numbering goes with
the writing: to the writing process when it starts, and back when it is done (the entities are described
at the end of the build, by number).
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from typing import Any

from ..compressed import compress, decompress
from .citations import number_keys, reference_keys
from .engine import Folded, entry, folded
from .schema import (
    ADDRESSEE,
    DOCUMENT,
    FACETS,
    OWN,
    REFERENCE,
    REPLY,
    SENDER,
    TERMS,
    Card,
    class_label,
    day_span,
    entity_key,
)

_P = TERMS  # the terms the catalogue reads, as IRIs


def packed_card(card: Card | bytes) -> bytes:
    """A catalogue card as it travels from a worker, is kept for the next build and is sent to be written:
    with its texts folded for the search engine, once."""
    return card if isinstance(card, bytes) else compress(pickle.dumps((card, folded(texts_of(card))), protocol=5))


def card_of(kept: bytes) -> tuple[Card, Folded]:
    """A catalogue card as :func:`packed_card` packed it, and its texts folded."""
    card: tuple[Card, Folded] = pickle.loads(decompress(kept))
    return card


def texts_of(card: Card) -> tuple[str, str, str, list[str]]:
    """What the engine searches of a record: its title, summary, body (its text and the editors' notes) and
    the names written on it (addressed as, signed as)."""
    statements = card.statements
    title = statements.get(_P.title)
    return (
        title[0] if title else "",
        " ".join(statements.get(_P.description, [])),
        " ".join(statements.get(_P.bodyText, []) + statements.get(_P.editorialNote, [])),
        statements.get(_P.addressedAs, []) + statements.get(_P.signedAs, []),
    )


class Cards:
    """The rows of the cards catalogued so far and not yet written (``rows``, by table), and the numbers
    given to documents and entities."""

    def __init__(self, base_uri: str) -> None:
        self.base = base_uri
        self.entities: dict[str, int] = {}
        self.keys: set[str] = set()
        self.documents = 0
        self.rows: dict[str, list[Any]] = defaultdict(list)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "rows": dict(self.rows)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.rows = defaultdict(list, state["rows"])

    def taken(self) -> dict[str, list[Any]]:
        """The rows gathered, to be written; none are left here."""
        rows, self.rows = self.rows, defaultdict(list)
        return rows

    def entity(self, iri: str) -> int:
        """The entity's number in the catalogue (its labels come with the description, at the end)."""
        number = self.entities.get(iri)
        if number is None:
            key, kind = entity_key(iri, self.base)
            if key in self.keys:  # two classes of one local name in different vocabularies
                key = iri
            self.keys.add(key)
            number = self.entities[iri] = len(self.entities) + 1
            self.rows["entities"].append((number, iri, key, kind))
        return number

    def add(self, iri: str, card: Card | bytes) -> None:
        """Catalogue one published record from its card: its statements by predicate, and its parts' (copies,
        archival references) by subject and predicate, as the converter wrote them."""
        card, texts = card_of(card) if isinstance(card, bytes) else (card, folded(texts_of(card)))
        statements, parts = card.statements, card.parts

        def values(predicate: str) -> list[str]:
            return statements.get(predicate, [])

        def first(predicate: str) -> str | None:
            found = statements.get(predicate)
            return found[0] if found else None

        date = first(_P.date)
        earliest, latest = first(_P.earliestDate), first(_P.latestDate)
        span = day_span(date) if date else None
        earliest = earliest or (span[0] if span else None)
        latest = latest or (span[1] if span else None)
        kinds = [k for k in values(_P.type) if k != DOCUMENT]
        kind = class_label(kinds[0]).lower() if kinds else "document"  # "press release"
        self.documents += 1
        doc = self.documents
        table = self.rows
        classes = " ".join(values(_P.type))  # as published: what a thread link found later is checked against
        table["documents"].append(
            (doc, iri, kind, first(_P.title), first(_P.description), date, earliest, latest, classes)
        )
        rows: set[tuple[int, int]] = set()
        if earliest:
            rows.add((FACETS["year"][0], int(earliest[:4])))
        senders = values(_P.sender) or values(_P.creator)
        for facet, found in (
            ("kind", kinds),
            ("sender", senders),
            ("addressee", values(_P.addressee)),
            ("place", values(_P.sentFrom) + values(_P.sentTo)),
            ("classification", values(_P.classification)),
        ):
            rows.update((FACETS[facet][0], self.entity(value)) for value in found)
        for mentioned in values(_P.mentions):
            kind_of = entity_key(mentioned, self.base)[1]
            if kind_of in ("place", "person"):
                rows.add((FACETS[kind_of][0], self.entity(mentioned)))
        for part in parts.values():
            if _P.recipient in part:
                rows.add((FACETS["copy"][0], self.entity(part[_P.recipient])))
            if _P.archive in part:
                archive = self.entity(part[_P.archive])
                rows.add((FACETS["archive"][0], archive))
                levels = [part.get(level) for level in (_P.fond, _P.opis, _P.delo)]
                table["holdings"].append((doc, archive, *levels))
        table["facets"] += [(f, v, doc) for f, v in rows]
        # each side of the exchange by every name it has: the person, the post, the body ("Deptel 4271" was
        # sent by Dulles for the Department; the Embassy's reply is addressed to the Department)
        sides = (
            (SENDER, _P.sender, _P.senderPost, _P.creator),
            (ADDRESSEE, _P.addressee, _P.addresseePost),
        )
        for side, *predicates in sides:
            named = sorted({v for predicate in predicates for v in values(predicate)})
            table["parties"] += [(doc, side, self.entity(v)) for v in named]
        numbers = table["numbers"]
        numbers += [(doc, n, OWN) for n in values(_P.telegramNumber) + values(_P.outgoingNumber)]
        numbers += [(doc, n, REPLY) for n in values(_P.inReplyToNumber)]
        numbers += [(doc, n, REFERENCE) for n in values(_P.referenceNumber)]
        own = values(_P.telegramNumber) + values(_P.outgoingNumber)
        refs = number_keys(own)
        copies: list[int] = []
        for part in parts.values():
            if _P.recipient in part:
                copies.append(self.entity(part[_P.recipient]))
            if _P.archive in part:
                held = entity_key(part[_P.archive], self.base)[0]  # "archive/aprf"
                fond, opis, delo, code, group = (
                    part.get(p) for p in (_P.fond, _P.opis, _P.delo, _P.referenceCode, _P.recordGroup)
                )
                refs += [key for key in reference_keys(held, fond, opis, delo, code, group) if key not in refs]

        def places(predicate: str) -> list[int]:
            return [self.entity(v) for v in values(predicate)]

        table["search"].append(
            entry(
                doc,
                texts,
                rows,
                earliest,
                latest,
                refs,
                [self.entity(v) for v in senders],
                [self.entity(v) for v in values(_P.addressee)],
                copies,
                (places(_P.sentFrom), places(_P.sentTo), places(_P.inferredSentTo)),
            )
        )
