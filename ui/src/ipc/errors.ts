import type { AppError as AppErrorShape } from "./bindings/AppError";
import type { ErrorCode } from "./bindings/ErrorCode";

const CODES: readonly ErrorCode[] = [
  "validation",
  "not_found",
  "conflict",
  "file_unreadable",
  "keychain_unavailable",
  "offline",
  "budget_exceeded",
  "cancelled",
  "internal",
  "confirmation_needed",
];

/** An engine error as the UI handles it: a code to switch on and a sentence written for the user. */
export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (CODES as readonly string[]).includes(value);
}

/** Turns whatever an invoke rejected with into an `AppError`; unknown shapes become `internal`. */
export function toAppError(raw: unknown): AppError {
  if (raw instanceof AppError) return raw;
  if (typeof raw === "object" && raw !== null) {
    const { code, message } = raw as { code?: unknown; message?: unknown };
    if (typeof message === "string") {
      return new AppError(isErrorCode(code) ? code : "internal", message);
    }
  }
  if (typeof raw === "string") return new AppError("internal", raw);
  if (raw instanceof Error) return new AppError("internal", raw.message);
  return new AppError("internal", "the app did not answer as expected");
}

/** Engine sentences may start in lower case, as Rust error messages do; the UI shows them as sentences. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/** A few words naming what happened, for a heading above `describeError`. */
export function errorTitle(error: AppError): string {
  switch (error.code) {
    case "offline":
      return "No connection";
    case "keychain_unavailable":
      return "The keychain could not be opened";
    case "budget_exceeded":
      return "The monthly AI budget is used up";
    case "validation":
      return "Check the settings";
    case "not_found":
      return "Not found";
    case "conflict":
      return "Already exists";
    case "file_unreadable":
      return "The file could not be read";
    case "cancelled":
      return "Stopped";
    case "internal":
      return "Something went wrong";
    case "confirmation_needed":
      return "Please confirm";
  }
}

/** The sentence shown to the user for an engine error. */
export function describeError(error: AppError): string {
  const message = sentence(error.message);
  switch (error.code) {
    case "internal":
      return `Something went wrong: ${error.message}`;
    case "keychain_unavailable":
      // The engine names the keychain backend and its failure; a consultant needs to know what to do.
      return `Reach keeps API keys in your computer's keychain and could not open it. Unlock the keychain (or sign in to your desktop again) and retry.${message ? ` Details: ${message}` : ""}`;
    case "offline":
      return message || "Reach could not reach the service. Check your internet connection, or that the local AI server is running.";
    default:
      return message;
  }
}
