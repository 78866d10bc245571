"""A record's journal replayed leaves the authority as resolving the record does.

The shipped sources hold what the journal has to carry: persons of the register of offices (made as
entities with their terms and posts), persons minted from full names and met again by initials,
spellings, code names and the most frequent full form becoming a label. One resolver resolves every
record, keeping each journal; a second, from the same authority files, replays them in the same order.
Record by record the two must stand in the same state, be taught the same lessons and resolve every name
to the same entity by the same evidence; at the end every entity must be described the same.
"""

from __future__ import annotations

import dataclasses
from itertools import pairwise
from typing import Any

from conftest import ROOT
from lod.authority.curated import Authority, Entity
from lod.authority.offices import OfficeRegister
from lod.build.journal import journal, journal_key, packed, replayed
from lod.record import Record
from lod.resolve import Resolution, Resolver
from lod.sources import read_sources

AUTHORITIES = ROOT / "data" / "authorities"


def _resolver() -> Resolver:
    return Resolver(Authority.load(AUTHORITIES), OfficeRegister.load(AUTHORITIES))


def _records() -> list[Record]:
    items = read_sources([ROOT / "data" / "sources"])
    return [item for item in items if isinstance(item, Record) and not item.problems]


def _outcomes(resolution: Resolution) -> list[Any]:
    """How each name resolved, with each entity as its kind and key."""
    return [
        (role, name, o.entity and (o.entity.kind, o.entity.key), o.post and o.post.key, o.method, o.how, o.candidates)
        for role, name, o in resolution.outcomes
    ]


def _described(entity: Entity) -> Any:
    return (
        entity.label,
        sorted(entity.alt_labels),
        sorted(entity.code_names),
        entity.note,
        entity.register,
        sorted(entity.forms.items()),
        [(t.key, t.post.key) for t in entity.terms],
        [other.key for other in entity.related],
    )


def test_replaying_every_journal_stands_the_authority_where_resolving_stood_it() -> None:
    records = _records()
    resolving, replaying = _resolver(), _resolver()
    minted = registered = 0
    for record in records:
        key = journal_key(record, resolving.learning.state())
        assert journal_key(record, replaying.learning.state()) == key, record.where
        resolution = resolving.resolve(record)
        kept = journal(resolution, resolving.learning, b"")
        assert kept is not None, record.where  # every reference of the shipped sources reaches its entity
        again, _ = replayed(packed(kept), record, replaying.learning)
        assert replaying.learning.state() == resolving.learning.state(), record.where
        assert again.lessons == resolution.lessons, record.where
        assert _outcomes(again) == _outcomes(resolution), record.where
        assert [(e.kind, e.key) for e in again.named()] == [(e.kind, e.key) for e in resolution.named()]
        minted += sum(o.method == "minted" for _, _, o in resolution.outcomes)
        registered += sum(o.method == "register" for _, _, o in resolution.outcomes)
    assert len(records) > 150 and minted > 50 and registered > 100  # the journal carried both kinds of learning
    made = resolving.learning
    for entity in [*made.persons.values(), *made.posts.values(), *resolving.authority.entities.values()]:
        other = replaying.learning.entity((entity.kind, entity.scheme or "", entity.key))
        assert other is not None and other is not entity
        assert _described(other) == _described(entity), entity.key
    assert sorted(replaying.learning.minted_persons) == sorted(made.minted_persons)


def test_a_record_met_in_another_state_has_another_key() -> None:
    """The same record after something else was learnt is not the same journal (it is resolved again);
    after a record that taught nothing, it is."""
    records = _records()
    resolver, taught, idle = _resolver(), 0, 0
    for record, following in pairwise(records):
        before = journal_key(following, resolver.learning.state())
        resolver.resolve(record)
        after = journal_key(following, resolver.learning.state())
        if resolver.learning.taught:
            taught += 1
            assert after != before, record.where
        else:
            idle += 1
            assert after == before, record.where
    assert taught > 100 and idle >= 1  # nearly every record counts a full form written, at least


def test_a_record_is_known_again_by_what_it_holds_not_by_which_objects_hold_it() -> None:
    """A reader's caches may hand two fields one name object, or two equal ones (a worker that read other
    files first): the record is the same, and so is its digest (what its journal and conversion are kept by)."""
    record = next(r for r in _records() if r.sender is not None and r.creators)
    assert record.sender is not None
    shared = dataclasses.replace(record, creators=[record.sender], read_as=b"")
    apart = dataclasses.replace(record, creators=[dataclasses.replace(record.sender)], read_as=b"")
    assert shared.creators[0] is shared.sender and apart.creators[0] is not apart.sender
    assert shared.as_read() == apart.as_read()
    assert dataclasses.replace(apart, title="another").as_read() != apart.as_read()
