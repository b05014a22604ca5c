// End-to-end: sending in headless Chromium against the built UI, with the engine emulated at the Tauri IPC
// boundary (mock-engine.js, mock-drafting.js, mock-sending.js, answering with a real engine's values and
// sentences): a sender account added from a preset and its connection tested, plaintext refused with the
// engine's words, compliance set (an unknown time zone refused at its field), suppression added and
// imported, launch refused with its reasons and then launched, and an unknown attempt resolved.
import assert from "node:assert/strict";
import { artifactPath, browserSuite, engineFixtures } from "./harness.mjs";
import { installMockDrafting } from "./mock-drafting.js";
import { installMockEngine } from "./mock-engine.js";
import { installMockSending } from "./mock-sending.js";

const WAIT = 5000;
const SENDING = engineFixtures.sending;

await browserSuite({ title: "sending (headless Chromium)", wait: WAIT, failureShot: "sending-failure.png" }, async ({ page, consoleErrors, mockCalls, text, run, preview }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.addInitScript(installMockEngine, { fixtures: engineFixtures, workspaces: 1, leads: 30, storeFile: { theme: "light" } });
  await page.addInitScript(installMockDrafting, { drafts: 4, qcErrorAt: [] });
  await page.addInitScript(installMockSending, {});
  const toast = (re) => page.getByTestId("toast-success").filter({ hasText: re }).last().waitFor();

  await run.check("Settings opens on Sender accounts, which says what to do first", async () => {
    await page.goto(preview.url);
    await page.getByTestId("nav-settings").click();
    assert.equal(await page.getByRole("tab", { name: "Sender accounts" }).getAttribute("aria-selected"), "true");
    await page.getByTestId("accounts-empty").waitFor();
    await page.screenshot({ path: artifactPath("sending-accounts-empty.png"), fullPage: true });
  });

  await run.check("a preset fills the servers and shows its password note; the engine's refusal of plaintext shows in the dialog", async () => {
    await page.getByTestId("account-add").click();
    const dialog = page.getByTestId("account-dialog");
    await page.getByTestId("account-preset-fastmail").click();
    assert.equal(await page.getByTestId("account-smtp-host").inputValue(), "smtp.fastmail.com");
    assert.equal(await page.getByTestId("account-smtp-port").inputValue(), "465");
    await page.getByTestId("account-preset-gmail").click();
    assert.equal(await page.getByTestId("account-smtp-host").inputValue(), "smtp.gmail.com");
    assert.equal(await page.getByTestId("account-smtp-security").inputValue(), "starttls");
    assert.match(await text("account-password-note"), /app password/);
    assert.equal(await page.getByTestId("account-password").getAttribute("type"), "password");
    await page.getByTestId("account-email").fill("sam@northwind.example");
    await page.getByTestId("account-name").fill("Sam Carter");
    await page.getByTestId("account-password").fill("abcd efgh ijkl mnop");
    await page.getByTestId("account-smtp-security").selectOption("none");
    await page.getByTestId("account-save").click();
    await page.getByTestId("account-form-error").filter({ hasText: /^Plaintext SMTP is allowed only to this computer/ }).waitFor();
    assert.ok(SENDING.errors.plaintext_refused.message.startsWith("plaintext SMTP"), "the mock answered with the engine's sentence");
    await page.screenshot({ path: artifactPath("sending-account-dialog.png"), fullPage: true });
    await page.getByTestId("account-smtp-security").selectOption("starttls");
    await page.getByTestId("account-save").click();
    await dialog.waitFor({ state: "detached" });
  });

  await run.check("the password crossed once, on save; the card shows today's allowance while ramping up", async () => {
    const [add] = (await mockCalls("sender_account_add")).slice(-1);
    assert.equal(add.password, "abcd efgh ijkl mnop");
    assert.equal(add.input.smtp_username, "sam@northwind.example", "the address signs in when no username is given");
    await page.getByTestId("account-allowance-1").filter({ hasText: "0 of 10 today (ramping up: day 1, up to 30)" }).waitFor();
    assert.equal(await text("account-password-1"), "In the keychain");
    const lists = JSON.stringify(await mockCalls("sender_account_list"));
    assert.ok(!lists.includes("abcd efgh"), "no answer carries the password back");
  });

  await run.check("Test connection shows the server's greeting, TLS, sign-in and capabilities", async () => {
    await page.getByTestId("account-test-1").click();
    await page.getByTestId("account-test-panel-1-greeting").filter({ hasText: "220 smtp.gmail.com ESMTP ready" }).waitFor();
    assert.equal(await text("account-test-panel-1-tls"), "TLS");
    assert.equal(await text("account-test-panel-1-auth"), "Accepted");
    assert.match(await text("account-test-panel-1-capabilities"), /AUTH LOGIN PLAIN/);
    await page.screenshot({ path: artifactPath("sending-accounts.png"), fullPage: true });
  });

  await run.check("compliance: an unknown time zone is refused at its field with the engine's words, then the settings save", async () => {
    await page.getByTestId("settings-tab-compliance").click();
    await page.getByTestId("compliance-address").fill("Northwind SEO, 1 Harbour St, Bristol BS1 4AA, UK");
    await page.getByTestId("compliance-mailto").fill("unsubscribe@northwind.example");
    await page.getByTestId("compliance-save").click();
    await toast(/Compliance settings saved/);
    await page.getByTestId("compliance-timezone").fill("Mars/Olympus");
    await page.getByTestId("compliance-save").click();
    await page.getByText('"Mars/Olympus" is not a time zone').waitFor();
    assert.equal(await page.getByTestId("compliance-timezone").getAttribute("aria-invalid"), "true");
    await page.getByTestId("compliance-timezone").fill("Europe/London");
    await page.getByTestId("compliance-day-sat").click();
    await page.getByTestId("compliance-window-end").fill("16:30");
    await page.getByTestId("compliance-save").click();
    await toast(/Compliance settings saved/);
    const [patch] = (await mockCalls("compliance_update")).slice(-1).map((a) => a.patch);
    assert.equal(patch.timezone, "Europe/London");
    assert.equal(patch.days, "mon,tue,wed,thu,fri,sat");
    assert.equal(patch.send_window, "09:00-16:30");
    assert.equal(patch.physical_address, null, "only what changed since the last save is sent");
    assert.match((await mockCalls("compliance_update"))[0].patch.physical_address, /Bristol/);
    await page.screenshot({ path: artifactPath("sending-compliance.png"), fullPage: true });
  });

  await run.check("suppression: an @domain is added, a file is imported and its refused lines say why", async () => {
    await page.getByTestId("settings-tab-suppression").click();
    await page.getByTestId("suppression-empty").waitFor();
    await page.getByTestId("suppression-entry").fill("@rival.example");
    await page.getByTestId("suppression-reason").fill("competitor");
    await page.getByTestId("suppression-add").click();
    await toast(/Suppressed @rival.example/);
    await page.getByTestId("suppression-import").click();
    const summary = page.getByTestId("suppression-import-summary");
    await summary.waitFor();
    assert.match(await summary.innerText(), /2 entries added, 0 already listed, 2 lines refused/);
    assert.match(await text("suppression-refused"), /Line 5: old@client.example — old@client.example is already listed on line 2/);
    await page.getByTestId("suppression-row").nth(2).waitFor();
    assert.equal(await page.getByTestId("suppression-row").count(), 3);
    await page.screenshot({ path: artifactPath("sending-suppression.png"), fullPage: true });
  });

  await run.check("a campaign's Schedule lists what blocks its launch, and Launch is refused with the reasons", async () => {
    await page.getByTestId("nav-campaigns").click();
    await page.getByTestId("campaign-open-1").click();
    await page.getByTestId("campaign-tab-schedule").click();
    const blockers = page.getByTestId("launch-blockers");
    await blockers.waitFor();
    assert.match(await blockers.innerText(), /no draft of this campaign is approved/);
    assert.doesNotMatch(await blockers.innerText(), /sender account/, "the account added above counts");
    await page.getByTestId("schedule-empty").waitFor();
    await page.getByTestId("campaign-launch").click();
    await page.getByTestId("launch-refused").filter({ hasText: 'Campaign "Q1 SaaS founders" cannot start sending yet: no draft of this campaign is approved' }).waitFor();
    await page.screenshot({ path: artifactPath("sending-schedule-blocked.png"), fullPage: true });
  });

  await run.check("with approved drafts the preview plays the sends forward, and the campaign launches", async () => {
    // Drafts approved in the Review tab (the review e2e drives that by keyboard).
    await page.evaluate(() => {
      for (const d of window.__reachMock.drafting.drafts) d.status = "approved";
      window.__reachMock.emit("data-changed", { entity: "drafts", workspace_id: 1 });
    });
    await page.getByTestId("schedule-sends").waitFor();
    await page.getByTestId("launch-blockers").waitFor({ state: "detached" });
    assert.match(await text("schedule-summary"), /4 mails waiting/);
    assert.match(await page.getByTestId("schedule-sends").innerText(), /Europe\/London/);
    await page.screenshot({ path: artifactPath("sending-schedule.png"), fullPage: true });
    await page.getByTestId("campaign-launch").click();
    await toast(/is launched/);
    await page.getByTestId("campaign-sending").filter({ hasText: "Sending" }).waitFor();
    await page.getByTestId("campaign-pause").waitFor();
  });

  await run.check("Activity counts each state; an unknown attempt is marked sent after confirmation", async () => {
    await page.getByTestId("campaign-tab-activity").click();
    await page.getByTestId("status-chip-unknown").filter({ hasText: "Unknown 1" }).waitFor();
    assert.match(await text("status-chip-sent"), /Sent 1/);
    assert.match(await text("status-chip-queued"), /Scheduled 2/);
    await page.getByTestId("unknown-callout").waitFor();
    assert.match(await page.getByTestId("outbox-table").innerText(), /250 2\.0\.0 OK queued as 4F2A1/);
    await page.screenshot({ path: artifactPath("sending-activity.png"), fullPage: true });
    await page.getByTestId("attempt-mark-sent-2").click();
    const dialog = page.getByTestId("resolve-dialog");
    await dialog.getByTestId("sent-lookup").filter({ hasText: "Not in Sent" }).waitFor();
    assert.match(await dialog.getByTestId("sent-lookup").innerText(), /proves nothing/, "the Sent folder's evidence is shown before deciding");
    await dialog.getByRole("button", { name: "Mark sent" }).click();
    await toast(/Marked as sent/);
    await page.getByTestId("status-chip-unknown").filter({ hasText: "Unknown 0" }).waitFor();
    assert.deepEqual(await mockCalls("outbox_resolve"), [{ id: 2, sent: true }]);
    assert.equal(await text("attempt-status-2"), "Sent");
  });

  await run.check("the campaigns list shows the campaign sending; a pause shows with its note", async () => {
    await page.getByTestId("campaign-pause").click();
    await page.getByTestId("campaign-sending").filter({ hasText: "Paused" }).waitFor();
    await page.getByTestId("campaign-back").click();
    await page.getByTestId("campaign-sending-1").filter({ hasText: "Paused" }).waitFor();
    assert.match(await text("campaign-paused-1"), /Paused by you/);
  });

  await run.check("leads ticked in the Leads screen are suppressed from the bulk bar", async () => {
    await page.getByTestId("nav-leads").click();
    const rows = page.getByTestId("lead-row");
    await rows.first().waitFor();
    await rows.nth(0).getByRole("checkbox").check();
    await rows.nth(1).getByRole("checkbox").check();
    await page.getByTestId("bulk-suppress").click();
    await page.getByTestId("bulk-suppress-reason").fill("asked not to be contacted");
    await page.getByTestId("bulk-suppress-dialog").getByRole("button", { name: "Suppress" }).click();
    await toast(/Suppressed 2 addresses/);
    const [call] = await mockCalls("suppression_add_leads");
    assert.equal(call.lead_ids.length, 2);
    assert.equal(call.reason, "asked not to be contacted");
  });

  await run.check("no console errors", async () => {
    assert.deepEqual(consoleErrors, []);
  });
});
