// End-to-end: the inbox in headless Chromium against the built UI served under the window's own policy
// (src-tauri/tauri.conf.json), with the engine emulated at the Tauri IPC boundary (mock-inbox.js): the list
// with its class chips and the sidebar's count, a reply's HTML in the sandboxed frame with its link opened in
// the browser and its remote image loaded only when asked, a bounce's details, an out-of-office's return date,
// keys (j/k, e, u, s, 1–7, /, r), Sync now, answering a message (a, Ctrl+Enter, Escape; sent or blocked by
// its rule; the thread shows the answer), and Settings' IMAP line, test and folders. Then the XSS corpus: each
// hostile mail as the engine's sanitizer returns it, and again as it was sent (raw), must run no script,
// open no dialog, change nothing in the window and request nothing from any host but this one.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { artifactPath, browserSuite, engineFixtures, UI_DIR } from "./harness.mjs";
import { installMockDrafting } from "./mock-drafting.js";
import { installMockEngine } from "./mock-engine.js";
import { installMockInbox } from "./mock-inbox.js";
import { installMockSending } from "./mock-sending.js";

const WAIT = 5000;
const CSP = JSON.parse(readFileSync(join(UI_DIR, "..", "src-tauri", "tauri.conf.json"), "utf8")).app.security.csp;
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=", "base64");
const CORPUS = ["Script tags", "Event handlers", "SVG", "javascript: links", "CSS that hides text", "Meta refresh and base", "Remote images", "Frames, forms and objects"];

await browserSuite({ title: "inbox (headless Chromium)", wait: WAIT, failureShot: "inbox-failure.png" }, async ({ page, consoleErrors, mockCalls, text, run, preview }) => {
  const local = new URL(preview.url).host;
  const outside = [];
  const dialogs = [];
  // Every request of the page and its frames: this host's are served (the root document under the window's
  // policy), the signature image the user asks for is answered here, anything else is recorded and refused.
  await page.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.host === local) {
      if (url.pathname === "/" || url.pathname === "/index.html") {
        const response = await route.fetch();
        return route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": CSP } });
      }
      return route.continue();
    }
    outside.push(url.href);
    if (url.host === "cdn.globex.example") return route.fulfill({ status: 200, contentType: "image/png", body: PNG });
    return route.abort();
  });
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.addInitScript(installMockEngine, { fixtures: engineFixtures, workspaces: 1, leads: 12, storeFile: { theme: "light" } });
  await page.addInitScript(installMockDrafting, { drafts: 0, qcErrorAt: [] });
  await page.addInitScript(installMockSending, {});
  await page.addInitScript(installMockInbox, {});

  const current = () => page.getByTestId("message-pane").getAttribute("data-message-id");
  const openBySubject = async (subject) => {
    await page.getByTestId("inbox-row").filter({ hasText: subject }).click();
    await page.getByTestId("message-subject").filter({ hasText: subject }).waitFor();
  };
  /** The frame's document as the window sees it (the frame runs no script, so it is read from outside). */
  const frameState = () =>
    page.evaluate(() => {
      const f = document.querySelector('[data-testid="mail-frame"]');
      const doc = f && f.contentDocument;
      if (!doc || !doc.body || doc.readyState !== "complete") return null;
      const all = [...doc.querySelectorAll("*")];
      return {
        sandbox: f.getAttribute("sandbox"),
        srcdoc: f.getAttribute("srcdoc"),
        url: doc.URL,
        text: doc.body.innerText,
        scripts: doc.querySelectorAll("script").length,
        embeds: doc.querySelectorAll("iframe, frame, object, embed, form, input, button, meta[http-equiv=refresh], base[href], link").length,
        handlers: all.filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
        jsLinks: [...doc.querySelectorAll("[href], [src], [action]")].filter((el) => /^\s*(javascript|data:text)/i.test(el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("action") || "")).length,
        images: [...doc.images].map((i) => ({ src: i.getAttribute("src"), loaded: i.complete && i.naturalWidth > 0 })),
      };
    });
  const loadedFrame = async (predicate = () => true) => {
    let state = null;
    await page.waitForFunction(() => {
      const f = document.querySelector('[data-testid="mail-frame"]');
      return !!(f && f.contentDocument && f.contentDocument.readyState === "complete" && f.contentDocument.body && f.contentDocument.body.childNodes.length > 0);
    });
    state = await frameState();
    assert.ok(state && predicate(state), `the frame shows the message: ${JSON.stringify(state)}`);
    return state;
  };
  /** A real click on an element inside the frame, at its place on the screen. */
  const clickInFrame = async (selector, nth = 0) => {
    const box = await page.evaluate(
      ([sel, i]) => {
        const f = document.querySelector('[data-testid="mail-frame"]');
        const el = f.contentDocument.querySelectorAll(sel)[i];
        el.scrollIntoView({ block: "center" });
        const fr = f.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        return { x: fr.left + r.left + Math.min(8, r.width / 2), y: fr.top + r.top + r.height / 2 };
      },
      [selector, nth],
    );
    await page.mouse.click(box.x, box.y);
  };
  const opened = () => mockCalls("plugin:opener|open_url");

  await run.check("the sidebar counts open interested replies; the inbox lists every message with its class chips and counts", async () => {
    await page.goto(preview.url);
    await page.getByTestId("nav-inbox-interested").filter({ hasText: "1" }).waitFor();
    await page.getByTestId("nav-inbox").click();
    await page.getByTestId("inbox-row").nth(10).waitFor();
    assert.equal(await page.getByTestId("inbox-row").count(), 11);
    assert.equal(await text("inbox-chip-count-interested"), "1");
    assert.equal(await text("inbox-chip-count-bounce"), "1");
    assert.equal(await text("inbox-chip-count-auto_reply"), "1");
    assert.equal(await text("inbox-chip-count-question"), "4");
    assert.match(await text("sync-account-1"), /Synced/);
  });

  await run.check("a reply's HTML is in a frame sandboxed with allow-same-origin only, under a policy that loads nothing", async () => {
    await openBySubject("Re: Quick question about Northwind");
    const state = await loadedFrame((s) => s.text.includes("Sounds good"));
    assert.equal(state.sandbox, "allow-same-origin", "no scripts, popups, forms or top navigation in the frame");
    assert.match(state.srcdoc, /^<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">/);
    assert.equal(await text("message-effect"), "Sequence stopped in Q1 SaaS founders");
    assert.match(await text("images-blocked"), /1 remote image blocked/);
    await page.screenshot({ path: artifactPath("inbox-reply.png") });
  });

  await run.check("a link in the mail opens in the system browser and the frame stays on the message", async () => {
    await clickInFrame('a[href^="https://globex.example"]');
    await page.waitForFunction(() => window.__reachMock.calls.some((c) => c.cmd === "plugin:opener|open_url"));
    assert.deepEqual((await opened()).map((a) => a.url), ["https://globex.example/pricing"]);
    const state = await frameState();
    assert.equal(state.url, "about:srcdoc", "the frame did not navigate");
    assert.equal(page.context().pages().length, 1, "no window opened");
    assert.ok(state.text.includes("Sounds good"));
  });

  await run.check("Show images asks the engine again and the remote image then loads (and nothing was requested before)", async () => {
    assert.deepEqual(outside, [], "no request left this computer before the user asked for images");
    await page.getByTestId("images-show").click();
    await page.waitForFunction(() => {
      const f = document.querySelector('[data-testid="mail-frame"]');
      const img = f && f.contentDocument && f.contentDocument.querySelector("img");
      return img && img.complete && img.naturalWidth > 0;
    });
    assert.deepEqual(outside, ["https://cdn.globex.example/signature.png"]);
    assert.equal((await mockCalls("inbox_message")).at(-1).allow_remote_images, true);
    outside.length = 0;
  });

  await run.check("the thread shows the original mail under the reply, one line until opened", async () => {
    const entries = page.getByTestId("thread-entry");
    assert.equal(await entries.count(), 1);
    await entries.first().getByRole("button").click();
    await page.getByTestId("thread-text").filter({ hasText: "We run SEO audits" }).waitFor();
  });

  await run.check("j and k move through the list, also while the mail's frame has the focus", async () => {
    await clickInFrame("p");
    const before = await current();
    await page.keyboard.press("j");
    await page.waitForFunction((id) => document.querySelector('[data-testid="message-pane"]').getAttribute("data-message-id") !== id, before);
    await page.getByTestId("message-bounce").waitFor();
    assert.match(await page.getByTestId("message-bounce").textContent(), /grace\.hopper1@globex\.com.*5\.1\.1.*Hard: the address is bad.*Unknown recipient/s);
    await page.screenshot({ path: artifactPath("inbox-bounce.png") });
    await page.keyboard.press("j");
    await page.getByTestId("message-return").filter({ hasText: /Back on/ }).waitFor();
    await page.keyboard.press("k");
    await page.getByTestId("message-bounce").waitFor();
  });

  await run.check("e marks done and the next message opens; u from Done brings it back", async () => {
    await page.keyboard.press("k");
    await page.getByTestId("message-subject").filter({ hasText: "Re: Quick question about Northwind" }).waitFor();
    await page.keyboard.press("e");
    await page.getByTestId("message-subject").filter({ hasText: "Delivery Status Notification" }).waitFor();
    assert.deepEqual((await mockCalls("inbox_set_state")).at(-1), { id: 1, state: "done", snoozed_until: null });
    await page.getByTestId("nav-inbox-interested").waitFor({ state: "detached" });
    await page.getByTestId("inbox-tab-done").click();
    await page.getByTestId("message-subject").filter({ hasText: "Re: Quick question about Northwind" }).waitFor();
    await page.keyboard.press("u");
    await page.getByTestId("inbox-tab-empty").waitFor();
    await page.getByTestId("inbox-tab-open").click();
    await page.getByTestId("nav-inbox-interested").waitFor();
  });

  await run.check("a number relabels and the label shows as the user's; s snoozes until tomorrow morning", async () => {
    await openBySubject("Re: Quick question about Northwind");
    await page.keyboard.press("6");
    await page.getByTestId("label-kept").waitFor();
    assert.deepEqual((await mockCalls("inbox_relabel")).at(-1), { id: 1, category: "question" });
    assert.equal(await text("message-class"), "Question");
    await page.keyboard.press("s");
    await page.getByTestId("snooze-panel").waitFor();
    await page.screenshot({ path: artifactPath("inbox-snooze.png") });
    await page.getByTestId("snooze-tomorrow").click();
    await page.getByTestId("snooze-panel").waitFor({ state: "detached" });
    const snooze = (await mockCalls("inbox_set_state")).at(-1);
    assert.equal(snooze.state, "snoozed");
    const until = new Date(snooze.snoozed_until);
    assert.equal(until.getHours(), 9, "tomorrow at nine, local time");
    assert.equal(await page.getByTestId("inbox-row").count(), 10);
  });

  await run.check("the class chips, / search and r sync narrow and refresh the list", async () => {
    await page.getByTestId("inbox-chip-bounce").click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="inbox-row"]').length === 1);
    await page.getByTestId("inbox-chip-bounce").click();
    await page.keyboard.press("/");
    await page.keyboard.type("svg");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="inbox-row"]').length === 1);
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="inbox-row"]').length === 10);
    await page.keyboard.press("r");
    await page.getByTestId("sync-account-1").filter({ hasText: "Synced now: 1 new message" }).waitFor();
    await page.getByTestId("inbox-row").filter({ hasText: "Margaret Hamilton" }).waitFor();
    assert.equal(await text("inbox-chip-count-referral"), "1");
    await openBySubject("Re: Quick question");
    await page.screenshot({ path: artifactPath("inbox.png") });
  });

  await run.check("a answers: the composer says the account it goes from; a blocked answer stays with its rule; a sent one ends the thread and the message is done", async () => {
    await openBySubject("Re: Quick question");
    await page.getByTestId("message-subject").filter({ hasText: /^Re: Quick question$/ }).waitFor();
    await page.evaluate(() => window.__reachMock.inbox.suppressed.push("margaret.hamilton3@umbrellalabs.com"));
    await page.keyboard.press("a");
    await page.getByTestId("reply-composer").waitFor();
    assert.equal(await text("reply-from"), await page.evaluate(() => window.__reachMock.sending.accounts[0].email), "from the mailbox the message came to");
    assert.match(await text("reply-to"), /Margaret Hamilton <margaret\.hamilton3@umbrellalabs\.com>/);
    assert.equal(await text("reply-subject"), "Re: Quick question");
    await page.keyboard.type("Thanks Margaret, I will write to Dana.");
    await page.keyboard.press("Control+Enter");
    await page.getByTestId("reply-blocked").filter({ hasText: "Answer blocked by the suppression list" }).waitFor();
    assert.deepEqual((await mockCalls("inbox_reply")).at(-1), { id: 12, body: "Thanks Margaret, I will write to Dana." });
    await page.screenshot({ path: artifactPath("inbox-answer-blocked.png") });
    await page.keyboard.press("Escape");
    await page.getByTestId("reply-composer").waitFor({ state: "detached" });

    await page.evaluate(() => (window.__reachMock.inbox.suppressed.length = 0));
    await page.getByTestId("message-reply").click();
    await page.getByTestId("reply-body").fill("Thanks Margaret, I will write to Dana.");
    await page.screenshot({ path: artifactPath("inbox-answer.png") });
    await page.getByTestId("reply-send").click();
    await page.getByTestId("inbox-last-action").filter({ hasText: "Answer sent to margaret.hamilton3@umbrellalabs.com from" }).waitFor();
    await page.getByTestId("inbox-row").filter({ hasText: "Margaret Hamilton" }).waitFor({ state: "detached" });
    await page.getByTestId("inbox-tab-done").click();
    await openBySubject("Re: Quick question");
    const answer = page.getByTestId("thread-entry").filter({ hasText: "Re: Quick question" }).last();
    await answer.getByRole("button").click();
    await page.getByTestId("thread-text").filter({ hasText: "Thanks Margaret, I will write to Dana." }).waitFor();
    await page.getByTestId("inbox-tab-open").click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="inbox-row"]').length === 10);
  });

  const corpusRun = async (raw) => {
    for (const name of CORPUS) {
      await openBySubject(`XSS corpus: ${name}`);
      const state = await loadedFrame();
      assert.equal(state.sandbox, "allow-same-origin", `${name}: the sandbox is exactly allow-same-origin`);
      if (!raw) {
        assert.equal(state.scripts, 0, `${name}: the sanitized mail has no script`);
        assert.equal(state.embeds, 0, `${name}: no frame, form, object, refresh, base or link element`);
        assert.equal(state.handlers, 0, `${name}: no event handler attribute`);
        assert.equal(state.jsLinks, 0, `${name}: no javascript: or data:text link`);
      }
      if (name === "javascript: links") {
        const before = (await opened()).length;
        for (let i = 0; i < 4; i++) await clickInFrame("a", i);
        assert.equal((await opened()).length, before, "a javascript: or data: link opens nothing");
        assert.equal((await frameState()).url, "about:srcdoc", "and the frame stays on the message");
      }
      if (name === "CSS that hides text" && !raw) {
        for (const line of ["Hidden line two.", "Hidden line three."]) assert.ok(state.text.includes(line), `${line} is shown: CSS cannot hide text from the reader`);
      }
      if (name === "Remote images") {
        if (!raw) assert.match(await text("images-blocked"), /5 remote images blocked/);
        assert.ok(state.images.every((i) => !i.loaded || (i.src || "").startsWith("data:")), `only data: images load: ${JSON.stringify(state.images)}`);
      }
      if (name === "Frames, forms and objects" && raw) {
        await page.screenshot({ path: artifactPath("inbox-xss-raw.png") });
      }
    }
    // A meta refresh or a script would act within moments of the load: look again once the last one settled.
    await page.waitForTimeout(500);
    assert.equal((await frameState()).url, "about:srcdoc", "no meta refresh navigated the frame");
    assert.deepEqual(dialogs, [], "no dialog opened");
    assert.deepEqual(outside, [], "no request left this computer");
    assert.notEqual(await page.title(), "pwned", "nothing in the frame reached the window");
    assert.deepEqual(await mockCalls("plugin:opener|open_url").then((c) => c.map((a) => a.url)), ["https://globex.example/pricing"]);
  };

  await run.check("the XSS corpus, sanitized as the engine returns it: no script, handler, frame or form; nothing runs or loads", async () => {
    await corpusRun(false);
    await openBySubject("XSS corpus: CSS that hides text");
    await loadedFrame();
    await page.screenshot({ path: artifactPath("inbox-xss.png") });
  });

  await run.check("the XSS corpus raw, as sent: the frame's sandbox and policy alone execute nothing and load nothing", async () => {
    await page.evaluate(() => {
      window.__reachMock.inbox.raw = true;
      window.__reachMock.emit("data-changed", { entity: "inbox", workspace_id: 1 });
    });
    await openBySubject("XSS corpus: Script tags");
    await page.waitForFunction(() => (document.querySelector('[data-testid="mail-frame"]')?.getAttribute("srcdoc") || "").includes("<script>"));
    await corpusRun(true);
  });

  await run.check("Settings → Sender accounts shows the IMAP line, and Test IMAP the server's answer", async () => {
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("account-imap-1").filter({ hasText: "imap.gmail.com:993" }).waitFor();
    assert.match(await text("account-folders-1"), /^Reads INBOX · sent mail saved to “\[Gmail\]\/Sent Mail”/);
    await page.getByTestId("account-imap-test-1").click();
    await page.getByTestId("account-imap-test-panel-1-greeting").filter({ hasText: "Gimap ready" }).waitFor();
    assert.match(await text("account-imap-test-panel-1-folders"), /\[Gmail\]\/Sent Mail/);
    await page.screenshot({ path: artifactPath("inbox-settings-imap.png"), fullPage: true });
  });

  await run.check("Edit folders adds a folder to read by keyboard, shows the engine's refusal of a name at its field, and saves none for sent copies", async () => {
    await page.getByTestId("account-folders-edit-1").focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByTestId("folders-dialog");
    await dialog.waitFor();
    const add = page.getByTestId("folders-add-input");
    assert.ok(await add.evaluate((el) => el === document.activeElement), "the add field has the focus when the dialog opens");
    assert.ok(await page.getByTestId("folders-sent-named").isChecked(), "the named Sent folder is the current choice");
    assert.equal(await page.getByTestId("folders-sent-name").inputValue(), "[Gmail]/Sent Mail");
    const known = await dialog.locator("datalist option").evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(known, ["[Gmail]/Sent Mail", "[Gmail]/Spam"], "the folders Test IMAP found are offered");
    await page.keyboard.type("Replies");
    await page.keyboard.press("Enter");
    await page.getByTestId("folders-extra-item").filter({ hasText: "Replies" }).waitFor();
    await add.fill("Re\tplies");
    await page.keyboard.press("Enter");
    await page.getByTestId("folders-save").click();
    const refusal = page.getByTestId("folders-extra-error");
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /is not a folder name; give it as the mail app shows it/);
    assert.equal(await dialog.locator(".folders-form__chip.is-invalid").count(), 1, "the refused name is marked in the list");
    assert.match(await page.getByRole("button", { name: "Stop reading Re\tplies" }).getAttribute("aria-describedby"), /add-error/, "its remove button is described by the refusal");
    await page.getByTestId("folders-sent-none").check();
    await dialog.screenshot({ path: artifactPath("settings-folders-dialog.png") });
    await page.getByRole("button", { name: "Stop reading Re\tplies" }).click();
    assert.equal(await refusal.count(), 0, "removing the refused name clears the refusal");
    await page.getByTestId("folders-save").click();
    await dialog.waitFor({ state: "detached" });
    const sets = await mockCalls("account_set_folders");
    assert.deepEqual(sets.at(-1), { id: 1, folders: { sent_folder: "", extra_folders: ["Replies"] } });
    await page.getByTestId("account-folders-1").filter({ hasText: "Replies" }).waitFor();
    assert.equal(await text("account-folders-1"), "Reads INBOX, Replies · no copy of sent mail saved: the provider keeps its own");
    assert.ok(await page.getByTestId("account-folders-edit-1").evaluate((el) => el === document.activeElement), "the focus is back on Edit folders");
  });

  await run.check("without a mailbox that has IMAP, the inbox says where to set one up", async () => {
    await page.evaluate(() => {
      Object.assign(window.__reachMock.sending.accounts[0], { imap_host: null, imap_port: null, imap_security: null });
      window.__reachMock.emit("data-changed", { entity: "sending", workspace_id: 1 });
    });
    await page.getByTestId("nav-inbox").click();
    await page.getByTestId("inbox-no-imap").waitFor();
    await page.screenshot({ path: artifactPath("inbox-no-imap.png") });
    await page.getByTestId("inbox-go-accounts").click();
    assert.equal(await page.getByRole("tab", { name: "Sender accounts" }).getAttribute("aria-selected"), "true");
  });

  await run.check("the inbox reads in the dark theme too (the mail keeps its own light page)", async () => {
    await page.getByTestId("nav-inbox").click();
    await page.evaluate(() => {
      Object.assign(window.__reachMock.sending.accounts[0], { imap_host: "imap.gmail.com", imap_port: 993, imap_security: "tls" });
      window.__reachMock.inbox.raw = false;
      window.__reachMock.emit("data-changed", { entity: "sending", workspace_id: 1 });
      document.documentElement.dataset.theme = "dark";
    });
    await page.getByTestId("inbox-tab-snoozed").click();
    await openBySubject("Re: Quick question about Northwind");
    await loadedFrame((s) => s.text.includes("Sounds good"));
    await page.screenshot({ path: artifactPath("inbox-dark.png") });
  });

  await run.check("no error reached the console but the frame's refusals of hostile content", async () => {
    const unexpected = consoleErrors.filter((e) => !/Content Security Policy|sandboxed|Blocked script execution|ERR_FAILED|net::ERR/i.test(e));
    assert.deepEqual(unexpected, []);
  });
});
