"""Citations of a record: CSL-JSON, BibTeX and a plain citation, each with the record's stable URI.

``/cite/{kind}/{key}`` (:mod:`.cite`) answers in the format asked for by ``?format=`` (csl, bibtex, text) or by
content negotiation with the media types DOI resolvers use (``application/vnd.citationstyles.csl+json``,
``application/x-bibtex``, ``text/x-bibliography``); ``/id/...`` redirects there for those types too,
so reference managers that resolve a URI to a citation work with ours as they do with a DOI.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import request

from ..errors import ProtocolError
from ..index import day_span
from .conneg import best
from .describe import Description
from .pages import readable_day

CSL = "application/vnd.citationstyles.csl+json"
BIBTEX = "application/x-bibtex"
TEXT = "text/x-bibliography"
FORMATS = {"csl": CSL, "bibtex": BIBTEX, "text": TEXT}
PUBLISHER = "Telegrams as Linked Open Data"


def names(description: Description, curie: str) -> list[str]:
    return [value.text for value in description.get(curie)]


def holding(description: Description) -> tuple[str, str]:
    """(archive, where in it) from the first archival reference, else the citation as the archive wrote it."""
    for part in description.part_list("tg:archivalReference"):
        archive = part.one("tg:archive")
        levels = [
            f"{label} {part.one(term).value}"  # type: ignore[union-attr]
            for term, label in (
                ("tg:fond", "Fond"),
                ("tg:opis", "Opis"),
                ("tg:delo", "Delo"),
                ("tg:papka", "Papka"),
                ("tg:folios", "Listy"),
                ("tg:referenceCode", ""),
            )
            if part.one(term)
        ]
        if archive:
            return archive.text, ", ".join(level.strip() for level in levels)
    source = description.first("dcterms:source")
    return ("", source.value) if source else ("", "")


def _date_parts(date: str) -> list[int]:
    return [int(part) for part in date[:10].split("-") if part.isdigit()]


def csl(description: Description) -> dict[str, Any]:
    """A CSL-JSON item: the record as a manuscript, its sender as author and its addressee as recipient."""
    key = description.iri.rsplit("/", 1)[-1]
    archive, location = holding(description)
    item: dict[str, Any] = {
        "id": key,
        "type": "manuscript",
        "title": description.label,
        "genre": description.kind.capitalize(),
        "URL": description.iri,
        "publisher": PUBLISHER,
        "accessed": {"date-parts": [_date_parts(dt.date.today().isoformat())]},
    }
    authors = names(description, "tg:sender") or names(description, "dcterms:creator")
    if authors:
        item["author"] = [{"literal": name} for name in authors]
    if names(description, "tg:addressee"):
        item["recipient"] = [{"literal": name} for name in names(description, "tg:addressee")]
    date = description.first("dcterms:date")
    if date:
        item["issued"] = {"date-parts": [_date_parts(date.value)]}
        earliest, latest = description.first("tg:earliestDate"), description.first("tg:latestDate")
        if earliest and latest and (earliest.value, latest.value) != day_span(date.value):
            item["issued"] = {"date-parts": [_date_parts(earliest.value), _date_parts(latest.value)], "circa": True}
    if archive:
        item["archive"] = archive
    if location:
        item["archive_location"] = location
    for curie, field in (("tg:telegramNumber", "number"), ("dcterms:description", "abstract")):
        if description.first(curie):
            item[field] = description.first(curie).value  # type: ignore[union-attr]
    return item


def plain(description: Description) -> str:
    """A citation in the notes-and-bibliography manner: who to whom, title, kind, date, archive, URI."""
    item = csl(description)
    pieces = []
    parties = " and ".join(a["literal"] for a in item.get("author", []))
    if item.get("recipient"):
        parties += (" to " if parties else "To ") + " and ".join(r["literal"] for r in item["recipient"])
    if parties:
        pieces.append(parties)
    pieces.append(f"“{item['title']}”")
    pieces.append(item["genre"].lower())
    if "issued" in item:
        pieces.append(_readable(item["issued"]))
    if item.get("archive"):
        pieces.append(item["archive"])
    if item.get("archive_location"):
        pieces.append(item["archive_location"])
    return ", ".join(pieces) + f". {PUBLISHER}, {item['URL']} (accessed {_readable(item['accessed'])})."


def _readable(date: dict[str, Any]) -> str:
    spans = []
    for parts in date["date-parts"]:
        if len(parts) == 3:
            spans.append(readable_day(dt.date(*parts).isoformat()))
        elif len(parts) == 2:
            spans.append(dt.date(parts[0], parts[1], 1).strftime("%B %Y"))
        else:
            spans.append(str(parts[0]))
    return ("between " + " and ".join(spans)) if len(spans) > 1 else spans[0]


_TEX = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}", **{c: "\\" + c for c in "{}&%$#_"}}
_TEX_SPECIAL = re.compile("[" + re.escape("".join(_TEX)) + "]")


def _tex(text: str) -> str:
    """Text safe inside a BibTeX field: TeX's special characters escaped, so braces stay balanced."""
    return " ".join(_TEX_SPECIAL.sub(lambda match: _TEX[match[0]], text).split())


def bibtex(description: Description) -> str:
    item = csl(description)
    fields: list[tuple[str, str]] = [("title", "{" + _tex(item["title"]) + "}")]
    if item.get("author"):
        fields.append(("author", " and ".join("{" + _tex(a["literal"]) + "}" for a in item["author"])))
    if "issued" in item:
        first = item["issued"]["date-parts"][0]
        fields.append(("date", "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(first))))
        fields.append(("year", str(first[0])))
    note = item["genre"]
    if item.get("recipient"):
        note += " to " + " and ".join(r["literal"] for r in item["recipient"])
    fields.append(("type", _tex(item["genre"])))
    fields.append(("note", _tex(note)))
    if item.get("archive"):
        fields.append(("organization", _tex(item["archive"])))
    if item.get("archive_location"):
        fields.append(("howpublished", _tex(item["archive_location"])))
    fields.append(("publisher", _tex(PUBLISHER)))
    fields.append(("url", item["URL"]))
    fields.append(("urldate", dt.date.today().isoformat()))
    key = re.sub(r"[^A-Za-z0-9_:-]", "", item["id"])[:80] or "record"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def requested() -> str | None:
    """The citation format asked for by ``?format=`` or, failing that, by the Accept header."""
    chosen = request.args.get("format")
    if chosen:
        if chosen not in FORMATS:
            raise ProtocolError("format must be one of " + ", ".join(FORMATS))
        return FORMATS[chosen]
    return best([CSL, BIBTEX, TEXT, "application/json", "text/plain"], request.headers.get("Accept"))
