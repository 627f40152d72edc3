"""Write the graph into a remote SPARQL 1.1 store through the Graph Store HTTP Protocol.

One ``PUT {store_url}?graph={document IRI}`` per document replaces that document's named graph on
the server, so the remote store gets the same layout as the local one (one named graph per
document) and pushing again converges instead of duplicating. Only the standard library is used
(``urllib``): no client library to install, and every store that speaks the protocol works.

The user gives the Graph Store endpoint of their server (see ``docs/remote-stores.md``)::

    Oxigraph   http://localhost:7878/store
    Fuseki     http://localhost:3030/DATASET/data
    GraphDB    http://localhost:7200/repositories/REPO/rdf-graphs/service
    Virtuoso   http://localhost:8890/sparql-graph-crud-auth
    QLever     http://localhost:7001/?access-token=TOKEN      (POST only: ``method="POST"``)

Credentials may be put in the URL (``http://user:password@host/...``); they are answered to a
Basic or Digest challenge and never appear in error messages.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING, Iterable

import pyoxigraph as ox

from .errors import StoreError

if TYPE_CHECKING:
    from .store import GraphStore

__all__ = ["graph_url", "put_graph", "push_store", "redact"]

NTRIPLES = "application/n-triples"


def redact(url: str) -> str:
    """The URL without its user and password, fit for a message; query tokens masked too."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    query = urllib.parse.urlencode(
        [(k, "***" if "token" in k.lower() or "key" in k.lower() else v)
         for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)],
        safe=":/*",
    )
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def graph_url(store_url: str, graph_iri: str | None) -> str:
    """The Graph Store URL of one graph: ``?graph=IRI`` (indirect identification) or ``?default``.

    Parameters already in ``store_url`` (an access token, a repository) are kept.

    Examples:
        >>> graph_url("http://localhost:7878/store", "https://w3id.org/newsgraph/doc/ab")
        'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fnewsgraph%2Fdoc%2Fab'
        >>> graph_url("http://localhost:7001/?access-token=t", None)
        'http://localhost:7001/?access-token=t&default'
    """
    parts = urllib.parse.urlsplit(store_url)
    extra = "default" if graph_iri is None else "graph=" + urllib.parse.quote(graph_iri, safe="")
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _opener(url: str) -> tuple[urllib.request.OpenerDirector, str]:
    """An opener that answers auth challenges with the URL's credentials, and the bare URL."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise StoreError(f"{redact(url)}: not an http(s) URL of a Graph Store endpoint")
    if not parts.username:
        return urllib.request.build_opener(), url
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    bare = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, bare, urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))
    handlers = [urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
    return urllib.request.build_opener(*handlers), bare


def put_graph(
    store_url: str,
    graph_iri: str | None,
    data: bytes,
    *,
    content_type: str = NTRIPLES,
    method: str = "PUT",
    timeout: float = 60.0,
) -> int:
    """Send one graph to a Graph Store endpoint; ``PUT`` replaces it, ``POST`` adds to it.

    Args:
        store_url: the server's Graph Store endpoint (may carry credentials and parameters).
        graph_iri: the named graph; ``None`` for the default graph.
        data: the triples, serialised as ``content_type`` (N-Triples or Turtle).
        method: ``PUT`` (replace; the protocol's idempotent write) or ``POST`` (append).
        timeout: seconds to wait for the server.

    Returns:
        The HTTP status (200, 201 or 204).

    Raises:
        StoreError: the server refused or could not be reached; names the URL and the status.
    """
    opener, bare = _opener(store_url)
    target = graph_url(bare, graph_iri)
    request = urllib.request.Request(target, data=data, method=method.upper(),
                                     headers={"Content-Type": content_type})
    try:
        with opener.open(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        body = exc.read(300).decode("utf-8", "replace").strip()
        detail = f": {' '.join(body.split())}" if body else ""
        raise StoreError(f"{method.upper()} {redact(target)} failed: HTTP {exc.code} {exc.reason}{detail}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"{method.upper()} {redact(target)} failed: cannot reach the server ({reason})") from exc


def push_store(
    store: GraphStore | ox.Store,
    url: str,
    graphs: Iterable[str] | None = None,
    *,
    method: str = "PUT",
    timeout: float = 60.0,
) -> int:
    """Copy documents' named graphs into a remote store, one request per graph.

    Args:
        store: the local store.
        url: the remote Graph Store endpoint.
        graphs: IRIs of the graphs to send; by default every named graph, plus the default
            graph when it holds anything.
        method: ``PUT`` replaces each remote graph (pushing twice converges); ``POST`` appends,
            for servers without ``PUT`` (QLever).
        timeout: seconds to wait for each request.

    Returns:
        How many triples were sent.

    Raises:
        StoreError: a request failed; graphs before it have been written.
    """
    oxstore = store if isinstance(store, ox.Store) else store.oxigraph
    names: list[str | None]
    if graphs is None:
        names = sorted(g.value for g in oxstore.named_graphs() if isinstance(g, ox.NamedNode))
        if next(iter(oxstore.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
            names.append(None)
    else:
        names = list(graphs)
    sent = 0
    for name in names:
        triples = _triples(oxstore, name)
        put_graph(url, name, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), method=method, timeout=timeout)
        sent += len(triples)
    return sent


def _triples(store: ox.Store, graph_iri: str | None) -> list[ox.Triple]:
    graph = ox.DefaultGraph() if graph_iri is None else ox.NamedNode(graph_iri)
    return [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)]
