#!/usr/bin/env bash
# Import benchmark: `reach import` of a 1,000,000-row CSV and a 100,000-row XLSX, timed side by
# side with the sqlite3 CLI floor, pandas, openpyxl and python-calamine on the same files.
#
#   bash bench/import/run.sh            (make bench-import)
#
# Environment:
#   REACH_BIN        reach binary to time (default: cargo build --release, then target/release/reach)
#   BENCH_ROWS       CSV data rows (default 1000000)
#   BENCH_XLSX_ROWS  XLSX data rows (default BENCH_ROWS / 10)
#   BENCH_REPEAT     runs per tool; the table shows the median time (default 3)
#   BENCH_DATA_DIR   where the generated lead files live (default bench/import/data)
#   BENCH_STRICT     1: exit 1 when a target is missed or a count differs (default 0)
#   PYTHON           interpreter that creates bench/.venv (default python3)
#
# Every timing is a whole process under GNU time (`/usr/bin/time -f '%e %M'`). Each reach run
# gets a fresh database with one workspace; the temporary databases are removed at the end.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$ROOT/bench/.venv"
VPY="$VENV/bin/python"
PY="${PYTHON:-python3}"
ROWS="${BENCH_ROWS:-1000000}"
XLSX_ROWS="${BENCH_XLSX_ROWS:-$((ROWS / 10))}"
[ "$XLSX_ROWS" -ge 1 ] || XLSX_ROWS=1
REPEAT="${BENCH_REPEAT:-3}"
DATA="${BENCH_DATA_DIR:-$HERE/data}"
STRICT="${BENCH_STRICT:-0}"
TIME_BIN=/usr/bin/time

say() { printf '%s\n' "$*" >&2; }
die() { say "bench-import: $*"; exit 1; }

# --- tools: GNU time, the sqlite3 CLI, a venv with the Python references ------------------

APT_UPDATED=0
apt_install() {
  [ "$(id -u)" -eq 0 ] || die "missing Debian package(s) $*; install them (apt-get install $*) and run again"
  if [ "$APT_UPDATED" -eq 0 ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

[ -x "$TIME_BIN" ] || apt_install time
command -v sqlite3 >/dev/null 2>&1 || apt_install sqlite3

ensure_venv() {
  local req="$HERE/requirements.txt" stamp="$VENV/.bench-import-requirements"
  if [ -x "$VPY" ] && "$VPY" -c 'import sys' >/dev/null 2>&1 && cmp -s "$req" "$stamp"; then
    return
  fi
  if ! { [ -x "$VPY" ] && "$VPY" -c 'import sys' >/dev/null 2>&1; }; then
    rm -rf "$VENV"
    if ! "$PY" -m venv "$VENV" >/dev/null 2>&1; then
      rm -rf "$VENV"
      say "bench-import: $PY -m venv failed; installing python3-venv"
      apt_install python3-venv
      "$PY" -m venv "$VENV"
    fi
  fi
  say "bench-import: installing the Python references into bench/.venv"
  "$VPY" -m pip install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$stamp"
}
ensure_venv

# --- the reach binary -----------------------------------------------------------------------

if [ -n "${REACH_BIN:-}" ]; then
  REACH="$REACH_BIN"
else
  (cd "$ROOT" && cargo build --release --bin reach)
  TARGET_DIR="${CARGO_TARGET_DIR:-target}"
  case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
  REACH="$TARGET_DIR/release/reach"
fi
[ -x "$REACH" ] || die "no reach binary at $REACH"

# --- data -----------------------------------------------------------------------------------

TMP="$(mktemp -d "${TMPDIR:-/tmp}/reach-bench-import.XXXXXX")"
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT

"$VPY" "$HERE/gen_data.py" --rows "$ROWS" --xlsx-rows "$XLSX_ROWS" --out "$DATA" --manifest "$TMP/manifest.json" >/dev/null
manifest() { "$VPY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$TMP/manifest.json" "$1"; }
CSV="$(manifest csv)"
CSV_STAMP="$(manifest csv_stamp)"
XLSX="$(manifest xlsx)"
XLSX_STAMP="$(manifest xlsx_stamp)"

RESULTS="$TMP/results.jsonl"
: >"$RESULTS"

# --- timing ---------------------------------------------------------------------------------

# remove_db DB: the database file, its search index file beside it, and their logs.
remove_db() {
  local f
  for f in "$1" "$1-search"; do
    rm -f "$f" "$f-wal" "$f-shm" "$f-journal"
  done
}

# time_reach LABEL FILE REP: a fresh database, `workspace create Bench`, then the timed import.
time_reach() {
  local label="$1" file="$2" rep="$3"
  local db="$TMP/reach-$label.db" out="$TMP/$label.report.json" err="$TMP/$label.stderr" tf="$TMP/$label.time"
  remove_db "$db"
  if ! "$REACH" --db "$db" workspace create Bench >"$TMP/workspace.out" 2>"$TMP/workspace.err"; then
    say "bench-import: '$REACH --db $db workspace create Bench' failed:"
    tail -n 20 "$TMP/workspace.err" "$TMP/workspace.out" >&2
    exit 1
  fi
  local rc=0
  "$TIME_BIN" -f '%e %M' -o "$tf" "$REACH" --db "$db" import "$file" --workspace Bench --json >"$out" 2>"$err" || rc=$?
  local wall rss
  read -r wall rss < <(tail -n 1 "$tf")
  if [ "$rc" -ne 0 ]; then
    say "bench-import: reach import of $(basename "$file") failed (exit $rc):"
    tail -n 20 "$err" "$out" >&2
    exit 1
  fi
  local db_bytes=0 f
  for f in "$db" "$db-wal" "$db-search" "$db-search-wal"; do
    [ -f "$f" ] && db_bytes=$((db_bytes + $(stat -c %s "$f")))
  done
  printf '{"tool":"%s","format":"%s","rep":%d,"wall_s":%s,"peak_rss_kb":%s,"rc":0,"db_bytes":%d}\n' \
    "$label" "${label#reach_}" "$rep" "$wall" "$rss" "$db_bytes" >>"$RESULTS"
  say "$(printf '  %-34s run %d: %7.2f s %8.1f MB' "reach import ${label#reach_}" "$rep" "$wall" "$(awk "BEGIN{print $rss/1024}")")"
  remove_db "$db"
}

refs() { # refs REP TOOL[,TOOL]
  "$VPY" "$HERE/references.py" run --csv "$CSV" --xlsx "$XLSX" --only "$2" --rep-start "$1" \
    --tmp "$TMP" --results "$RESULTS" --no-warm --no-table || die "reference $2 failed"
}

mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
say "bench-import: $(basename "$CSV") ($(mb "$CSV")), $(basename "$XLSX") ($(mb "$XLSX")); $REPEAT run(s) per tool"
cat "$CSV" "$XLSX" >/dev/null # start every tool from the page cache

for rep in $(seq 1 "$REPEAT"); do
  refs "$rep" sqlite3_floor
  time_reach reach_csv "$CSV" "$rep"
  refs "$rep" pandas,calamine
  time_reach reach_xlsx "$XLSX" "$rep"
  refs "$rep" openpyxl
done

STRICT_FLAG=()
[ "$STRICT" = "1" ] && STRICT_FLAG=(--strict)
"$VPY" "$HERE/report.py" \
  --results "$RESULTS" \
  --csv-stamp "$CSV_STAMP" --xlsx-stamp "$XLSX_STAMP" \
  --reach-csv-report "$TMP/reach_csv.report.json" --reach-xlsx-report "$TMP/reach_xlsx.report.json" \
  --reach-bin "$REACH" \
  --json-out "$DATA/last_run.json" \
  "${STRICT_FLAG[@]}"
