#!/usr/bin/env bash
# Run the portal's end-to-end spec against a bench web server on the test site.
#
#   bash e2e/run.sh            (as root or as the bench's owner)
#
# Takes the same lock as scripts/run-tests (one run per bench at a time), puts this checkout into
# the bench's apps/ (as run-tests does; the bench gets back what it had afterwards), installs and
# migrates the app on the site if needed, loads the demo data and gives a demo student a password
# (e2e/prepare.py), starts `bench serve`, runs `node --test specs/portal.spec.js`, stops the server and
# removes what it added to the site (e2e/prepare.py --cleanup; MOEEN_E2E_KEEP=1 keeps it).
#
#   MOEEN_BENCH   (default /home/frappe/frappe-bench)   MOEEN_SITE (default moeen-test.localhost)
#   MOEEN_E2E_PORT (default 8000)                        CHROMIUM   (default /usr/bin/chromium)
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${MOEEN_BENCH:-/home/frappe/frappe-bench}"
SITE="${MOEEN_SITE:-moeen-test.localhost}"
PORT="${MOEEN_E2E_PORT:-8000}"
OWNER=$(stat -c %U "$BENCH")
as_owner() { if [ "$(id -un)" = "$OWNER" ]; then (cd "$BENCH" && bash -c "$1"); else runuser -u "$OWNER" -- bash -lc "cd '$BENCH' && $1"; fi; }

[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "no Chromium: apt-get install -y chromium"; exit 2; }
[ -d "$HERE/e2e/node_modules/playwright-core" ] || (cd "$HERE/e2e" && npm install --no-audit --no-fund) || exit 2

exec 9>"/tmp/moeen-run-tests.$(echo "$BENCH" | md5sum | cut -c1-8).lock"
if ! flock -n 9; then echo "a test run holds the bench; waiting"; flock 9; fi

APPDIR="$BENCH/apps/moeen_helpdesk"
BACKUP=""
cp -p "$BENCH/sites/apps.txt" /tmp/moeen-e2e.apps.txt
if [ -e "$APPDIR" ]; then BACKUP="$BENCH/apps/.moeen_helpdesk.before-e2e.$$"; mv "$APPDIR" "$BACKUP"; fi
SERVER=""
PREPARED=""
cleanup() {
  [ -n "$SERVER" ] && kill -- -"$SERVER" 2>/dev/null
  # leave the shared test site as it was (MOEEN_E2E_KEEP=1 keeps the demo data and tickets)
  [ -n "$PREPARED" ] && [ -z "${MOEEN_E2E_KEEP:-}" ] && as_owner "env/bin/python '$APPDIR/e2e/prepare.py' --site '$SITE' --cleanup"
  rm -rf "$APPDIR"; [ -n "$BACKUP" ] && mv "$BACKUP" "$APPDIR"
  cp -p /tmp/moeen-e2e.apps.txt "$BENCH/sites/apps.txt"
}
trap cleanup EXIT
mkdir -p "$APPDIR"
(cd "$HERE" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - 2>/dev/null) | tar -xf - -C "$APPDIR"
chown -R "$OWNER": "$APPDIR"
if ! grep -qx moeen_helpdesk "$BENCH/sites/apps.txt"; then
  [ -n "$(tail -c1 "$BENCH/sites/apps.txt")" ] && echo >>"$BENCH/sites/apps.txt"
  echo moeen_helpdesk >>"$BENCH/sites/apps.txt"
fi

if ! as_owner "bench --site '$SITE' list-apps" 2>/dev/null | grep -q '^moeen_helpdesk'; then
  as_owner "bench --site '$SITE' install-app moeen_helpdesk" || exit 1
fi
as_owner "bench --site '$SITE' migrate" >/tmp/moeen-e2e.migrate.log 2>&1 || { tail -20 /tmp/moeen-e2e.migrate.log; exit 1; }
CREDS=$(as_owner "env/bin/python '$APPDIR/e2e/prepare.py' --site '$SITE'" | tail -1)
PREPARED=1
case "$CREDS" in MOEEN_E2E_USER=*) echo "$CREDS"; eval "export $CREDS" ;; *) echo "e2e/prepare.py failed"; exit 1 ;; esac

setsid runuser -u "$OWNER" -- bash -lc "cd '$BENCH' && exec bench serve --port $PORT --noreload" >/tmp/moeen-e2e.server.log 2>&1 &
SERVER=$!
for _ in $(seq 1 60); do
  curl -s -o /dev/null -H "Host: $SITE" "http://127.0.0.1:$PORT/api/method/ping" && break
  sleep 1
done
cd "$HERE/e2e" && MOEEN_E2E_URL="http://$SITE:$PORT" node --test --test-concurrency=1 specs/portal.spec.js
