"""`make bench-send`: Reach's outbox against a local SMTP sink, beside Python smtplib in the same run.

(a) The sink's absorb rate from a trivial client (smtplib, one reused connection, prebuilt bytes): the limit
    here, since aiosmtpd burns most of the CPU. Reach's rate over 10,000 messages (caps and spacing lifted)
    as a share of it. Target >= 90 %.
(b) Client CPU time per message (user + sys of the sending process): Reach's `reach send` against a smtplib
    loop with a reused connection that builds each message (EmailMessage) as Reach does. Target <= 1/5.
    Reach's peak RSS.
(c) The crash test, many rounds: a 1,000-message campaign; `reach send` killed with SIGKILL at random moments
    once mail flows, restarted until it ends on its own. Duplicates (a recipient receiving twice) and lost
    (an approved draft neither sent nor visibly unknown) must both be 0.

Usage: python3 bench/send/run.py REACH_BINARY [--messages N] [--rounds N] [--round-messages N]
"""

import argparse
import json
import os
import random
import resource
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVER = os.path.join(ROOT, "tests", "support", "smtp_server.py")
BODY = ("Hi {first},\n\nI noticed {company} is growing its finance team. We help SaaS founders close the month in "
        "five days, forecast cash flow and report to the board without a full-time CFO.\n\n" * 4).strip()


class Sink:
    """The test SMTP server in sink mode, plaintext, on 127.0.0.1."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="reach-sink-")
        self.proc = subprocess.Popen([sys.executable, SERVER, "--maildir", self.dir, "--no-tls", "--sink"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.port = json.loads(self.proc.stdout.readline())["port"]

    def received(self):
        try:
            with open(os.path.join(self.dir, "received.log")) as f:
                return [line.split("\t")[0] for line in f if line.strip()]
        except FileNotFoundError:
            return []

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def reach(binary, db, *args, check=True):
    out = subprocess.run([binary, "--db", db, *args, "--json"], capture_output=True, text=True,
                         env={**os.environ, "REACH_DATA_DIR": os.path.dirname(db)})
    if check and out.returncode != 0:
        sys.exit(f"reach {' '.join(args)} failed: {out.stdout}{out.stderr}")
    return json.loads(out.stdout) if out.stdout.strip() else None


def campaign_db(binary, folder, messages, port):
    """A database with `messages` approved first mails to distinct domains and a mailbox on the sink."""
    db = os.path.join(folder, "reach.db")
    csv = os.path.join(folder, "leads.csv")
    with open(csv, "w") as f:
        f.write("email,first_name,company,country\n")
        for i in range(messages):
            f.write(f"person{i}@company{i}.example,P{i},Company {i},US\n")
    body = os.path.join(folder, "body.txt")
    with open(body, "w") as f:
        f.write(BODY.replace("{first}", "{{ first_name }}").replace("{company}", "{{ company }}"))
    reach(binary, db, "workspace", "create", "Bench")
    reach(binary, db, "campaign", "create", "Send", "--workspace", "Bench")
    reach(binary, db, "import", csv, "--workspace", "Bench", "--campaign", "Send")
    reach(binary, db, "template", "add", "Intro", "--workspace", "Bench", "--subject", "Idea for {{ company }}", "--body-file", body)
    reach(binary, db, "sequence", "add-step", "--campaign", "Send", "--template", "Intro")
    reach(binary, db, "draft", "--campaign", "Send", "--offline")
    reach(binary, db, "review", "approve", "--campaign", "Send", "--all-passing")
    reach(binary, db, "compliance", "set", "--workspace", "Bench", "--address", "1 Main St, Springfield", "--send-window",
          "00:00-23:59", "--days", "mon-sun", "--timezone", "UTC", "--domain-cap", "1000000", "--hold-without-consent", "false")
    reach(binary, db, "account", "add", "--workspace", "Bench", "--email", "me@consult.example", "--smtp-host", "127.0.0.1",
          "--smtp-port", str(port), "--security", "none", "--username", "", "--daily-cap", "10000000", "--ramp-start", "0",
          "--min-spacing-secs", "0", "--jitter-secs", "0")
    return db


def trivial_client(port, messages):
    """The sink's absorb rate: prebuilt bytes over one connection."""
    raw = ("From: me@consult.example\r\nTo: x@company.example\r\nSubject: Idea\r\n\r\n" + BODY).encode()
    with smtplib.SMTP("127.0.0.1", port) as s:
        started = time.perf_counter()
        for i in range(messages):
            s.sendmail("me@consult.example", [f"t{i}@company{i}.example"], raw)
        return messages / (time.perf_counter() - started)


def smtplib_reference(port, messages):
    """CPU per message of a Python loop that builds each message and sends it over one connection."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as s:
        for i in range(messages):
            m = EmailMessage()
            m["From"] = "Consultant <me@consult.example>"
            m["To"] = f"P{i} <r{i}@company{i}.example>"
            m["Subject"] = f"Idea for Company {i}"
            m["Message-ID"] = f"<{i}.{time.time()}@consult.example>"
            m["List-Unsubscribe"] = "<mailto:stop@consult.example>"
            m.set_content(BODY.format(first=f"P{i}", company=f"Company {i}") + "\n\n1 Main St, Springfield")
            s.send_message(m)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu / messages, messages / wall


def timed_send(binary, db):
    """`reach send` under GNU time: wall seconds, user+sys CPU seconds, peak RSS in MB."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", binary, "--db", db, "send", "--campaign", "Send", "--json"],
                         capture_output=True, text=True, env={**os.environ, "REACH_DATA_DIR": os.path.dirname(db)})
    if out.returncode != 0:
        sys.exit(f"reach send failed: {out.stdout}{out.stderr}")
    wall, user, system, rss_kb = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss_kb) / 1024, json.loads(out.stdout)


def crash_round(binary, template_db, folder, rng, kills, messages):
    """One campaign sent under kills; returns (duplicates, lost, unknown)."""
    sink = Sink()
    db = os.path.join(folder, "reach.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(template_db + suffix):
            shutil.copy(template_db + suffix, db + suffix)
    # The copied mailbox points at the bench's first sink: move it to this round's.
    reach(binary, db, "account", "remove", "me@consult.example")
    reach(binary, db, "account", "add", "--workspace", "Bench", "--email", "me@consult.example", "--smtp-host", "127.0.0.1",
          "--smtp-port", str(sink.port), "--security", "none", "--username", "", "--daily-cap", "10000000", "--ramp-start", "0",
          "--min-spacing-secs", "0", "--jitter-secs", "0")
    env = {**os.environ, "REACH_DATA_DIR": folder, "REACH_JOB_LEASE_MS": "400"}
    for _ in range(kills):
        before = len(sink.received())
        proc = subprocess.Popen([binary, "--db", db, "send", "--campaign", "Send"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env)
        deadline = time.time() + 10
        while len(sink.received()) == before and proc.poll() is None and time.time() < deadline:
            time.sleep(0.003)
        time.sleep(rng.uniform(0, 0.05))
        proc.kill()
        proc.wait()
    for _ in range(50):
        out = subprocess.run([binary, "--db", db, "send", "--campaign", "Send", "--json"], capture_output=True, text=True, env=env)
        report = json.loads(out.stdout)
        if out.returncode != 0:
            sys.exit(f"restart failed: {report}")
        if not any(c["count"] for c in report["counts"] if c["status"] in ("queued", "deferred")):
            break
    outbox = reach(binary, db, "outbox", "--campaign", "Send")
    received = sink.received()
    sink.stop()
    counts = {}
    for r in received:
        counts[r] = counts.get(r, 0) + 1
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    statuses = [a["status"] for a in outbox["attempts"]]
    lost = messages - sum(1 for s in statuses if s in ("sent", "unknown"))
    for a in outbox["attempts"]:
        if a["status"] == "sent" and counts.get(a["recipient"], 0) != 1:
            lost += 1
    return duplicates, lost, statuses.count("unknown")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--round-messages", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)

    sink = Sink()
    work = tempfile.mkdtemp(prefix="reach-bench-send-")
    try:
        print(f"Setting up {args.messages:,} approved mails…", flush=True)
        os.makedirs(os.path.join(work, "main"))
        db = campaign_db(binary, os.path.join(work, "main"), args.messages, sink.port)
        absorb = trivial_client(sink.port, args.messages)
        wall, cpu, rss, report = timed_send(binary, db)
        sent = next(c["count"] for c in report["counts"] if c["status"] == "sent")
        if sent != args.messages:
            sys.exit(f"reach sent {sent} of {args.messages}: {report['message']}")
        py_cpu, py_rate = smtplib_reference(sink.port, args.messages)
        rate = args.messages / wall
        print(f"(a) sink absorb rate, trivial client: {absorb:,.0f} msg/s")
        print(f"    reach send: {rate:,.0f} msg/s = {rate / absorb:.0%} of it (target >= 90 %)")
        print(f"(b) client CPU per message: reach {cpu / args.messages * 1e6:,.0f} us, smtplib + EmailMessage "
              f"{py_cpu * 1e6:,.0f} us ({py_rate:,.0f} msg/s): ratio {cpu / args.messages / py_cpu:.2f} (target <= 0.20)")
        print(f"    reach peak RSS: {rss:,.0f} MB")
    finally:
        sink.stop()

    rng = random.Random(18)
    template = os.path.join(work, "template")
    os.makedirs(template)
    seed_sink = Sink()
    template_db = campaign_db(binary, template, args.round_messages, seed_sink.port)
    seed_sink.stop()
    duplicates = lost = unknown = 0
    for n in range(args.rounds):
        folder = os.path.join(work, f"round{n}")
        os.makedirs(folder)
        d, l, u = crash_round(binary, template_db, folder, rng, args.kills, args.round_messages)
        duplicates, lost, unknown = duplicates + d, lost + l, unknown + u
        shutil.rmtree(folder, ignore_errors=True)
        if (n + 1) % 10 == 0:
            print(f"    crash rounds {n + 1}/{args.rounds}: duplicates {duplicates}, lost {lost}, unknown {unknown}", flush=True)
    print(f"(c) crash test, {args.rounds} rounds x {args.kills} kills on {args.round_messages:,} mails: duplicates {duplicates} "
          f"(target 0), lost {lost} (target 0); {unknown} left unknown for the user to resolve")
    shutil.rmtree(work, ignore_errors=True)
    if duplicates or lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
