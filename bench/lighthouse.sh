#!/usr/bin/env bash
# Lighthouse (mobile, its default) on the public pages of a local server that
# runs the production settings, with Debian's Chromium: the four category
# scores and the bytes transferred per page.
#
#   bench/lighthouse.sh                 # or: make lighthouse
#   SIGNATORIES=5000 NEWS=10000 bench/lighthouse.sh   # the same pages at scale
#   RUNS=3 bench/lighthouse.sh          # median of 3 runs per page (performance varies)
#
# Needs Node.js 18+ and npm (Lighthouse 12 is installed into bench/node_modules
# from bench/package-lock.json) and /usr/bin/chromium (apt install chromium).
# The server is gunicorn on 127.0.0.1 over a throwaway SQLite database under
# bench/.data/lighthouse; reports are kept in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8397}
RUNS=${RUNS:-1}
SIGNATORIES=${SIGNATORIES:-0}
NEWS=${NEWS:-0}
PY=${PY:-.venv/bin/python}
CHROME=${CHROME_PATH:-/usr/bin/chromium}
[ -x "$CHROME" ] || { echo "bench/lighthouse.sh needs Chromium at $CHROME: sudo apt install chromium"; exit 2; }
command -v npm >/dev/null || { echo "bench/lighthouse.sh needs Node.js and npm: sudo apt install nodejs npm"; exit 2; }
if [ ! -x bench/node_modules/.bin/lighthouse ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

DATA=bench/.data/lighthouse
RESULTS="bench/results/lighthouse-$(date -u +%Y%m%dT%H%M%SZ)"
rm -rf "$DATA" && mkdir -p "$DATA" "$RESULTS"

export DJANGO_SETTINGS_MODULE=coalition.settings.production
export SECRET_KEY="bench-only-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:$PORT"
# Plain HTTP on loopback: no TLS proxy in front, so no redirect to https.
export SECURE_SSL_REDIRECT=false
export DATABASE_URL="sqlite:///$PWD/$DATA/db.sqlite3" CACHE_URL=locmem://
export MEDIA_ROOT="$PWD/$DATA/media" SERVE_MEDIA=true LOG_FORMAT=text LOG_LEVEL=WARNING
export DEFAULT_FROM_EMAIL=no-reply@127.0.0.1

echo "==> content: launch$( ((SIGNATORIES + NEWS)) && echo " + $SIGNATORIES signatories, $NEWS news items")"
DB_STATEMENT_TIMEOUT=0 $PY manage.py migrate --noinput -v 0
$PY manage.py load_coalition_content >/dev/null
if ((SIGNATORIES + NEWS)); then
  $PY manage.py seed_scale --signatories "$SIGNATORIES" --news "$NEWS" >/dev/null
fi
$PY manage.py collectstatic --noinput -v 0

# The newest news item and the first UN process, whatever the content is.
read -r NEWS_ITEM PROCESS < <($PY manage.py shell -v 0 -c "
from news.models import NewsPage, UNProcess
item = NewsPage.objects.live().public().order_by('-date').first()
process = UNProcess.objects.filter(slug='igf').first() or UNProcess.objects.order_by('pk').first()
print(item.url, item.get_parent().url + 'process/%s/' % process.slug)
")
PAGES=(/ /statement/ /statement/signatories/ /news/ "$NEWS_ITEM" "$PROCESS" /key-dates/ "/search/?q=igf")

WEB_CONCURRENCY=2 GUNICORN_BIND="127.0.0.1:$PORT" .venv/bin/gunicorn --config gunicorn.conf.py \
  >"$DATA/gunicorn.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz/" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz/" || { echo "gunicorn did not start:"; cat "$DATA/gunicorn.log"; exit 1; }

CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking \
--disable-component-update --disable-sync --no-first-run"
echo "==> Lighthouse $(bench/node_modules/.bin/lighthouse --version), mobile, $RUNS run(s) per page; reports in $RESULTS"
# One run whose scores are thrown away: the first Chromium start reads its files
# from disk, which Lighthouse once counted as 722 ms of blocking time on the home page.
CHROME_PATH="$CHROME" bench/node_modules/.bin/lighthouse "http://127.0.0.1:$PORT/" --quiet \
  --output=json --output-path=/dev/null --only-categories=performance --chrome-flags="$CHROME_FLAGS" || true
for path in "${PAGES[@]}"; do
  name=$(tr -c 'a-zA-Z0-9\n' '_' <<<"${path#/}")
  for run in $(seq 1 "$RUNS"); do
    # Warm the page cache and renditions first, as a visitor after the first would find them.
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT$path"
    # Headless Chromium now and then loses the trace (NO_NAVSTART): try again, up to 3 times.
    for attempt in 1 2 3; do
      if CHROME_PATH="$CHROME" bench/node_modules/.bin/lighthouse "http://127.0.0.1:$PORT$path" \
        --quiet --output=json --output-path="$RESULTS/${name:-home}-$run.json" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="$CHROME_FLAGS"; then
        break
      fi
      ((attempt < 3)) || { echo "Lighthouse failed 3 times on $path"; exit 1; }
    done
  done
done

# One line per page: the median over runs of each score, and the bytes transferred.
$PY - "$RESULTS" "${PAGES[@]}" <<'PY'
import json, statistics, sys
from pathlib import Path

results, pages = Path(sys.argv[1]), sys.argv[2:]
categories = ["performance", "accessibility", "best-practices", "seo"]
print(f"{'page':46} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB sent':>8}")
below = []
for path in pages:
    name = "".join(c if c.isalnum() else "_" for c in path.lstrip("/")) or "home"
    reports = [json.loads(f.read_text()) for f in sorted(results.glob(f"{name}-*.json"))]
    scores = [statistics.median(round(r["categories"][c]["score"] * 100) for r in reports) for c in categories]
    sent = statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in reports)
    print(f"{path:46} {scores[0]:5.0f} {scores[1]:5.0f} {scores[2]:5.0f} {scores[3]:5.0f} {sent / 1024:8.1f}")
    for category, score in zip(categories, scores):
        if score < 100:
            failing = sorted(
                {a["id"] for r in reports for a in r["audits"].values()
                 if a.get("score") is not None and a["score"] < 1
                 and a["scoreDisplayMode"] in ("binary", "numeric", "metricSavings")
                 and a["id"] in {ref["id"] for ref in r["categories"][category]["auditRefs"] if ref["weight"]}}
            )
            below.append(f"{path} {category} {score:.0f}: {', '.join(failing)}")
if below:
    print("\nBelow 100:\n  " + "\n  ".join(below))
    sys.exit(1)
print("\nEvery page scores 100 in all four categories.")
PY
