"""The reading room's index: what historians search, browse, date and connect, written by the build.

The graph answers any question in SPARQL; a reading room asks a few questions very often
("what mentions Pak Hon Yong?", "what did Shtykov send in July 1950?", "who wrote to whom?").
The build writes the answers' indexes into ``catalogue.sqlite`` beside the store, as records
are published, so they are published and replaced with the store::

    documents   id, IRI, kind, title, summary, date as published, earliest and latest day
    entities    every person, organization, place, archive, concept and class a document names
    facets      (facet, value, document): year, kind, sender, addressee, copied to, place,
                person, archive, classification; ``facet_counts`` and ``correspondence`` count
                them (and who wrote to whom) over all documents, for the pages that show everything
    numbers     telegram numbers: a document's own, the one it answers, the ones it cites
    holdings    where an archive keeps a document: archive, fond, opis, delo
    replies     threads: a document and the one it answers or continues (tg:inReplyTo)
    text        full text (FTS5) of titles, summaries, bodies and names as written
    entity_text full text of every entity's labels, variants and code names: a word matches the
                documents linked to an entity it names, through ``facets``

Texts are folded (:func:`lod.text.searchable`) before they are indexed and queries the same way:
case, diacritics, apostrophes inside names and other scripts ("P'yŏngyang", "Сталин") all meet
their plain Latin spelling, as the resolver folds them; hyphenated names are also indexed
joined up ("Heon-yeong", "heonyeong").
Entity names are indexed once the build knows every variant, so a variant first read in the
last record still finds the first; documents reach them through their facets at query time.

>>> Query.parse('"pak hon yong" Feng* -').terms
['"pak hon yong"', '"feng"*']
"""

from .answers import PAGE, Edge, Entry, FacetValue, Hit, Named, Node, Results, Route, Selection, Stop, Timeline
from .reader import Index, open_index
from .schema import FACETS, FILENAME, day_span
from .words import Query, snippet
from .writer import IndexWriter

__all__ = [
    "FACETS",
    "FILENAME",
    "PAGE",
    "Edge",
    "Entry",
    "FacetValue",
    "Hit",
    "Index",
    "IndexWriter",
    "Named",
    "Node",
    "Query",
    "Results",
    "Route",
    "Selection",
    "Stop",
    "Timeline",
    "day_span",
    "open_index",
    "snippet",
]
