#!/usr/bin/env bash
# Load benchmark: gunicorn with the production settings on 127.0.0.1, driven by
# wrk on four public pages with the page cache off, then on; then a fault run
# (bench/fault.py) that stops a PostgreSQL of its own mid-load and starts it again.
#
#   bench/load.sh                       # or: make load-bench
#   DURATION=10 CONNECTIONS=8 SIGNATORIES=1000 NEWS=2000 WORKERS=3 bench/load.sh
#   FAULT=0 bench/load.sh               # skip the fault run
#
# PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379 are used where they
# answer (a database tccm_bench_load is created and dropped; Redis db 9 is
# flushed), SQLite and the per-process cache otherwise. Every wrk run is bounded
# (DURATION seconds, at most 60) and only ever targets 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-8}
SIGNATORIES=${SIGNATORIES:-1000}
NEWS=${NEWS:-2000}
WORKERS=${WORKERS:-3}
PORT=${PORT:-8391}
PY=${PY:-.venv/bin/python}
URLS=(/ /statement/ /statement/signatories/ /news/)
(( DURATION <= 60 )) || { echo "DURATION must be 60 seconds or less"; exit 2; }

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    echo "bench/load.sh needs wrk: sudo apt install wrk"; exit 2
  fi
fi

DATA=bench/.data/load
mkdir -p "$DATA" bench/results
OUT="bench/results/load-$(date -u +%Y%m%dT%H%M%SZ).txt"

export DJANGO_SETTINGS_MODULE=coalition.settings.production
export SECRET_KEY="bench-only-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:$PORT"
export MEDIA_ROOT="$PWD/$DATA/media" SERVE_MEDIA=true LOG_FORMAT=text LOG_LEVEL=WARNING
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  psql -q "postgres://postgres@127.0.0.1:5432/postgres" -c "DROP DATABASE IF EXISTS tccm_bench_load" \
    -c "CREATE DATABASE tccm_bench_load" >/dev/null
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/tccm_bench_load DB_CONN_MAX_AGE=60
else
  rm -f "$DATA/bench.sqlite3"*
  export DATABASE_URL="sqlite:///$PWD/$DATA/bench.sqlite3"
fi
if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-cli -h 127.0.0.1 -p 6379 -n 9 flushdb >/dev/null
  export CACHE_URL=redis://127.0.0.1:6379/9
else
  export CACHE_URL=locmem://
fi

echo "==> data: ${DATABASE_URL%%://*}, cache: ${CACHE_URL%%://*}, $SIGNATORIES signatories, $NEWS news items"
DB_STATEMENT_TIMEOUT=0 $PY manage.py migrate --noinput -v 0
$PY manage.py load_coalition_content >/dev/null
$PY manage.py seed_scale --signatories "$SIGNATORIES" --news "$NEWS" >/dev/null
$PY manage.py collectstatic --noinput -v 0

server=""
stop_server() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=""
}
cleanup() {
  stop_server
  if [[ $DATABASE_URL == postgres* ]]; then
    psql -q "postgres://postgres@127.0.0.1:5432/postgres" -c "DROP DATABASE IF EXISTS tccm_bench_load" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
start_server() {  # $1: PAGE_CACHE_SECONDS
  PAGE_CACHE_SECONDS=$1 WEB_CONCURRENCY=$WORKERS GUNICORN_BIND="127.0.0.1:$PORT" \
    .venv/bin/gunicorn --config gunicorn.conf.py >"$DATA/gunicorn.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz/" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "gunicorn did not start:"; cat "$DATA/gunicorn.log"; exit 1
}

# wrk's summary: requests/s, p50 and p99 latency, non-2xx answers and socket errors.
summarise() {
  awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "50.000%" || $1 == "50%" { p50 = $2 }
    $1 == "99.000%" || $1 == "99%" { p99 = $2 }
    /Non-2xx or 3xx responses/ { non2xx = $NF }
    /Socket errors/ { n = split($0, a, /[^0-9]+/); for (i = 1; i <= n; i++) errors += a[i] }
    END { printf "%10s %9s %9s %7d %7d\n", rps, p50, p99, non2xx + 0, errors + 0 }'
}

{
  echo "# bench/load.sh $(date -u +%FT%TZ): ${DATABASE_URL%%://*} + ${CACHE_URL%%://*}, gunicorn $WORKERS workers,"
  echo "# wrk -t2 -c$CONNECTIONS -d${DURATION}s --timeout 10s per URL; $SIGNATORIES signatories, $NEWS news; $(nproc) cores"
  printf "%-6s %-26s %10s %9s %9s %7s %7s\n" cache url "req/s" p50 p99 non2xx errors
} | tee "$OUT"
declare -A RPS
for mode in off on; do
  seconds=0; [ "$mode" = on ] && seconds=600
  start_server "$seconds"
  for url in "${URLS[@]}"; do
    # Warm: renditions and, with the cache on, the stored page.
    curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT$url"
    line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -H "X-Forwarded-Proto: https" \
      "http://127.0.0.1:$PORT$url" | summarise)
    RPS[$mode$url]=$(awk '{print $1}' <<<"$line")
    printf "%-6s %-26s %s\n" "$mode" "$url" "$line" | tee -a "$OUT"
  done
  stop_server
done
for url in "${URLS[@]}"; do
  awk -v u="$url" -v off="${RPS[off$url]}" -v on="${RPS[on$url]}" \
    'BEGIN { printf "speed-up %-26s %6.1fx\n", u, on / off }' | tee -a "$OUT"
done

if [ "${FAULT:-1}" = 1 ]; then
  echo "==> fault run: a PostgreSQL of its own, stopped mid-load" | tee -a "$OUT"
  $PY bench/fault.py --port $((PORT + 1)) --workers "$WORKERS" | tee -a "$OUT"
fi
echo "results: $OUT"
