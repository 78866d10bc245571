"""Where the graph lives. The embedded Oxigraph store on disk is the default (:mod:`.oxigraph`)."""

from .oxigraph import Publication, PublishedStore, database_path, manifest, open_read_only

__all__ = ["Publication", "PublishedStore", "database_path", "manifest", "open_read_only"]
