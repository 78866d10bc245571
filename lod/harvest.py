"""Harvesting: another archive's records over OAI-PMH, into a store of our own.

Archives federate by SPARQL (``lod federate``, SERVICE) or by copying each other's records, as
libraries have long done over OAI-PMH. ``lod harvest URL --store DIR`` is a build whose source is the
provider (:mod:`lod.sources.oai`): its records are validated against the shapes, deduplicated,
indexed for the reading room and published with their dumps and statistics, atomically like
``lod build``: a harvest that fails half-way leaves the published store as it was. Records the
provider marks deleted are counted; records in no format we read are rejected with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .build import Report, publish
from .settings import Settings
from .sources.oai import Endpoint


@dataclass
class Harvest:
    """What a harvest read and published."""

    endpoint: Endpoint
    report: Report

    @property
    def store(self) -> Path | None:
        return self.report.store

    @property
    def triples(self) -> int:
        return self.report.triples

    def summary(self) -> str:
        report, endpoint = self.report, self.endpoint
        return (
            f"harvested {report.published} records ({report.triples} triples) in {endpoint.pages} pages from "
            f"{endpoint.url}"
            + (f"; {endpoint.deleted} deleted" if endpoint.deleted else "")
            + (f"; {report.rejected} rejected" if report.rejected else "")
        )


def harvest(
    url: str, settings: Settings, set_spec: str | None = None, prefix: str = "rdf", timeout: float = 60
) -> Harvest:
    """Harvest ``url``'s records into a new build of the store ``settings.store`` names."""
    endpoint = Endpoint(url, set_spec, prefix, timeout)
    return Harvest(endpoint, publish([endpoint], settings))
