// End-to-end: a campaign's review queue cleared by keyboard only, in headless Chromium against the built UI,
// with drafting and review emulated at the Tauri IPC boundary (see mock-drafting.js): j/k move, a approves,
// approve refused on a draft with a QC error, e edits (Ctrl+Enter saves) and the diff shows, r rejects with a
// note, g regenerates a new version, and the counter reaches 0. Then a batch is frozen and exported.
import assert from "node:assert/strict";
import { artifactPath, browserSuite, engineFixtures } from "./harness.mjs";
import { installMockDrafting } from "./mock-drafting.js";
import { installMockEngine } from "./mock-engine.js";

const WAIT = 5000;

await browserSuite({ title: "review queue by keyboard (headless Chromium)", wait: WAIT, failureShot: "review-failure.png" }, async ({ page, consoleErrors, mockCalls, text, run, preview }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.addInitScript(installMockEngine, { fixtures: engineFixtures, workspaces: 1, leads: 30, storeFile: { theme: "light" } });
  await page.addInitScript(installMockDrafting, { drafts: 6, qcErrorAt: [2] });
  const left = () => text("review-left");
  const current = () => page.getByTestId("draft-view").getAttribute("data-draft-id");
  const key = (k) => page.keyboard.press(k);
  const waitLeft = (n) => page.getByTestId("review-left").filter({ hasText: new RegExp(`^${n}$`) }).waitFor();

  await run.check("a campaign opens on its page and its Review tab counts what is left", async () => {
    await page.goto(preview.url);
    await page.getByTestId("nav-campaigns").click();
    await page.getByTestId("campaign-open-1").click();
    await page.getByTestId("campaign-title").filter({ hasText: "Q1 SaaS founders" }).waitFor();
    await page.getByTestId("campaign-tab-review").click();
    await waitLeft(6);
    assert.equal(await page.getByTestId("draft-row").count(), 6);
    assert.match(await text("review-hints"), /approve/);
    await page.screenshot({ path: artifactPath("review-queue.png"), fullPage: true });
  });

  await run.check("j and k move through the queue; ? shows every shortcut", async () => {
    assert.equal(await current(), "1");
    await key("j");
    await page.getByTestId("draft-view").and(page.locator('[data-draft-id="2"]')).waitFor();
    await key("k");
    await page.getByTestId("draft-view").and(page.locator('[data-draft-id="1"]')).waitFor();
    await key("?");
    await page.getByTestId("review-cheatsheet").waitFor();
    await key("?");
    await page.getByTestId("review-cheatsheet").waitFor({ state: "detached" });
  });

  await run.check("a approves and the next waiting draft opens", async () => {
    await key("a");
    await waitLeft(5);
    await page.getByTestId("draft-view").and(page.locator('[data-draft-id="2"]')).waitFor();
    await key("a");
    await waitLeft(4);
    await page.getByTestId("draft-view").and(page.locator('[data-draft-id="3"]')).waitFor();
  });

  await run.check("approve is refused on a draft with a QC error, and says why", async () => {
    await page.getByTestId("approve-blocked").waitFor();
    assert.equal(await page.getByTestId("action-approve").isDisabled(), true);
    assert.match(await page.getByTestId("draft-body").innerText(), /\{\{ podcast_name \}\}/);
    await key("a");
    await page.getByTestId("toast-error").filter({ hasText: /cannot be approved/ }).waitFor();
    assert.equal(await left(), "4");
    await page.screenshot({ path: artifactPath("review-qc-refused.png"), fullPage: true });
  });

  await run.check("e edits inline; Ctrl+Enter saves and the diff shows what changed", async () => {
    await key("e");
    const body = page.getByTestId("draft-edit-body");
    await body.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "draft-edit-body");
    await key("Control+a");
    await page.keyboard.type("Hi Ken,\n\nI listened to your interview and have an idea for your site.\n\nBest,\nSam");
    await key("Control+Enter");
    await page.getByTestId("draft-diff").waitFor();
    assert.ok((await page.getByTestId("draft-diff-body").locator("ins").count()) > 0, "added words are marked");
    assert.ok((await page.getByTestId("draft-diff-body").locator("del").count()) > 0, "removed words are marked");
    assert.equal(await page.getByTestId("approve-blocked").count(), 0, "the edit removed the hole");
    await page.screenshot({ path: artifactPath("review-edit-diff.png"), fullPage: true });
    await key("a");
    await waitLeft(3);
  });

  await run.check("r rejects with a note", async () => {
    const id = await current();
    await key("r");
    await page.getByTestId("draft-reject-text").waitFor();
    await page.keyboard.type("Wrong person: she left the company");
    await key("Enter");
    await waitLeft(2);
    const calls = await mockCalls("review_decide");
    assert.deepEqual(calls.at(-1), { id: Number(id), decision: { action: "reject", note: "Wrong person: she left the company" } });
  });

  await run.check("g regenerates with an instruction into a new version, which is then approved", async () => {
    await key("g");
    await page.getByTestId("draft-regenerate-text").waitFor();
    await page.keyboard.type("Shorter, and mention their pricing page");
    await key("Enter");
    await page.getByTestId("draft-version").filter({ hasText: "v2" }).waitFor();
    assert.match(await page.getByTestId("draft-versions").innerText(), /v1/);
    const regen = await mockCalls("draft_regenerate");
    assert.deepEqual(regen.at(-1), { id: Number(await current()), instruction: "Shorter, and mention their pricing page", keep_spin: true });
    await key("a");
    await waitLeft(1);
  });

  await run.check("the last draft is approved and the counter reaches 0", async () => {
    await key("a");
    await waitLeft(0);
    await page.getByTestId("review-done").waitFor();
    await page.screenshot({ path: artifactPath("review-done.png"), fullPage: true });
  });

  await run.check("a batch is frozen from a filter, reviewed with its QC snapshot, and exported", async () => {
    await page.getByTestId("review-filter-status").selectOption("all");
    await page.getByTestId("review-total").filter({ hasText: "6 drafts" }).waitFor();
    await page.getByTestId("review-view-batches").click();
    await page.getByTestId("batch-new").click();
    await page.getByTestId("batch-name").fill("Week 1");
    await page.getByTestId("batch-create").click();
    await page.getByTestId("toast-success").filter({ hasText: "Batch “Week 1” frozen with 6 drafts" }).waitFor();
    assert.match(await page.getByTestId("batch-1").innerText(), /Week 1[\s\S]*6[\s\S]*5/);
    await page.getByTestId("batch-open-1").click();
    await page.getByTestId("draft-qc-frozen").waitFor();
    await page.getByTestId("export-batch-1").click();
    await page.getByTestId("export-batch-1-csv").click();
    await page.getByTestId("toast-success").filter({ hasText: "Exported 5 approved drafts" }).waitFor();
    const exported = await mockCalls("review_export");
    assert.deepEqual(exported.at(-1), { campaign_id: 1, batch_id: 1, format: "csv", path: "/home/me/week-1-approved.csv" });
    await page.screenshot({ path: artifactPath("review-batch.png"), fullPage: true });
  });

  await run.check("a model's draft streams in above the queue as it is written, and leaves once saved", async () => {
    await page.getByTestId("review-view-queue").click();
    const piece = (text) => ({ workspace_id: 1, campaign_id: 1, lead_id: 3, step: 2, chunk: { kind: "delta", text } });
    const send = (payload) => page.evaluate((p) => window.__reachMock.emit("draft-writing", p), payload);
    await send(piece('{"subject": "Re: Short question", "body": "Hi Linus,\\n\\nOne more thought on your'));
    await page.getByTestId("writing-body").filter({ hasText: "One more thought on your" }).waitFor();
    await send(piece(' SEO roadmap: worth ten minutes?"}'));
    await page.getByTestId("writing-body").filter({ hasText: "SEO roadmap: worth ten minutes?" }).waitFor();
    await page.screenshot({ path: artifactPath("review-writing.png"), fullPage: true });
    await page.evaluate(() => window.__reachMock.emit("data-changed", { entity: "drafts", workspace_id: 1 }));
    await page.getByTestId("writing-now").waitFor({ state: "detached" });
  });

  await run.check("no errors in the browser console", async () => {
    assert.deepEqual(consoleErrors, []);
  });
});
