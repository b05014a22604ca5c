import { openUrl } from "@tauri-apps/plugin-opener";
import { toAppError } from "./errors";

/** Opens an http(s) link in the user's browser; the app's capabilities refuse any other scheme. */
export async function openInBrowser(url: string): Promise<void> {
  try {
    await openUrl(url);
  } catch (raw) {
    throw toAppError(raw);
  }
}
