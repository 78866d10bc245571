"""What a request handler reaches: the app's services, typed, through one accessor.

``create_app`` makes one :class:`Services` and keeps it on the app; handlers call :func:`services`
(or the helpers below, which read the published build through it). Nothing else is kept on the app.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g

from ..index import Index, open_index
from ..runner import QueryRunner
from ..settings import Settings
from ..store import Store
from .describe import Describer
from .limits import ClientTable


@dataclass(frozen=True)
class Services:
    """The app's services: its settings, the published store, the query processes and the per-client counts."""

    settings: Settings
    store: Store
    runner: QueryRunner
    clients: ClientTable


def services() -> Services:
    """The services of the app handling this request."""
    found: Services = current_app.extensions["lod"]
    return found


def settings() -> Settings:
    return services().settings


def published() -> Store:
    return services().store


def base_uri() -> str:
    """The base of the data's IRIs: the one the published build minted them under."""
    return str(published().manifest.get("base_uri") or settings().base_uri)


def describer() -> Describer:
    """This request's reader of descriptions, over the published graph."""
    if "describer" not in g:
        store = published()
        many_links = store.statistics().get("many_links")
        g.describer = Describer(store.current(), base_uri(), settings().page_size, many_links)
    return g.describer  # type: ignore[no-any-return]


def search_index() -> Index:
    """The published build's index, for search, browse, timeline, network and threads."""
    return open_index(published().artefacts())
