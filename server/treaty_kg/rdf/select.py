"""SELECT queries on a pyoxigraph store, typed as what they return.

`Store.query` is typed as returning solutions, a boolean or triples; code that sends a SELECT of
its own knows it gets solutions, and says so here once rather than at every call.
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
