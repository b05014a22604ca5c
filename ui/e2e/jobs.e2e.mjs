// End-to-end: the Imports & jobs screen in headless Chromium against the built UI, with the engine's job
// runner emulated at the Tauri IPC boundary (see mock-engine.js): jobs of several kinds, pause (with its
// "Pausing…" until the batch ends), resume, cancel, retry failed items, a job's items, the engine's refusal
// of an action the job's state no longer allows, and a write by another process announced as "everything".
import assert from "node:assert/strict";
import { artifactPath, browserSuite, engineFixtures } from "./harness.mjs";
import { installMockEngine } from "./mock-engine.js";

const WAIT = 5000;
const LATER = "2030-01-07T08:00:00Z";

const items = (n, prefix) => Array.from({ length: n }, (_, i) => ({ key: `${prefix}-${i + 1}` }));
const jobs = [
  // 1: running, item by item.
  { kind: "enrich_leads", status: "running", started_at: "2026-11-25T09:30:00Z", items: items(12, "lead") },
  // 2: paused by the budget, with an item failed for good and one waiting for its retry.
  {
    kind: "research",
    status: "paused",
    started_at: "2026-11-25T09:30:00Z",
    message: "Paused: this workspace's AI budget for the month is used up",
    items: [
      { key: "northwind.com", status: "done", attempts: 1, result: "ok" },
      { key: "globex.com", status: "failed", attempts: 3, error: "the page answered 403 Forbidden", outcome: "fail" },
      { key: "initech.com", status: "pending", attempts: 1, error: "the provider is rate limited (429); trying again later", next_attempt_at: "2026-11-25T09:45:00Z" },
      { key: "hooli.com" },
    ],
  },
  // 3: recurring, its next run ahead.
  { kind: "sync_inbox", status: "queued", run_after: LATER, every_secs: 3600, items: [] },
];

await browserSuite({ title: "imports and jobs (headless Chromium)", wait: WAIT, failureShot: "jobs-failure.png" }, async ({ page, consoleErrors, mockCalls, text, run, preview }) => {
  const status = (id) => text(`job-status-${id}`);
  const row = (id) => page.getByTestId(`job-row-${id}`);
  /** Holds the emulated runner between checkpoints, or lets it go on. */
  const hold = (held) => page.evaluate((h) => (window.__reachMock.runner.held = h), held);

  // Colours switch at once when the theme changes, so screenshots show the theme and not a fade.
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.addInitScript(installMockEngine, { fixtures: engineFixtures, workspaces: 1, leads: 20, tickMs: 700, importRows: 1000, jobTickMs: 700, jobs, storeFile: { theme: "light" } });

  await run.check("Imports & jobs lists every job with its kind, status, progress and next run", async () => {
    await page.goto(preview.url);
    await page.getByTestId("nav-jobs").click();
    await page.getByTestId("jobs-table").waitFor();
    assert.equal(await text("job-kind-1"), "enrich_leads");
    assert.equal(await text("job-kind-3"), "sync_inbox");
    assert.equal(await status(2), "Paused");
    assert.match(await text("job-reason-2"), /AI budget for the month is used up/);
    assert.match(await text("job-progress-2"), /1 \/ 4 done.*1 failed.*1 waiting for retry/);
    assert.equal(await status(3), "Scheduled");
    assert.match(await text("job-next-3"), /^Starts .*Repeats every 1 h$/);
    await page.getByTestId("job-1").waitFor();
    assert.equal(await page.getByTestId("job-3").count(), 0, "a job scheduled for later is not running now");
  });

  await run.check("a running job shows its progress moving", async () => {
    const first = await text("job-progress-1");
    await page.waitForFunction((was) => document.querySelector('[data-testid="job-progress-1"]')?.textContent !== was, first);
    assert.match(await text("job-progress-1"), /\/ 12 done/);
  });

  await run.check("Pause shows Pausing… until the batch ends, then Paused", async () => {
    await hold(true);
    await row(1).getByRole("button", { name: "Pause enrich_leads #1" }).click();
    await row(1).getByTestId("row-pausing-1").waitFor();
    assert.equal(await status(1), "Pausing…");
    assert.equal(await page.getByTestId("job-1").getByTestId("job-pausing-1").isDisabled(), true);
    assert.deepEqual(await mockCalls("job_pause"), [{ id: 1 }]);
    await hold(false);
    await page.getByTestId("job-status-1").filter({ hasText: /^Paused$/ }).waitFor();
    await row(1).getByTestId("row-resume-1").waitFor();
  });

  await run.check("a job opens from the keyboard to its items with attempts, errors and next attempt", async () => {
    await page.getByTestId("job-expand-2").focus();
    await page.keyboard.press("Enter");
    const list = page.getByTestId("job-items-2");
    await list.waitFor();
    assert.match(await list.getByTestId("job-item-globex.com").innerText(), /Failed\s+3\s+the page answered 403 Forbidden/);
    const waiting = await list.getByTestId("job-item-initech.com").innerText();
    assert.match(waiting, /Waiting for retry\s+1\s+the provider is rate limited/);
    assert.doesNotMatch(waiting, /—\s*$/, "a waiting item says when it is tried again");
    assert.deepEqual(await mockCalls("job_items"), [{ id: 2 }]);
    await page.screenshot({ path: artifactPath("jobs-light.png"), fullPage: true });
  });

  await run.check("Resume runs a paused job to the end; Retry failed runs its failed item again", async () => {
    await row(2).getByTestId("row-resume-2").click();
    await page.getByTestId("job-status-2").filter({ hasText: /^Done$/ }).waitFor({ timeout: 8000 });
    assert.match(await text("job-progress-2"), /3 \/ 4 done.*1 failed/);
    assert.equal(await page.getByTestId("job-item-initech.com").innerText().then((t) => /Done/.test(t)), true, "the waiting item was retried and done");
    await row(2).getByRole("button", { name: "Retry the 1 failed items of research #2" }).click();
    await page.getByTestId("job-progress-2").filter({ hasText: /^4 \/ 4 done$/ }).waitFor({ timeout: 8000 });
    assert.equal(await status(2), "Done");
    assert.equal(await row(2).getByTestId("row-retry-2").count(), 0, "nothing is left to retry");
    assert.match(await page.getByTestId("job-item-globex.com").innerText(), /Done/);
    assert.deepEqual(await mockCalls("job_retry_failed"), [{ id: 2 }]);
  });

  await run.check("an action the job's state no longer allows says the engine's reason and shows the state", async () => {
    // Another process (the CLI) cancels the scheduled job without this window hearing of it.
    await page.evaluate(() => Object.assign(window.__reachMock.state.jobs.find((j) => j.id === 3), { status: "cancelled" }));
    await row(3).getByTestId("row-cancel-3").click();
    await page.getByTestId("toast-error").filter({ hasText: "job 3 is cancelled: only queued, running or paused jobs can be cancelled" }).waitFor();
    await page.getByTestId("job-status-3").filter({ hasText: /^Cancelled$/ }).waitFor();
    assert.equal(await row(3).getByRole("button", { name: /^Cancel / }).count(), 0);
  });

  await run.check("Cancel ends a paused job at once", async () => {
    await row(1).getByTestId("row-cancel-1").click();
    await page.getByTestId("job-status-1").filter({ hasText: /^Cancelled$/ }).waitFor();
    await page.getByTestId("no-running-jobs").waitFor();
  });

  await run.check("a write by another process, announced as everything, refreshes the screen", async () => {
    const before = (await mockCalls("job_list")).length;
    await page.evaluate(() => {
      const m = window.__reachMock;
      m.addJob({ kind: "import", status: "completed", total: 3, done: 3, started_at: m.stamp(), finished_at: m.stamp() });
      m.emit("data-changed", { entity: "everything", workspace_id: null });
    });
    await row(4).waitFor();
    assert.equal(await text("job-kind-4"), "Import");
    assert.ok((await mockCalls("job_list")).length > before);
    assert.ok((await mockCalls("workspace_list")).length > 1, "workspaces were read again too");
    await page.getByTestId("job-expand-4").click();
    assert.match(await text("job-items-empty-4"), /An import has no separate items/);
  });

  await run.check("an import started from the command line pauses at the end of its batch and resumes to the end", async () => {
    await page.evaluate(() => {
      const m = window.__reachMock;
      m.commands.import_start({ request: { workspace_id: 1, path: "/home/me/cli-leads.csv" } });
      m.emit("data-changed", { entity: "everything", workspace_id: null });
    });
    await page.getByTestId("job-5").filter({ hasText: "Importing cli-leads.csv" }).waitFor();
    await hold(true);
    await row(5).getByTestId("row-pause-5").click();
    await page.getByTestId("job-status-5").filter({ hasText: /^Pausing…$/ }).waitFor();
    await hold(false);
    await page.getByTestId("job-status-5").filter({ hasText: /^Paused$/ }).waitFor();
    await page.getByTestId("import-status-1").filter({ hasText: /^Paused$/ }).waitFor();
    const pausedAt = await text("job-progress-5");
    assert.doesNotMatch(pausedAt, /^1,000 \//, "it stopped before the end");
    await page.getByTestId("job-5").getByTestId("job-resume-5").click();
    await page.getByTestId("job-status-5").filter({ hasText: /^Done$/ }).waitFor({ timeout: 8000 });
    await page.getByTestId("import-status-1").filter({ hasText: /^Done$/ }).waitFor();
    assert.deepEqual(await mockCalls("job_resume"), [{ id: 2 }, { id: 5 }]);
  });

  await run.check("the screen in the dark theme", async () => {
    await page.getByRole("radio", { name: "Dark theme" }).click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark" || document.documentElement.classList.contains("dark"));
    await page.screenshot({ path: artifactPath("jobs-dark.png"), fullPage: true });
  });

  await run.check("no errors in the browser console", async () => {
    // The refused cancel is an answer the screen handles, not a console error.
    assert.deepEqual(consoleErrors, []);
  });
});
