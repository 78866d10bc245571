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
>>> kept = journal(first.resolve(record), first.learning, b"made")
>>> again = Resolver(Authority.load(PROJECT_ROOT / "data" / "authorities"))
>>> journal_key(record, again.learning.state()) == key
True
>>> resolution, made = replayed(kept, record, again.learning)
>>> made, resolution.agents[record.sender].label, again.learning.state() == first.learning.state()
(b'made', 'Terentii Shtykov', True)
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from typing import Any

from ..authority.curated import Entity
from ..authority.learning import Learning, Ref
from ..correspondents import Outcome
from ..record import Name, Record
from ..resolve import Resolution

_WHERE = ("locator",)  # where in its file a record is: not what it resolves by (its file is: names.csv rules by file)
_NAMED = ("agents", "posts", "bodies", "places", "archives")


def journal_key(record: Record, state: bytes) -> bytes:
    """What a record's journal is kept under: the record as read (but where in its file) and the state."""
    fields = {name: value for name, value in vars(record).items() if name not in _WHERE}
    digest = hashlib.blake2b(pickle.dumps(fields, protocol=5), digest_size=20)
    digest.update(state)
    return digest.digest()


def journal(resolution: Resolution, learning: Learning, made: bytes) -> bytes | None:
    """A resolved record's journal, packed: what it taught (``learning``'s operations since the lessons
    were last taken, when the record began), its resolution by reference and ``made``; None when a
    reference would not reach its entity."""
    ops = learning.taught
    ref = learning.ref
    named = [{name: ref(entity) for name, entity in getattr(resolution, field).items()} for field in _NAMED]
    plain = (
        named,
        [(scheme, ref(concept)) for scheme, concept in resolution.concepts],
        [ref(entity) for entity in resolution.mentioned],
        ref(resolution.destination) if resolution.destination is not None else None,
        [(role, name, _outcome(outcome, ref)) for role, name, outcome in resolution.outcomes],
    )
    unnamed, learning.unnamed = learning.unnamed, False
    if unnamed:
        return None
    return zlib.compress(pickle.dumps((ops, plain, made), protocol=5), 1)


def replayed(kept: bytes, record: Record, learning: Learning) -> tuple[Resolution, bytes]:
    """The record resolved as its journal says, the operations it taught learnt again; and what its
    conversion is made from."""
    ops, (named, concepts, mentioned, destination, outcomes), made = pickle.loads(zlib.decompress(kept))
    learning.replay(ops)
    entity = learning.named
    resolution = Resolution(record)
    for field, refs in zip(_NAMED, named, strict=True):
        setattr(resolution, field, {name: entity(ref) for name, ref in refs.items()})
    resolution.concepts = [(scheme, entity(ref)) for scheme, ref in concepts]
    resolution.mentioned = [entity(ref) for ref in mentioned]
    resolution.destination = entity(destination) if destination is not None else None
    resolution.outcomes = [(role, name, _outcome_of(plain, entity)) for role, name, plain in outcomes]
    resolution.lessons = learning.taken()
    learning.unnamed = False  # every reference reached its entity when the journal was kept, and does again
    return resolution, made


def _outcome(outcome: Outcome, ref: Any) -> tuple[Any, ...]:
    entity = ref(outcome.entity) if outcome.entity is not None else None
    post = ref(outcome.post) if outcome.post is not None else None
    return (entity, post, outcome.method, outcome.how, outcome.candidates, outcome.acting)


def _outcome_of(plain: tuple[Any, ...], entity: Any) -> Outcome:
    who, post, *rest = plain
    return Outcome(entity(who) if who is not None else None, entity(post) if post is not None else None, *rest)


__all__ = ["Entity", "Name", "Ref", "journal", "journal_key", "replayed"]
