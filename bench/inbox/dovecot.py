"""A Dovecot for the inbox benchmark, started the way the IMAP tests start theirs (tests/common/imap.rs):
Debian's dovecot-imapd as root with its config, state, log and Maildir in a temp folder, plaintext IMAP on a
free 127.0.0.1 port, one user with a static password, the mail owned by `nobody`.

    with Dovecot() as server:
        server.port, server.user, server.password, server.maildir("INBOX")
        server.doveadm("force-resync", "-u", server.user, "INBOX")

Run as a script it starts one and prints {"port", "user", "password", "conf", "maildir"} as JSON, then
waits until stdin closes (or Ctrl-C) and stops it.
"""

import grp
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time

USER = "bench@example.test"
PASSWORD = "bench-secret-Pw1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    def __init__(self, user=USER, password=PASSWORD):
        self.user = user
        self.password = password
        self.dir = None
        self.port = None
        self.conf = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        if os.geteuid() != 0:
            sys.exit("Dovecot runs as root here (its mail processes switch to nobody); run the benchmark as root")
        self.dir = tempfile.mkdtemp(prefix="reach-bench-dovecot-")
        os.chmod(self.dir, 0o755)
        for sub in ("run", "state", "mail"):
            os.mkdir(os.path.join(self.dir, sub))
        uid, gid = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
        os.chown(os.path.join(self.dir, "mail"), uid, gid)
        self.port = free_port()
        self.conf = os.path.join(self.dir, "dovecot.conf")
        with open(self.conf, "w") as f:
            f.write(CONFIG.format(dir=self.dir, port=self.port, password=self.password))
        with open(os.path.join(self.dir, "start.log"), "w") as log:
            subprocess.run(["dovecot", "-c", self.conf], stdin=subprocess.DEVNULL, stdout=log, stderr=log, check=True)
        self._wait_until_listening()
        self.doveadm("mailbox", "list", "-u", self.user)
        self.doveadm("mailbox", "status", "-u", self.user, "messages", "INBOX")

    def stop(self):
        if self.conf:
            subprocess.run(["doveadm", "-c", self.conf, "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.conf = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def maildir(self, folder="INBOX"):
        home = os.path.join(self.dir, "mail", self.user)
        return home if folder.upper() == "INBOX" else os.path.join(home, "." + folder.replace("/", "."))

    def doveadm(self, *args, stdin=None):
        out = subprocess.run(["doveadm", "-c", self.conf, *args], input=stdin, capture_output=True)
        if out.returncode != 0:
            raise RuntimeError(f"doveadm {args}: {out.stderr.decode(errors='replace')}")
        return out.stdout.decode(errors="replace")

    def message_count(self, folder="INBOX"):
        out = self.doveadm("-f", "flow", "mailbox", "status", "-u", self.user, "messages", folder)
        return int(next(t for t in out.split() if t.startswith("messages=")).split("=", 1)[1])

    def _wait_until_listening(self):
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
                    if s.recv(64).startswith(b"* OK"):
                        s.sendall(b"a LOGOUT\r\n")
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("Dovecot did not accept connections")
            time.sleep(0.02)


CONFIG = """protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/state
instance_name = reach-bench-{port}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{dir}/mail/%u
mail_fsync = never
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
log_path = {dir}/dovecot.log
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={dir}/mail/%u
}}
first_valid_uid = 0
"""


if __name__ == "__main__":
    with Dovecot() as server:
        print(json.dumps({"port": server.port, "user": server.user, "password": server.password,
                          "conf": server.conf, "maildir": server.maildir()}), flush=True)
        try:
            sys.stdin.read()
        except KeyboardInterrupt:
            pass
