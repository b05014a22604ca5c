"""`make bench-inbox`, IMAP half: a Dovecot mailbox of 50,000 generated messages (bench/inbox/make_mailbox.py)
fetched from empty and parsed, by Reach's IMAP session (examples/bench_imap_fetch: UID SEARCH SINCE the
window, UID FETCH in chunks of 200, mail-parser) beside Python imaplib + email (bench/inbox/imaplib_reference.py)
in the same run, against the same server. Reports messages/s and peak RSS of each. Target: Reach >= 3x the
reference's messages/s at <= 200 MB peak RSS.

Usage: python3 bench/inbox/run.py [--count 50000] [--fetch-binary PATH] [--json]
Runs as root (Dovecot is started as the IMAP tests start it).
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from dovecot import Dovecot  # noqa: E402
from make_mailbox import fill  # noqa: E402


def build_fetch_binary():
    subprocess.run(["cargo", "build", "--release", "--example", "bench_imap_fetch"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "examples", "bench_imap_fetch")


def run_json(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--fetch-binary", help="a built bench_imap_fetch (default: cargo build --release)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args()
    binary = args.fetch_binary or build_fetch_binary()

    with Dovecot() as server:
        total = fill(server, args.count)
        assert server.message_count() == args.count, "Dovecot indexed every generated message"
        login = ["--port", str(server.port), "--user", server.user, "--password", server.password]
        reference = run_json([sys.executable, os.path.join(HERE, "imaplib_reference.py"), *login])
        reach = run_json([binary, *login])

    for name, result in (("reference", reference), ("reach", reach)):
        if result["messages"] != args.count:
            sys.exit(f"{name} read {result['messages']} of {args.count} messages")
    speedup = reach["messages_per_s"] / reference["messages_per_s"]
    report = {"messages": args.count, "mailbox_mb": round(total / 1e6, 1), "reference": reference, "reach": reach,
              "speedup": round(speedup, 2), "speedup_target_met": speedup >= 3.0,
              "rss_target_met": reach["peak_rss_mb"] <= 200.0}
    if args.json:
        print(json.dumps(report))
        return
    print(f"{args.count} messages, {report['mailbox_mb']} MB in the mailbox")
    print(f"{'':<26}{'messages/s':>12}{'MB/s':>8}{'peak RSS MB':>13}{'seconds':>9}")
    for name, r in (("Python imaplib + email", reference), ("Reach (ImapSession)", reach)):
        print(f"{name:<26}{r['messages_per_s']:>12}{r['mb_per_s']:>8}{r['peak_rss_mb']:>13}{r['seconds']:>9}")
    print(f"speed-up {speedup:.2f}x (target >= 3x: {'met' if report['speedup_target_met'] else 'NOT met'}); "
          f"Reach peak RSS {reach['peak_rss_mb']} MB (target <= 200 MB: {'met' if report['rss_target_met'] else 'NOT met'})")


if __name__ == "__main__":
    main()
