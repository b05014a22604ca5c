"""`make bench-inbox`: a Dovecot mailbox of 50,000 generated messages (bench/inbox/make_mailbox.py) synced from
empty by `reach inbox sync` (fetch, parse, read, match to the workspace's leads, store and apply, in one process
on a fresh database whose leads are the messages' senders), and fetched and parsed by Reach's IMAP session alone
(examples/bench_imap_fetch), beside Python imaplib + email (bench/inbox/imaplib_reference.py) in the same run,
against the same server. Reports messages/s and peak RSS of each. Target: Reach >= 3x the reference's
messages/s at <= 200 MB peak RSS.

Usage: python3 bench/inbox/run.py [--count 50000] [--fetch-binary PATH] [--reach-binary PATH] [--json]
Runs as root (Dovecot is started as the IMAP tests start it).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from dovecot import Dovecot  # noqa: E402
from make_mailbox import fill  # noqa: E402


def build_fetch_binary():
    subprocess.run(["cargo", "build", "--release", "--example", "bench_imap_fetch"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "examples", "bench_imap_fetch")


def build_reach_binary():
    subprocess.run(["cargo", "build", "--release", "--bin", "reach"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "reach")


ADDRESS = re.compile(rb"[a-z]+\.[a-z]+@[a-z0-9-]+\.example")


def senders(maildir):
    """The people the generated messages come from or bounced for: the workspace's leads."""
    found = set()
    cur = os.path.join(maildir, "cur")
    for name in os.listdir(cur):
        with open(os.path.join(cur, name), "rb") as f:
            found.update(m.decode() for m in ADDRESS.findall(f.read(4096)))
    found.discard("ana.berg@sender.example")
    return sorted(found)


def reach_sync(binary, server, maildir):
    """A fresh database with the senders as leads and the mailbox as a sender account's IMAP, then one timed
    `reach inbox sync`; its peak RSS from the kernel's accounting of that one process."""
    with tempfile.TemporaryDirectory(prefix="reach-bench-inbox") as home:
        env = dict(os.environ, REACH_DB=os.path.join(home, "reach.db"), HOME=home)

        def reach(*args, stdin=None):
            out = subprocess.run([binary, *args], env=env, input=stdin, capture_output=True)
            if out.returncode != 0:
                sys.exit(f"reach {' '.join(args)} failed: {out.stdout.decode()}{out.stderr.decode()}")

        leads = os.path.join(home, "leads.csv")
        with open(leads, "w") as f:
            f.write("email\n" + "\n".join(senders(maildir)) + "\n")
        reach("workspace", "create", "Bench")
        reach("import", leads, "--workspace", "Bench")
        reach("account", "add", "--workspace", "Bench", "--email", "ana@sender.example", "--smtp-host", "127.0.0.1",
              "--smtp-port", "25", "--security", "none", "--password-stdin", stdin=server.password.encode())
        reach("account", "set-imap", "ana@sender.example", "--imap-host", "127.0.0.1", "--imap-port", str(server.port),
              "--security", "none", "--username", server.user)
        started = time.perf_counter()
        child = subprocess.Popen([binary, "--json", "inbox", "sync", "--workspace", "Bench"], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = child.stdout.read()
        err = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        if status != 0:
            raise RuntimeError(f"reach inbox sync failed:\n{err.decode()}")
        report = json.loads(out)["accounts"][0]
        return {"messages": report["new_messages"], "seconds": round(seconds, 2),
                "messages_per_s": round(report["new_messages"] / seconds), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
                "replies": report["replies"], "bounces": report["bounces"], "auto_replies": report["auto_replies"]}


def run_json(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--fetch-binary", help="a built bench_imap_fetch (default: cargo build --release)")
    parser.add_argument("--reach-binary", help="a built reach (default: cargo build --release)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args()
    binary = args.fetch_binary or build_fetch_binary()
    reach_binary = args.reach_binary or build_reach_binary()

    with Dovecot() as server:
        total = fill(server, args.count)
        assert server.message_count() == args.count, "Dovecot indexed every generated message"
        login = ["--port", str(server.port), "--user", server.user, "--password", server.password]
        reference = run_json([sys.executable, os.path.join(HERE, "imaplib_reference.py"), *login])
        reach = run_json([binary, *login])
        synced = reach_sync(reach_binary, server, server.maildir("INBOX"))

    for name, result in (("reference", reference), ("reach", reach), ("reach inbox sync", synced)):
        if result["messages"] != args.count:
            sys.exit(f"{name} read {result['messages']} of {args.count} messages")
    speedup = synced["messages_per_s"] / reference["messages_per_s"]
    report = {"messages": args.count, "mailbox_mb": round(total / 1e6, 1), "reference": reference, "fetch_only": reach,
              "sync": synced, "speedup": round(speedup, 2), "fetch_only_speedup": round(reach["messages_per_s"] / reference["messages_per_s"], 2),
              "speedup_target_met": speedup >= 3.0, "rss_target_met": synced["peak_rss_mb"] <= 200.0}
    if args.json:
        print(json.dumps(report))
        return
    print(f"{args.count} messages, {report['mailbox_mb']} MB in the mailbox")
    print(f"{'':<34}{'messages/s':>12}{'peak RSS MB':>13}{'seconds':>9}")
    for name, r in (("Python imaplib + email", reference), ("Reach fetch + parse (ImapSession)", reach),
                    ("reach inbox sync (whole)", synced)):
        print(f"{name:<34}{r['messages_per_s']:>12}{r['peak_rss_mb']:>13}{r['seconds']:>9}")
    print(f"sync read {synced['replies']} replies, {synced['bounces']} bounces, {synced['auto_replies']} auto-replies")
    print(f"speed-up of the whole sync {speedup:.2f}x (target >= 3x: {'met' if report['speedup_target_met'] else 'NOT met'}); "
          f"its peak RSS {synced['peak_rss_mb']} MB (target <= 200 MB: {'met' if report['rss_target_met'] else 'NOT met'}); "
          f"fetch and parse alone {report['fetch_only_speedup']}x")


if __name__ == "__main__":
    main()
