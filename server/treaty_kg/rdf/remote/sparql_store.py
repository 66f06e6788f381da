"""The rule engine's two-method store (`reasoning.engine.SparqlStore`) over HTTP, for reasoning
inside a SPARQL store (`treaty-kg build --store`, store_build.py).

The engine sends only standard SPARQL 1.1 (INSERT/DELETE … USING … WHERE, ADD, DROP, FILTER
EXISTS, BIND, COUNT); Oxigraph server and Virtuoso 7.2 run all of it as written (checked on
07.20.3229: `USING`/`USING NAMED`, `ADD`/`MOVE`, typed and language-tagged literals through
INSERT … WHERE). What differs, handled here:

- Virtuoso aborts an update whose transaction log grows past its limit ("SR325: Transaction aborted
  because it's log after image size went above the limit"): measured, one `INSERT … WHERE` of 1M
  triples fails, so on Virtuoso each update is prefixed with `DEFINE sql:log-enable 3` (logged,
  committed row by row). A build's updates only write its own unpublished graphs, so losing an
  update's atomicity costs nothing: a build that fails half-way is never published.
- Virtuoso cuts a SELECT at its `ResultSetMaxRows` and a slow one at its time limit ("anytime"
  answer), both under 200 and said only in headers: either is an error here, never a short answer
  the engine would take for complete (the list axioms it reads, the contradictions it reports).
- Virtuoso refuses an ill-typed literal (`"abc"^^xsd:integer`) when it is uploaded, so the
  upload fails with its message before the engine's `dt-not-type` check can name it.
Updates and queries are form POSTs (any length; client.py).
"""

from __future__ import annotations

import pyoxigraph as ox

from treaty_kg.rdf.remote.client import JSON_RESULTS, StoreClient, StoreError, store_message

VIRTUOSO_UPDATE_PRAGMA = "DEFINE sql:log-enable 3\n"
VIRTUOSO_MAX_UPDATE_ROWS = 500_000


class RemoteSparqlStore:
    """`update` and `query` on the store `client` talks to, answers as N-Triples terms (the engine's
    SparqlStore). `timeout`: seconds one request may take (a rule over millions of triples can)."""

    def __init__(self, client: StoreClient, timeout: float = 3600.0) -> None:
        self.client = client
        self.timeout = timeout
        self.virtuoso: bool | None = None  # known from the first answer's Server header
        self.updates = 0
        self.queries = 0

    @property
    def max_update_rows(self) -> int | None:
        """The most rows the engine's "forget known" DELETE may remove at once (Reasoner): Virtuoso
        fails past about a million (its vector and array limits, measured at 10M triples); other
        stores take the one unbounded update."""
        return VIRTUOSO_MAX_UPDATE_ROWS if self._is_virtuoso() else None

    def _is_virtuoso(self) -> bool:
        if self.virtuoso is None:
            self.query("SELECT * WHERE { } LIMIT 1")
        return bool(self.virtuoso)

    def update(self, sparql: str) -> None:
        self.updates += 1
        prefix = VIRTUOSO_UPDATE_PRAGMA if self._is_virtuoso() else ""
        self.client.update(prefix + sparql, timeout=self.timeout)

    def query(self, sparql: str) -> list[tuple[str | None, ...]]:
        self.queries += 1
        response = self.client.query(sparql, accept=JSON_RESULTS, timeout=self.timeout)
        try:
            if self.virtuoso is None:
                self.virtuoso = "virtuoso" in response.headers.get("Server", "").lower()
            if response.status_code >= 300:
                raise StoreError(response.status_code, store_message(response.content))
            if response.headers.get("X-SQL-State", "").upper() == "S1TAT":
                raise StoreError(response.status_code, "the store stopped the query at its own time limit (partial answer)")
            if response.headers.get("X-SPARQL-MaxRows"):
                raise StoreError(
                    response.status_code,
                    f"the store cut the answer at its row limit ({response.headers['X-SPARQL-MaxRows']}; "
                    "Virtuoso: raise ResultSetMaxRows)",
                )
            try:
                solutions = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
            except SyntaxError as exc:  # Virtuoso can end an answer with an error under 200
                raise StoreError(response.status_code, f"the store's answer broke off: {exc}") from None
        finally:
            response.close()
        if isinstance(solutions, ox.QueryBoolean):
            raise StoreError(response.status_code, "the store answered a SELECT with a boolean")
        return [tuple(None if term is None else str(term) for term in row) for row in solutions]
