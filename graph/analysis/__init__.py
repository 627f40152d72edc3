"""Network analysis of the entity graph: rankings, communities, paths, and export for Gephi.

The RDF graph is the record; questions like "who is central?", "which actors cluster?" or "how is
A connected to B?" are graph algorithms, so this module projects the RDF onto a networkx
``MultiDiGraph`` once and answers them there. The projection keeps what an analyst needs to trust
an answer: every edge carries the evidence (sentence, article title and date, confidence) of the
``ng:Statement`` nodes behind it, so a shortest path can be read back as quotes.

One module per job: ``sparql`` reads the graph out of RDF, ``projection`` builds the networkx
graph, ``measures`` ranks and clusters, ``paths`` finds nodes and connections, ``stats`` counts,
``gephi`` writes GraphML/GEXF; ``records`` holds the answers. networkx (and numpy) are imported
inside the functions that use them, so importing this package costs nothing for commands that
never analyse.

Examples:
    >>> import rdflib
    >>> rdf = rdflib.Graph().parse(format="turtle", data='''
    ...     @prefix ng: <https://w3id.org/newsgraph/ontology#> .
    ...     @prefix nge: <https://w3id.org/newsgraph/entity/> .
    ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ...     nge:alice a ng:Person ; skos:prefLabel "Alice" ; ng:meets nge:bob .
    ...     nge:bob a ng:Person ; skos:prefLabel "Bob" ; skos:altLabel "Bobby" .
    ... ''')
    >>> g = to_networkx(rdf)
    >>> [str(hop) for hop in shortest_path(g, "bobby", "alice")]
    ['Bob ←meets— Alice']
"""

from .gephi import write_gexf, write_graphml
from .measures import centrality, communities, components, rank
from .paths import find_node, shortest_path
from .projection import to_networkx
from .records import Evidence, GraphStats, Hop, Measure, Ranked
from .stats import graph_stats

__all__ = [
    "Measure",
    "Evidence",
    "Ranked",
    "Hop",
    "GraphStats",
    "to_networkx",
    "find_node",
    "centrality",
    "rank",
    "communities",
    "components",
    "shortest_path",
    "graph_stats",
    "write_graphml",
    "write_gexf",
]
