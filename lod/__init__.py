"""Linked Open Data for diplomatic telegrams and archival records.

The pipeline, one module per stage::

    sources/  read      files -> Record (plain Python)
    resolve   resolve   names -> entities with stable keys
    convert   convert   Record -> RDF triples (Dublin Core, telegram vocabulary, PROV-O)
    validation/ validate triples -> SHACL verdicts (violations reject a record, warnings do not)
    store/    store     graphs -> Oxigraph on disk, published atomically
    catalogue index     published records -> the reading room's full text and facets (SQLite FTS5)
    build     the pipeline from sources to a published store (and its catalogue)
    web/      serve     the store as Linked Data and a SPARQL endpoint (public queries through
                        ``runner``, in a process that can be stopped, written by ``results``), and
                        the reading room: search, browse, timeline, network from ``finding_aid``
"""

__version__ = "0.1.0"
