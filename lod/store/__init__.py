"""Where the graph lives: the embedded Oxigraph store on disk (:mod:`.oxigraph`, the default), any
SPARQL 1.1 server (:mod:`.remote`), chosen by the ``LOD_STORE`` setting, or memory (:mod:`.memory`).

Readers get the published build through one protocol, :class:`~.base.Store` (``current()`` to
query, ``manifest``, ``statistics()``, ``dumps()``, ``artefacts()``, ``isolated()``, ``revise()``), and
builds go into it the same way (``workspace()``, where a build is made, and ``adopt()``, which publishes
it): nothing outside this package asks which kind of store it has.
"""

from __future__ import annotations

from pathlib import Path

from ..settings import Settings
from ..sparql_client import Endpoints, SparqlClient
from .base import DUMPS, Dump, Graph, NoSuchDump, ReadOnlyStore, Store
from .memory import MemoryStore
from .oxigraph import Publication, PublishedStore, database_path, manifest, open_read_only, revise
from .remote import RemoteStore, is_remote

__all__ = [
    "DUMPS",
    "Dump",
    "Graph",
    "MemoryStore",
    "NoSuchDump",
    "Publication",
    "PublishedStore",
    "ReadOnlyStore",
    "RemoteStore",
    "Store",
    "client_for",
    "database_path",
    "is_remote",
    "manifest",
    "open_read_only",
    "open_store",
    "revise",
]


def client_for(settings: Settings, timeout: float = 300) -> SparqlClient:
    """The client for a remote store named in the settings."""
    endpoints = Endpoints.derive(
        settings.store, settings.store_update, settings.store_gsp, settings.store_user, settings.store_password
    )
    return SparqlClient(endpoints, timeout=timeout)


def open_store(settings: Settings) -> Store:
    """The published graph for readers, wherever the settings say it is."""
    if is_remote(settings.store):
        return RemoteStore(
            client_for(settings),
            staging=Path(settings.staging),
            ontology=Path(settings.ontology),
            shelf=settings.artefacts or None,
        )
    return PublishedStore(settings.store)
