"""Harvesting: another archive's records over OAI-PMH, into a store of our own.

Archives federate by SPARQL (``lod federate``, SERVICE) or by copying each other's records, as
libraries have long done over OAI-PMH. ``lod harvest URL --store DIR`` lists the provider's records
in its RDF format (``rdf``, as ours offers them) or in simple Dublin Core (``oai_dc``, which every
provider offers: each record's elements become DC statements about its identifier), follows the
resumption tokens, and publishes what
it read as a new build of the store, atomically like ``lod build``: a harvest that fails half-way
leaves the published store as it was. Records the provider marks deleted are counted and skipped.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import requests
from lxml import etree

from .errors import NothingPublished, SourceError
from .sources.xml import safe_parser
from .store import Publication

OAI = "{http://www.openarchives.org/OAI/2.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
DC = "http://purl.org/dc/elements/1.1/"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


@dataclass
class Harvest:
    """What a harvest read and published."""

    url: str
    records: int = 0
    deleted: int = 0
    triples: int = 0
    pages: int = 0
    seconds: float = 0.0
    store: Path | None = None
    skipped: list[str] = field(default_factory=list)  # identifiers whose metadata was not RDF

    def summary(self) -> str:
        return (
            f"harvested {self.records} records ({self.triples} triples) in {self.pages} pages from {self.url}"
            + (f"; {self.deleted} deleted" if self.deleted else "")
            + (f"; {len(self.skipped)} without RDF metadata" if self.skipped else "")
        )


def pages(url: str, prefix: str, set_spec: str | None, timeout: float) -> Iterator[etree._Element]:
    """The provider's ListRecords answers, one page after another, following resumption tokens."""
    arguments: dict[str, str] = {"verb": "ListRecords", "metadataPrefix": prefix}
    if set_spec:
        arguments["set"] = set_spec
    while True:
        try:
            response = requests.get(url, params=arguments, timeout=timeout)
        except requests.RequestException as error:
            raise SourceError(
                f"cannot reach the OAI-PMH provider: {error}", source=url, rule="oai:unreachable"
            ) from None
        if response.status_code != 200:
            raise SourceError(f"the provider answered HTTP {response.status_code}", source=url, rule="oai:http")
        try:
            document = etree.fromstring(response.content, safe_parser(huge_tree=True))
        except etree.XMLSyntaxError as error:
            raise SourceError(f"the answer is XML that does not parse: {error}", source=url, rule="oai:xml") from None
        error_element = document.find(f"{OAI}error")
        if error_element is not None:
            code = error_element.get("code", "error")
            if code == "noRecordsMatch":
                return
            message = (error_element.text or "").strip()
            raise SourceError(f"the provider answered {code}: {message}", source=url, rule=f"oai:{code}")
        yield document
        token = document.find(f".//{OAI}resumptionToken")
        if token is None or not (token.text or "").strip():
            return
        arguments = {"verb": "ListRecords", "resumptionToken": token.text.strip()}


def _triples(record: etree._Element, identifier: str, url: str) -> list[ox.Triple] | None:
    """A record's metadata as triples: RDF/XML as it is; simple Dublin Core as DC statements about the
    record's identifier (itself a URI: "oai:arXiv.org:1234", "http://…"). None if it is neither."""
    rdf = record.find(f"{OAI}metadata/{RDF}")
    if rdf is not None:
        try:
            return list(ox.parse(etree.tostring(rdf), format=ox.RdfFormat.RDF_XML))
        except SyntaxError as error:
            raise SourceError(f"not valid RDF/XML: {error}", source=url, record=identifier, rule="oai:rdf") from None
    dublin_core = record.find(f"{OAI}metadata/{OAI_DC}")
    if dublin_core is None or not _SCHEME.fullmatch(identifier):
        return None
    subject = ox.NamedNode(identifier)
    triples = [
        ox.Triple(subject, ox.NamedNode(DC + etree.QName(element).localname), ox.Literal(element.text.strip()))
        for element in dublin_core
        if isinstance(element.tag, str) and element.tag.startswith("{" + DC) and (element.text or "").strip()
    ]
    triples.append(ox.Triple(subject, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), ox.NamedNode(url)))
    return triples


def harvest(
    url: str, store_dir: Path, set_spec: str | None = None, prefix: str = "rdf", timeout: float = 60
) -> Harvest:
    """Harvest ``url``'s records into a new build of the store in ``store_dir``."""
    started = time.monotonic()
    report = Harvest(url)
    with Publication(store_dir) as publication:
        store = publication.store()
        for page in pages(url, prefix, set_spec, timeout):
            report.pages += 1
            data: list[bytes] = []
            for record in page.iter(f"{OAI}record"):
                header = record.find(f"{OAI}header")
                identifier = header.findtext(f"{OAI}identifier", "") if header is not None else ""
                if header is not None and header.get("status") == "deleted":
                    report.deleted += 1
                    continue
                triples = _triples(record, identifier, url)
                if triples is None:
                    report.skipped.append(identifier)
                    continue
                data.append(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
                report.records += 1
            if data:
                store.bulk_load(b"".join(data), format=ox.RdfFormat.N_TRIPLES)
        if report.records == 0:
            raise NothingPublished(f"{url} gave no record to harvest; the store in {store_dir} was left as it was")
        report.triples = len(store)
        report.seconds = time.monotonic() - started
        summary: dict[str, Any] = {
            "harvested_from": url,
            "set": set_spec,
            "metadata_prefix": prefix,
            "read": report.records + report.deleted + len(report.skipped),
            "published": report.records,
            "deleted": report.deleted,
            "triples": report.triples,
            "seconds": round(report.seconds, 3),
            "finished": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        report.store = publication.commit(summary)
    return report
