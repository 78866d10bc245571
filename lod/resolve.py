"""Names to entities: one stable key per real person, organization, place, archive and concept.

The curated authority files (``data/authorities/*.csv``) list each entity once with its
preferred label, its variant spellings and transliterations, and (for persons) the code names
it wrote or was addressed under. Matching is case-, accent-, punctuation- and order-blind,
and ignores honorifics, so "To Comrade FENG XI", "Filippov" and "Stalin, I.V." all reach the
same entry. A name no authority knows still gets an entity, minted from its normalised form,
and the same spelling then reaches it in every later record; it is never dropped.

>>> authority = Authority.load(PROJECT_ROOT / "data" / "authorities")
>>> resolver = Resolver(authority)
>>> resolver.agent(Name("FENG XI", ("Stalin",))).key
'stalin'
>>> resolver.place(Name("PEKING")).label
'Beijing'
>>> resolver.agent(Name("Bitterlich, Joachim")).key
'bitterlich-joachim'
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import ConfigurationError
from .names import clean, looks_like_organization
from .record import Name, Record
from .settings import PROJECT_ROOT

ENTITY_FILES = {
    "person": "persons.csv",
    "organization": "organizations.csv",
    "place": "places.csv",
    "archive": "archives.csv",
}


_APOSTROPHES = re.compile(r"['’`]")
_SEPARATORS = re.compile(r"[^\w]+|_")


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Lower case, accents off, punctuation and hyphens to spaces: "Satō, Eisaku" -> "sato eisaku"."""
    if text.isascii():
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(_SEPARATORS.sub(" ", _APOSTROPHES.sub("", plain)).split())


def _folded(word: str) -> str:
    return word.lower() if word.isascii() else fold(word)


@lru_cache(maxsize=1 << 17)
def name_key(text: str) -> str:
    """Order-blind key of a name: "Nehru, Jawaharlal" and "Jawaharlal Nehru" share one."""
    return " ".join(sorted(w for w in fold(clean(text)).split() if w != "the"))


@lru_cache(maxsize=1 << 17)
def compact_key(text: str) -> str:
    """Spacing-blind key, for abbreviations: "AP RF" and "APRF"."""
    return fold(clean(text)).replace(" ", "")


def slug(text: str, *, ordered: bool = True) -> str:
    words = fold(clean(text)).split()
    if not ordered:
        words = sorted(words)
    value = "-".join(w for w in words if re.fullmatch(r"[a-z0-9]+", w))
    if not value:  # a name in a script we do not transliterate
        value = "n-" + hashlib.sha1(text.encode()).hexdigest()[:10]
    return value[:80].rstrip("-")


@dataclass(eq=False)
class Entity:
    """A person, organization, place, archive or concept, with every label it goes by."""

    kind: str
    key: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    code_names: set[str] = field(default_factory=set)
    same_as: tuple[str, ...] = ()
    note: str | None = None
    scheme: str | None = None
    curated: bool = False
    names_in_time: tuple[tuple[str, int | None, int | None], ...] = ()  # ("Petrograd", 1914, 1924)

    def labels(self) -> set[str]:
        return {self.label, *self.alt_labels, *self.code_names}

    def add_label(self, written: str) -> None:
        if fold(written) not in {fold(label) for label in self.labels()}:
            self.alt_labels.add(written)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


class Authority:
    """The curated entities, indexed by every label they go by."""

    def __init__(self) -> None:
        self.entities: dict[tuple[str, str], Entity] = {}
        self.index: dict[str, dict[str, Entity]] = {}
        self.concepts: dict[str, dict[str, Entity]] = {}

    @classmethod
    def load(cls, folder: Path | str) -> Authority:
        folder = Path(folder)
        authority = cls()
        for kind, filename in ENTITY_FILES.items():
            path = folder / filename
            if not path.exists():
                continue
            for line, row in _rows(path, ("key", "label")):
                entity = Entity(
                    kind=kind,
                    key=row["key"].strip(),
                    label=row["label"].strip(),
                    alt_labels=set(_split(row.get("alt_labels"))),
                    code_names=set(_split(row.get("code_names"))),
                    same_as=tuple(_split(row.get("same_as"))),
                    note=(row.get("note") or "").strip() or None,
                    curated=True,
                    names_in_time=tuple(_periods(row.get("names_in_time"), path, line)),
                )
                if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", entity.key):
                    raise ConfigurationError(f"{path}: line {line}: key {entity.key!r} must be lower-case a-z, 0-9, -")
                if (kind, entity.key) in authority.entities:
                    raise ConfigurationError(f"{path}: line {line}: the key {entity.key!r} is listed twice")
                authority.add(entity)
        concepts = folder / "concepts.csv"
        if concepts.exists():
            for _, row in _rows(concepts, ("scheme", "key", "label")):
                entity = Entity(
                    kind="concept",
                    key=row["key"].strip(),
                    label=row["label"].strip(),
                    alt_labels=set(_split(row.get("alt_labels"))),
                    note=(row.get("definition") or "").strip() or None,
                    scheme=row["scheme"].strip(),
                    curated=True,
                )
                schemes = authority.concepts.setdefault(entity.scheme or "", {})
                for label in entity.labels():
                    schemes[fold(label)] = entity
        return authority

    def add(self, entity: Entity) -> None:
        self.entities[(entity.kind, entity.key)] = entity
        index = self.index.setdefault(entity.kind, {})
        for label in entity.labels():
            for key in (name_key(label), "=" + compact_key(label)):
                index.setdefault(key, entity)

    def lookup(self, kind: str, text: str) -> Entity | None:
        index = self.index.get(kind, {})
        return index.get(name_key(text)) or index.get("=" + compact_key(text))

    def gazetteer(self, kinds: tuple[str, ...] = ("person", "place")) -> Gazetteer:
        return Gazetteer([e for (kind, _), e in self.entities.items() if kind in kinds])


class Gazetteer:
    """Finds the labels of known entities in running text, word by word (4 letters or more).

    Words are compared folded (case, accents, hyphens and apostrophes aside), and a match must
    begin with a capital in the text: "Peking" and "Mao Tse-tung" are found, "the kimono" is not.
    """

    _WORD = re.compile(r"\w+")
    _POSSESSIVE = re.compile(r"['’]s\b")

    def __init__(self, entities: list[Entity]) -> None:
        self.index: dict[str, list[tuple[tuple[str, ...], Entity]]] = {}
        for entity in entities:
            for label in entity.labels():
                words = tuple(fold(label).split())
                if len(label) >= 4 and words:
                    self.index.setdefault(words[0], []).append((words, entity))
        for candidates in self.index.values():
            candidates.sort(key=lambda c: -len(c[0]))

    def find(self, text: str) -> list[Entity]:
        text = _APOSTROPHES.sub("", self._POSSESSIVE.sub("", text))
        words = self._WORD.findall(text)
        found: dict[int, Entity] = {}
        for i, word in enumerate(words):
            if not word[:1].isupper():  # most words: folded only when a label could start there
                continue
            candidates = self.index.get(_folded(word))
            if not candidates:
                continue
            for label, entity in candidates:
                if len(label) == 1 or tuple(_folded(w) for w in words[i : i + len(label)]) == label:
                    found.setdefault(id(entity), entity)
                    break
        return list(found.values())


def _periods(cell: str | None, path: Path, line: int) -> list[tuple[str, int | None, int | None]]:
    """ "Petrograd 1914-1924|Leningrad 1924-1991|Saint Petersburg 1991-" -> names with the years they were used."""
    found = []
    for part in _split(cell):
        match = re.fullmatch(r"(?P<name>.+?)\s+(?P<start>\d{3,4})?-(?P<end>\d{3,4})?", part)
        if not match:
            raise ConfigurationError(
                f"{path}: line {line}: {part!r} is not 'Name YYYY-YYYY' (either year may be left out)"
            )
        start, end = match["start"], match["end"]
        found.append((match["name"], int(start) if start else None, int(end) if end else None))
    return found


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(newline="", encoding="utf-8") as stream:
            reader = csv.DictReader(stream)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise ConfigurationError(f"{path}: the header lacks the column(s) {', '.join(missing)}")
            rows = []
            for row in reader:
                if not any((v or "").strip() for v in row.values()):
                    continue
                empty = [c for c in required if not (row.get(c) or "").strip()]
                if empty:
                    raise ConfigurationError(f"{path}: line {reader.line_num}: empty {', '.join(empty)}")
                rows.append((reader.line_num, row))
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ConfigurationError(f"{path}: cannot read the authority file: {error}") from None


@dataclass
class Resolution:
    """A record with each of its names resolved to an entity."""

    record: Record
    agents: dict[Name, Entity] = field(default_factory=dict)
    places: dict[Name, Entity] = field(default_factory=dict)
    archives: dict[Name, Entity] = field(default_factory=dict)
    concepts: dict[str, Entity] = field(default_factory=dict)
    mentioned: list[Entity] = field(default_factory=list)

    def written_form(self, name: Name) -> str | None:
        """The name as written when it says something the entity's usual labels do not (a code name)."""
        entity = self.agents.get(name)
        if entity is None:
            return None
        written = fold(name.written)
        if written in {fold(c) for c in entity.code_names}:
            return name.written
        if written in {fold(label) for label in (entity.label, *entity.alt_labels)}:
            return None
        return name.written if name_key(name.written) != name_key(entity.label) else None


class Resolver:
    """Resolves names against an :class:`Authority`, minting entities for the names it lacks."""

    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self._gazetteer = authority.gazetteer()

    def _mint(self, kind: str, name: Name) -> Entity:
        written = clean(name.written)
        existing = self.authority.lookup(kind, written)
        if existing:
            return existing
        label = written if not written.isupper() else _title_case(written)
        key = slug(written, ordered=kind != "person")
        entity = self.authority.entities.get((kind, key))
        if entity is None:
            entity = Entity(kind, key, label)
            self.authority.add(entity)
        return entity

    def _known(self, kinds: tuple[str, ...], name: Name) -> Entity | None:
        for text in (name.written, *name.variants):
            for kind in kinds:
                entity = self.authority.lookup(kind, text)
                if entity:
                    return entity
        return None

    def _learn(self, entity: Entity, name: Name) -> None:
        if name.note and not entity.note:  # what a list of persons says of them: "Ambassador in Russia"
            entity.note = name.note
        self._learn_labels(entity, name)

    def _learn_labels(self, entity: Entity, name: Name) -> None:
        """Remember spellings met in the records: variants as labels, unrelated ones as code names.

        A catalogue heading "Cremin, Cornelius Christopher ("Con")" also teaches "Cornelius
        Christopher Cremin" and "Con Cremin", the forms running text uses.
        """
        forms = [name.written, *name.variants]
        if entity.kind == "person" and not entity.curated and name.written.count(",") == 1:
            surname, given = (part.strip() for part in name.written.split(","))
            if surname and given:
                forms.append(f"{given} {surname}")
                forms += [f"{v} {surname}" for v in name.variants if len(v.split()) == 1]
        for text in forms:
            text = clean(text)
            if not text or fold(text) in {fold(label) for label in entity.labels()}:
                continue
            shares_a_word = set(name_key(text).split()) & set(name_key(entity.label).split())
            if entity.kind == "person" and not shares_a_word and text == clean(name.written) and name.variants:
                entity.code_names.add(text)  # "FENG XI [Stalin]": the written name is a code name
            elif (not text.isupper() or len(text) <= 6) and not (
                entity.kind == "person" and len(text.split()) == 1 and "," in name.written
            ):
                entity.add_label(text)
            self.authority.add(entity)

    def agent(self, name: Name, context: list[Name] | None = None) -> Entity:
        kinds: tuple[str, ...] = (name.kind,) if name.kind else ("person", "organization")
        entity = self._known(kinds, name) or self._known(("person", "organization", "archive"), name)
        if entity is None and context and len(clean(name.written).split()) == 1:
            entity = self._by_surname(name, context)
        if entity is None:
            kind = name.kind or ("organization" if looks_like_organization(name.written) else "person")
            entity = self._mint(kind, Name(name.written))
        self._learn(entity, name)
        return entity

    def _by_surname(self, name: Name, context: list[Name]) -> Entity | None:
        """ "(Bitterlich)" signs a memorandum whose people list has "Bitterlich, Joachim"."""
        word = fold(clean(name.written))
        for other in context:
            if other is name or len(fold(other.written).split()) < 2:
                continue
            if word in fold(other.written).split():
                return self._known(("person",), other) or self._mint("person", other)
        return None

    def place(self, name: Name) -> Entity:
        entity = self._known(("place",), name) or self._mint("place", Name(name.written))
        self._learn(entity, name)
        return entity

    def archive(self, name: Name) -> Entity:
        entity = self._known(("archive",), name) or self._mint("archive", Name(name.written))
        self._learn(entity, name)
        return entity

    def concept(self, scheme: str, label: str) -> Entity:
        schemes = self.authority.concepts.setdefault(scheme, {})
        entity = schemes.get(fold(label))
        if entity is None:
            entity = Entity("concept", slug(label), label.strip(), scheme=scheme)
            schemes[fold(label)] = entity
        return entity

    def mentioned_in(self, text: str) -> list[Entity]:
        """Persons and places of the authority files named in a text."""
        return self._gazetteer.find(text) if text else []

    def resolve(self, record: Record) -> Resolution:
        resolution = Resolution(record)
        context = record.names()
        # Catalogue headings and names with variants first: they teach the forms the others use.
        for name in sorted(context, key=lambda n: not ("," in n.written or n.variants)):
            resolution.agents[name] = self.agent(name, context)
        for name in record.places():
            resolution.places[name] = self.place(name)
        for reference in record.references:
            resolution.archives[reference.archive] = self.archive(reference.archive)
        for scheme, value in (
            ("classification", record.classification),
            ("precedence", record.precedence),
            ("transmission-mode", record.transmission_mode),
        ):
            if value:
                resolution.concepts[scheme] = self.concept(scheme, value)
        mentioned = [resolution.agents[n] for n in record.mentions]
        mentioned += [resolution.places[n] for n in record.mentioned_places]
        mentioned += self.mentioned_in(record.body or "")
        resolution.mentioned = list({id(e): e for e in mentioned}.values())
        return resolution


def _title_case(text: str) -> str:
    """ "KIM DU-BONG" -> "Kim Du-bong": the form editors use for Korean and Russian names."""
    return " ".join(word[:1] + word[1:].lower() for word in text.split())


__all__ = ["PROJECT_ROOT", "Authority", "Entity", "Resolution", "Resolver", "fold", "name_key"]
