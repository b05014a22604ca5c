import type { AccountView } from "../../../ipc/bindings/AccountView";
import type { MailboxFolders } from "../../../ipc/bindings/MailboxFolders";
import type { AppError } from "../../../ipc/errors";

/** Where copies of sent mail go: the server's Sent folder (found by the engine), none, or a named folder. */
export type SentChoice = "auto" | "none" | "named";

/** What the folders dialog edits. `draft` is the name typed in the add field, not yet in the list. */
export type FoldersForm = { extra: string[]; draft: string; sent: SentChoice; sentName: string };

export type FoldersErrors = Partial<Record<"extra" | "sentName", string>>;

type Folders = Pick<AccountView, "sent_folder" | "imap_extra_folders">;

/** The engine keeps `sent_folder` as null (the server's Sent folder), "" (none) or a folder's name. */
export function sentChoiceOf(sentFolder: string | null): SentChoice {
  if (sentFolder === null) return "auto";
  return sentFolder.trim() === "" ? "none" : "named";
}

export function foldersFormFrom(a: Folders): FoldersForm {
  const sent = sentChoiceOf(a.sent_folder);
  return { extra: [...a.imap_extra_folders], draft: "", sent, sentName: sent === "named" ? (a.sent_folder ?? "") : "" };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Adds the typed name to the folders read, or says why not (empty, INBOX, already listed). */
export function addFolder(extra: string[], raw: string): { extra: string[] } | { error: string } {
  const name = raw.trim();
  if (!name) return { error: "Type the folder's name first, as your mail app shows it." };
  if (same(name, "INBOX")) return { error: "INBOX is always read." };
  if (extra.some((e) => same(e, name))) return { error: `“${name}” is already in the list.` };
  return { extra: [...extra, name] };
}

/**
 * What goes to the engine: a name still in the add field counts as added (the user typed it and pressed
 * Save). The names themselves are the engine's to judge; its refusal is placed by `refusalField`.
 */
export function foldersToSave(form: FoldersForm): { folders: MailboxFolders } | { errors: FoldersErrors } {
  const errors: FoldersErrors = {};
  let extra = form.extra;
  if (form.draft.trim()) {
    const added = addFolder(extra, form.draft);
    if ("extra" in added) extra = added.extra;
  }
  const sentName = form.sentName.trim();
  if (form.sent === "named" && !sentName) errors.sentName = "Give the folder's name, as your mail app shows it (e.g. Sent Items).";
  if (Object.keys(errors).length > 0) return { errors };
  const sent_folder = form.sent === "auto" ? null : form.sent === "none" ? "" : sentName;
  return { folders: { sent_folder, extra_folders: extra } };
}

/**
 * Which field an engine refusal is about: the sent folder when the sentence quotes its name, else the list
 * of folders read (with the quoted folder, if one is). Anything but a validation error is the dialog's.
 */
export function refusalField(error: AppError, folders: MailboxFolders): { field: keyof FoldersErrors; folder: string | null } | null {
  if (error.code !== "validation") return null;
  const quotes = (name: string) => error.message.includes(`"${name.trim()}"`);
  if (folders.sent_folder && quotes(folders.sent_folder)) return { field: "sentName", folder: null };
  return { field: "extra", folder: folders.extra_folders.find(quotes) ?? null };
}

/** "INBOX, Replies, Leads": every folder read, INBOX first. */
export function foldersReadLine(extra: string[]): string {
  return ["INBOX", ...extra].join(", ");
}

/** Where copies of sent mail go, in the card's words. */
export function sentCopyLine(sentFolder: string | null): string {
  switch (sentChoiceOf(sentFolder)) {
    case "auto":
      return "sent mail saved to the server's Sent folder";
    case "none":
      return "no copy of sent mail saved: the provider keeps its own";
    case "named":
      return `sent mail saved to “${sentFolder}”`;
  }
}
