#!/usr/bin/env bash
# Runs tests/desktop/e2e.py against the real app (target/debug/reach-app) under Xvfb with tauri-driver.
# Uses a throw-away data folder so the user's own database is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
APP="$(pwd)/target/debug/reach-app"
[ -x "$APP" ] || { echo "build the app first: make app"; exit 1; }
ARTIFACTS="$(pwd)/test-artifacts"
mkdir -p "$ARTIFACTS"
WORK=$(mktemp -d)
trap 'cp "$WORK/driver.log" "$ARTIFACTS/driver.log" 2>/dev/null; cp -r "$WORK/data/logs" "$ARTIFACTS/app-logs" 2>/dev/null; rm -rf "$WORK"' EXIT
printf 'Email,First Name,Last Name,Company\njohn@acme.com,John,Smith,"Acme, Inc"\nana@beta.io,Ana,Lopez,Beta\nnot-an-email,Bad,Row,Nowhere\nzoe@gamma.org,Zoe,Park,Gamma\n' > "$WORK/leads.csv"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export REACH_DATA_DIR="$WORK/data" REACH_APP="$APP" REACH_E2E_CSV="$WORK/leads.csv" ARTIFACTS WEBDRIVER_URL="http://127.0.0.1:$PORT"
# The app keeps API keys in the OS keychain: here a fresh kernel session keyring.
bash scripts/with-keychain.sh keyutils xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  tauri-driver --port '"$PORT"' >"'"$WORK"'/driver.log" 2>&1 &
  DRIVER=$!
  for _ in $(seq 1 100); do curl -s "$WEBDRIVER_URL/status" >/dev/null && break; sleep 0.1; done
  set +e
  timeout 180 python3 tests/desktop/e2e.py
  rc=$?
  kill $DRIVER 2>/dev/null; wait $DRIVER 2>/dev/null
  [ $rc -eq 0 ] || tail -20 "'"$WORK"'/driver.log"
  exit $rc
'
