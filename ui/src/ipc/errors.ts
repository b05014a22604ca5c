import type { AppError as AppErrorShape } from "./bindings/AppError";
import type { ErrorCode } from "./bindings/ErrorCode";

const CODES: readonly ErrorCode[] = [
  "validation",
  "not_found",
  "conflict",
  "file_unreadable",
  "keychain_unavailable",
  "offline",
  "cancelled",
  "internal",
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

/** The sentence shown to the user for an engine error. */
export function describeError(error: AppError): string {
  switch (error.code) {
    case "internal":
      return `Something went wrong: ${error.message}`;
    default:
      return error.message;
  }
}
