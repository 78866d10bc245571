"""Who wrote to whom: the parties of a FRUS document's head, and its signature.

A head names its sender and addressee in one phrase each, with TEI marking the names
(``persName``) and the offices (``gloss``) of the parties::

    <head>The Minister in Paraguay (<persName type="from">Nicholson</persName>) to the
          <gloss type="to">Secretary of State</gloss></head>
    <head>No. 69. Mr. <persName type="from">Martinez</persName> to
          Mr. <persName type="to">Frelinghuysen</persName>.</head>

Each phrase becomes a :class:`~lod.record.Name` with the name as written (or as the volume's list
of persons gives it), the office written with it, and the whole phrase as written. The encoders'
slips are mended here: a ``persName`` that holds "Extract of a letter from J. H. Brockmann, United
States consular agent at Königsberg" is the person J. H. Brockmann and his office; one that holds
"the Board of Trade to Mr. Hammond" holds the end of the sender's office and the addressee.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from lxml import etree

from ..names import clean, looks_like_organization
from ..offices import is_body, is_office_only, office
from ..person_names import ADDRESS, NOBILITY, is_title, person_name
from ..record import Name, Record
from ..text import fold, name_key
from .xml import text

TEI = "{http://www.tei-c.org/ns/1.0}"
SKIP = ("note", "pb", "fw", "figure")
_MARK = re.compile(r"\x00(\d+)\x00")
_TO = re.compile(r"\s+to\s+", re.IGNORECASE)
_ADDRESSED = re.compile(
    r"\s+to\s+(?:" + "|".join(re.escape(w) for w in (*ADDRESS, *NOBILITY) if w[:1].isalpha()) + r")\s", re.I
)
_FORM_FROM = re.compile(
    r"^(?:(?:Circular\s+|Paraphrase\s+of\s+(?:a\s+)?)?(?:Telegram|Memorandum|Letter|Message|Note|Despatch|Airgram|"
    r"Cablegram|Backchannel\s+Message)\s+From\s+)",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^\s*(?:No\.\s*\d+[\w.]*\s*\]?\.?|\d+\.)\s*")
_DOCUMENT_FORM = re.compile(
    r"^(?:(?:an?\s+)?(?:extract|extracts|copy|translation|paraphrase)\s+(?:of|from)\s+(?:an?\s+|the\s+)?)?"
    r"(?:(?:letter|note|telegram|despatch|dispatch|memorandum|report|circular)\s+(?:from|of|by)\s+)",
    re.IGNORECASE,
)
_PLURAL = re.compile(
    r"^(?:all\s+)?(?:the\s+)?(?:[a-z]+\s+(?:and\s+[a-z]+\s+)?)?(?:consuls|ministers|representatives|ambassadors|"
    r"governments|powers|members|officers|officials|diplomatic\s+corps|envoys|delegates|commissioners)\b",
    re.IGNORECASE,
)
_DEPARTMENTS = (
    (re.compile(r"department of state|state department", re.I), "of State"),
    (re.compile(r"treasury", re.I), "of the Treasury"),
    (re.compile(r"navy department|department of the navy", re.I), "of the Navy"),
    (re.compile(r"war department|department of war", re.I), "of War"),
    (re.compile(r"department of the interior|interior department", re.I), "of the Interior"),
    (re.compile(r"department of justice", re.I), "of Justice"),
)
_SECRETARY = re.compile(r"^(?:acting\s+|first\s+|second\s+|third\s+)?(?:assistant\s+|under\s+)?secretary$", re.I)

_AUTHORED = re.compile(
    r"^(?:Memorandum|Paper|Report|Notes?|Minutes|Study|Record|Remarks|Address|Statement|Briefing)\b[^,]*?,?\s+"
    r"(?:Prepared\s+)?by\s+(?P<who>.+?)"
    r"(?:,\s+(?:of|in)\s+the\s+.+)?$"
)
_ACCREDITED = re.compile(
    r"\b(?:Ambassador|Minister|Mission|Delegation|Delegate|Representative|Envoy|Adviser|Commissioner|Observer)s?$",
    re.IGNORECASE,
)
_STATIONED = re.compile(r"\s*,\s*(?:then\s+)?at\s+[A-Z][\w .’'-]*$")
ACTING_DAYS = 14  # how near a signature of the Acting Secretary must be to name an addressee
Listing = Callable[[etree._Element], Name | None]  # the volume's list of persons, for a persName's @corresp


def _flatten(head: etree._Element) -> tuple[str, list[etree._Element]]:
    """The head's text with each typed persName or gloss replaced by a marker (footnotes left out)."""
    parts: list[str] = []
    marked: list[etree._Element] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if not isinstance(child.tag, str) or etree.QName(child).localname in SKIP:
                pass
            elif etree.QName(child).localname in ("persName", "gloss") and child.get("type") in ("from", "to"):
                parts.append(f"\x00{len(marked)}\x00")
                marked.append(child)
            elif etree.QName(child).localname == "lb":
                parts.append(" ")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(head)
    return " ".join("".join(parts).split()), marked


def _plain(flat: str, marked: list[etree._Element]) -> str:
    return _MARK.sub(lambda m: text(marked[int(m[1])], SKIP), flat)


def head_parties(head: etree._Element | None, listed: Listing) -> tuple[Name | None, list[Name]]:
    """The sender and the addressees a head names."""
    if head is None:
        return None, []
    flat, marked = _flatten(head)
    flat = _NUMBERED.sub("", flat).strip(" .")
    roles = [m.get("type") for m in marked]
    if "from" not in roles and "to" not in roles:
        plain = _plain(flat, marked)
        unmarked = _FORM_FROM.match(plain)
        if unmarked:  # "Telegram From the Embassy in Korea to the Department of State", no party marked
            return _unmarked_parties(plain[unmarked.end() :], listed)
        authored = _AUTHORED.match(plain)  # "Memorandum of Conversation, by Mr. William S. B. Lacy"
        if authored is None:
            return None, []
        found = [
            marked[int(m[1])] for m in _MARK.finditer(flat) if etree.QName(marked[int(m[1])]).localname == "persName"
        ]
        listed_name = listed(found[0]) if found else None
        if listed_name is not None:
            return dataclasses.replace(listed_name, heading=authored["who"]), []
        return _from_words(authored["who"], authored["who"]), []
    inner_to = [m for m in marked if _ADDRESSED.search(text(m, SKIP))]
    if (
        inner_to
    ):  # "The Secretary to <to>the Board of Trade to Mr. Hammond</to>", "<from>Mr. Bancroft to Mr. Fish</from>"
        plain = _plain(flat, marked)
        pieces = _TO.split(plain)
        return _phrase(" to ".join(pieces[:-1]), [], listed), [p for p in [_phrase(pieces[-1], [], listed)] if p]
    sender_part, addressee_part = _split(flat, roles)
    sender_part = _FORM_FROM.sub("", sender_part)  # "Telegram From the Embassy in Vietnam": the embassy
    sender = _phrase(sender_part, marked, listed) if sender_part else None
    addressees = []
    if addressee_part:
        for piece in re.split(r"\s+and\s+(?=the\s|\x00)", addressee_part):
            name = _phrase(piece, marked, listed)
            if name:
                addressees.append(name)
    return sender, addressees


def _unmarked_parties(words: str, listed: Listing) -> tuple[Name | None, list[Name]]:
    """ "the Ambassador to Vietnam (Bunker) to the President's Assistant …": the " to " between the parties is
    the first not naming a mission's place ("Ambassador to Vietnam", "Mission to the United Nations")."""
    for cut in _TO.finditer(words):
        before = words[: cut.start()]
        if _ACCREDITED.search(before) and "(" not in before[before.rfind(" ") :]:
            continue
        sender = _phrase(before, [], listed)
        addressee = _phrase(words[cut.end() :], [], listed)
        return sender, [addressee] if addressee else []
    return _phrase(words, [], listed), []


def _split(flat: str, roles: list[str | None]) -> tuple[str, str]:
    """The sender's phrase and the addressee's: at the " to " between the last sender mark and the first addressee's."""
    positions = {int(m[1]): m.start() for m in _MARK.finditer(flat)}
    firsts = [positions[i] for i, r in enumerate(roles) if r == "to"]
    lasts = [positions[i] for i, r in enumerate(roles) if r == "from"]
    start = max(lasts) if lasts else 0
    end = min(firsts) if firsts else len(flat)
    cuts = [m for m in _TO.finditer(flat, start, end + 1)] if end >= start else []
    if not cuts:
        if not lasts:
            return "", flat
        return flat, ""
    cut = cuts[0] if lasts else cuts[-1]
    return flat[: cut.start()].strip(" ,"), flat[cut.end() :].strip(" ,.")


def _phrase(phrase: str, marked: list[etree._Element], listed: Listing) -> Name | None:
    """One party: "The Minister in Paraguay (<mark>)", "Mr. <mark>", "the <gloss>", "Mr. Hammond"."""
    phrase = phrase.strip(" ,.")
    found = [marked[int(m[1])] for m in _MARK.finditer(phrase)]
    element = found[0] if found else None
    heading = " ".join(_plain(phrase, marked).split()) if marked else phrase
    outside = " ".join(re.sub(r"\(\s*\)", " ", _MARK.sub("", phrase)).split()).strip(" ,(")
    outside = _STATIONED.sub("", outside)  # "the Minister in Switzerland (Wilson), at Geneva"
    if element is None:
        return _from_words(phrase, heading)
    inner = text(element, SKIP)
    if etree.QName(element).localname == "gloss":
        words = f"{outside} {inner}".strip() if outside.lower() not in {"the", ""} else inner
        return _from_words(words, heading, listed(element))
    name = listed(element)
    written = clean(inner)
    if name is None and is_office_only(written):  # "<persName>the Secretary of State</persName>": an office
        return _from_words(f"{outside} {written}" if office(outside) and not is_title(outside) else written, heading)
    office_text = None
    if outside and is_title(outside):  # "Mr. <Seward>", "Earl <Granville>": the title belongs to the name
        written = f"{outside} {written}"
    elif office(outside):
        office_text = outside
    form = _DOCUMENT_FORM.match(written)
    if form:  # "Extract of a letter from J. H. Brockmann, United States consular agent at Königsberg,"
        written = written[form.end() :]
    parts = person_name(written)
    if parts.role and not office_text and parts.role in written:
        office_text, written = parts.role, written[: written.rfind(parts.role)].strip(" ,")
    if name is not None:
        return Name(name.written, name.variants, "person", name.note, office_text, heading)
    if _PLURAL.match(written) or (looks_like_organization(written) and not person_name(written).given):
        return Name(written, (), "organization", heading=heading)
    return Name(written, (), "person", office=office_text, heading=heading)


def _from_words(words: str, heading: str, holder: Name | None = None) -> Name | None:
    """A party written in words alone: an office, a body, or a name with an office in parentheses."""
    words = re.sub(r"^the\s+", "", " ".join(words.split()).strip(" ,."), flags=re.IGNORECASE)
    words = _STATIONED.sub("", words)  # "the Secretary of State, at Geneva": the Secretary, travelling
    if not words:
        return None
    located = re.match(r"^(?P<office>.+?)\s*\((?P<name>[^()]+)\)$", words)
    if located and office(located["office"]):
        return Name(clean(located["name"]), (), "person", office=located["office"], heading=heading)
    if _PLURAL.match(words) or is_body(words):
        return Name(words, (), "organization", heading=heading)
    if is_office_only(words) and (holder is None or not office(words)):  # "The President", "the King of Prussia"
        return Name(
            holder.written if holder else "", holder.variants if holder else (), None, office=words, heading=heading
        )
    written = office(words)
    if written is not None and (written.qualified or written.principal or written.mission):
        if holder is not None:  # the volume's list of persons says who held the office
            return Name(holder.written, holder.variants, "person", holder.note, words, heading)
        return Name("", (), None, office=words, heading=heading)
    return Name(clean(words), (), None, heading=heading)


def signature(signed: etree._Element | None, dateline: str, listed: Listing) -> Name | None:
    """The signature, with the office it gives qualified by the dateline's department ("Acting Secretary of State")."""
    if signed is None:
        return None
    words = text(signed, SKIP)
    person = signed.find(f".//{TEI}persName")
    if person is not None and listed(person) is not None:
        name = listed(person)
        assert name is not None
        return Name(name.written, name.variants, "person", name.note, _role(words, dateline), words)
    if _PLURAL.match(words):
        return Name(clean(words), (), "organization", heading=words)
    if is_office_only(words):  # signed by an office: "THE SECRETARY OF STATE."
        return Name("", (), None, office=clean(words), heading=words)
    parts = person_name(words, signature=True)
    if not parts.surname or len(words.split()) > 8:
        return None
    written = words[: words.rfind(parts.role)].strip(" ,") if parts.role and parts.role in words else words
    return Name(clean(written), (), "person", office=_role(words, dateline), heading=words)


def _role(words: str, dateline: str) -> str | None:
    role = person_name(words, signature=True).role
    if not role:
        return None
    if _SECRETARY.match(role):
        for pattern, of in _DEPARTMENTS:
            if pattern.search(dateline):
                return f"{role} {of}"
    return role


def _acting_secretary(name: Name | None) -> bool:
    found = office(name.office) if name is not None and name.office else None
    return found is not None and found.acting and found.principal and found.title == "Secretary of State"


def name_acting_addressees(records: list[Record]) -> None:
    """ "to the Acting Secretary of State": the one who signed as Acting Secretary in the volume those days.

    The register lists no Acting Secretaries (they acted while the Secretary was away), but the
    volume prints their signatures. An addressee written only as the Acting Secretary of State
    takes the name of the one who signed as such nearest the telegram's day, within two weeks of it,
    when one person alone signed on the nearest day.
    """
    signed: list[tuple[dt.date, Name]] = []
    for record in records:
        day = record.date.as_date() if record.date else None
        if day and _acting_secretary(record.sender) and record.signed and record.signed.written:
            signed.append((day, record.signed))
    if not signed:
        return
    for record in records:
        day = record.date.as_date() if record.date else None
        if day is None:
            continue
        for number, addressee in enumerate(record.addressees):
            if addressee.written or not _acting_secretary(addressee):
                continue
            near = [(abs((d - day).days), d, n) for d, n in signed if abs((d - day).days) <= ACTING_DAYS]
            if not near:
                continue
            nearest = min(apart for apart, _, _ in near)
            closest = [(d, n) for apart, d, n in near if apart == nearest]
            surnames = {fold(person_name(n.written, signature=True).surname) for _, n in closest}
            if len(surnames) != 1:
                continue
            evidence = f"the Acting Secretary of State who signed in this volume on {closest[0][0]}"
            record.addressees[number] = dataclasses.replace(addressee, written=closest[0][1].written, evidence=evidence)


def name_bare_surnames(records: list[Record]) -> None:
    """ "Mr. Rockhill": the fuller form the volume signs under the same heading, when it signs only one.

    A head writes a surname alone ("Mr. Rockhill", "The Chargé in Switzerland (Wilson)") where the
    documents it heads are signed in full ("W. W. ROCKHILL."). When every signature under a heading
    of that surname and office gives the same fuller name, the parties written so, senders and
    addressees, take it (and say so). Another person of the surname signing elsewhere in the volume
    (the President, Woodrow Wilson) does not count.
    """
    fuller: dict[tuple[str, str], set[str]] = {}
    written: dict[str, str] = {}
    for record in records:
        sender, signed = record.sender, record.signed
        if sender is None or signed is None or not sender.written or not signed.written:
            continue
        head, full = person_name(sender.written), person_name(signed.written, signature=True)
        if head.bare and full.given and fold(full.surname) == fold(head.surname) and not full.foreign:
            key = (fold(head.surname), _office_key(sender))
            fuller.setdefault(key, set()).add(name_key(full.display))
            written.setdefault(name_key(full.display), signed.written)
    if not fuller:
        return
    for record in records:
        parties = [record.sender, *record.addressees]
        for number, name in enumerate(parties):
            if name is None or not name.written:
                continue
            parts = person_name(name.written)
            forms = fuller.get((fold(parts.surname), _office_key(name)), set()) if parts.bare else set()
            if len(forms) != 1:
                continue
            form = written[next(iter(forms))]
            evidence = f'signed "{form}" under the same heading elsewhere in the volume'
            named = dataclasses.replace(name, written=form, evidence=evidence)
            if number == 0:
                record.sender = named
                record.creators = [named]
            else:
                record.addressees[number - 1] = named


def _office_key(name: Name) -> str:
    found = office(name.office) if name.office else None
    return fold(f"{found.title} {found.place or ''}") if found else ""
