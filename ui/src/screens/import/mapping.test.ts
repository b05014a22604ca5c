import { describe, expect, it } from "vitest";
import type { ColumnMapping } from "../../ipc/bindings/ColumnMapping";
import { assignTarget, emailColumn, initialMapping, sampleValues } from "./mapping";

const m = (targets: ColumnMapping["target"][]): ColumnMapping[] => targets.map((target, column) => ({ column, header: `h${column}`, target }));

describe("column mapping", () => {
  it("moves a lead field to the newly chosen column", () => {
    expect(assignTarget(m(["email", "custom", "company"]), 1, "email").map((x) => x.target)).toEqual(["custom", "email", "company"]);
  });

  it("lets custom and ignore repeat", () => {
    const next = assignTarget(assignTarget(m(["email", "custom", "custom"]), 1, "ignore"), 2, "ignore");
    expect(next.map((x) => x.target)).toEqual(["email", "ignore", "ignore"]);
  });

  it("finds the email column", () => {
    expect(emailColumn(m(["custom", "email"]))?.column).toBe(1);
    expect(emailColumn(m(["custom", "ignore"]))).toBeUndefined();
  });

  it("covers every header, keeping the engine's suggestion", () => {
    const mapping = initialMapping(["Email", "Notes", "Extra"], [{ column: 0, header: "Email", target: "email" }]);
    expect(mapping).toEqual([
      { column: 0, header: "Email", target: "email" },
      { column: 1, header: "Notes", target: "custom" },
      { column: 2, header: "Extra", target: "custom" },
    ]);
  });

  it("samples the first non-empty values of a column", () => {
    expect(sampleValues([["a", ""], ["b", " "], ["c", "x"], ["d", "y"]], 1)).toEqual(["x", "y"]);
  });
});
