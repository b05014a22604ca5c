// End-to-end: the import wizard in headless Chromium against the built UI, with the engine
// emulated at the Tauri IPC boundary (see mock-engine.js).
import assert from "node:assert/strict";
import { artifactPath, browserSuite, engineFixtures } from "./harness.mjs";
import { installMockEngine } from "./mock-engine.js";

const WAIT = 4000;

await browserSuite({ title: "import wizard (headless Chromium)", wait: WAIT, failureShot: "import-wizard-failure.png" }, async ({ page, consoleErrors, mockCalls, text, run, preview }) => {
  await page.addInitScript(installMockEngine, { fixtures: engineFixtures, workspaces: 1, leads: 240, tickMs: 150, importRows: 1200, pickPath: "/home/me/exports/leads.csv" });

  await run.check("the app opens on an existing workspace", async () => {
    await page.goto(preview.url);
    await page.getByTestId("workspace-switcher").waitFor();
    assert.match(await page.getByTestId("workspace-switcher").innerText(), /Northwind outreach/);
  });

  await run.check("Import in the sidebar opens the wizard", async () => {
    await page.getByTestId("nav-import").click();
    await page.getByTestId("wizard-step-pick").waitFor();
  });

  await run.check("a path that is not a lead file shows the engine's message inline", async () => {
    await page.getByTestId("wizard-path-input").fill("/home/me/notes.pdf");
    await page.getByTestId("wizard-inspect").click();
    const said = engineFixtures.errors.unsupported_file.message.replace("{file}", "notes.pdf");
    await page.getByText(new RegExp(said.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i")).waitFor();
    await page.getByTestId("wizard-step-pick").waitFor();
  });

  await run.check("Browse uses the native dialog and reads the chosen file", async () => {
    await page.getByTestId("wizard-browse").click();
    await page.getByTestId("wizard-step-mapping").waitFor();
    const dialogs = await mockCalls("plugin:dialog|open");
    assert.equal(dialogs.length, 1);
    const exts = dialogs[0].options.filters.flatMap((f) => f.extensions);
    for (const e of ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"]) assert.ok(exts.includes(e), `dialog filter lacks .${e}`);
    const inspects = await mockCalls("import_inspect");
    assert.equal(inspects.at(-1).request.path, "/home/me/exports/leads.csv");
  });

  await run.check("step 2 shows the file facts, the preview and the suggested mapping", async () => {
    assert.equal(await text("file-name"), "leads.csv");
    assert.equal(await text("file-rows"), "1,200");
    assert.equal(await text("file-encoding"), "UTF-8");
    assert.equal(await text("file-delimiter"), "Comma");
    assert.equal(await page.getByTestId("preview-table").locator("tbody tr").count(), 20);
    assert.equal(await page.getByTestId("mapping-select-0").inputValue(), "email");
    assert.equal(await page.getByTestId("mapping-select-4").inputValue(), "title");
    assert.equal(await page.getByTestId("mapping-email-warning").count(), 0);
    assert.ok(await page.getByTestId("wizard-start-import").isEnabled());
  });

  await run.check("mapping email away disables Import and asks for the email column", async () => {
    await page.getByTestId("mapping-select-0").selectOption("ignore");
    await page.getByTestId("mapping-email-warning").waitFor();
    assert.match(await text("mapping-email-warning"), /Choose which column holds the email address/);
    assert.ok(await page.getByTestId("wizard-start-import").isDisabled());
    await page.getByTestId("mapping-select-0").selectOption("email");
    await page.getByTestId("mapping-email-warning").waitFor({ state: "detached" });
  });

  await run.check("changing one column's field is sent to import_start", async () => {
    await page.getByTestId("mapping-select-4").selectOption("ignore");
    await page.getByTestId("wizard-start-import").click();
    await page.getByTestId("wizard-step-run").waitFor();
    const starts = await mockCalls("import_start");
    assert.equal(starts.length, 1);
    const { request } = starts[0];
    assert.equal(request.workspace_id, 1);
    assert.equal(request.path, "/home/me/exports/leads.csv");
    assert.deepEqual(
      request.mapping.map((m) => m.target),
      ["email", "first_name", "last_name", "company", "ignore", "country", "custom"],
    );
  });

  await run.check("progress events move the bar", async () => {
    const bar = page.getByTestId("import-progress");
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="import-progress"]');
      const now = Number(el?.getAttribute("aria-valuenow") ?? 0);
      return now > 0 && now < 1200;
    }, null, { timeout: WAIT });
    assert.equal(await bar.getAttribute("aria-valuemax"), "1200");
    assert.match(await text("import-progress-count"), /of 1,200 rows/);
    assert.match(await text("import-rate"), /2,400 rows\/s/);
  });

  await run.check("the report shows the engine's numbers", async () => {
    await page.getByTestId("wizard-step-report").waitFor();
    assert.equal(await text("report-imported"), "1,150");
    assert.equal(await text("report-duplicates"), "20");
    assert.equal(await text("report-duplicates-workspace"), "18");
    assert.equal(await text("report-invalid"), "12");
  });

  await run.check("the issues table lists the skipped rows", async () => {
    const rows = page.getByTestId("issues-table").locator("tbody tr");
    assert.equal(await rows.count(), 50);
    const first = await rows.first().innerText();
    assert.match(first, /3/);
    assert.match(first, /Invalid/);
    assert.match(first, /bob@@example/);
    await page.screenshot({ path: artifactPath("import-wizard-report.png"), fullPage: true });
  });

  await run.check("Download issues as CSV saves through the dialog and the engine", async () => {
    await page.getByTestId("download-issues").click();
    await page.getByTestId("toast-success").filter({ hasText: "Saved 50 issues" }).waitFor();
    const exports = await mockCalls("import_export_issues");
    assert.deepEqual(exports, [{ import_id: 1, dest_path: "/home/me/leads-issues.csv" }]);
  });

  await run.check("View imported leads opens Leads filtered by this import", async () => {
    await page.getByTestId("report-view-leads").click();
    await page.getByTestId("leads-table").waitFor();
    assert.equal(await page.getByTestId("filter-import").inputValue(), "1");
    const pages = await mockCalls("lead_page");
    assert.equal(pages.at(-1).query.filter.import_id, 1);
    assert.match(await text("leads-total"), /^30 leads/);
  });

  await run.check("Imports & jobs lists the finished import with the state the engine reports", async () => {
    await page.getByTestId("nav-jobs").click();
    await page.getByTestId("imports-table").waitFor();
    assert.equal(await text("import-status-1"), "Done");
    assert.equal(await page.getByTestId("no-running-jobs").count(), 1);
  });

  await run.check("no errors in the browser console", async () => {
    assert.deepEqual(consoleErrors, []);
  });
});
