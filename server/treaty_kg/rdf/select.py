"""SELECT queries on a pyoxigraph store, typed as what they return.

`Store.query` is typed as returning solutions, a boolean or triples; code that sends a SELECT of
its own knows it gets solutions, and says so here once rather than at every call. A query that
is only checked here and run elsewhere (a check file, a query for a remote store) is read over
no data (`over_no_data`), by the same engine.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox


def select(store: ox.Store, query: str, **options: Any) -> ox.QuerySolutions:
    """The solutions of a SELECT query (TypeError for another query form)."""
    result = store.query(query, **options)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:60]!r}")
    return result


_EMPTY = ox.Store()  # no data: evaluating a query here reads nothing and sends nothing


def over_no_data(query: str, base_iri: str | None = None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """What pyoxigraph makes of `query` without any data: its form and variables, or the
    SyntaxError (with its position) the engine itself raises. Used where a query is checked but
    run elsewhere (a check file, a query sent to a remote store), so the decision is the engine's
    reading of the query, not a second parser's."""
    return _EMPTY.query(query, base_iri=base_iri)
