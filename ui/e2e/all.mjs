// Runs every browser test file in turn (each serves and drives its own page) and ends with one
// "N passed, M failed" line for all of them; exits non-zero when any check or file failed.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { UI_DIR } from "./harness.mjs";

const dir = join(UI_DIR, "e2e");
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".e2e.mjs"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let passed = 0;
let failed = 0;
for (const file of files) {
  const result = spawnSync(process.execPath, [join(dir, file)], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  process.stdout.write(result.stdout ?? "");
  const summary = /^(\d+) passed, (\d+) failed$/m.exec(result.stdout ?? "");
  if (summary) {
    passed += Number(summary[1]);
    failed += Number(summary[2]);
  }
  // A file that crashed before its summary, or exited non-zero without counting a failure, still fails the run.
  if (!summary || (result.status !== 0 && Number(summary[2]) === 0)) failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || files.length === 0 ? 1 : 0);
