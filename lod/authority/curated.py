"""The curated authority files: each person, organization, place, archive and concept once.

``data/authorities/*.csv`` list each entity with its preferred label, its variant spellings and
transliterations, and (for persons) the code names it wrote or was addressed under; ``same_as``
holds links to outside authorities (Wikidata, VIAF, GeoNames) where a source states them, and
``names.csv`` the archivists' rulings on names as written (which entity a name means, in which
years, in which source). Lookups are case-, accent-, punctuation- and order-blind.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigurationError
from ..text import compact_key, fold, folded_word, name_key, without_apostrophes

RULINGS = "names.csv"
ENTITY_FILES = {
    "person": "persons.csv",
    "organization": "organizations.csv",
    "place": "places.csv",
    "archive": "archives.csv",
}


@dataclass(eq=False)
class Entity:
    """A person, organization, place, archive, post or concept, with every label it goes by.

    The preferred label of a curated entity comes from its authority file, of a person or post of
    the register from the register; any other entity takes the full form written most often
    (``forms``), the first of equals. Every other form written stays an alternative label.
    """

    kind: str
    key: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    code_names: set[str] = field(default_factory=set)
    same_as: tuple[str, ...] = ()  # owl:sameAs: the same thing in another authority (Wikidata, VIAF, GeoNames)
    note: str | None = None
    scheme: str | None = None
    curated: bool = False
    names_in_time: tuple[tuple[str, int | None, int | None], ...] = ()  # ("Petrograd", 1914, 1924)
    #: its names in its own scripts, with their language tags: ("ru", "Сталин"), ("ko", "김일성")
    own_scripts: tuple[tuple[str, str], ...] = ()
    register: str | None = None  # its id in the register of offices (POCOM): "hull-cordell", "secretary"
    pages: tuple[str, ...] = ()  # schema:sameAs: the authority's own page about it
    born: int | None = None
    died: int | None = None
    related: list[Entity] = field(default_factory=list)  # described with it: the posts of a person's terms
    terms: tuple[Tenure, ...] = ()  # a register person's terms of office
    forms: Counter[str] = field(default_factory=Counter)

    @property
    def fixed(self) -> bool:
        """Its preferred label comes from an authority, not from the records."""
        return self.curated or self.register is not None

    def labels(self) -> set[str]:
        return {self.label, *self.alt_labels, *self.code_names, *(name for _, name in self.own_scripts)}

    # What the records teach it, through lod.authority.learning only; True when its description changed.

    def add_label(self, written: str) -> bool:
        """Keep a spelling: "Asuncíon" beside "Asunción" (accents count; case and spacing do not)."""
        if _spelling(written) in {_spelling(label) for label in self.labels()}:
            return False
        self.alt_labels.add(written)
        return True

    def add_code_name(self, written: str) -> bool:
        """A name it went by in cables ("FENG XI" for Stalin)."""
        if written in self.code_names:
            return False
        self.code_names.add(written)
        return True

    def add_note(self, note: str) -> bool:
        """What a list of persons says of it ("Ambassador in Russia"), if nothing was said before."""
        if self.note:
            return False
        self.note = note
        return True

    def count_form(self, written: str) -> bool:
        """A full form written on a record; the most frequent one becomes the preferred label."""
        self.forms[written] += 1
        if self.fixed or written == self.label or self.forms[written] <= self.forms[self.label]:
            return False
        self.alt_labels.add(self.label)
        self.alt_labels.discard(written)
        self.label = written
        return True


@dataclass(frozen=True)
class Tenure:
    """A term of office as a person's description states it (from the register)."""

    key: str  # its fragment in the person's IRI, unique
    id: str  # the register's id, as written
    post: Entity
    role: str
    appointed: str = ""
    started: str = ""
    ended: str = ""


@lru_cache(maxsize=1 << 16)
def _spelling(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass(frozen=True)
class Ruling:
    """An archivist's ruling on a name as written (``names.csv``): which entity it is, when, where."""

    line: int
    kind: str
    entity: str | None  # the entity's key; None: "not an entity, keep the name as written"
    since: int | None = None
    until: int | None = None
    source: str = ""  # a part of the source file's name the ruling is limited to ("frus1882")
    note: str = ""

    def applies(self, year: int | None, source: str) -> bool:
        if self.source and self.source not in source:
            return False
        if year is None:
            return self.since is None and self.until is None
        return (self.since is None or self.since <= year) and (self.until is None or year <= self.until)


def split_cell(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


class Authority:
    """The curated entities, indexed by every label they go by."""

    def __init__(self) -> None:
        self.entities: dict[tuple[str, str], Entity] = {}
        self.index: dict[str, dict[str, Entity]] = {}
        self.concepts: dict[str, dict[str, Entity]] = {}
        self.rulings: dict[str, list[Ruling]] = {}  # name_key of the name as written -> rulings

    @classmethod
    def load(cls, folder: Path | str) -> Authority:
        folder = Path(folder)
        authority = cls()
        for kind, filename in ENTITY_FILES.items():
            path = folder / filename
            if not path.exists():
                continue
            for line, row in read_rows(path, ("key", "label")):
                entity = Entity(
                    kind=kind,
                    key=row["key"].strip(),
                    label=row["label"].strip(),
                    alt_labels=set(split_cell(row.get("alt_labels"))),
                    code_names=set(split_cell(row.get("code_names"))),
                    same_as=tuple(split_cell(row.get("same_as"))),
                    note=(row.get("note") or "").strip() or None,
                    curated=True,
                    names_in_time=tuple(periods(row.get("names_in_time"), path, line)),
                    own_scripts=tuple(_scripts(row.get("own_scripts"), path, line)),
                )
                if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", entity.key):
                    raise ConfigurationError(f"{path}: line {line}: key {entity.key!r} must be lower-case a-z, 0-9, -")
                if (kind, entity.key) in authority.entities:
                    raise ConfigurationError(f"{path}: line {line}: the key {entity.key!r} is listed twice")
                authority.add(entity)
        concepts = folder / "concepts.csv"
        if concepts.exists():
            for _, row in read_rows(concepts, ("scheme", "key", "label")):
                entity = Entity(
                    kind="concept",
                    key=row["key"].strip(),
                    label=row["label"].strip(),
                    alt_labels=set(split_cell(row.get("alt_labels"))),
                    note=(row.get("definition") or "").strip() or None,
                    scheme=row["scheme"].strip(),
                    curated=True,
                )
                schemes = authority.concepts.setdefault(entity.scheme or "", {})
                for label in entity.labels():
                    schemes[fold(label)] = entity
        rulings = folder / RULINGS
        if rulings.exists():
            authority._read_rulings(rulings)
        return authority

    def _read_rulings(self, path: Path) -> None:
        for line, row in read_rows(path, ("written", "kind", "entity")):
            kind, entity = row["kind"].strip(), row["entity"].strip()
            if kind not in {*ENTITY_FILES, "post"}:
                raise ConfigurationError(f"{path}: line {line}: kind {kind!r} is not one of {', '.join(ENTITY_FILES)}")
            years = [(row.get(c) or "").strip() for c in ("from", "until")]
            if any(y and not y.isdigit() for y in years):
                raise ConfigurationError(f"{path}: line {line}: from and until are years (YYYY), got {years}")
            ruling = Ruling(
                line,
                kind,
                None if entity == "-" else entity,
                int(years[0]) if years[0] else None,
                int(years[1]) if years[1] else None,
                (row.get("source") or "").strip(),
                (row.get("note") or "").strip(),
            )
            self.rulings.setdefault(name_key(row["written"]), []).append(ruling)

    def ruling(self, written: str, year: int | None, source: str) -> Ruling | None:
        """The archivists' ruling on this name as written, in this year and source (the first that applies)."""
        for ruling in self.rulings.get(name_key(written), ()):
            if ruling.applies(year, source):
                return ruling
        return None

    def add(self, entity: Entity) -> bool:
        """Found by every label it has, from now on; False when it already was."""
        changed = self.entities.get((entity.kind, entity.key)) is not entity
        self.entities[(entity.kind, entity.key)] = entity
        index = self.index.setdefault(entity.kind, {})
        for label in entity.labels():
            for key in (name_key(label), "=" + compact_key(label)):
                if key not in index:
                    index[key] = entity
                    changed = True
        return changed

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
        text = without_apostrophes(self._POSSESSIVE.sub("", text))
        words = self._WORD.findall(text)
        found: dict[int, Entity] = {}
        for i, word in enumerate(words):
            if not word[:1].isupper():  # most words: folded only when a label could start there
                continue
            candidates = self.index.get(folded_word(word))
            if not candidates:
                continue
            spans: dict[int, tuple[str, ...]] = {}  # the words from here, folded, once per length of label
            for label, entity in candidates:
                length = len(label)
                if length > 1:
                    span = spans.get(length)
                    if span is None:
                        span = spans[length] = tuple(folded_word(w) for w in words[i : i + length])
                    if span != label:
                        continue
                found.setdefault(id(entity), entity)
                break
        return list(found.values())


def periods(cell: str | None, path: Path, line: int) -> list[tuple[str, int | None, int | None]]:
    """ "Petrograd 1914-1924|Leningrad 1924-1991|Saint Petersburg 1991-" -> names with the years they were used."""
    found = []
    for part in split_cell(cell):
        match = re.fullmatch(r"(?P<name>.+?)\s+(?P<start>\d{3,4})?-(?P<end>\d{3,4})?", part)
        if not match:
            raise ConfigurationError(
                f"{path}: line {line}: {part!r} is not 'Name YYYY-YYYY' (either year may be left out)"
            )
        start, end = match["start"], match["end"]
        found.append((match["name"], int(start) if start else None, int(end) if end else None))
    return found


def _scripts(cell: str | None, path: Path, line: int) -> list[tuple[str, str]]:
    """ "ru:Сталин|ru:Иосиф Виссарионович Сталин" -> (language tag, name) pairs."""
    found = []
    for part in split_cell(cell):
        tag, _, name = part.partition(":")
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag.strip()) or not name.strip():
            raise ConfigurationError(
                f"{path}: line {line}: {part!r} is not 'language:name' (a BCP 47 tag: ru, ko, zh-Hans, ko-Hani)"
            )
        found.append((tag.strip(), name.strip()))
    return found


def read_rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
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
