"""A person's name as written: forms of address, ranks, titles and roles taken off, "Last, First" turned
round, particles and abbreviated given names read (the examples are :class:`PersonName`'s)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Forms of address and ranks that precede a name and are not part of it ("Mr. Seward", "General Schenck").
ADDRESS = (
    "mr.", "mr", "mrs.", "mrs", "ms.", "miss", "messrs.", "dr.", "dr", "señor", "senor", "señora", "sr.", "sra.", "don",
    "doña", "monsieur", "mons.", "m.", "mm.", "herr", "signor", "signore", "senhor", "sir", "hon.", "honorable",
    "the honorable", "his excellency", "excellency", "general", "gen.", "lieutenant general", "major general",
    "brigadier general", "colonel", "col.", "lieutenant colonel", "major", "captain", "capt.", "commander", "admiral",
    "rear admiral", "vice admiral", "commodore", "lieutenant", "lieut.", "professor", "prof.", "judge", "senator",
    "governor", "president", "rev.", "reverend", "father", "bishop", "cardinal", "monsignor", "mgr.", "chevalier",
    "comrade", "comrades", "citizen",
)  # fmt: skip
#: Titles of nobility: with a single name they are how the person is known ("Earl Granville", "Prince Kung").
NOBILITY = (
    "prince", "princess", "duke", "duchess", "marquis", "marquess", "marchioness", "earl", "count", "countess",
    "viscount", "baron", "baroness", "lord", "lady", "archduke", "grand duke",
)  # fmt: skip
#: Abbreviated given names of nineteenth-century signatures.
GIVEN_ABBREVIATIONS = {
    "geo": "George", "wm": "William", "chas": "Charles", "jas": "James", "thos": "Thomas", "jno": "John",
    "fredk": "Frederick", "fred'k": "Frederick", "fred’k": "Frederick", "benj": "Benjamin", "saml": "Samuel",
    "robt": "Robert", "edw": "Edward", "edwd": "Edward", "alex": "Alexander", "alexr": "Alexander",
    "richd": "Richard", "danl": "Daniel", "jos": "Joseph", "nathl": "Nathaniel", "wash": "Washington",
    "jona": "Jonathan", "hy": "Henry", "hen": "Henry", "andw": "Andrew", "archd": "Archibald", "elijh": "Elijah",
    "christr": "Christopher", "saml.": "Samuel", "theo": "Theodore", "steph": "Stephen", "abm": "Abraham",
}  # fmt: skip
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2d", "3d"}
_PARTICLES = {
    "de",
    "des",
    "del",
    "della",
    "di",
    "da",
    "do",
    "dos",
    "du",
    "la",
    "le",
    "van",
    "von",
    "der",
    "den",
    "ten",
    "y",
}
_ROLE_WORDS = re.compile(
    r"(?:acting\s+|vice[- ]|assistant\s+|under\s+|deputy\s+|first\s+|second\s+|third\s+)*"
    r"\b(?:secretary|minister|ambassador|consul|vice-consul|chargé|charge|envoy|commissioner|agent|president|"
    r"governor|chairman|counselor|counsellor|adviser|advisor|attaché|attache|director|chief|clerk|delegate|"
    r"representative|interpreter|undersecretary|plenipotentiary|admiral|general|commander|officer|judge|"
    r"chancellor|premier|king|emperor|queen|mayor|senator|deputy|acting)\b",
    re.IGNORECASE,
)


def _prefix_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^(?:{alternatives})(?=\s|$)\s*", re.IGNORECASE)


_ADDRESS = _prefix_pattern(ADDRESS)
#: Titles no officer of the Department bears: a name written with them is not the register's.
FOREIGN_TITLES = (
    "señor", "senor", "señora", "sr.", "sra.", "don", "doña", "monsieur", "mons.", "m.", "mm.", "herr", "signor",
    "signore", "senhor", "chevalier", "comrade", "comrades", "citizen", "president", "king", "queen", "emperor",
    "empress", "pope", "sultan", "shah", "mikado", "regent", "cardinal", "bishop", "father", "rev.", "reverend",
    "monsignor", "mgr.", *NOBILITY,
)  # fmt: skip


def is_title(words: str) -> bool:
    """ "Mr.", "Earl", "Señor", "Lieutenant General": words that go before a name, not an office."""
    text = " ".join(words.split()).lower()
    return bool(text) and (text in ADDRESS or text in NOBILITY)


_ROLE_AFTER_NAME = re.compile(
    r"^(?P<name>(?:[A-Z][\w’'.-]*\s+){1,4}[A-Z][A-Z’'.-]+)\s+(?P<role>(?:Acting\s+|Vice[- ])?(?:Consul|Secretary|"
    r"Minister|Ambassador|Chargé|Charge|Agent|Commissioner|Envoy)\b.*)$"
)
_INITIAL_END = re.compile(r"(?:^|[\s.])[A-Z]\.$")
_NOBLE = _prefix_pattern(NOBILITY)


@dataclass(frozen=True)
class PersonName:
    """A person's name taken apart: "GEO. S. BOUTWELL, Secretary" -> George S. Boutwell, role Secretary.

    >>> p = person_name("GEO. S. BOUTWELL, Secretary.")
    >>> p.display, p.surname, p.role
    ('George S. Boutwell', 'Boutwell', 'Secretary')
    >>> person_name("Francis, David R.").display
    'David R. Francis'
    >>> person_name("Mr. Seward").bare, person_name("Earl Granville").display
    (True, 'Earl Granville')
    """

    given: tuple[str, ...] = ()
    surname: str = ""
    suffix: str = ""
    title: str = ""  # the form of address or rank written before it ("Mr.", "General", "Earl")
    role: str = ""  # an office written after it ("Secretary", "Vice-Consul")
    noble: bool = False

    @property
    def foreign(self) -> bool:
        """Written with a title no officer of the Department bears ("Señor", "M.", "President", "Earl")."""
        return self.title.lower() in FOREIGN_TITLES

    @property
    def bare(self) -> bool:
        """A surname alone (with a form of address at most): "Mr. Seward", "Gibson"."""
        return bool(self.surname) and not self.given and not self.noble

    @property
    def display(self) -> str:
        """The name in the order "First Last", with a title of nobility kept ("Earl Granville")."""
        parts = [self.title] if self.noble and self.title else []
        return " ".join([*parts, *self.given, self.surname, *([self.suffix] if self.suffix else [])]).strip()


def _title_cased(word: str) -> str:
    mixed = re.fullmatch(r"(Mc|Mac|O’|O'|D’|D')([A-Z]{2,}\w*)", word)  # "McMATH", "O’NEIL"
    if mixed:
        return mixed[1] + mixed[2][:1] + mixed[2][1:].lower()
    if not word.isupper() or len(word) <= 1:
        return word
    if word.lower() in _PARTICLES:
        return word.lower()
    pieces = re.split(r"([-'’])", word)
    return "".join(p[:1] + p[1:].lower() if p not in "-'’" else p for p in pieces)


def _given(word: str) -> str:
    key = word.lower().rstrip(".")
    if key in GIVEN_ABBREVIATIONS and (word.endswith(".") or "'" in word or "’" in word):
        return GIVEN_ABBREVIATIONS[key]
    return word


@lru_cache(maxsize=1 << 15)
def _ranked(words: str) -> bool:
    """ "General Earle G", "Admiral James L": a rank before given names (a list's "Wheeler, General Earle G.")."""
    rank = _ADDRESS.match(words)
    rest = words[rank.end() :].split() if rank else []
    return (
        bool(rest) and len(rest) <= 3 and all(w[:1].isupper() for w in rest) and not _ROLE_WORDS.search(" ".join(rest))
    )


@lru_cache(maxsize=1 << 16)
def person_name(written: str, signature: bool = False) -> PersonName:
    """The parts of a person's name as a head, a list of persons or a signature writes it.

    In a ``signature`` a leading "M." is an initial ("M. LEVY"), not "Monsieur". Taken apart once per
    form written (the value is frozen): the resolver asks again each time a record writes the name.
    """
    text = unicodedata.normalize("NFC", " ".join(written.replace("\u00a0", " ").split())).strip(" ,;:")
    text = re.sub(r"\.{2,}", ".", text)  # "Mr.. Burlingame"
    text = re.sub(r"\s*\([A-Z][a-z]+\)", "", text)  # "Bohlen, Charles E. (Chip)": the nickname is no given name
    if text.endswith(".") and not _INITIAL_END.search(text):
        text = text[:-1].rstrip()
    role, suffix = "", ""
    if "," in text:
        head, _, tail = text.rpartition(",")
        tail = tail.strip(" .")
        if tail.lower() in _SUFFIXES or tail.lower() + "." in _SUFFIXES:
            text, suffix = head.strip(" ,"), tail
        segments = text.split(",")
        for number in range(1, len(segments)):  # "GEORGE F. SEWARD, Consul General, acting, judicially"
            tail = ",".join(segments[number:]).strip(" .")
            first = segments[number].strip(" .")
            if (
                first
                and _ROLE_WORDS.search(first)
                and not re.fullmatch(r"(?:[A-Z]\.\s?)+", first)
                and not _ranked(first)
            ):
                text, role = ",".join(segments[:number]).strip(" ,"), tail
                break
    unmarked = _ROLE_AFTER_NAME.match(text)
    if unmarked and not role:  # "GEORGE F. SEWARD Consul General acting judicially": a role without its comma
        text, role = unmarked["name"], unmarked["role"]
    noble_of = re.fullmatch(r"(?P<seat>[^,]+),\s*(?P<title>(?:Earl|Marquis|Marquess|Duke|Viscount|Baron) of)\b.*", text)
    if noble_of:  # "Derby, Earl of (Edward George V. Stanley)": the peer by his title
        return PersonName(surname=f"{noble_of['title']} {noble_of['seat']}", noble=True)
    text = re.sub(r"^the\s+(?=[A-Z])", "", text, flags=re.IGNORECASE)  # "The Duke de Gramont"
    title, noble = "", False
    while True:
        match = _NOBLE.match(text) or _ADDRESS.match(text)
        if signature and match and match.group(0).strip().lower() == "m.":
            break
        if not match or match.end() >= len(text):
            break
        noble = noble or bool(_NOBLE.match(text))
        title = match.group(0).strip()
        text = text[match.end() :].strip()
    if text.count(",") == 1:  # "Francis, David R.", "House, Colonel Edward M."
        surname_part, given_part = (part.strip() for part in text.split(","))
        inner = _ADDRESS.match(given_part)
        if inner and inner.end() < len(given_part):
            title, given_part = inner.group(0).strip(), given_part[inner.end() :].strip()
        if surname_part and given_part and given_part.lower().rstrip(".") not in _SUFFIXES:
            text = f"{given_part} {surname_part}"
        elif given_part:
            text = f"{surname_part} {given_part}"
    words = [_title_cased(w) for w in text.replace(",", " ").split()]
    if len(words) > 1 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    if suffix:
        suffix = suffix.capitalize().rstrip(".") + "." if suffix.lower().startswith(("jr", "sr")) else suffix.upper()
    if not words:
        return PersonName(title=title, role=role)
    surname_start = len(words) - 1
    while surname_start > 0 and words[surname_start - 1].lower() in _PARTICLES:  # "de Zamacona", "von Gerolt"
        surname_start -= 1
    given = tuple(_given(w) for w in words[:surname_start])
    surname = " ".join(words[surname_start:])
    return PersonName(given, surname, suffix, title, role, noble and not given)


def given_names_agree(written: tuple[str, ...], full: str) -> bool:
    """ "David R." agrees with "David Rowland", "W. H." and "Wm. H." with "William Henry", "McG." with
    "McGeorge"; "John" not with "James"."""
    names = [w.strip(".").lower() for w in full.replace("-", " ").split() if w.strip(".")]
    wanted = [(w.strip(".").lower(), w.endswith(".")) for w in written if w.strip(".")]
    if not wanted:
        return True
    position = 0
    for word, shortened in wanted:
        while position < len(names):
            candidate = names[position]
            position += 1
            if candidate == word or ((shortened or len(word) == 1) and candidate.startswith(word)):
                break
        else:
            return False
    return True
