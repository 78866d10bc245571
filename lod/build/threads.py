"""Thread links, found once both telegrams are published, checked before they are."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox
from rdflib import URIRef

from ..rdf import RD, TG, T, Triples, node
from ..settings import Settings
from ..validation import Finding, statement_engine


def checked_threads(
    found: Iterable[tuple[str, str, dict[str, list[str]]]],
    settings: Settings,
    warn: Callable[[str, str, Finding, str], None],
) -> Triples:
    """tg:inReplyTo from each reply or reference number to the telegram it names, when it was published.

    Found once both are published, so checked then: against the shapes' constraints on tg:inReplyTo,
    with the classes both records were published with. A link that breaks one is not published, and
    said as a warning on the reply (the record itself was valid)."""
    in_reply_to, a = T.inReplyTo, RD.type
    links: dict[str, Triples] = {}  # each reply's links: validated together, as one record's statements
    context, typed = [], set()
    for reply, earlier, classes in found:
        links.setdefault(reply, []).append(ox.Triple(node(reply), in_reply_to, node(earlier)))
        for iri, kinds in classes.items():
            if iri not in typed:
                typed.add(iri)
                context += [ox.Triple(node(iri), a, node(kind)) for kind in kinds]
    if not links:
        return []
    engine = statement_engine(settings.validator, settings.shapes, URIRef(TG.inReplyTo))
    kept: Triples = []
    for (reply, own), verdict in zip(links.items(), engine.validate(list(links.values()), context), strict=True):
        broken = {f.value for f in verdict.violations}  # the telegrams it may not be linked to
        for finding in verdict.findings:
            dropped = " (the link was not published)" if finding.severity == "violation" else ""
            warn("thread links", reply, finding, dropped)
        kept += [link for link in own if str(getattr(link.object, "value", "")) not in broken]
    return kept
