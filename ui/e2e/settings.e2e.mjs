// End-to-end: Settings (AI providers, fallback order, budget and usage) in headless Chromium against the
// built UI, served under the desktop shell's content security policy, with the engine emulated at the
// Tauri IPC boundary (mock-engine.js, mock-ai.js).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UI_DIR, artifactPath, browserSuite, engineFixtures } from "./harness.mjs";
import { installMockAi } from "./mock-ai.js";
import { installMockEngine } from "./mock-engine.js";

const WAIT = 4000;
const KEY = "sk-e2e-secret-key-7f3a";
// The window's policy, so a chart library that needs eval or a blocked stylesheet fails here first.
const CSP = JSON.parse(readFileSync(join(UI_DIR, "..", "src-tauri", "tauri.conf.json"), "utf8")).app.security.csp;


await browserSuite({ title: "settings (headless Chromium)", wait: WAIT, failureShot: "settings-failure.png" }, async ({ page, consoleErrors, mockCalls, text, run, preview }) => {
  await page.route(preview.url, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": CSP } });
  });
  await page.addInitScript(installMockEngine, { fixtures: engineFixtures, workspaces: 2, leads: 20, storeFile: { theme: "dark" } });
  await page.addInitScript(installMockAi, { deltaMs: 250 });

  await run.check("the app opens in the theme kept in the store file", async () => {
    await page.goto(preview.url);
    await page.getByTestId("workspace-switcher").waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    const loads = await mockCalls("plugin:store|load");
    assert.deepEqual(loads[0], { path: "prefs.json", options: { autoSave: true } });
  });

  await run.check("Settings in the sidebar opens on Sender accounts; the AI providers tab is empty", async () => {
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-screen").waitFor();
    assert.equal(await page.getByRole("tab", { name: "Sender accounts" }).getAttribute("aria-selected"), "true");
    await page.getByTestId("settings-tab-providers").click();
    assert.equal(await page.getByRole("tab", { name: "AI providers" }).getAttribute("aria-selected"), "true");
    await page.getByTestId("providers-empty").waitFor();
  });

  await run.check("adding a provider with a key lists it with the key's last characters only", async () => {
    await page.getByTestId("provider-add").click();
    const dialog = page.getByTestId("provider-dialog");
    await dialog.waitFor();
    assert.equal(await page.getByTestId("provider-base-url").inputValue(), "https://api.openai.com/v1");
    assert.equal(await page.getByTestId("provider-model").inputValue(), "gpt-4o-mini");
    assert.equal(await page.getByTestId("provider-key-input").getAttribute("type"), "password");
    await page.getByTestId("provider-key-input").fill(KEY);
    await page.getByTestId("provider-save").click();
    await dialog.waitFor({ state: "detached" });
    assert.equal(await text("provider-key-1"), "set, ends in …7f3a");
    const adds = await mockCalls("provider_add");
    assert.equal(adds.length, 1);
    assert.equal(adds[0].api_key, KEY);
    assert.equal(adds[0].input.preset, "openai");
    assert.ok(!(await page.content()).includes(KEY), "the key must never be rendered");
  });

  await run.check("a second provider from another preset", async () => {
    await page.getByTestId("provider-add").click();
    await page.getByTestId("provider-preset").selectOption("groq");
    assert.equal(await page.getByTestId("provider-name").inputValue(), "Groq");
    await page.getByTestId("provider-key-input").fill("gsk-another-0042");
    await page.getByTestId("provider-save").click();
    await page.getByTestId("provider-dialog").waitFor({ state: "detached" });
    assert.equal(await text("provider-key-2"), "set, ends in …0042");
  });

  await run.check("editing without typing a key keeps it (no api_key sent)", async () => {
    await page.getByTestId("provider-edit-1").click();
    assert.equal(await page.getByTestId("provider-key-input").inputValue(), "");
    await page.getByTestId("provider-rpm").fill("500");
    await page.getByTestId("provider-save").click();
    await page.getByTestId("provider-dialog").waitFor({ state: "detached" });
    const updates = await mockCalls("provider_update");
    assert.equal(updates.length, 1);
    assert.ok(!("api_key" in updates[0]) && !("remove_key" in updates[0]), JSON.stringify(updates[0]));
    assert.equal(await text("provider-key-1"), "set, ends in …7f3a");
    assert.match(await text("provider-limits-1"), /500 requests\/min/);
  });

  await run.check("Test shows the answer streaming in, then latency, tokens and cost", async () => {
    await page.getByTestId("provider-test-1").click();
    const answer = page.getByTestId("provider-test-panel-1-answer");
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="provider-test-panel-1-answer"]');
      return el && el.textContent.startsWith("Hello") && el.textContent.length < "Hello from the test model.".length;
    });
    assert.equal(await page.getByTestId("provider-test-panel-1-result").count(), 0, "the result comes after the streamed text");
    await page.getByTestId("provider-test-panel-1-result").waitFor();
    assert.equal((await answer.textContent()).trim(), "Hello from the test model.");
    assert.match(await text("provider-test-panel-1-latency"), /^[\d,]+ ms$/);
    assert.equal(await text("provider-test-panel-1-tokens"), "14 / 5");
    assert.equal(await text("provider-test-panel-1-cost"), "< $0.0001");
    const tests = await mockCalls("provider_test");
    assert.equal(tests[0].id, 1);
    assert.match(tests[0].on_delta, /^__CHANNEL__:/);
  });

  await run.check("the draft fallback order starts as the default and is reordered from the keyboard", async () => {
    const draft = page.getByTestId("route-draft");
    await draft.getByTestId("route-default-draft").waitFor();
    await draft.getByRole("button", { name: "Move Groq up" }).focus();
    await page.keyboard.press("Enter");
    const names = await draft.locator(".route-step__label").allTextContents();
    assert.deepEqual(names, ["Groq", "OpenAI"]);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Move Groq down");
    await draft.getByTestId("route-save-draft").click();
    await page.getByTestId("toast-success").filter({ hasText: "Saved the draft order" }).waitFor();
    assert.deepEqual(await mockCalls("route_set"), [{ purpose: "draft", steps: [{ provider_id: 2 }, { provider_id: 1 }] }]);
    await draft.getByTestId("route-default-draft").waitFor({ state: "detached" });
    assert.deepEqual(await draft.locator(".route-step__label").allTextContents(), ["Groq", "OpenAI"]);
  });

  await run.check("setting a monthly budget updates what remains", async () => {
    await page.getByTestId("settings-tab-budget").click();
    await page.getByTestId("budget-card").waitFor();
    assert.equal(await text("budget-spent"), "$2.24");
    assert.equal(await text("budget-held"), "$1.25");
    assert.equal(await text("budget-remaining"), "No limit");
    await page.getByTestId("budget-input").fill("20");
    await page.getByTestId("budget-save").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="budget-remaining"]')?.textContent === "$16.51");
    assert.deepEqual(await mockCalls("budget_set"), [{ workspace_id: 1, monthly_usd: 20 }]);
    assert.equal(await page.getByTestId("budget-progress").getAttribute("aria-valuenow"), "3.49");
  });

  await run.check("the month's charts, totals and recent calls are drawn", async () => {
    const day = page.getByTestId("usage-chart-day");
    await day.waitFor();
    // The seeded calls fall on two days of this month, or on one on the month's first day.
    const seededDays = Math.min(2, new Date().getDate());
    assert.ok((await day.locator(".recharts-bar-rectangle").count()) >= seededDays, "day bars drawn");
    const box = await day.locator("svg.recharts-surface").first().boundingBox();
    assert.ok(box && box.width > 300 && box.height > 150, `chart has a size: ${JSON.stringify(box)}`);
    await day.getByText("Cost (USD)").waitFor();
    const byProvider = page.getByTestId("usage-chart-provider");
    assert.deepEqual(await byProvider.locator(".recharts-label-list text").allTextContents(), ["$2.16", "$0.08"]);
    assert.equal(await text("usage-calls"), "4");
    assert.equal(await text("usage-cost"), "$2.24");
    assert.equal(await page.getByTestId("usage-recent").locator("tbody tr").count(), 4);
    await page.screenshot({ path: artifactPath("settings-budget.png"), fullPage: true });
  });

  await run.check("picking a month without calls shows the empty state", async () => {
    await page.getByTestId("usage-month-prev").click();
    await page.getByTestId("usage-chart-empty").waitFor();
    await page.getByTestId("usage-month-next").click();
    await page.getByTestId("usage-chart-day").waitFor();
  });

  await run.check("theme and workspace choices are written to the store file", async () => {
    await page.getByRole("radio", { name: "Light theme" }).click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
    await page.getByTestId("workspace-switcher").click();
    await page.getByTestId("workspace-option-2").click();
    await page.waitForFunction(() => window.__reachMock.storeFiles.get("prefs.json").last_workspace === 2);
    const file = await page.evaluate(() => window.__reachMock.storeFiles.get("prefs.json"));
    assert.deepEqual(file, { theme: "light", last_workspace: 2 });
  });

  await run.check("the page runs under the shell's content security policy", async () => {
    // An inline script is what the policy refuses; its expected console error is not counted below.
    const before = consoleErrors.length;
    const outcome = await page.evaluate(
      () =>
        new Promise((resolve) => {
          document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), { once: true });
          const probe = document.createElement("script");
          probe.textContent = "window.__inlineRan = true";
          document.body.append(probe);
          setTimeout(() => resolve(window.__inlineRan ? "inline script ran" : "no report"), 500);
        }),
    );
    assert.equal(outcome, "script-src-elem");
    await page.waitForTimeout(50);
    const probeErrors = consoleErrors.splice(before);
    assert.ok(probeErrors.every((m) => m.includes("inline script")), probeErrors.join("\n"));
  });

  await run.check("no errors in the browser console (content security policy included)", async () => {
    assert.deepEqual(consoleErrors, []);
  });
});
