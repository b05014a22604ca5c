#!/usr/bin/env python3
"""Prints the import benchmark's table from the measurements run.sh collected.

Inputs: the JSON lines of every timed process (reach and the references), the stamps that
gen_data.py wrote next to the lead files (expected counts) and the last ``reach import --json``
report of each file. Output: each tool's median wall time and largest peak RSS, the ratios
against the targets with PASS/MISS, and reach's counts against the expected ones with OK/DIFF.
With ``--json-out`` the same figures are also written as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
from datetime import datetime, timezone

MB = 1024  # GNU time reports KiB; 1 MB here = 1024 KiB

TOOLS = (
    ("reach_csv", "CSV", "reach import"),
    ("sqlite3_floor", "CSV", "sqlite3 .import (floor)"),
    ("pandas", "CSV", "pandas read_csv + to_sql"),
    ("reach_xlsx", "XLSX", "reach import"),
    ("calamine", "XLSX", "python-calamine iter_rows (bare read)"),
    ("openpyxl", "XLSX", "openpyxl read_only values_only"),
)

TARGET_CSV_VS_FLOOR = 2.0
TARGET_XLSX_VS_CALAMINE = 1.5
TARGET_OPENPYXL_VS_XLSX = 5.0
TARGET_RSS_MB = 200.0


def load_jsonl(path: str) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                out.append(json.loads(line))
    return out


def load_json(path: str | None) -> dict | None:
    if not path or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return json.loads(text)
    except ValueError:
        pass
    for line in reversed(text.splitlines()):  # a report printed after other lines
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                continue
    return None


def _find_counts(obj):
    if isinstance(obj, dict):
        if "imported" in obj:
            return obj
        for v in obj.values():
            found = _find_counts(v)
            if found is not None:
                return found
    elif isinstance(obj, list):
        for v in obj:
            found = _find_counts(v)
            if found is not None:
                return found
    return None


def _number(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return int(v)
    if isinstance(v, (list, tuple)):
        return len(v)
    if isinstance(v, dict):
        nums = [_number(x) for x in v.values()]
        return sum(n for n in nums if n is not None) if nums else 0
    return None


def reach_counts(report: dict | None) -> dict:
    """imported, duplicates, invalid and errors from a `reach import --json` report."""
    d = _find_counts(report) if report is not None else None
    if d is None:
        return {}
    out = {"imported": _number(d.get("imported")), "invalid": _number(d.get("invalid"))}
    if "duplicates" in d:
        out["duplicates"] = _number(d["duplicates"])
    else:
        parts = [_number(d[k]) for k in ("duplicates_in_file", "duplicates_in_workspace") if k in d]
        out["duplicates"] = sum(p for p in parts if p is not None) if parts else None
    if "rows" in d:
        out["rows"] = _number(d["rows"])
    elif "total_rows" in d:
        out["rows"] = _number(d["total_rows"])
    errors = d.get("errors", report.get("errors") if isinstance(report, dict) else None)
    out["errors"] = _number(errors) if errors is not None else None
    status = d.get("status")
    if isinstance(status, str):
        out["status"] = status
    return out


def summarize(records: list[dict]) -> dict:
    out = {}
    for tool, _fmt, _label in TOOLS:
        recs = [r for r in records if r.get("tool") == tool and r.get("rc") == 0 and r.get("wall_s") is not None]
        if recs:
            out[tool] = {
                "runs": len(recs),
                "wall_s": statistics.median(r["wall_s"] for r in recs),
                "wall_s_all": [r["wall_s"] for r in recs],
                "peak_rss_kb": max(r["peak_rss_kb"] for r in recs),
                "rows": recs[-1].get("rows"),
                "db_bytes": recs[-1].get("db_bytes"),
            }
    return out


def ratio(a, b):
    if a is None or b is None or b <= 0:
        return None
    return a / b


def mark(value, target, higher_is_better=False):
    if value is None:
        return "n/a"
    ok = value >= target if higher_is_better else value <= target
    return "PASS" if ok else "MISS"


def fmt_num(n):
    return f"{n:,}" if isinstance(n, int) else "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Print the import benchmark's table.")
    ap.add_argument("--results", required=True, help="JSON lines, one per timed process")
    ap.add_argument("--csv-stamp", required=True)
    ap.add_argument("--xlsx-stamp")
    ap.add_argument("--reach-csv-report")
    ap.add_argument("--reach-xlsx-report")
    ap.add_argument("--reach-bin", default="")
    ap.add_argument("--json-out", help="also write the figures here as JSON")
    ap.add_argument("--strict", action="store_true", help="exit 1 on any MISS, DIFF or missing figure")
    args = ap.parse_args(argv)

    records = load_jsonl(args.results)
    s = summarize(records)
    csv_stamp = load_json(args.csv_stamp) or {}
    xlsx_stamp = load_json(args.xlsx_stamp) or {}
    repeat = max((v["runs"] for v in s.values()), default=0)

    def wall(t):
        return s[t]["wall_s"] if t in s else None

    def rss_mb(t):
        return s[t]["peak_rss_kb"] / MB if t in s else None

    print()
    print("Reach import benchmark")
    if csv_stamp:
        print(f"  CSV : {csv_stamp['file']}  {csv_stamp['bytes'] / 1e6:.1f} MB, {csv_stamp['params']['rows']:,} rows")
    if xlsx_stamp:
        print(f"  XLSX: {xlsx_stamp['file']}  {xlsx_stamp['bytes'] / 1e6:.1f} MB, {xlsx_stamp['params']['rows']:,} rows")
    print(f"  median of {repeat} run(s) per tool, whole process, peak RSS = largest of the runs (GNU time; 1 MB = 1024 KiB)")
    if args.reach_bin:
        print(f"  reach: {args.reach_bin}")
    print()
    print(f"{'tool':<40} {'file':<5} {'time (s)':>9} {'peak RSS (MB)':>14} {'rows/s':>11}")
    print("-" * 83)
    for tool, fmt, label in TOOLS:
        if tool not in s:
            print(f"{label:<40} {fmt:<5} {'n/a':>9} {'n/a':>14} {'':>11}")
            continue
        v = s[tool]
        stamp = csv_stamp if fmt == "CSV" else xlsx_stamp
        rows = stamp.get("params", {}).get("rows") if stamp else None
        rate = f"{rows / v['wall_s']:,.0f}" if rows and v["wall_s"] > 0 else ""
        print(f"{label:<40} {fmt:<5} {v['wall_s']:>9.2f} {v['peak_rss_kb'] / MB:>14.1f} {rate:>11}")

    r_floor = ratio(wall("reach_csv"), wall("sqlite3_floor"))
    r_pandas = ratio(wall("pandas"), wall("reach_csv"))
    r_calamine = ratio(wall("reach_xlsx"), wall("calamine"))
    r_openpyxl = ratio(wall("openpyxl"), wall("reach_xlsx"))
    rss_csv, rss_xlsx = rss_mb("reach_csv"), rss_mb("reach_xlsx")
    checks = [
        ("reach CSV / sqlite3 floor", r_floor, "x", f"<= {TARGET_CSV_VS_FLOOR:.1f}x", mark(r_floor, TARGET_CSV_VS_FLOOR)),
        ("pandas / reach CSV", r_pandas, "x", "reported", ""),
        ("reach XLSX / python-calamine bare read", r_calamine, "x", f"<= {TARGET_XLSX_VS_CALAMINE:.1f}x",
         mark(r_calamine, TARGET_XLSX_VS_CALAMINE)),
        ("openpyxl / reach XLSX", r_openpyxl, "x", f">= {TARGET_OPENPYXL_VS_XLSX:.0f}x",
         mark(r_openpyxl, TARGET_OPENPYXL_VS_XLSX, higher_is_better=True)),
        ("reach CSV peak RSS", rss_csv, " MB", f"<= {TARGET_RSS_MB:.0f} MB", mark(rss_csv, TARGET_RSS_MB)),
        ("reach XLSX peak RSS", rss_xlsx, " MB", f"<= {TARGET_RSS_MB:.0f} MB", mark(rss_xlsx, TARGET_RSS_MB)),
    ]
    print()
    print(f"{'measure':<40} {'value':>11} {'target':>12}  result")
    print("-" * 72)
    for name, value, unit, target, result in checks:
        if value is None:
            shown = "n/a"
        elif unit == "x":
            shown = f"{value:.2f}x"
        else:
            shown = f"{value:.1f}{unit}"
        print(f"{name:<40} {shown:>11} {target:>12}  {result}")

    diffs = 0
    count_rows = []
    print()
    print(f"{'reach import report':<28} {'expected':>12} {'reported':>12}")
    print("-" * 60)
    for fmt, stamp, rep_path in (("CSV", csv_stamp, args.reach_csv_report), ("XLSX", xlsx_stamp, args.reach_xlsx_report)):
        if not stamp:
            continue
        exp = stamp.get("expected", {})
        got = reach_counts(load_json(rep_path))
        for key in ("rows", "imported", "duplicates", "invalid", "errors"):
            e = exp.get(key) if key != "errors" else None
            g = got.get(key)
            if key == "errors" or (key == "rows" and g is None):
                verdict = ""
            elif g is None:
                verdict, diffs = "n/a", diffs + 1
            elif g == e:
                verdict = "OK"
            else:
                verdict, diffs = "DIFF", diffs + 1
            name = f"{fmt} {key}" + (" (rows listed)" if key == "errors" else "")
            print(f"{name:<28} {fmt_num(e) if e is not None else '-':>12} {fmt_num(g):>12}  {verdict}")
            count_rows.append({"file": fmt.lower(), "count": key, "expected": e, "reported": g, "result": verdict})
        if got.get("status"):
            print(f"  {fmt} import job status: {got['status']}")
        if exp:
            kinds = exp.get("invalid_by_kind", {})
            names = {"missing_at": "no @", "double_at": "two @", "space": "space", "no_tld": "no TLD"}
            print(
                f"  {fmt} has {exp.get('rows', 0):,} rows; {exp.get('duplicates_case_only', 0):,} of the duplicates differ "
                f"only in letter case; invalid: " + ", ".join(f"{names.get(k, k)} {v:,}" for k, v in kinds.items())
            )

    small = [t for t in s if s[t]["wall_s"] < 0.3]
    if small:
        print()
        print("note: some runs took under 0.3 s; at this size process start-up dominates and the ratios say little.")

    misses = sum(1 for c in checks if c[4] in ("MISS", "n/a"))
    if args.json_out:
        summary = {
            "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
            "reach_bin": args.reach_bin,
            "csv": {k: csv_stamp.get(k) for k in ("file", "bytes", "params")} if csv_stamp else None,
            "xlsx": {k: xlsx_stamp.get(k) for k in ("file", "bytes", "params")} if xlsx_stamp else None,
            "tools": s,
            "checks": [
                {"measure": n, "value": v, "unit": u.strip(), "target": t, "result": r} for n, v, u, t, r in checks
            ],
            "counts": count_rows,
        }
        os.makedirs(os.path.dirname(os.path.abspath(args.json_out)), exist_ok=True)
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=2)
            f.write("\n")
        print(f"\nfigures written to {args.json_out}")

    if args.strict and (misses or diffs):
        print(f"\nstrict: {misses} target(s) missed or unmeasured, {diffs} count(s) differ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
