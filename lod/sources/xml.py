"""Reading XML sources safely: no network, no entity expansion, no DTD loading.

Archival XML (TEI, EAD) often names a DTD on the web and may, if hostile, declare entities that
read local files or expand a billion times. The parser here fetches nothing and expands nothing;
a document that declares entities is refused outright with a clear reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from ..record import Rejection


def safe_parser(huge_tree: bool = False) -> etree.XMLParser:
    """A parser that fetches nothing and expands nothing (``huge_tree`` for pages of many records)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge_tree,
        remove_pis=True,
    )


def parse_xml(path: Path, label: str) -> etree._ElementTree | Rejection:
    """The parsed document, or a rejection naming the line and the reason."""
    try:
        with path.open("rb") as stream:
            head = stream.read(16)
    except OSError as error:
        return Rejection(label, "file", "source:unreadable", f"cannot read the file: {error.strerror or error}")
    if not head.strip():
        return Rejection(label, "file", "source:empty", "the file is empty: there is no record to read")
    try:
        tree = etree.parse(str(path), safe_parser())
    except etree.XMLSyntaxError as error:
        return Rejection(label, f"line {error.lineno}", "xml:syntax", f"not well-formed XML: {error.msg}")
    except OSError as error:  # libxml2 reports bytes that are not in the declared encoding this way
        reason = str(error).rsplit(": ", 1)[-1] if ": " in str(error) else str(error)
        return Rejection(label, "file", "xml:encoding", f"cannot be read as XML: {reason}")
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        names = ", ".join(sorted(str(e.name) for e in dtd.iterentities())[:5])
        return Rejection(
            label,
            "file",
            "xml:entities",
            f"the document declares XML entities ({names}); they are refused because expanding them can read "
            "local files or exhaust memory",
        )
    return tree


def text(element: etree._Element, skip: Iterable[str] = ()) -> str:
    """The element's text with whitespace normalised, leaving out the named child elements (footnotes)."""
    skipped = set(skip)
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and etree.QName(child).localname == "lb" and child.get("break") != "no":
                parts.append(" ")  # "No. 127<lb/>The Ambassador …": a line break parts words
            elif isinstance(child.tag, str) and etree.QName(child).localname not in skipped:
                walk(child)
            elif child.tag is etree.Entity:  # an unexpanded entity reference: keep its name visible
                parts.append(f"&{child.name};")
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join("".join(parts).split())
