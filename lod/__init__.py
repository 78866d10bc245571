"""Linked Open Data for diplomatic telegrams and archival records.

The pipeline, one package or module per stage::

    sources/     read       files and OAI-PMH providers -> Record (plain Python) or Harvested (RDF)
    resolve      resolve    names -> entities with stable keys (authority/, correspondents, text)
    convert      convert    Record -> RDF triples (Dublin Core, the telegram vocabulary, PROV-O; rdf)
    validation/  validate   triples -> SHACL verdicts (violations reject a record, warnings do not)
    build/       publish    the stages joined: staged, loaded, dumped, published atomically
    store/       store      one Store protocol: embedded Oxigraph, a SPARQL 1.1 server, memory
    index/       index      published records -> the reading room's catalogue (SQLite) and search engine
                            (Tantivy): words, citations, facets, timeline, network, map
    web/         serve      the store as Linked Data and a SPARQL endpoint (public queries through
                            ``runner``, in a process that can be stopped, written by ``results``), and
                            the reading room: search, browse, timeline, network, map from ``index``
"""

__version__ = "0.1.0"
