import { describe, expect, it } from "vitest";
import { isRunningNow } from "../../hooks/jobs";
import { job } from "../../test/fixtures";
import { formatEvery, kindLabel, nextRunLabel, statusLabel } from "./jobLabels";

const NOW = Date.parse("2026-12-07T12:00:00Z");

describe("job labels", () => {
  it("name known kinds and show a kind this version does not know by its own name", () => {
    expect(kindLabel("import")).toBe("Import");
    expect(kindLabel("enrich_leads")).toBe("enrich_leads");
  });

  it("say a queued job with a time ahead is scheduled and one asked to pause is pausing", () => {
    expect(statusLabel(job({ status: "queued", run_after: "2026-12-08T08:00:00Z" }), NOW).label).toBe("Scheduled");
    expect(statusLabel(job({ status: "queued", run_after: "2026-12-07T08:00:00Z" }), NOW).label).toBe("Waiting");
    expect(statusLabel(job({ status: "running", pause_requested: true }), NOW).label).toBe("Pausing…");
    expect(statusLabel(job({ status: "completed" }), NOW).label).toBe("Done");
  });

  it("say when a scheduled or recurring job runs next, and nothing for one that ran once", () => {
    expect(nextRunLabel(job({ status: "queued", run_after: "2026-12-08T08:00:00Z" }), NOW)).toMatch(/^Starts /);
    expect(nextRunLabel(job({ status: "queued", run_after: "2026-12-07T08:00:00Z" }), NOW)).toBe("Due now");
    expect(nextRunLabel(job({ status: "queued", run_after: "2026-12-08T08:00:00Z", every_secs: 86400 }), NOW)).toMatch(/^Starts .* · Repeats every day$/);
    expect(nextRunLabel(job({ status: "completed" }), NOW)).toBeNull();
    expect(nextRunLabel(job({ status: "cancelled", every_secs: 3600, run_after: "2026-12-08T08:00:00Z" }), NOW)).toBeNull();
    expect([formatEvery(900), formatEvery(7200), formatEvery(172800), formatEvery(45)]).toEqual(["every 15 min", "every 2 h", "every 2 days", "every 45 s"]);
  });

  it("count a job as running now unless it finished or waits for a time ahead", () => {
    expect(isRunningNow(job({ status: "paused" }), NOW)).toBe(true);
    expect(isRunningNow(job({ status: "queued", run_after: null }), NOW)).toBe(true);
    expect(isRunningNow(job({ status: "queued", run_after: "2026-12-08T08:00:00Z" }), NOW)).toBe(false);
    expect(isRunningNow(job({ status: "failed" }), NOW)).toBe(false);
  });
});
