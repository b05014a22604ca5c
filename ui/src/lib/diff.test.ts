import { describe, expect, it } from "vitest";
import { wordDiff } from "./diff";

describe("word diff", () => {
  it("keeps unchanged words and marks what was removed and added", () => {
    expect(wordDiff("Hi Ada, quick question", "Hello Ada, quick question")).toEqual([
      { kind: "removed", text: "Hi" },
      { kind: "added", text: "Hello" },
      { kind: "same", text: " Ada, quick question" },
    ]);
  });

  it("reads back both texts from its parts", () => {
    const before = "Line one\nLine two stays\nbye";
    const after = "Line one\nLine two changed stays\n\nbye now";
    const parts = wordDiff(before, after);
    expect(parts.filter((p) => p.kind !== "added").map((p) => p.text).join("")).toBe(before);
    expect(parts.filter((p) => p.kind !== "removed").map((p) => p.text).join("")).toBe(after);
  });

  it("says nothing changed for equal texts", () => {
    expect(wordDiff("same text", "same text")).toEqual([{ kind: "same", text: "same text" }]);
  });
});
