"""The reference for the inbox benchmark: Python's imaplib fetching a whole folder and parsing each message.
Login, SELECT (read-only), UID SEARCH ALL, UID FETCH in chunks of 200 with BODY.PEEK[], each message parsed
with email.message_from_bytes(policy=default) and its sender, subject and text read (what an inbox shows).
Prints one JSON line: {"messages", "bytes", "seconds", "messages_per_s", "mb_per_s", "peak_rss_mb"}.

    python3 bench/inbox/imaplib_reference.py --port P --user U --password PW [--folder INBOX] [--chunk 200]
"""

import argparse
import email
import imaplib
import json
import resource
import time
from email import policy


def run(host, port, user, password, folder="INBOX", chunk=200):
    started = time.perf_counter()
    imap = imaplib.IMAP4(host, port)
    imap.login(user, password)
    imap.select(folder, readonly=True)
    typ, data = imap.uid("SEARCH", None, "ALL")
    assert typ == "OK", data
    uids = data[0].split()
    messages = total = 0
    for i in range(0, len(uids), chunk):
        batch = b",".join(uids[i:i + chunk]).decode()
        typ, data = imap.uid("FETCH", batch, "(UID BODY.PEEK[])")
        assert typ == "OK", data
        for part in data:
            if not isinstance(part, tuple):
                continue
            raw = part[1]
            msg = email.message_from_bytes(raw, policy=policy.default)
            _ = (msg["from"], msg["subject"], msg["message-id"], msg["in-reply-to"])
            body = msg.get_body(preferencelist=("plain", "html"))
            if body is not None:
                _ = body.get_content()
            messages += 1
            total += len(raw)
    imap.logout()
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"messages": messages, "bytes": total, "seconds": round(seconds, 3),
            "messages_per_s": round(messages / seconds, 1), "mb_per_s": round(total / 1e6 / seconds, 2),
            "peak_rss_mb": round(peak_kb / 1024, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--folder", default="INBOX")
    parser.add_argument("--chunk", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(run(args.host, args.port, args.user, args.password, args.folder, args.chunk)))


if __name__ == "__main__":
    main()
