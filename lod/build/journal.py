"""What resolving each record taught the build, kept so that the next build may replay it.

Records are resolved in order, and each may teach the authority something the next ones resolve by
(:mod:`lod.authority.learning`). So a record read again cannot simply take its old resolution: the
authority may stand otherwise when it comes. It can when the authority stands exactly as it stood then.
Every change the records teach is an operation folded into a digest of the authority's state
(:meth:`Learning.state`). A record's journal is kept under the record as read and that digest
(:func:`journal_key`): the operations it taught, its resolution with entities named by reference, and
what its conversion is made from (:func:`lod.build.carried.made_from`). The next build, reaching the same
record in the same state, replays the operations (the same changes, the same lessons, the same next
state) and takes the resolution back instead of resolving the record again. One record that teaches
something else (a new name, a new person) changes the state for every record after it, and those are
resolved again: what is replayed is always what a full build would have done.

>>> from lod.authority.curated import Authority
>>> from lod.resolve import Resolver
>>> from lod.sources import read_sources
>>> from lod.settings import PROJECT_ROOT
>>> seed = PROJECT_ROOT / "data" / "sources" / "wilson" / "seed-1950-07-01-shtykov-to-stalin.txt"
>>> record = next(read_sources([seed]))
>>> first = Resolver(Authority.load(PROJECT_ROOT / "data" / "authorities"))
>>> key = journal_key(record, first.learning.state())
>>> kept = packed(journal(first.resolve(record), first.learning, b"made"))
>>> again = Resolver(Authority.load(PROJECT_ROOT / "data" / "authorities"))
>>> journal_key(record, again.learning.state()) == key
True
>>> resolution, (_, _, made) = replayed(kept, record, again.learning)
>>> made, resolution.agents[record.sender].label, again.learning.state() == first.learning.state()
(b'made', 'Terentii Shtykov', True)
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Sequence
from typing import Any

from ..authority.curated import Entity
from ..authority.learning import Learning, Ref
from ..correspondents import Outcome
from ..record import Name, Record
from ..resolve import Resolution

_NAMED = ("agents", "posts", "bodies", "places", "archives")


def journal_key(record: Record, state: bytes) -> bytes:
    """What a record's journal is kept under: the record as read, its file (``names.csv`` rules by file) and
    the state."""
    digest = hashlib.blake2b(record.as_read(), digest_size=20)
    digest.update(record.source.encode() + b"\x1f" + state)
    return digest.digest()


#: a record's journal: the operations it taught (packed as they were taught: an operation may hold what an
#: entity learns later), its resolution by reference, what its conversion is made from
Journal = tuple[bytes, tuple[Any, ...], bytes]


def journal(resolution: Resolution, learning: Learning, made: bytes) -> Journal | None:
    """A resolved record's journal: what it taught (``learning``'s operations since the lessons were last
    taken, when the record began), its resolution by reference (its names by their place in the record,
    :func:`written_names`) and ``made``; None when a reference would not reach its entity."""
    plain = _plain(resolution, learning.ref)
    unnamed, learning.unnamed = learning.unnamed or plain is None, False
    if unnamed or plain is None:
        return None
    return (pickle.dumps(learning.taught, protocol=5), plain, made)


def packed(journal: Journal) -> bytes:
    """A journal as it is kept."""
    return pickle.dumps(journal, protocol=5)


def _plain(resolution: Resolution, ref: Callable[[Entity], Ref]) -> tuple[Any, ...] | None:
    """A resolution as plain data: entities by reference, names by their place in the record; None when a
    name is not one the record holds (none is known to be: it would be resolved again)."""
    written = written_names(resolution.record)
    at = {id(name): number for number, name in reversed(list(enumerate(written)))}

    def place(name: Name) -> int:
        return at[id(name)] if id(name) in at else written.index(name)

    try:
        named = [[(place(name), ref(entity)) for name, entity in getattr(resolution, f).items()] for f in _NAMED]
        outcomes = [(role, place(name), *_outcome(outcome, ref)) for role, name, outcome in resolution.outcomes]
    except ValueError:
        return None
    return (
        named,
        [(scheme, ref(concept)) for scheme, concept in resolution.concepts],
        [ref(entity) for entity in resolution.mentioned],
        ref(resolution.destination) if resolution.destination is not None else None,
        outcomes,
    )


def replayed(kept: bytes, record: Record, learning: Learning) -> tuple[Resolution, Journal]:
    """The record resolved as its journal (``kept``, packed) says, the operations it taught learnt again;
    and the journal."""
    unpacked: Journal = pickle.loads(kept)
    ops, (named, concepts, mentioned, destination, outcomes), _ = unpacked
    learning.replay(pickle.loads(ops))
    entity, written = learning.named, written_names(record)
    resolution = Resolution(record)
    for field, refs in zip(_NAMED, named, strict=True):
        setattr(resolution, field, {written[place]: entity(ref) for place, ref in refs})
    resolution.concepts = [(scheme, entity(ref)) for scheme, ref in concepts]
    resolution.mentioned = [entity(ref) for ref in mentioned]
    resolution.destination = entity(destination) if destination is not None else None
    resolution.outcomes = [(role, written[place], outcome_of(rest, entity)) for role, place, *rest in outcomes]
    resolution.lessons = learning.taken()
    learning.unnamed = False  # every reference reached its entity when the journal was kept, and does again
    return resolution, unpacked


def written_names(record: Record) -> list[Name]:
    """Every name a record holds that its resolution may resolve, in a stable order."""
    return [*record.names(), *record.places(), *(reference.archive for reference in record.references)]


def _outcome(outcome: Outcome, ref: Callable[[Entity], Ref]) -> tuple[Any, ...]:
    entity = ref(outcome.entity) if outcome.entity is not None else None
    post = ref(outcome.post) if outcome.post is not None else None
    return (entity, post, outcome.method, outcome.how, outcome.candidates, outcome.acting)


def outcome_of(plain: Sequence[Any], entity: Callable[[Ref], Entity]) -> Outcome:
    """An outcome kept by reference (entity, post, then the rest), with the entities as they stand."""
    who, post, *rest = plain
    return Outcome(entity(who) if who is not None else None, entity(post) if post is not None else None, *rest)


__all__ = ["Journal", "journal", "journal_key", "outcome_of", "packed", "replayed", "written_names"]
