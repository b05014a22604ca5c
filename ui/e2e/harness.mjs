// Shared plumbing for browser tests: serve the built app with `vite preview`, drive Debian's Chromium.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const UI_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ARTIFACTS = join(UI_DIR, "e2e", "artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Starts `vite preview` over dist/ on a free port; resolves to its URL and a stop function. */
export async function startPreview() {
  if (!existsSync(join(UI_DIR, "dist", "index.html"))) throw new Error("dist/index.html is missing: run `npm run build` first");
  const port = await freePort();
  const child = spawn(join(UI_DIR, "node_modules", ".bin", "vite"), ["preview", "--host", "127.0.0.1", "--strictPort", "--port", String(port)], {
    cwd: UI_DIR,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
    }
  };
  try {
    await waitForHttp(url, 15_000, child);
  } catch (e) {
    stop();
    throw new Error(`${e.message}\n${output}`);
  }
  return { url, stop };
}

/**
 * A real engine's values and error sentences, which the engine mock answers with. `make bindings` writes
 * them from the engine (src/ui_fixtures.rs); `make check-bindings` fails when they are stale.
 */
export const engineFixtures = JSON.parse(readFileSync(new URL("../src/test/fixtures/engine.json", import.meta.url), "utf8"));

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export function artifactPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Runs named checks in order; stops at the first failure, since later checks build on earlier ones. */
export function createRunner() {
  let passed = 0;
  let failed = 0;
  let stopped = false;
  return {
    async check(name, fn) {
      if (stopped) return;
      const started = Date.now();
      try {
        await fn();
        passed++;
        console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
      } catch (e) {
        failed++;
        stopped = true;
        console.log(`  ✗ ${name}\n    ${String(e?.message ?? e).split("\n").join("\n    ")}`);
      }
    },
    get failed() {
      return failed;
    },
    summary() {
      return `${passed} passed, ${failed} failed`;
    },
  };
}

/**
 * Opens a page the size of a laptop window that records console errors, with helpers to read the emulated
 * engine's log of calls (`window.__reachMock`) and an element's text by test id.
 */
export async function openPage(browser, waitMs) {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.setDefaultTimeout(waitMs);
  const consoleErrors = [];
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  const mockCalls = (cmd) => page.evaluate((c) => window.__reachMock.calls.filter((x) => x.cmd === c).map((x) => x.args), cmd);
  const text = async (testId) => (await page.getByTestId(testId).textContent())?.trim();
  return { page, consoleErrors, mockCalls, text };
}

/**
 * Runs one browser test file: serves the built app, opens a page with the engine mock's plumbing, hands it
 * to `body` with the step runner, saves `failureShot` when a step failed, prints the summary and exits with
 * its status.
 */
export async function browserSuite({ title, wait, failureShot }, body) {
  const run = createRunner();
  let preview;
  let browser;
  let page;
  try {
    console.log(title);
    preview = await startPreview();
    browser = await launchBrowser();
    const opened = await openPage(browser, wait);
    page = opened.page;
    await body({ ...opened, run, preview });
  } catch (e) {
    await run.check("test harness", () => Promise.reject(e));
  } finally {
    if (page && run.failed > 0) await page.screenshot({ path: artifactPath(failureShot), fullPage: true }).catch(() => {});
    await browser?.close().catch(() => {});
    preview?.stop();
  }
  console.log(run.summary());
  process.exit(run.failed > 0 ? 1 : 0);
}
