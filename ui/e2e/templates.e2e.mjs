// End-to-end: the template library and editor in headless Chromium against the built UI, with the engine
// emulated at the Tauri IPC boundary (see mock-drafting.js): a template with a syntax error shows its line
// and column, is fixed, gets a variable from the picker, is previewed against a lead with its holes and QC,
// and is saved; then it becomes a campaign's follow-up step, previewed for an enrolled lead.
import assert from "node:assert/strict";
import { artifactPath, browserSuite, engineFixtures } from "./harness.mjs";
import { installMockDrafting } from "./mock-drafting.js";
import { installMockEngine } from "./mock-engine.js";

const WAIT = 5000;

await browserSuite({ title: "templates and the sequence (headless Chromium)", wait: WAIT, failureShot: "templates-failure.png" }, async ({ page, consoleErrors, mockCalls, text, run, preview }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.addInitScript(installMockEngine, { fixtures: engineFixtures, workspaces: 1, leads: 30, storeFile: { theme: "dark" } });
  await page.addInitScript(installMockDrafting, { drafts: 3, qcErrorAt: [] });

  await run.check("Templates sits between Leads and Imports & jobs and lists the library by category", async () => {
    await page.goto(preview.url);
    const labels = await page.locator(".nav__label").allInnerTexts();
    assert.ok(labels.indexOf("Templates") > labels.indexOf("Leads") && labels.indexOf("Templates") < labels.indexOf("Imports & jobs"), labels.join(", "));
    await page.getByTestId("nav-templates").click();
    await page.getByTestId("template-group-First touch").waitFor();
    assert.match(await text("template-1"), /SaaS intro/);
  });

  await run.check("a template with a syntax error shows the problem's line and column", async () => {
    await page.getByTestId("template-new").click();
    await page.getByTestId("template-name").fill("Follow-up nudge");
    await page.getByTestId("template-category").fill("Follow-up");
    await page.getByTestId("template-subject").fill("Re: {{ company }}");
    await page.getByTestId("template-body").fill("Hi {{ first_name }},\n\nJust {checking|following} up on {{ company.\n\nSam");
    await page.getByTestId("template-problem").waitFor();
    assert.equal(await text("template-problem-place"), "Body, line 3, column 33");
    assert.match(await text("template-problem-line"), /company\./);
    await page.screenshot({ path: artifactPath("templates-problem.png"), fullPage: true });
  });

  await run.check("fixing it clears the problem; an unknown variable is a warning", async () => {
    const body = page.getByTestId("template-body");
    await body.fill("{Hi|Hello} {{ first_name }},\n\nJust {checking|following} up on {{ company }} and {{ podcast }}.\n\nSam");
    await page.getByTestId("template-ok").waitFor();
    assert.match(await text("template-unknown"), /podcast/);
    await body.fill("{Hi|Hello} {{ first_name }},\n\nJust {checking|following} up on {{ company }}.\n\n");
    await page.getByTestId("template-unknown").waitFor({ state: "detached" });
  });

  await run.check("a variable from the picker goes in at the cursor", async () => {
    const body = page.getByTestId("template-body");
    await body.focus();
    await page.keyboard.press("Control+End");
    await page.getByTestId("variable-opener").click();
    await page.keyboard.type("\nSam");
    assert.match(await body.inputValue(), /\{\{ opener \}\}\nSam$/);
  });

  await run.check("the preview shows the template written for a chosen lead, with QC chips", async () => {
    await page.getByTestId("lead-picker-search").fill("Ada");
    await page.locator('[data-testid^="lead-picker-lead-"]').filter({ hasText: "Ada" }).first().click();
    await page.getByTestId("template-preview-body").filter({ hasText: /Sam$/ }).waitFor();
    assert.match(await text("template-preview-body"), /^(Hi|Hello) Ada,/);
    assert.match(await text("template-preview-subject"), /^Re: /);
    await page.getByTestId("template-preview-qc").waitFor();
    await page.getByTestId("preview-campaign").selectOption({ label: "Q1 SaaS founders" });
    await page.getByTestId("empty-variables").waitFor();
    await page.screenshot({ path: artifactPath("templates-preview.png"), fullPage: true });
  });

  await run.check("the template is saved into its category", async () => {
    await page.getByTestId("template-save").click();
    await page.getByTestId("toast-success").filter({ hasText: "Template “Follow-up nudge” created" }).waitFor();
    await page.getByTestId("template-group-Follow-up").waitFor();
    const created = await mockCalls("template_create");
    assert.equal(created.at(-1).input.category, "Follow-up");
  });

  await run.check("it is added as the campaign's follow-up step", async () => {
    await page.getByTestId("nav-campaigns").click();
    await page.getByTestId("campaign-open-1").click();
    await page.getByTestId("campaign-tab-sequence").click();
    await page.getByTestId("step-1").waitFor();
    await page.getByTestId("sequence-add-step").click();
    await page.getByTestId("step-template").selectOption({ label: "Follow-up · Follow-up nudge" });
    await page.getByTestId("step-delay").fill("4");
    await page.getByTestId("step-save").click();
    await page.getByTestId("step-2").waitFor();
    const step2 = await page.getByTestId("step-2").innerText();
    assert.match(step2, /Follow-up after 4 days/);
    assert.match(step2, /Follow-up nudge/);
    const added = await mockCalls("sequence_add_step");
    assert.deepEqual(added.at(-1), { campaign_id: 1, input: { step: 0, variant: "", weight: 1, delay_days: 4, channel: "email", template_id: 2, ai_prompt: null, article: null } });
  });

  await run.check("the new variant previews for an enrolled lead, with the variables left empty", async () => {
    const v = page.getByTestId("variant-2-A");
    const id = (await v.getByRole("button", { name: "Preview" }).getAttribute("data-testid")).split("-").pop();
    await v.getByRole("button", { name: "Preview" }).click();
    await page.getByTestId(`variant-lead-${id}-search`).click();
    await page.locator(`[data-testid^="variant-lead-${id}-lead-"]`).first().click();
    await page.getByTestId(`variant-render-${id}`).waitFor();
    await page.getByTestId(`variant-empty-${id}`).waitFor();
    await page.screenshot({ path: artifactPath("sequence-preview.png"), fullPage: true });
  });

  await run.check("deleting a step with drafts waiting asks first, with the engine's reason", async () => {
    await page.getByTestId("variant-delete-1").click();
    await page.getByTestId("delete-variant-confirm").click();
    await page.getByTestId("delete-variant-text").filter({ hasText: /3 drafts that wait for review/ }).waitFor();
    await page.getByTestId("delete-variant-confirm").click();
    await page.getByTestId("toast-success").filter({ hasText: "Deleted step 1, variant A" }).waitFor();
    assert.deepEqual((await mockCalls("sequence_delete_step")).map((c) => c.confirmed), [false, true]);
  });

  await run.check("a template in use cannot be deleted; the engine says why", async () => {
    await page.getByTestId("nav-templates").click();
    await page.getByTestId("template-actions-2").click();
    await page.getByTestId("template-delete-2").click();
    await page.getByTestId("delete-template-confirm").click();
    await page.getByTestId("toast-error").filter({ hasText: /is used by the sequence of/ }).waitFor();
  });

  await run.check("no errors in the browser console", async () => {
    assert.deepEqual(consoleErrors, []);
  });
});
