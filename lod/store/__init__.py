"""Where the graph lives: the embedded Oxigraph store on disk (:mod:`.oxigraph`, the default) or
any SPARQL 1.1 server (:mod:`.remote`), chosen by the ``LOD_STORE`` setting.

Readers get the published graph with the same methods either way (``current().query(...)``,
``current().quads_for_pattern(...)``, ``manifest``, ``statistics()``).
"""

from __future__ import annotations

import pyoxigraph as ox

from ..settings import Settings
from .oxigraph import Publication, PublishedStore, database_path, manifest, open_read_only, revise
from .remote import Endpoints, RemoteGraph, RemoteStore, SparqlClient, is_remote

#: What readers query: the embedded database or the published graph on a SPARQL server.
Graph = ox.Store | RemoteGraph

__all__ = [
    "Graph",
    "Publication",
    "PublishedStore",
    "RemoteStore",
    "client_for",
    "database_path",
    "is_remote",
    "manifest",
    "open_read_only",
    "published_store",
    "revise",
]


def client_for(settings: Settings, timeout: float = 300) -> SparqlClient:
    """The client for a remote store named in the settings."""
    endpoints = Endpoints.derive(
        settings.store, settings.store_update, settings.store_gsp, settings.store_user, settings.store_password
    )
    return SparqlClient(endpoints, timeout=timeout)


def published_store(settings: Settings) -> PublishedStore | RemoteStore:
    """The published graph for readers, wherever the settings say it is."""
    if is_remote(settings.store):
        return RemoteStore(client_for(settings))
    return PublishedStore(settings.store)
