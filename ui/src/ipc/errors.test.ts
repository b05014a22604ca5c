import { describe, expect, it } from "vitest";
import { AppError, describeError, errorTitle, toAppError } from "./errors";

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

  it("words internal errors as something that went wrong, and leaves the others as the engine wrote them", () => {
    expect(describeError(new AppError("internal", "disk full"))).toBe("Something went wrong: disk full");
    expect(describeError(new AppError("validation", "Give the campaign a name."))).toBe("Give the campaign a name.");
    expect(describeError(new AppError("offline", "No connection to the internet."))).toBe("No connection to the internet.");
  });

  it("starts the engine's lower-case sentences with a capital", () => {
    expect(describeError(new AppError("validation", "give the model to use, e.g. gpt-4o-mini"))).toBe("Give the model to use, e.g. gpt-4o-mini");
    expect(describeError(new AppError("offline", "could not connect to Ollama; check that it is running"))).toBe("Could not connect to Ollama; check that it is running");
  });

  it("tells what to do when the keychain is locked, keeping the engine's detail", () => {
    const text = describeError(new AppError("keychain_unavailable", "the system keychain (Secret Service) could not be reached: locked"));
    expect(text).toMatch(/^Reach keeps API keys in your computer's keychain and could not open it\. Unlock the keychain/);
    expect(text).toContain("Details: The system keychain (Secret Service) could not be reached: locked");
    expect(errorTitle(new AppError("keychain_unavailable", "x"))).toBe("The keychain could not be opened");
  });

  it("explains an offline error without a sentence, and knows the budget code", () => {
    expect(describeError(new AppError("offline", ""))).toMatch(/check your internet connection/i);
    expect(errorTitle(new AppError("offline", "x"))).toBe("No connection");
    expect(toAppError({ code: "budget_exceeded", message: "the monthly AI budget is used up" }).code).toBe("budget_exceeded");
  });
});
