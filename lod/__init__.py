"""Linked Open Data for diplomatic telegrams and archival records.

The pipeline, one module per stage::

    sources/  read      files -> Record (plain Python)
    resolve   resolve   names -> entities with stable keys
    convert   convert   Record -> rdflib Graph (Dublin Core, telegram vocabulary, PROV-O)
    validate  validate  Graph -> SHACL verdicts (violations reject a record, warnings do not)
    store/    store     graphs -> Oxigraph on disk, published atomically
    build     the pipeline from sources to a published store
"""

__version__ = "0.1.0"
