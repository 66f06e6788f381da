#!/usr/bin/env bash
# CI: two real SPARQL stores for the tests that run on every backend (tests marked all_backends:
# endpoint, pages, competency questions over /sparql, W3C protocol; and tests/stores), each on
# loopback with its own data folder: Oxigraph server (PyPI package `oxigraph`, which ships the
# `oxigraph` binary) and Virtuoso 7 (Debian package virtuoso-opensource-7-bin). Both start in seconds.
#   .ci/stores.sh start DIR   start both, write DIR/env.sh (TREATY_KG_TEST_STORES and their URLs)
#   .ci/stores.sh stop DIR    stop both, remove DIR
# .ci/run sources DIR/env.sh before the test command, so one pytest session runs the embedded
# store and both stores (the project's build, the slow part, made once for all three).
set -euo pipefail
cd "$(dirname "$0")/.."
ACTION=${1:?start or stop}
WORK=${2:?a folder for the data of the stores}

if [ "$ACTION" = stop ]; then
  if [ -f "$WORK/pids" ]; then
    isql-vt 1112 dba dba exec="shutdown;" >/dev/null 2>&1 || true
    while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$WORK/pids"
    sleep 1
  fi
  rm -rf "$WORK"
  exit 0
fi
mkdir -p "$WORK"
: >"$WORK/pids"

wait_for() {  # URL, name: until the store answers a query (at most 60 s)
  for _ in $(seq 1 120); do
    if curl -sf -o /dev/null -H 'Accept: application/sparql-results+json' "$1?query=ASK%7B%7D"; then return 0; fi
    sleep 0.5
  done
  echo "stores: $2 did not start" >&2
  return 1
}

# Oxigraph server, in its own venv (a tool, not a dependency of treaty-kg), pinned.
python3 -m venv "$WORK/oxigraph-venv"
"$WORK/oxigraph-venv/bin/pip" install -q "oxigraph==0.5.13"
"$WORK/oxigraph-venv/bin/oxigraph" serve --location "$WORK/oxigraph" --bind 127.0.0.1:7879 --timeout-s 30 \
  >"$WORK/oxigraph.log" 2>&1 &
echo $! >>"$WORK/pids"

# Virtuoso 7: the Debian binary with a minimal configuration of our own (no VADs needed: /sparql,
# /sparql-auth and the Graph Store endpoint are built in). One thread per query, so a runaway
# cannot take both cores from the queries beside it (Virtuoso parallelises a query by default).
# ResultSetMaxRows is lowered so a test sees Virtuoso cut an answer and treaty-kg say so.
if ! command -v virtuoso-t >/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource-7-bin
fi
mkdir -p "$WORK/virtuoso"
cat >"$WORK/virtuoso/virtuoso.ini" <<INI
[Database]
DatabaseFile = $WORK/virtuoso/virtuoso.db
ErrorLogFile = $WORK/virtuoso/virtuoso.log
LockFile = $WORK/virtuoso/virtuoso.lck
TransactionFile = $WORK/virtuoso/virtuoso.trx
xa_persistent_file = $WORK/virtuoso/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = $WORK/virtuoso/virtuoso-temp.db
TransactionFile = $WORK/virtuoso/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:1112
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
DirsAllowed = ., $WORK/virtuoso
ThreadsPerQuery = 1
[HTTPServer]
ServerPort = 127.0.0.1:8891
ServerRoot = $WORK/virtuoso
ServerThreads = 8
MaxClientConnections = 8
[SPARQL]
ResultSetMaxRows = 20000
MaxQueryExecutionTime = 60
INI
virtuoso-t -c "$WORK/virtuoso/virtuoso.ini" +foreground >"$WORK/virtuoso-stdout.log" 2>&1 &
echo $! >>"$WORK/pids"

wait_for http://127.0.0.1:7879/query "Oxigraph server"
wait_for http://127.0.0.1:8891/sparql "Virtuoso"

cat >"$WORK/env.sh" <<ENV
export TREATY_KG_TEST_STORES="oxigraph virtuoso"
export TREATY_KG_TEST_STORE_OXIGRAPH_URL=http://127.0.0.1:7879/query
export TREATY_KG_TEST_STORE_VIRTUOSO_URL=http://127.0.0.1:8891/sparql
export TREATY_KG_TEST_STORE_VIRTUOSO_UPDATE=http://127.0.0.1:8891/sparql-auth
export TREATY_KG_TEST_STORE_VIRTUOSO_GSP=http://127.0.0.1:8891/sparql-graph-crud-auth
export TREATY_KG_TEST_STORE_VIRTUOSO_USER=dba
export TREATY_KG_TEST_STORE_VIRTUOSO_PASSWORD=dba
ENV
echo "stores: Oxigraph server and Virtuoso up; settings in $WORK/env.sh"
