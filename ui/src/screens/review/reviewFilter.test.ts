import { describe, expect, it } from "vitest";
import { START_FILTER, nextAfterDecision, toDraftFilter } from "./reviewFilter";

describe("review filters", () => {
  it("start with the drafts still waiting for a decision", () => {
    expect(toDraftFilter(7, START_FILTER)).toEqual({ campaign_id: 7, statuses: ["pending", "regenerated"], step: null, variant: null, qc: null, search: null, batch_id: null });
  });

  it("turn a QC choice into the engine's filter, one check included", () => {
    expect(toDraftFilter(1, { ...START_FILTER, qc: "passing", status: "all", step: 1 })).toMatchObject({ statuses: [], step: 1, qc: { kind: "passing" } });
    expect(toDraftFilter(1, { ...START_FILTER, qc: "check:spam_words" }).qc).toEqual({ kind: "check", check: "spam_words" });
    expect(toDraftFilter(1, { ...START_FILTER, search: "  ada  " }).search).toBe("ada");
  });

  it("open the next waiting draft after a decision, skipping decided ones", () => {
    const list = [
      { id: 1, status: "pending" as const },
      { id: 2, status: "approved" as const },
      { id: 3, status: "regenerated" as const },
    ];
    expect(nextAfterDecision(list, 0)).toBe(3);
    expect(nextAfterDecision(list, 2)).toBe(2);
    expect(nextAfterDecision([{ id: 9, status: "pending" }], 0)).toBeNull();
  });
});
