"""Virtuoso 7's answers, read so that its quirks never reach a client (measured on 07.20.3229).

- ASK answered as a SELECT of one variable `__ASK_RETVAL` (1 or 0) even when SPARQL JSON is asked.
- Results cut at the server's `ResultSetMaxRows` under 200, said only by an `X-SPARQL-MaxRows` header.
- A query past the `timeout` parameter returns what it found so far ("anytime" query), flagged
  only by `X-SQL-State: S1TAT` and `X-SQL-Message` headers: refused here as past the time limit.
- An error can arrive mid-stream under 200, leaving broken JSON or N-Triples: the parser's error
  is reported with the store's text when it can be found.
The others are avoided where requests are made (client.py: never a direct POST of the query;
remote.py: the dataset always sent, answers re-serialised from SPARQL JSON or N-Triples).
"""

from __future__ import annotations

import pyoxigraph as ox

from treaty_kg.rdf.remote.client import StoreResponse, StoreUnavailable

ASK_VARIABLE = "__ASK_RETVAL"


def is_virtuoso(response: StoreResponse) -> bool:
    return "virtuoso" in response.headers.get("Server", "").lower()


def incomplete(response: StoreResponse) -> bool:
    """Whether the answer is partial because the store's time limit stopped the query."""
    return response.headers.get("X-SQL-State", "").upper() == "S1TAT"


def refuse_incomplete(response: StoreResponse) -> None:
    """For treaty-kg's own queries: a partial answer is no answer."""
    if incomplete(response):
        response.close()
        raise StoreUnavailable("the SPARQL store stopped an internal query at its time limit")


def max_rows(response: StoreResponse) -> int | None:
    """The store's row limit when it cut this answer at it, else None."""
    value = response.headers.get("X-SPARQL-MaxRows")
    return int(value) if value and value.strip().isdigit() else None


def ask_result(solutions: ox.QuerySolutions) -> ox.QueryBoolean:
    """The boolean a `__ASK_RETVAL` SELECT stands for."""
    value = False
    for solution in solutions:
        term = solution[ASK_VARIABLE] if ASK_VARIABLE in [v.value for v in solutions.variables] else None
        value = term is not None and term.value not in ("0", "false")
        break
    body = b'{"head":{},"boolean":' + (b"true" if value else b"false") + b"}"
    result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    assert isinstance(result, ox.QueryBoolean)
    return result


def mid_stream_error(exc: SyntaxError) -> str:
    """What to tell the client when the answer broke off (Virtuoso's own text is in the body the
    parser choked on; the parser's message says where)."""
    return f"{exc} (an error inside the store ended the answer early)"
