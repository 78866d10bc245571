"""Another archive's records over OAI-PMH, as a source of the build like files are.

An :class:`Endpoint` names a provider (its base URL, a set, a metadata format). :func:`read` lists
its records (``ListRecords``, following resumption tokens) in its RDF format (``rdf``, as ours offers
them) or in simple Dublin Core (``oai_dc``, which every provider offers: each record's elements become
DC statements about its identifier). Each record arrives already as RDF (:class:`~lod.record.Harvested`):
the pipeline validates, deduplicates, indexes and publishes it like a record it converted itself.
Records the provider marks deleted are counted; records in neither format are rejected with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import requests
from lxml import etree

from ..errors import SourceError
from ..rdf import RD, T
from ..record import Harvested, Rejection
from .xml import safe_parser

OAI = "{http://www.openarchives.org/OAI/2.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
DC = "http://purl.org/dc/elements/1.1/"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


@dataclass
class Endpoint:
    """An OAI-PMH provider to harvest: what was asked, and what its answers held."""

    url: str
    set_spec: str | None = None
    prefix: str = "rdf"
    timeout: float = 60
    pages: int = 0
    deleted: int = 0

    @property
    def label(self) -> str:
        """The source as the build names it: the request that lists its records."""
        return f"{self.url}?verb=ListRecords&metadataPrefix={self.prefix}" + (
            f"&set={self.set_spec}" if self.set_spec else ""
        )


def is_endpoint(source: object) -> bool:
    return isinstance(source, Endpoint)


def read(endpoint: Endpoint) -> Iterator[Harvested | Rejection]:
    """Every record the provider lists, as RDF; deleted ones counted, others rejected with their reason."""
    for page in pages(endpoint.url, endpoint.prefix, endpoint.set_spec, endpoint.timeout):
        endpoint.pages += 1
        for record in page.iter(f"{OAI}record"):
            header = record.find(f"{OAI}header")
            identifier = header.findtext(f"{OAI}identifier", "") if header is not None else ""
            if header is not None and header.get("status") == "deleted":
                endpoint.deleted += 1
                continue
            triples = _triples(record, identifier, endpoint.url)
            if triples is None:
                message = f"its metadata is neither RDF nor simple Dublin Core about a URI ({endpoint.prefix})"
                yield Rejection(endpoint.label, identifier or "record", "oai:no-rdf", message)
                continue
            yield _harvested(endpoint.label, identifier, triples)


def _harvested(source: str, identifier: str, triples: list[ox.Triple]) -> Harvested:
    """The record as the pipeline takes it: the subject it is about (its OAI identifier, as ours are, else the
    first telegram or subject it describes), its kind, its triples."""
    subjects = [t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)]
    typed = {s.value for s, p, o in triples if p == RD.type and o == T.Telegram}
    if identifier in subjects:
        iri = identifier
    else:
        iri = next((s for s in subjects if "#" not in s and s in typed), subjects[0] if subjects else identifier)
    return Harvested(source, identifier, iri, triples, "telegram" if iri in typed else "document")


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
            return [quad.triple for quad in ox.parse(etree.tostring(rdf), format=ox.RdfFormat.RDF_XML)]
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
