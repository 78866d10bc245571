"""Hostile XML: entity expansion and external entities are refused quickly, and nothing leaks."""

import time
from pathlib import Path

from lod.record import Rejection
from lod.sources import read_sources

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus-laughs"><text><body>
<div type="document" xml:id="d1"><head>&lol9;</head><p>x</p></div></body></text></TEI>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE TEI [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus-xxe"><text><body>
<div type="document" xml:id="d1"><head>&secret;</head><dateline><date when="1917-04-06">April 6</date></dateline>
<p>x</p></div></body></text></TEI>"""


def test_entity_declarations_are_refused_quickly(tmp_path: Path) -> None:
    for name, content in (("laughs.xml", LAUGHS), ("xxe.xml", EXTERNAL)):
        path = tmp_path / name
        path.write_text(content)
        started = time.monotonic()
        items = list(read_sources([path]))
        assert time.monotonic() - started < 1
        [rejection] = items
        assert isinstance(rejection, Rejection)
        assert rejection.rule == "xml:entities" and "entities" in rejection.message
        assert "root:" not in rejection.message


def test_malformed_xml_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus">\n<text>\n</TEI>\n')
    [rejection] = list(read_sources([path]))
    assert isinstance(rejection, Rejection)
    assert rejection.rule == "xml:syntax" and rejection.record.startswith("line ")
