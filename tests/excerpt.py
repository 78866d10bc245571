"""Cut an excerpt of a FRUS volume for the tests: its header, its list of persons, chosen documents, unchanged.

    python tests/excerpt.py ../shared/corpora/frus/volumes/frus1934v04.xml d57 d375 ... > excerpt.xml

The documents are copied byte for byte (lxml serialises them as read); only the wrapper (TEI, text,
body) is new. The comment at the top names the volume, the documents and where the volume came from.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}


def excerpt(volume: Path, documents: list[str], origin: str) -> bytes:
    tree = etree.parse(str(volume), etree.XMLParser(resolve_entities=False, no_network=True))
    root = tree.getroot()
    new = etree.Element(f"{{{TEI}}}TEI", nsmap=root.nsmap)
    for name, value in root.attrib.items():
        new.set(name, value)
    new.append(root.find("t:teiHeader", NS))
    text = etree.SubElement(new, f"{{{TEI}}}text")
    front = etree.SubElement(text, f"{{{TEI}}}front")
    for persons in root.xpath(".//t:div[@xml:id='persons']", namespaces=NS):
        front.append(persons)
    body = etree.SubElement(text, f"{{{TEI}}}body")
    for document in documents:
        [div] = root.xpath(f".//t:div[@type='document'][@xml:id='{document}']", namespaces=NS)
        body.append(div)
    comment = etree.Comment(
        f" An excerpt of {volume.name} ({origin}): its header, its list of persons (if any) and documents "
        f"{', '.join(documents)}, unchanged. US Government work, public domain. Cut by tests/excerpt.py. "
    )
    written: bytes = etree.tostring(comment) + etree.tostring(new, encoding="UTF-8")
    return b"<?xml version='1.0' encoding='UTF-8'?>\n" + written


if __name__ == "__main__":
    path, *ids = sys.argv[1:]
    sys.stdout.buffer.write(excerpt(Path(path), ids, "github HistoryAtState/frus-not-yet-reviewed, see PROVENANCE.tsv"))
