"""OAI-PMH 2.0 at ``/oai``: the records for harvesters, as libraries and archives exchange metadata.

Every record ever published is an item, identified by its IRI. Its datestamp is the time its own
statements last changed, as the builds' history keeps it (:mod:`lod.history`): a build that publishes
a record unchanged keeps its datestamp, so ``from=`` gives a harvester only what changed since its last
visit. A record a build no longer publishes is answered as deleted, with the time it went
(``deletedRecord`` is ``persistent``). Formats: ``oai_dc`` (Dublin Core) and ``rdf`` (the record's
description in RDF/XML, as ``/doc/…rdf`` serves it). Sets: ``archive:{key}`` for the archive holding a
record and ``year:{yyyy}`` for its date (a withdrawn record stays in the sets it was last in). Lists come
100 at a time, in the order of the records' IRIs, with resumption tokens that carry where the list
stopped and which build it is of; a token from a replaced build is refused (``badResumptionToken``), as
the protocol asks, rather than continuing over other records.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, request
from lxml import etree

from ..errors import StoreError
from ..history import FILENAME as HISTORY
from ..history import Entry, earliest, entry, listing, sets_of
from ..index import Hit, Named
from ..query import prefixes
from ..rdf import RD, SK
from ..sources.xml import safe_parser
from .pages import site
from .services import describer, published, search_index, services

blueprint = Blueprint("oai", __name__)

OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: metadataPrefix -> (schema, namespace)
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC),
    "rdf": ("http://www.openarchives.org/OAI/2.0/rdf.xsd", RDF_NS),
}
PAGE = 100
LISTS = {"metadataPrefix", "from", "until", "set", "resumptionToken"}
#: verb -> (arguments allowed, arguments required)
VERBS: dict[str, tuple[set[str], set[str]]] = {
    "Identify": (set(), set()),
    "ListMetadataFormats": ({"identifier"}, set()),
    "ListSets": ({"resumptionToken"}, set()),
    "ListIdentifiers": (LISTS, {"metadataPrefix"}),
    "ListRecords": (LISTS, {"metadataPrefix"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, {"identifier", "metadataPrefix"}),
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


class OaiError(Exception):
    """A protocol error: its code (badArgument, idDoesNotExist, ...) and what was wrong."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _element(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{OAI}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def _history() -> Path:
    """The published build's history of its records (when each last changed, which were withdrawn)."""
    path = published().artefacts() / HISTORY
    if not path.exists():
        raise StoreError(f"the published build has no history of its records ({HISTORY}): build it again")
    return path


def _arguments() -> dict[str, str]:
    """The request's arguments, each once: a repeated one is a badArgument."""
    values = request.form if request.method == "POST" else request.args
    found: dict[str, str] = {}
    for name in values:
        given = values.getlist(name)
        if len(given) > 1:
            raise OaiError("badArgument", f"the argument {name!r} is given {len(given)} times")
        found[name] = given[0]
    return found


@blueprint.route("/oai", methods=["GET", "POST"])
def oai() -> Response:
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _element(root, "responseDate", _now())
    requested = _element(root, "request", site() + "oai")
    try:
        arguments = _arguments()
        verb = arguments.pop("verb", "")
        if verb not in VERBS:
            raise OaiError("badVerb", f"{verb!r} is not an OAI-PMH verb" if verb else "the request names no verb")
        allowed, required = VERBS[verb]
        unknown = set(arguments) - allowed
        if unknown:
            raise OaiError("badArgument", f"{verb} takes no argument {', '.join(sorted(unknown))}")
        if "resumptionToken" in arguments and len(arguments) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument")
        missing = required - set(arguments) if "resumptionToken" not in arguments else set()
        if missing:
            raise OaiError("badArgument", f"{verb} needs {', '.join(sorted(missing))}")
        requested.set("verb", verb)
        for name, value in arguments.items():
            requested.set(name, value)
        HANDLERS[verb](root, arguments)
    except OaiError as error:
        if error.code in ("badVerb", "badArgument"):  # the protocol echoes no arguments it could not take
            requested.attrib.clear()
        _element(root, "error", error.message, code=error.code)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Response(body, mimetype="text/xml")


def identify(root: etree._Element, _: dict[str, str]) -> None:
    settings = services().settings
    identify = _element(root, "Identify")
    _element(identify, "repositoryName", "Telegrams as Linked Open Data")
    _element(identify, "baseURL", site() + "oai")
    _element(identify, "protocolVersion", "2.0")
    _element(identify, "adminEmail", settings.admin_email)
    _element(identify, "earliestDatestamp", earliest(_history()) or _now())
    _element(identify, "deletedRecord", "persistent")
    _element(identify, "granularity", "YYYY-MM-DDThh:mm:ssZ")


def list_metadata_formats(root: etree._Element, arguments: dict[str, str]) -> None:
    if "identifier" in arguments:
        _entry(arguments["identifier"])
    formats = _element(root, "ListMetadataFormats")
    for prefix, (schema, namespace) in FORMATS.items():
        entry = _element(formats, "metadataFormat")
        _element(entry, "metadataPrefix", prefix)
        _element(entry, "schema", schema)
        _element(entry, "metadataNamespace", namespace)


def list_sets(root: etree._Element, arguments: dict[str, str]) -> None:
    if "resumptionToken" in arguments:
        raise OaiError("badResumptionToken", "the list of sets comes whole: it has no resumption tokens")
    sets = _element(root, "ListSets")
    for spec, name in search_index().sets():
        entry = _element(sets, "set")
        _element(entry, "setSpec", spec)
        _element(entry, "setName", name)


def get_record(root: etree._Element, arguments: dict[str, str]) -> None:
    prefix = _format(arguments["metadataPrefix"])
    found = _entry(arguments["identifier"])
    _records(_element(root, "GetRecord"), [found], prefix, headers_only=False)


def list_identifiers(root: etree._Element, arguments: dict[str, str]) -> None:
    _list(root, arguments, "ListIdentifiers")


def list_records(root: etree._Element, arguments: dict[str, str]) -> None:
    _list(root, arguments, "ListRecords")


def _list(root: etree._Element, arguments: dict[str, str], verb: str) -> None:
    build = str(published().manifest.get("build", ""))
    if "resumptionToken" in arguments:
        state = _token_state(arguments["resumptionToken"], verb, build)
    else:
        state = {
            "p": arguments["metadataPrefix"],
            "s": _set(arguments.get("set")),
            "f": arguments.get("from"),
            "u": arguments.get("until"),
            "a": "",
            "c": 0,
            "b": build,
        }
        _format(state["p"])
        _within(state["f"], state["u"])
    total, page = listing(_history(), state["f"], state["u"], state["s"], str(state["a"]), PAGE)
    if not page:
        raise OaiError("noRecordsMatch", "no record matches these arguments")
    listing_element = _element(root, verb)
    _records(listing_element, page, str(state["p"]), headers_only=verb == "ListIdentifiers")
    cursor = int(state["c"])
    delivered = cursor + len(page)
    if delivered < total:
        following = {**state, "a": page[-1].iri, "c": delivered, "v": verb}
        token = base64.urlsafe_b64encode(json.dumps(following).encode()).decode().rstrip("=")
        _element(listing_element, "resumptionToken", token, completeListSize=str(total), cursor=str(cursor))
    elif cursor:  # the last page of a list that was resumed: an empty token says it is complete
        _element(listing_element, "resumptionToken", "", completeListSize=str(total), cursor=str(cursor))


def _set(spec: str | None) -> str | None:
    """A set's spec, of one of the two forms this repository has (archive:KEY, year:YYYY)."""
    if spec is None:
        return None
    kind, _, value = spec.partition(":")
    if (kind == "archive" and value) or (kind == "year" and value.isdigit()):
        return spec
    raise OaiError("badArgument", f"there is no set {spec!r}: sets are archive:KEY and year:YYYY")


def _token_state(token: str, verb: str, build: str) -> dict[str, Any]:
    try:
        state: dict[str, Any] = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        assert isinstance(state, dict) and state.get("v") == verb and {"p", "s", "f", "u", "a", "c", "b"} <= set(state)
        assert state["p"] in FORMATS and all(state[k] is None or isinstance(state[k], str) for k in "sfu")
        assert isinstance(state["a"], str) and isinstance(state["c"], int) and state["c"] >= 0
    except Exception:  # not base64, not JSON, not ours
        raise OaiError("badResumptionToken", "this resumption token was not given by this repository") from None
    if state["b"] != build:
        raise OaiError("badResumptionToken", "the records were republished since this list began: start the list again")
    return state


def _within(start: str | None, end: str | None) -> None:
    """from and until: valid, of one granularity, in order."""
    for name, value in (("from", start), ("until", end)):
        if value is not None and not (_DAY.fullmatch(value) or _SECOND.fullmatch(value)):
            raise OaiError("badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not {value!r}")
    if start and end and len(start) != len(end):
        raise OaiError("badArgument", "from and until must have the same granularity")
    if start and end and start > end:
        raise OaiError("badArgument", "from is later than until")


def _format(prefix: str) -> str:
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"records are offered as {', '.join(FORMATS)}, not {prefix!r}")
    return prefix


def _entry(identifier: str) -> Entry:
    found = entry(_history(), identifier)
    if found is None:
        raise OaiError("idDoesNotExist", f"there is no record {identifier!r} in this repository")
    return found


def _records(parent: etree._Element, entries: list[Entry], prefix: str, headers_only: bool) -> None:
    """Each record's header (its datestamp: when its content last changed; a withdrawn one's says
    ``deleted``, with when it went), and the metadata of those still published."""
    index = search_index()
    live = [e.iri for e in entries if not e.deleted]
    names = index.names_of(live)
    sets = sets_of(_history(), [e.iri for e in entries])
    for found in entries:
        hit = None if found.deleted else index.document(found.iri)
        container = parent if headers_only else _element(parent, "record")
        header = _element(container, "header", **({"status": "deleted"} if hit is None else {}))
        _element(header, "identifier", found.iri)
        _element(header, "datestamp", found.modified)
        for spec in sets[found.iri]:
            _element(header, "setSpec", spec)
        if hit is not None and not headers_only:
            metadata = _element(container, "metadata")
            metadata.append(_dublin_core(hit, names.get(hit.iri, [])) if prefix == "oai_dc" else _rdf(hit.iri))


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dublin_core(hit: Hit, linked: list[Named]) -> etree._Element:
    """Simple Dublin Core: sender as creator, persons named as subjects, places as coverage."""
    dc = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def put(name: str, text: str | None) -> None:
        if text:
            etree.SubElement(dc, f"{{{DC}}}{name}").text = text

    put("title", hit.title)
    for name in linked:
        if name.role == "sender":
            put("creator", name.label)
    addressees = [name.label for name in linked if name.role == "addressee"]
    if addressees:
        put("description", f"{hit.kind.capitalize()} to {', '.join(addressees)}")
    put("description", hit.summary)
    coverage = {"person": "subject", "place": "coverage", "archive": "source"}  # role -> DC element
    for name in linked:
        if name.role in coverage:
            put(coverage[name.role], name.label)
    put("date", hit.date)
    put("type", "Text")
    put("type", hit.kind.capitalize())
    put("identifier", hit.iri)
    put("publisher", "Telegrams as Linked Open Data")
    return dc


def _rdf(iri: str) -> etree._Element:
    """The record's description, as its RDF/XML document says it, with what it names described as far as
    the shapes ask (classes, schemes, labels and other literals): a harvester validates the record as we
    do, without asking for anything else."""
    triples = describer().describe(iri).triples
    named = sorted({t.object.value for t in triples if isinstance(t.object, ox.NamedNode) and t.predicate != RD.type})
    if named:
        values = " ".join(f"<{value}>" for value in named)
        found = describer().store.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o "
            f"FILTER(isLiteral(?o) || ?p IN (<{RD.type.value}>, <{SK.inScheme.value}>)) }}"
        )
        triples = list(dict.fromkeys([*triples, *found]))  # type: ignore[misc]
    data = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes()) or b""
    return etree.fromstring(data, safe_parser())


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
    "GetRecord": get_record,
}
