import { open, save } from "@tauri-apps/plugin-dialog";
import { toAppError } from "./errors";

export const IMPORT_EXTENSIONS = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"];

/** Asks the user for a lead file; resolves to its path, or null when the dialog was dismissed. */
export async function pickImportFile(): Promise<string | null> {
  try {
    const picked = await open({
      title: "Choose a lead file",
      multiple: false,
      directory: false,
      filters: [
        { name: "Lead files", extensions: IMPORT_EXTENSIONS },
        { name: "CSV or text", extensions: ["csv", "tsv", "txt"] },
        { name: "Spreadsheets", extensions: ["xlsx", "xlsm", "xls", "ods"] },
      ],
    });
    return typeof picked === "string" ? picked : null;
  } catch (raw) {
    throw toAppError(raw);
  }
}

/** Asks where to save a CSV; resolves to the chosen path, or null when dismissed. */
export async function pickCsvDestination(defaultName: string): Promise<string | null> {
  try {
    const path = await save({
      title: "Save issues as CSV",
      defaultPath: defaultName,
      filters: [{ name: "CSV", extensions: ["csv"] }],
    });
    return path ?? null;
  } catch (raw) {
    throw toAppError(raw);
  }
}

/** Asks where to save exported drafts; resolves to the chosen path, or null when dismissed. */
export async function pickExportDestination(defaultName: string, format: "json" | "csv"): Promise<string | null> {
  try {
    const path = await save({
      title: "Export approved drafts",
      defaultPath: defaultName,
      filters: [{ name: format.toUpperCase(), extensions: [format] }],
    });
    return path ?? null;
  } catch (raw) {
    throw toAppError(raw);
  }
}

/** Asks for a suppression list (CSV or plain text); resolves to its path, or null when dismissed. */
export async function pickSuppressionFile(): Promise<string | null> {
  try {
    const picked = await open({
      title: "Choose a suppression list",
      multiple: false,
      directory: false,
      filters: [{ name: "CSV or text", extensions: ["csv", "tsv", "txt"] }],
    });
    return typeof picked === "string" ? picked : null;
  } catch (raw) {
    throw toAppError(raw);
  }
}

/** Asks where to save the suppression list; resolves to the chosen path, or null when dismissed. */
export async function pickSuppressionDestination(defaultName: string): Promise<string | null> {
  try {
    const path = await save({ title: "Export the suppression list", defaultPath: defaultName, filters: [{ name: "CSV", extensions: ["csv"] }] });
    return path ?? null;
  } catch (raw) {
    throw toAppError(raw);
  }
}

/** Asks for the folder a dry run writes its .eml files to; resolves to it, or null when dismissed. */
export async function pickDryRunFolder(): Promise<string | null> {
  try {
    const picked = await open({ title: "Write the dry run's messages to…", multiple: false, directory: true });
    return typeof picked === "string" ? picked : null;
  } catch (raw) {
    throw toAppError(raw);
  }
}
