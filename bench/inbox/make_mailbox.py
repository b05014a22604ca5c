"""Fills a Dovecot Maildir with N generated messages of realistic size and kind, for the inbox benchmark:
human replies with the quoted original (some with an HTML part), RFC 3464 bounces with the returned
message, out-of-office auto-replies, and a few replies with a small attachment. Written straight into the
folder's `cur/` as files owned by nobody, dated over the last `--days` days (the file time is the
INTERNALDATE), then `doveadm force-resync`. Deterministic for a given seed.

    python3 bench/inbox/make_mailbox.py --conf CONF --user USER --maildir DIR --count 50000
or from Python: fill(dovecot, count).
"""

import argparse
import base64
import grp
import os
import pwd
import random
import time

FIRST = ["Ana", "Ben", "Chloe", "David", "Emma", "Felix", "Greta", "Hugo", "Iris", "Jonas", "Klara", "Luis",
         "Maya", "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Sam", "Tara"]
LAST = ["Schmidt", "Martin", "Garcia", "Rossi", "Jansen", "Silva", "Nowak", "Berg", "Dubois", "Keller"]
COMPANIES = ["northwind", "acme-analytics", "brightfin", "copperleaf", "dataforge", "evergreen-labs",
             "fjordsoft", "granite-ops", "helix-health", "ironbridge"]
REPLIES = [
    "Thanks for reaching out. This sounds interesting - could we book a call next Tuesday or Wednesday?",
    "Not right now, we just signed with another provider. Maybe circle back in Q2.",
    "Please remove me from your list.",
    "I'm not the right person for this; please reach out to my colleague who handles finance operations.",
    "How does your pricing work for a team of twelve? Do you offer a monthly plan?",
    "We are not interested, thank you.",
    "Sounds good, send me more details and a few references from similar companies.",
]
ORIGINAL = ("Hi {first},\n\nI noticed {company} is growing its finance team. We help SaaS founders close the "
            "month in five days, forecast cash flow and report to the board without a full-time CFO.\n\n"
            "Would a 20-minute call next week be useful?\n\nBest,\nAna\n")


def person(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    company = rng.choice(COMPANIES)
    return first, last, company, f"{first.lower()}.{last.lower()}@{company}.example"


def date_header(ts):
    return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(ts))


def reply(rng, n, ts):
    first, last, company, addr = person(rng)
    original = ORIGINAL.format(first=first, company=company)
    text = rng.choice(REPLIES) + "\n\n" + (f"{first}\n{company.title()} | Finance\n+49 30 1234 {n % 10000:04d}\n" * 2)
    quoted = "".join("> " + line + "\n" for line in original.splitlines())
    plain = f"{text}\nOn Mon, 30 Nov 2026 at 09:12, Ana Berg <ana@sender.example> wrote:\n{quoted}"
    headers = (f"From: {first} {last} <{addr}>\r\nTo: Ana Berg <ana@sender.example>\r\n"
               f"Subject: Re: Closing the month faster at {company}\r\nDate: {date_header(ts)}\r\n"
               f"Message-ID: <r{n}.{rng.randrange(10**9)}@{company}.example>\r\n"
               f"In-Reply-To: <a{n}@sender.example>\r\nReferences: <a{n}@sender.example>\r\nMIME-Version: 1.0\r\n")
    kind = rng.random()
    if kind < 0.08:
        blob = base64.encodebytes(rng.randbytes(rng.randrange(20_000, 100_000))).decode()
        body = (f"Content-Type: multipart/mixed; boundary=\"b{n}\"\r\n\r\n--b{n}\r\n"
                f"Content-Type: text/plain; charset=utf-8\r\n\r\n{plain}\r\n--b{n}\r\n"
                f"Content-Type: application/pdf; name=\"deck.pdf\"\r\nContent-Disposition: attachment; filename=\"deck.pdf\"\r\n"
                f"Content-Transfer-Encoding: base64\r\n\r\n{blob}\r\n--b{n}--\r\n")
    elif kind < 0.45:
        html = "<html><body>" + "".join(f"<p>{line}</p>" for line in plain.splitlines() if line) + "</body></html>"
        body = (f"Content-Type: multipart/alternative; boundary=\"a{n}\"\r\n\r\n--a{n}\r\n"
                f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                f"{plain}\r\n--a{n}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--a{n}--\r\n")
    else:
        body = f"Content-Type: text/plain; charset=utf-8\r\n\r\n{plain}"
    return headers + body


def bounce(rng, n, ts):
    first, _last, company, addr = person(rng)
    returned = (f"From: Ana Berg <ana@sender.example>\r\nTo: <{addr}>\r\nSubject: Closing the month faster at "
                f"{company}\r\nMessage-ID: <a{n}@sender.example>\r\nDate: {date_header(ts - 60)}\r\n\r\n"
                + ORIGINAL.format(first=first, company=company).replace("\n", "\r\n"))
    status, diag = rng.choice([("5.1.1", "550 5.1.1 <{a}>: Recipient address rejected: User unknown"),
                               ("5.2.2", "552 5.2.2 <{a}>: Mailbox full"),
                               ("4.4.1", "451 4.4.1 Connection timed out")])
    diag = diag.format(a=addr)
    return (f"From: Mail Delivery System <MAILER-DAEMON@mx.{company}.example>\r\nTo: <ana@sender.example>\r\n"
            f"Subject: Undelivered Mail Returned to Sender\r\nDate: {date_header(ts)}\r\n"
            f"Message-ID: <b{n}@mx.{company}.example>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: multipart/report; report-type=delivery-status; boundary=\"d{n}\"\r\n\r\n"
            f"--d{n}\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mx.{company}.example.\r\n\r\n"
            f"I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n<{addr}>: {diag}\r\n"
            f"\r\n--d{n}\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.{company}.example\r\n"
            f"Arrival-Date: {date_header(ts - 60)}\r\n\r\nFinal-Recipient: rfc822; {addr}\r\n"
            f"Action: {'delayed' if status.startswith('4') else 'failed'}\r\nStatus: {status}\r\n"
            f"Diagnostic-Code: smtp; {diag}\r\n\r\n--d{n}\r\nContent-Type: message/rfc822\r\n\r\n{returned}\r\n--d{n}--\r\n")


def auto_reply(rng, n, ts):
    first, last, company, addr = person(rng)
    back = time.strftime("%d %B %Y", time.gmtime(ts + 86400 * rng.randrange(2, 15)))
    return (f"From: {first} {last} <{addr}>\r\nTo: <ana@sender.example>\r\nSubject: Automatic reply: Closing the "
            f"month faster at {company}\r\nDate: {date_header(ts)}\r\nMessage-ID: <o{n}@{company}.example>\r\n"
            f"In-Reply-To: <a{n}@sender.example>\r\nAuto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\nThank you for your message. I am out of the office "
            f"and will be back on {back}. For urgent matters please contact office@{company}.example.\r\n\r\n"
            f"{first} {last}\r\n")


def message(rng, n, ts):
    roll = rng.random()
    if roll < 0.15:
        text = bounce(rng, n, ts)
    elif roll < 0.30:
        text = auto_reply(rng, n, ts)
    else:
        text = reply(rng, n, ts)
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def write(maildir, count, days=20, seed=19):
    """Writes `count` messages into the Maildir folder at `maildir`; returns their total size in bytes."""
    rng = random.Random(seed)
    cur = os.path.join(maildir, "cur")
    os.makedirs(cur, exist_ok=True)
    uid, gid = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
    now = int(time.time())
    total = 0
    for n in range(count):
        ts = now - rng.randrange(days * 86400)
        data = message(rng, n, ts).encode()
        path = os.path.join(cur, f"{ts}.M{n}P{os.getpid()}.bench:2,")
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (ts, ts))
        os.chown(path, uid, gid)
        total += len(data)
    return total


def fill(dovecot, count, folder="INBOX", days=20, seed=19):
    """Fills the folder of a running bench Dovecot (bench/inbox/dovecot.py) and makes Dovecot index it."""
    total = write(dovecot.maildir(folder), count, days, seed)
    dovecot.doveadm("force-resync", "-u", dovecot.user, folder)
    dovecot.doveadm("mailbox", "status", "-u", dovecot.user, "messages", folder)
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf", required=True, help="the Dovecot config (for doveadm)")
    parser.add_argument("--user", required=True)
    parser.add_argument("--maildir", required=True, help="the folder's Maildir (the user's home for INBOX)")
    parser.add_argument("--folder", default="INBOX")
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--days", type=int, default=20)
    args = parser.parse_args()
    total = write(args.maildir, args.count, args.days)
    import subprocess
    subprocess.run(["doveadm", "-c", args.conf, "force-resync", "-u", args.user, args.folder], check=True)
    print(f"{args.count} messages, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
