// End-to-end: the leads table's campaigns in headless Chromium against the built UI, with the engine
// emulated at the Tauri IPC boundary (see mock-engine.js): filtering by a campaign through its
// enrollments, adding leads to a second campaign, taking them out, and a lead's campaigns in its details.
import assert from "node:assert/strict";
import { artifactPath, browserSuite, engineFixtures } from "./harness.mjs";
import { installMockEngine } from "./mock-engine.js";

const WAIT = 4000;

await browserSuite({ title: "leads and campaigns (headless Chromium)", wait: WAIT, failureShot: "leads-failure.png" }, async ({ page, consoleErrors, mockCalls, text, run, preview }) => {
  await page.addInitScript(installMockEngine, { fixtures: engineFixtures, workspaces: 1, leads: 240 });

  await run.check("the leads table opens with every lead", async () => {
    await page.goto(preview.url);
    await page.getByTestId("nav-leads").click();
    await page.getByTestId("leads-table").waitFor();
    await page.getByTestId("leads-total").filter({ hasText: /^240 leads/ }).waitFor();
  });

  await run.check("filtering by a campaign lists its enrollments with their stage there", async () => {
    await page.getByTestId("filter-campaign").selectOption({ label: "Q1 SaaS founders" });
    await page.getByTestId("leads-total").filter({ hasText: /^80 leads/ }).waitFor();
    const pages = await mockCalls("lead_page");
    assert.equal(pages.at(-1).query.filter.campaign_id, 1);
    assert.match(await page.getByTestId("lead-row").first().innerText(), /Enrolled/);
  });

  await run.check("every lead of one campaign is added to another; only the new ones count", async () => {
    await page.getByTestId("select-all-loaded").check();
    await page.getByTestId("bulk-add").click();
    await page.getByTestId("bulk-add-2").click();
    await page.getByTestId("toast-success").filter({ hasText: "Added 80 leads to “Guest posts”" }).waitFor();
    const bulk = await mockCalls("lead_bulk");
    assert.deepEqual(bulk.at(-1).request.action, { kind: "add_to_campaign", campaign_id: 2 });
  });

  await run.check("ticked leads are taken out of the campaign on screen and leave its list", async () => {
    await page.getByTestId("lead-row").first().waitFor();
    const rows = page.getByTestId("lead-row");
    await rows.nth(0).getByRole("checkbox").check();
    await rows.nth(1).getByRole("checkbox").check();
    await page.getByTestId("bulk-remove").click();
    await page.getByTestId("bulk-remove-1").click();
    await page.getByTestId("toast-success").filter({ hasText: "Removed 2 leads from “Q1 SaaS founders”" }).waitFor();
    await page.getByTestId("leads-total").filter({ hasText: /^78 leads/ }).waitFor();
  });

  await run.check("a lead's details list the campaigns it is in, with stage and step", async () => {
    await page.getByTestId("lead-row").first().click();
    const enrollments = page.getByTestId("lead-enrollments");
    await enrollments.waitFor();
    const shown = await enrollments.innerText();
    assert.match(shown, /Q1 SaaS founders/);
    assert.match(shown, /Guest posts/);
    assert.match(shown, /Enrolled/);
    assert.match(shown, /step 1/);
    await page.screenshot({ path: artifactPath("leads-enrollments.png"), fullPage: true });
  });

  await run.check("no errors in the browser console", async () => {
    assert.deepEqual(consoleErrors, []);
  });
});
