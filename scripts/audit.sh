#!/usr/bin/env bash
# Lighthouse audit of the public site: home, transparency, a statement, the notices list and a notice.
#
# Serves the site with demo content as production would (DEBUG=0, gunicorn, collected
# static files through WhiteNoise) on 127.0.0.1, runs npm `lighthouse` (pinned in
# package.json) with Debian's Chromium, and prints the four category scores per page.
# Not part of the test suite: `make audit` runs it. Reports are kept in test-artifacts/lighthouse/.
#
# Performance moves with the machine's load (Total Blocking Time most), so AUDIT_RUNS=5 audits each
# page five times, in turns, and prints the median of each score, the Total Blocking Times and the
# load average before and after (reports then go to <page>-<run>.report.*).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${AUDIT_PORT:-8531}"
BASE="http://127.0.0.1:${PORT}"
PY="${PY:-.venv/bin/python}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
LIGHTHOUSE=node_modules/.bin/lighthouse
OUT=test-artifacts/lighthouse

[ -x "$CHROME_PATH" ] || { echo "Chromium not found at $CHROME_PATH (apt-get install chromium)" >&2; exit 1; }
[ -x "$LIGHTHOUSE" ] || npm ci --no-audit --no-fund --loglevel=error

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export DEBUG=0
export SECRET_KEY="audit-only-$(head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1
# Plain HTTP on loopback: no HTTPS redirect or HSTS for the audit server.
export SECURE_SSL_REDIRECT=0
export SECURE_HSTS_SECONDS=0
export SITE_URL="$BASE"
export DATABASE_URL="sqlite:///${WORK}/audit.sqlite3"
export STATIC_ROOT="${WORK}/static"
export MEDIA_ROOT="${WORK}/media"

"$PY" manage.py collectstatic --no-input -v0
"$PY" manage.py migrate --no-input -v0
"$PY" manage.py load_demo -v0

"$PY" -m gunicorn cpca_portal.wsgi:application --bind "127.0.0.1:${PORT}" --workers 2 --log-level warning &
SERVER_PID=$!
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "$BASE/" 2>/dev/null && break
  sleep 0.2
done
curl -fsS -o /dev/null "$BASE/"

mkdir -p "$OUT"
PAGES=(
  "home /"
  "transparency /governance/transparency/"
  "statement /governance/transparency/statements/statement-in-response-to-best-value-notice-update/"
  "notices /governance/transparency/best-value-notices/"
  "notice /governance/transparency/best-value-notices/revised-best-value-notice-january-2024/"
)
RUNS="${AUDIT_RUNS:-1}"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
for run in $(seq 1 "$RUNS"); do
  for entry in "${PAGES[@]}"; do
    name="${entry%% *}"
    path="${entry#* }"
    [ "$RUNS" -gt 1 ] && name="$name-$run"
    # Lighthouse now and then fails to record the trace (NO_NAVSTART); such a run is tried again, twice at most.
    for attempt in 1 2 3; do
      "$LIGHTHOUSE" "$BASE$path" --quiet --output=json --output=html --output-path="$OUT/$name" \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
        --only-categories=performance,accessibility,best-practices,seo && break
      [ "$attempt" -lt 3 ] || exit 1
      echo "Lighthouse run failed on $name; trying again" >&2
    done
  done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"

"$PY" - "$OUT" "$RUNS" "$LOAD_BEFORE" "$LOAD_AFTER" "${PAGES[@]}" <<'PY'
import json
import statistics
import sys

out, runs, load_before, load_after, pages = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
names = ["performance", "accessibility", "best-practices", "seo"]
median = "median of each score, " if runs > 1 else ""
print(f"\n{runs} run(s) per page; {median}load average (1, 5, 15 min) {load_before} before, {load_after} after")
print(f"{'page':<14}" + "".join(f"{name:>16}" for name in names) + "   Total Blocking Time (ms)")
worst = {}
for entry in pages:
    page = entry.split(" ", 1)[0]
    files = [f"{out}/{page}.report.json"] if runs == 1 else [f"{out}/{page}-{run}.report.json" for run in range(1, runs + 1)]
    reports = [json.load(open(name)) for name in files]
    scores = [round(statistics.median(report["categories"][name]["score"] * 100 for report in reports)) for name in names]
    blocking = [round(report["audits"]["total-blocking-time"]["numericValue"]) for report in reports]
    print(f"{page:<14}" + "".join(f"{score:>16}" for score in scores) + f"   {', '.join(map(str, blocking))}")
    for report in reports:
        for name in names:
            if round(report["categories"][name]["score"] * 100) == 100:
                continue
            failed = [
                audit["title"]
                for ref in report["categories"][name]["auditRefs"]
                if ref["weight"] and (audit := report["audits"][ref["id"]])["score"] is not None and audit["score"] < 1
            ]
            if failed:
                worst.setdefault(f"{page} {name}", set()).update(failed)
for key, failed in worst.items():
    print(f"  {key}: below 1 (in some run) on: {'; '.join(sorted(failed))}")
reports = "<page>.report.html" if runs == 1 else "<page>-<run>.report.html"
print(f"\nFull reports: {out}/{reports}")
PY
