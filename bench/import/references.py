#!/usr/bin/env python3
"""Reference importers for the import benchmark, each timed as a whole process.

    references.py run --csv leads_1m.csv --xlsx leads_100k.xlsx [--repeat 3] [--only a,b]
                      [--tmp DIR] [--results results.jsonl]

times, with GNU time (``/usr/bin/time -f '%e %M'``: wall seconds and peak RSS in KiB):

* ``sqlite3_floor``: Debian's sqlite3 CLI, ``.mode csv`` + ``.import`` into a new database,
  nothing but the load (the floor);
* ``pandas``: ``pandas.read_csv`` + ``DataFrame.to_sql(chunksize=50_000)`` into a new SQLite file;
* ``openpyxl``: ``load_workbook(read_only=True)``, every row of the XLSX with ``values_only=True``;
* ``calamine``: python-calamine, every row of the XLSX through ``iter_rows()`` (bare read).

Each measurement is appended as one JSON line to ``--results`` and summed up in a table
(median wall time, largest peak RSS). The workers (``references.py worker KIND ...``) print the
number of data rows they saw, which the runner records to show the work was done.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

TIME_BIN = "/usr/bin/time"
CSV_TOOLS = ("sqlite3_floor", "pandas")
XLSX_TOOLS = ("calamine", "openpyxl")
ALL_TOOLS = CSV_TOOLS + XLSX_TOOLS
LABELS = {
    "sqlite3_floor": "sqlite3 .import (floor)",
    "pandas": "pandas read_csv + to_sql",
    "calamine": "python-calamine iter_rows",
    "openpyxl": "openpyxl read_only values_only",
}


# workers: the measured processes --------------------------------------------------------

def worker_pandas(csv_path: str, db_path: str) -> int:
    import sqlite3

    import pandas as pd

    df = pd.read_csv(csv_path)
    con = sqlite3.connect(db_path)
    df.to_sql("leads", con, chunksize=50_000, index=False)
    con.commit()
    con.close()
    return len(df)


def worker_openpyxl(xlsx_path: str) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(xlsx_path, read_only=True)
    ws = wb.worksheets[0]
    n = 0
    for _row in ws.iter_rows(values_only=True):
        n += 1
    wb.close()
    return n - 1


def worker_calamine(xlsx_path: str) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(xlsx_path)
    sheet = wb.get_sheet_by_index(0)
    n = 0
    for _row in sheet.iter_rows():
        n += 1
    wb.close()
    return n - 1


# runner -----------------------------------------------------------------------------------

def timed(cmd: list[str], time_file: str) -> dict:
    """Runs cmd under GNU time; returns wall seconds, peak RSS (KiB), exit code and output."""
    p = subprocess.run([TIME_BIN, "-f", "%e %M", "-o", time_file, *cmd], capture_output=True, text=True)
    wall, rss = None, None
    try:
        with open(time_file, encoding="utf-8") as f:
            last = f.read().strip().splitlines()[-1].split()
        wall, rss = float(last[0]), int(last[1])
    except (OSError, IndexError, ValueError):
        pass
    return {"wall_s": wall, "peak_rss_kb": rss, "rc": p.returncode, "stdout": p.stdout, "stderr": p.stderr}


def warm(paths: list[str]) -> None:
    """Reads the input files once so every tool starts from the page cache."""
    for p in paths:
        with open(p, "rb") as f:
            while f.read(1 << 20):
                pass


def run_one(tool: str, csv_path: str | None, xlsx_path: str | None, tmp: str) -> dict:
    me = os.path.abspath(__file__)
    db = os.path.join(tmp, f"ref-{tool}.db")
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    time_file = os.path.join(tmp, f"ref-{tool}.time")
    if tool == "sqlite3_floor":
        cmd = ["sqlite3", db, ".mode csv", f".import '{csv_path}' leads"]
    elif tool == "pandas":
        cmd = [sys.executable, me, "worker", "pandas", csv_path, db]
    elif tool == "openpyxl":
        cmd = [sys.executable, me, "worker", "openpyxl", xlsx_path]
    elif tool == "calamine":
        cmd = [sys.executable, me, "worker", "calamine", xlsx_path]
    else:
        raise ValueError(tool)
    res = timed(cmd, time_file)
    rows = None
    if res["rc"] == 0:
        if tool == "sqlite3_floor":
            q = subprocess.run(["sqlite3", db, "SELECT count(*) FROM leads"], capture_output=True, text=True)
            rows = int(q.stdout.strip()) if q.returncode == 0 and q.stdout.strip().isdigit() else None
        else:
            out = res["stdout"].strip().splitlines()
            rows = int(out[-1]) if out and out[-1].isdigit() else None
    rec = {
        "tool": tool,
        "format": "csv" if tool in CSV_TOOLS else "xlsx",
        "wall_s": res["wall_s"],
        "peak_rss_kb": res["peak_rss_kb"],
        "rc": res["rc"],
        "rows": rows,
    }
    if res["rc"] != 0:
        rec["error"] = (res["stderr"] or res["stdout"]).strip()[-2000:]
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    return rec


def summarize(records: list[dict]) -> list[dict]:
    out = []
    for tool in ALL_TOOLS:
        recs = [r for r in records if r["tool"] == tool and r["rc"] == 0 and r["wall_s"] is not None]
        if not recs:
            continue
        out.append({
            "tool": tool,
            "runs": len(recs),
            "wall_s": statistics.median(r["wall_s"] for r in recs),
            "peak_rss_kb": max(r["peak_rss_kb"] for r in recs),
            "rows": recs[-1]["rows"],
        })
    return out


def cmd_run(args: argparse.Namespace) -> int:
    tools = [t.strip() for t in args.only.split(",")] if args.only else list(ALL_TOOLS)
    unknown = [t for t in tools if t not in ALL_TOOLS]
    if unknown:
        sys.exit(f"references.py: unknown tool(s) {', '.join(unknown)}; known: {', '.join(ALL_TOOLS)}")
    if any(t in CSV_TOOLS for t in tools) and not args.csv:
        sys.exit("references.py: --csv is needed for " + ", ".join(t for t in tools if t in CSV_TOOLS))
    if any(t in XLSX_TOOLS for t in tools) and not args.xlsx:
        sys.exit("references.py: --xlsx is needed for " + ", ".join(t for t in tools if t in XLSX_TOOLS))
    if not os.access(TIME_BIN, os.X_OK):
        sys.exit(f"references.py: {TIME_BIN} (GNU time, Debian package 'time') is missing")
    if "sqlite3_floor" in tools and shutil.which("sqlite3") is None:
        sys.exit("references.py: the sqlite3 CLI (Debian package 'sqlite3') is missing")

    csv_path = os.path.abspath(args.csv) if args.csv else None
    xlsx_path = os.path.abspath(args.xlsx) if args.xlsx else None
    own_tmp = args.tmp is None
    tmp = args.tmp or tempfile.mkdtemp(prefix="reach-bench-refs.")
    os.makedirs(tmp, exist_ok=True)
    records: list[dict] = []
    failed = False
    try:
        if not args.no_warm:
            warm([p for p in (csv_path, xlsx_path) if p])
        for rep in range(args.rep_start, args.rep_start + args.repeat):
            for tool in tools:
                rec = run_one(tool, csv_path, xlsx_path, tmp)
                rec["rep"] = rep
                records.append(rec)
                if args.results:
                    with open(args.results, "a", encoding="utf-8") as f:
                        f.write(json.dumps(rec) + "\n")
                if rec["rc"] != 0:
                    failed = True
                    print(f"references.py: {tool} failed (exit {rec['rc']}): {rec.get('error', '')}", file=sys.stderr)
                elif not args.quiet:
                    rows = f"{rec['rows']:,}" if rec["rows"] is not None else "?"
                    print(
                        f"  {LABELS[tool]:<34} run {rep}: {rec['wall_s']:7.2f} s {rec['peak_rss_kb'] / 1024:8.1f} MB ({rows} rows)",
                        file=sys.stderr,
                    )
    finally:
        if own_tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    if not args.quiet and not args.no_table:
        print(f"\n{'reference':<34} {'time (s)':>9} {'peak RSS (MB)':>14} {'rows':>11}")
        for s in summarize(records):
            rows = f"{s['rows']:,}" if s["rows"] is not None else "?"
            print(f"{LABELS[s['tool']]:<34} {s['wall_s']:>9.2f} {s['peak_rss_kb'] / 1024:>14.1f} {rows:>11}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time the reference importers of the import benchmark.")
    sub = ap.add_subparsers(dest="cmd", required=True)

    r = sub.add_parser("run", help="time the references")
    r.add_argument("--csv", help="the CSV lead list")
    r.add_argument("--xlsx", help="the XLSX lead list")
    r.add_argument("--only", help=f"comma-separated subset of: {', '.join(ALL_TOOLS)}")
    r.add_argument("--repeat", type=int, default=1)
    r.add_argument("--rep-start", type=int, default=1, help="number given to the first run in --results")
    r.add_argument("--tmp", help="directory for the temporary databases (default: a new temporary directory)")
    r.add_argument("--results", help="append one JSON line per measurement to this file")
    r.add_argument("--no-warm", action="store_true", help="do not read the inputs once before timing")
    r.add_argument("--no-table", action="store_true", help="print each run but no summary table")
    r.add_argument("--quiet", action="store_true", help="print nothing but errors")

    w = sub.add_parser("worker", help="one measured process (used by run)")
    w.add_argument("kind", choices=("pandas", "openpyxl", "calamine"))
    w.add_argument("paths", nargs="+")

    args = ap.parse_args(argv)
    if args.cmd == "worker":
        if args.kind == "pandas":
            if len(args.paths) != 2:
                ap.error("worker pandas CSV DB")
            print(worker_pandas(*args.paths))
        elif args.kind == "openpyxl":
            print(worker_openpyxl(args.paths[0]))
        else:
            print(worker_calamine(args.paths[0]))
        return 0
    return cmd_run(args)


if __name__ == "__main__":
    sys.exit(main())
