"""SPARQL for the archive: one blueprint to mount.

protocol.py   reading a protocol request; running a public query (read-only, allowlisted SERVICE, timed)
endpoint.py   /sparql (SPARQL 1.1 Protocol and the service description) and /query (the query editor)
update.py     /update: SPARQL Update for the archive's staff, behind a token, as a new revision
"""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("sparql", __name__)

from . import endpoint, update  # noqa: E402  (the routes register on the blueprint)

__all__ = ["blueprint", "endpoint", "update"]
