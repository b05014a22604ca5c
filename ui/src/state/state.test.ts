import { describe, expect, it } from "vitest";
import { job } from "../test/fixtures";
import { QueryClient } from "@tanstack/react-query";
import { applyDataChanged, keysFor } from "./invalidation";
import { createJobProgressStore } from "./jobProgressStore";

describe("change events", () => {
  it("make lead counts and lead lists of that workspace stale when leads change", () => {
    expect(keysFor({ entity: "leads", workspace_id: 3 })).toEqual(
      expect.arrayContaining([["leads", 3], ["lead"], ["lead-countries", 3], ["campaigns", 3], ["workspaces"]]),
    );
  });

  it("reach every workspace when the engine names none", () => {
    expect(keysFor({ entity: "imports", workspace_id: null })).toEqual(expect.arrayContaining([["imports"], ["import-report"]]));
    expect(keysFor({ entity: "jobs", workspace_id: null })).toEqual(expect.arrayContaining([["jobs"], ["job"]]));
  });

  it("make the imports list stale when jobs change, since an import's state is its job's", () => {
    expect(keysFor({ entity: "jobs", workspace_id: 2 })).toEqual(expect.arrayContaining([["jobs", 2], ["imports", 2]]));
  });

  it("make the inbox, and the leads, outbox and accounts a reply changes, stale when the inbox changes", () => {
    expect(keysFor({ entity: "inbox", workspace_id: 4 })).toEqual(expect.arrayContaining([["inbox"], ["leads", 4], ["lead"], ["outbox"], ["sending", 4]]));
  });

  it("make every cached read stale when another process wrote the database", async () => {
    const client = new QueryClient();
    const keys = [["workspaces"], ["leads", 1, "pages", {}], ["job", 3, "items"], ["providers"], ["usage", 1, "2026-11"]];
    for (const key of keys) client.setQueryData(key, 1);
    applyDataChanged(client, { entity: "everything", workspace_id: null });
    expect(keys.filter((key) => !client.getQueryState(key)?.isInvalidated)).toEqual([]);
  });
});

describe("job progress store", () => {
  it("keeps the latest progress per job and tells subscribers", () => {
    const store = createJobProgressStore();
    let notified = 0;
    store.subscribe(() => notified++);
    store.apply({ job: job({ id: 1, done: 10, total: 100 }), rate_per_sec: 50, eta_seconds: 2 });
    store.apply({ job: job({ id: 2, done: 5, total: 10 }), rate_per_sec: 5, eta_seconds: 1 });
    store.apply({ job: job({ id: 1, done: 40, total: 100 }), rate_per_sec: 60, eta_seconds: 1 });
    expect(store.get(1)?.job.done).toBe(40);
    expect(store.get(2)?.job.done).toBe(5);
    expect(notified).toBe(3);
  });

  it("ignores a late event that would move a running job backwards", () => {
    const store = createJobProgressStore();
    store.apply({ job: job({ id: 1, done: 40 }), rate_per_sec: 60, eta_seconds: 1 });
    store.apply({ job: job({ id: 1, done: 20 }), rate_per_sec: 60, eta_seconds: 1 });
    expect(store.get(1)?.job.done).toBe(40);
    store.apply({ job: job({ id: 1, done: 20, status: "cancelled" }), rate_per_sec: 0, eta_seconds: null });
    expect(store.get(1)?.job.status).toBe("cancelled");
  });
});

describe("drafting change events", () => {
  it("refresh the review lists and the sequence's counts when drafts stream in", () => {
    expect(keysFor({ entity: "drafts", workspace_id: 1 })).toEqual(expect.arrayContaining([["drafts"], ["sequence"]]));
  });

  it("refresh renders when enrichments change, and steps when templates do", () => {
    expect(keysFor({ entity: "enrichments", workspace_id: 1 })).toEqual(expect.arrayContaining([["enrichment"], ["template-render"]]));
    expect(keysFor({ entity: "templates", workspace_id: 1 })).toEqual(expect.arrayContaining([["templates"], ["sequence"]]));
    expect(keysFor({ entity: "sequences", workspace_id: 1 })).toEqual(expect.arrayContaining([["sequence"]]));
  });
});
