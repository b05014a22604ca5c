#!/usr/bin/env python3
"""The real Reach window, driven through WebDriver (tauri-driver + WebKitWebDriver) under Xvfb.

Creates a workspace, imports a small CSV through the real wizard and checks its leads appear in the table,
and that leads the `reach` command line imports meanwhile appear in the open window;
then adds an AI provider with a key (kept in the OS keychain) and tests it against a local server that speaks
the OpenAI chat-completions format, streaming included; then drafts a campaign the command line set up (a
template and a sequence) offline from its page, approves drafts by keyboard in its review queue, and opens the
template library; then adds a sender account against a local SMTP server, tests its connection, sets the
compliance settings and launches the campaign, whose two approved drafts the server receives with their
List-Unsubscribe header; then a lead's answer to one of them, delivered into a local Dovecot mailbox, is read
into the Inbox by "Sync now", classified as interested and stops that lead's sequence. Prints 'N passed, M failed' and saves a screenshot per step into the artifacts folder.
"""
import base64
import http.client
import re
import http.server
import json
import socketserver
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

DRIVER = os.environ.get("WEBDRIVER_URL", "http://127.0.0.1:4444")
APP = os.environ["REACH_APP"]
ARTIFACTS = os.environ.get("ARTIFACTS", "test-artifacts")
CSV_PATH = os.environ["REACH_E2E_CSV"]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "inbox"))
from dovecot import Dovecot  # noqa: E402  (the bench's Dovecot on a free 127.0.0.1 port, in a temp folder)
TIMEOUT = 20.0
ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"


def call(method, path, body=None, timeout=60):
    """One WebDriver request. tauri-driver's proxy sometimes reuses a connection the WebKit driver has
    closed and answers with a dropped connection: such a request never arrived, so it is sent again."""
    data = json.dumps(body).encode() if body is not None else None
    for attempt in range(4):
        req = urllib.request.Request(DRIVER + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.code} {e.read()[:300]!r}") from None
        except (ConnectionError, http.client.RemoteDisconnected) as e:
            if attempt == 3:
                raise RuntimeError(f"{method} {path}: {e}") from None
            time.sleep(0.2)


class Window:
    def __init__(self):
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": APP}}}}
        self.sid = call("POST", "/session", caps, timeout=60)["sessionId"]

    def close(self):
        try:
            call("DELETE", f"/session/{self.sid}")
        except Exception:
            pass

    def find_all(self, testid):
        found = call("POST", f"/session/{self.sid}/elements", {"using": "css selector", "value": f'[data-testid="{testid}"]'})
        return [next(iter(e.values())) for e in found]

    def wait(self, testid, text=None):
        """Polls until the element exists (and contains `text`); returns its id."""
        deadline = time.time() + TIMEOUT
        last = ""
        while time.time() < deadline:
            for el in self.find_all(testid):
                last = self.text(el)
                if text is None or text in last:
                    return el
            time.sleep(0.1)
        raise AssertionError(f'"{testid}" never showed {text!r} (last text: {last!r})')

    def text(self, el):
        script = "return arguments[0].textContent"
        return call("POST", f"/session/{self.sid}/execute/sync", {"script": script, "args": [{ELEMENT_KEY: el}]}) or ""

    def click(self, testid):
        """Clicks once nothing covers the element (a toast may sit over it for a moment)."""
        deadline = time.time() + TIMEOUT
        while True:
            try:
                el = self.wait(testid)
                # WebKit's driver does not scroll inside a scrolling dialog on its own.
                call("POST", f"/session/{self.sid}/execute/sync", {"script": "arguments[0].scrollIntoView({block: 'center'})", "args": [{ELEMENT_KEY: el}]})
                call("POST", f"/session/{self.sid}/element/{el}/click", {})
                return
            except RuntimeError as e:
                if "intercepted" not in str(e) or time.time() > deadline:
                    raise
                time.sleep(0.2)

    def type(self, testid, value):
        el = self.wait(testid)
        call("POST", f"/session/{self.sid}/element/{el}/clear", {})
        call("POST", f"/session/{self.sid}/element/{el}/value", {"text": value})

    def set(self, testid, value):
        """Sets an input's value the way typing reaches React; WebKit's driver cannot type into a time field."""
        script = (
            "const el = arguments[0];"
            "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, arguments[1]);"
            "el.dispatchEvent(new Event('input', { bubbles: true }));"
        )
        call("POST", f"/session/{self.sid}/execute/sync", {"script": script, "args": [{ELEMENT_KEY: self.wait(testid)}, value]})

    def select(self, testid, value):
        """Picks an option of a <select> the way a user's choice reaches React (WebKit's driver cannot click
        an <option>): the native value setter, then a bubbling change event."""
        script = (
            "const el = arguments[0];"
            "Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(el, arguments[1]);"
            "el.dispatchEvent(new Event('change', { bubbles: true }));"
        )
        call("POST", f"/session/{self.sid}/execute/sync", {"script": script, "args": [{ELEMENT_KEY: self.wait(testid)}, value]})

    def press(self, key):
        """Types one key into whatever has the focus, as a user's key press reaches the page."""
        actions = [{"type": "key", "id": "keyboard", "actions": [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]
        call("POST", f"/session/{self.sid}/actions", {"actions": actions})

    def screenshot(self, name):
        """Saves the window as the user sees it: WebKit's driver captures the last painted frame, so two
        animation frames are let by first for the DOM just waited for to reach the screen."""
        wait_paint = "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));"
        call("POST", f"/session/{self.sid}/execute/async", {"script": wait_paint, "args": []})
        png = base64.b64decode(call("GET", f"/session/{self.sid}/screenshot"))
        os.makedirs(ARTIFACTS, exist_ok=True)
        with open(os.path.join(ARTIFACTS, name), "wb") as f:
            f.write(png)


API_KEY = "sk-e2e-test-key-7f3a9c2d"


class FakeOpenAi(http.server.BaseHTTPRequestHandler):
    """POST /v1/chat/completions as OpenAI answers it: a JSON body, or server-sent events when asked to stream.
    Remembers the Authorization header of each call, so the test knows the key made it out of the keychain."""

    seen_auth = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        FakeOpenAi.seen_auth.append(self.headers.get("Authorization", ""))
        if self.path != "/v1/chat/completions":
            self.send_error(404)
            return
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in ["Hello ", "from ", "the local model."]:
                chunk = {"id": "c1", "object": "chat.completion.chunk", "model": body.get("model"),
                         "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                time.sleep(0.05)
            last = {"id": "c1", "object": "chat.completion.chunk", "model": body.get("model"),
                    "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 12, "completion_tokens": 6, "total_tokens": 18}}
            self.wfile.write(f"data: {json.dumps(last)}\n\ndata: [DONE]\n\n".encode())
            return
        answer = {"id": "c1", "object": "chat.completion", "model": body.get("model"),
                  "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello from the local model."}, "finish_reason": "stop"}],
                  "usage": {"prompt_tokens": 12, "completion_tokens": 6, "total_tokens": 18}}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class SmtpSink(socketserver.StreamRequestHandler):
    """A plaintext SMTP server on 127.0.0.1 that signs anyone in and keeps every message it is given."""

    received = []

    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 sink.localhost ESMTP ready")
        while True:
            line = self.rfile.readline().decode(errors="replace").strip()
            command = line.upper()
            if not line or command == "QUIT":
                self.reply("221 Bye")
                return
            if command.startswith(("EHLO", "HELO")):
                self.reply("250-sink.localhost")
                self.reply("250-8BITMIME")
                self.reply("250 AUTH PLAIN LOGIN")
            elif command.startswith("AUTH LOGIN"):
                for prompt in ("334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6"):
                    self.reply(prompt)
                    self.rfile.readline()
                self.reply("235 2.7.0 Accepted")
            elif command.startswith("AUTH PLAIN"):
                if command == "AUTH PLAIN":
                    self.reply("334 ")
                    self.rfile.readline()
                self.reply("235 2.7.0 Accepted")
            elif command == "DATA":
                self.reply("354 Go ahead")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data.decode(errors="replace"))
                SmtpSink.received.append("".join(lines))
                self.reply(f"250 2.0.0 OK queued as {len(SmtpSink.received)}")
            else:
                self.reply("250 2.0.0 OK")


def main():
    passed, failed = 0, 0
    smtp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpSink)
    smtp.daemon_threads = True
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    win = Window()

    def check(name, step):
        nonlocal passed, failed
        try:
            step()
            passed += 1
            print(f"ok - {name}")
        except Exception as e:  # a failed step is reported and the run goes on to the screenshot
            failed += 1
            print(f"FAILED - {name}: {e}")
            try:
                win.screenshot(f"failed-{passed + failed}.png")
            except Exception:
                pass

    def opens():
        win.wait("welcome")
        win.screenshot("desktop-welcome.png")

    def creates_workspace():
        win.type("welcome-name", "Acme Consulting")
        win.click("welcome-create")
        win.wait("workspace-switcher", "Acme Consulting")

    def imports_csv():
        win.click("nav-import")
        win.type("wizard-path-input", CSV_PATH)
        win.click("wizard-inspect")
        win.wait("mapping-editor")
        win.wait("file-rows", "4")
        win.screenshot("desktop-mapping.png")
        win.click("wizard-start-import")
        win.wait("report-imported", "3")
        win.wait("report-invalid", "1")
        win.screenshot("desktop-report.png")

    def leads_appear():
        win.click("nav-leads")
        win.wait("leads-total", "3")
        rows = win.find_all("lead-row")
        assert len(rows) == 3, f"{len(rows)} rows in the table"
        win.wait("leads-table", "ana@beta.io")
        win.screenshot("desktop-leads.png")

    def changes_from_the_command_line_appear_in_the_open_window():
        more = os.path.join(os.path.dirname(CSV_PATH), "more.csv")
        with open(more, "w") as f:
            f.write("Email,First Name\nnew@delta.dev,Dana\n")
        reach = os.path.join(os.path.dirname(APP), "reach")
        # Another process writes the app's database (REACH_DATA_DIR points both at it).
        subprocess.run([reach, "import", more, "--workspace", "Acme Consulting"], check=True, capture_output=True, timeout=60)
        win.wait("leads-total", "4")
        win.wait("leads-table", "new@delta.dev")
        win.screenshot("desktop-leads-from-cli.png")

    def both_imports_are_listed_as_jobs():
        win.click("nav-jobs")
        table = win.wait("jobs-table", "Import")
        text = win.text(table)
        assert text.count("Done") >= 2, f"the window's and the command line's imports are both listed as done: {text!r}"
        win.screenshot("desktop-jobs.png")

    def adds_a_provider_with_its_key_in_the_keychain():
        win.click("nav-settings")
        win.wait("accounts-tab")
        win.click("settings-tab-providers")
        win.click("provider-add")
        win.wait("provider-dialog")
        win.select("provider-preset", "custom")
        win.select("provider-kind", "openai")
        win.type("provider-name", "Local model")
        win.type("provider-base-url", base_url)
        win.type("provider-model", "local-7b")
        win.type("provider-key-input", API_KEY)
        win.click("provider-save")
        card = win.wait("provider-key-1", "9c2d")
        assert API_KEY not in win.text(card), "the card shows the whole key"
        page = call("POST", f"/session/{win.sid}/execute/sync", {"script": "return document.body.innerHTML", "args": []})
        assert API_KEY not in page, "the key is somewhere in the page"
        win.screenshot("desktop-providers.png")

    def tests_the_provider_with_a_streamed_answer():
        win.click("provider-test-1")
        win.wait("provider-test-panel-1-answer", "Hello from the local model.")
        win.wait("provider-test-panel-1-latency", "ms")
        assert f"Bearer {API_KEY}" in FakeOpenAi.seen_auth, f"the provider got {FakeOpenAi.seen_auth!r}"
        win.screenshot("desktop-provider-test.png")

    def reach(*args):
        binary = os.path.join(os.path.dirname(APP), "reach")
        done = subprocess.run([binary, *args], check=True, capture_output=True, timeout=60, text=True)
        return done.stdout

    def drafts_a_campaign_offline_from_its_page():
        # The command line gives the workspace a campaign, a template and a sequence; the window drafts it.
        body = os.path.join(os.path.dirname(CSV_PATH), "intro.txt")
        with open(body, "w") as f:
            f.write("{Hi|Hello} {{ first_name | default('there') }},\n\n{{ opener }}\n\nWorth a short call?")
        reach("campaign", "create", "Launch", "--workspace", "Acme Consulting")
        reach("campaign", "add-leads", "Launch", "--workspace", "Acme Consulting", "--all")
        reach("template", "add", "Intro", "--workspace", "Acme Consulting", "--subject", "Idea for {{ company | default('you') }}", "--body-file", body)
        reach("sequence", "add-step", "--campaign", "Launch", "--template", "Intro")
        campaign = json.loads(reach("campaign", "list", "--workspace", "Acme Consulting", "--json"))[0]
        win.click("nav-campaigns")
        win.click(f"campaign-open-{campaign['id']}")
        win.wait("campaign-title", "Launch")
        win.click("draft-offline")
        win.click("campaign-tab-review")
        win.wait("review-left", "4")
        win.wait("draft-view", "Idea for")
        win.screenshot("desktop-review.png")

    def approves_drafts_by_keyboard():
        win.click("review-mode-one")
        win.wait("draft-view")
        win.press("a")
        win.wait("review-left", "3")
        win.press("a")
        win.wait("review-left", "2")
        approved = json.loads(reach("review", "list", "--campaign", "Launch", "--status", "approved", "--json"))
        assert len(approved) == 2, f"the engine holds two approved drafts: {approved}"
        win.screenshot("desktop-review-approved.png")

    def opens_the_template_library():
        win.click("nav-templates")
        win.wait("templates-screen", "Intro")
        win.screenshot("desktop-templates.png")

    def adds_a_sender_account_and_tests_its_connection():
        win.click("nav-settings")
        win.click("settings-tab-accounts")
        win.click("account-add")
        win.wait("account-dialog")
        win.click("account-preset-other")
        win.type("account-email", "me@acme-consulting.example")
        win.type("account-smtp-host", "127.0.0.1")
        win.type("account-smtp-port", str(smtp.server_address[1]))
        win.select("account-smtp-security", "none")
        win.type("account-username", "me")
        win.type("account-password", "app-password")
        win.type("account-spacing", "0")
        win.type("account-jitter", "0")
        win.click("account-save")
        win.wait("account-allowance-1", "of 10 today")
        win.wait("account-password-1", "In the keychain")
        win.click("account-test-1")
        win.wait("account-test-panel-1-greeting", "sink.localhost ESMTP ready")
        win.wait("account-test-panel-1-auth", "Accepted")
        win.screenshot("desktop-sender-account.png")

    def sets_the_compliance_settings():
        win.click("settings-tab-compliance")
        win.type("compliance-address", "Acme Consulting, 1 Main Street, Springfield")
        win.type("compliance-mailto", "unsubscribe@acme-consulting.example")
        win.set("compliance-window-start", "00:00")
        win.set("compliance-window-end", "23:59")
        for day in ("sat", "sun"):
            win.click(f"compliance-day-{day}")
        win.click("compliance-save")
        win.wait("toast-success", "Compliance settings saved")
        win.screenshot("desktop-compliance.png")

    def launches_the_campaign_and_the_server_receives_its_mail():
        campaign = json.loads(reach("campaign", "list", "--workspace", "Acme Consulting", "--json"))[0]
        win.click("nav-campaigns")
        win.click(f"campaign-open-{campaign['id']}")
        win.click("campaign-tab-schedule")
        win.wait("schedule-summary", "2 mails")
        win.click("campaign-launch")
        win.wait("campaign-sending", "Sending")
        win.click("campaign-tab-activity")
        win.wait("status-chip-sent", "Sent 2")
        win.screenshot("desktop-activity.png")
        assert len(SmtpSink.received) == 2, f"the server received each approved draft once: {len(SmtpSink.received)}"
        for message in SmtpSink.received:
            assert "List-Unsubscribe: <mailto:unsubscribe@acme-consulting.example" in message, f"the unsubscribe header is set: {message[:600]!r}"
            assert "Acme Consulting, 1 Main Street, Springfield" in message, "the footer carries the physical address"

    def reads_an_answer_in_the_inbox():
        imap = Dovecot(password="app-password")
        imap.start()
        try:
            sent = SmtpSink.received[0]
            message_id = re.search(r"^Message-ID: *(<[^>]+>)", sent, re.M | re.I).group(1)
            to = re.search(r"^To: *(?:.*<)?([^<>\s]+@[^<>\s]+?)>?\s*$", sent, re.M | re.I).group(1)
            reach("account", "set-imap", "me@acme-consulting.example", "--imap-host", "127.0.0.1", "--imap-port", str(imap.port),
                  "--security", "none", "--username", imap.user)
            answer = (f"From: {to}\r\nTo: me@acme-consulting.example\r\nSubject: Re: our call\r\n"
                      f"Message-ID: <answer-1@e2e.example>\r\nIn-Reply-To: {message_id}\r\nReferences: {message_id}\r\n\r\n"
                      "Sounds good, let's talk on Thursday. Send me a few times.\r\n")
            imap.doveadm("save", "-u", imap.user, "-m", "INBOX", stdin=answer.encode())
            win.click("nav-inbox")
            # The window's own sync job may read the answer first (it starts once the account has IMAP settings);
            # "Sync now" in the header is there either way, and a second sync reads nothing twice.
            win.click("inbox-sync")
            win.wait("inbox-row", "Sounds good")
            win.click("inbox-row")
            win.wait("message-class", "Interested")
            win.wait("message-effect", "sequence stopped")
            win.screenshot("desktop-inbox.png")
        finally:
            imap.stop()

    for name, step in [
        ("the window opens on the welcome screen", opens),
        ("a workspace is created and listed", creates_workspace),
        ("a CSV is imported through the wizard", imports_csv),
        ("the imported leads appear in the table", leads_appear),
        ("leads the command line imports appear in the open window", changes_from_the_command_line_appear_in_the_open_window),
        ("both imports are listed on the jobs screen", both_imports_are_listed_as_jobs),
        ("an AI provider is added with its key in the keychain", adds_a_provider_with_its_key_in_the_keychain),
        ("the provider test streams the local model's answer", tests_the_provider_with_a_streamed_answer),
        ("a campaign is drafted offline from its page", drafts_a_campaign_offline_from_its_page),
        ("drafts are approved by keyboard in the review queue", approves_drafts_by_keyboard),
        ("the template library lists the template", opens_the_template_library),
        ("a sender account is added and its connection tested", adds_a_sender_account_and_tests_its_connection),
        ("the compliance settings are saved", sets_the_compliance_settings),
        ("the launched campaign's approved drafts reach the SMTP server", launches_the_campaign_and_the_server_receives_its_mail),
        ("a lead's answer is read into the inbox and stops their sequence", reads_an_answer_in_the_inbox),
    ]:
        check(name, step)
    win.close()
    server.shutdown()
    smtp.shutdown()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
