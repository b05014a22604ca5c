import { describe, expect, it } from "vitest";
import { AppError, describeError, toAppError } from "./errors";

describe("engine errors", () => {
  it("keeps the engine's code and message", () => {
    const e = toAppError({ code: "conflict", message: "A campaign named “Q1” already exists" });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("conflict");
    expect(e.message).toBe("A campaign named “Q1” already exists");
  });

  it("treats unknown codes, bare strings and thrown errors as internal", () => {
    expect(toAppError({ code: "teapot", message: "short and stout" }).code).toBe("internal");
    expect(toAppError("command lead_pages not found")).toMatchObject({ code: "internal", message: "command lead_pages not found" });
    expect(toAppError(new Error("boom"))).toMatchObject({ code: "internal", message: "boom" });
    expect(toAppError(undefined).code).toBe("internal");
  });

  it("words internal errors as something that went wrong, and leaves the others as written", () => {
    expect(describeError(new AppError("internal", "disk full"))).toBe("Something went wrong: disk full");
    expect(describeError(new AppError("validation", "Give the campaign a name."))).toBe("Give the campaign a name.");
    expect(describeError(new AppError("offline", "No connection to the internet."))).toBe("No connection to the internet.");
  });
});
