import { describe, expect, it } from "vitest";
import { AppError } from "../../../ipc/errors";
import { account } from "../../../test/sendingFixtures";
import { addFolder, foldersFormFrom, foldersToSave, refusalField, sentCopyLine } from "./foldersForm";

describe("folders form", () => {
  it("reads the engine's null, empty and named sent folder as auto, none and a name", () => {
    expect(foldersFormFrom(account({ sent_folder: null }))).toMatchObject({ sent: "auto", sentName: "" });
    expect(foldersFormFrom(account({ sent_folder: "" }))).toMatchObject({ sent: "none", sentName: "" });
    expect(foldersFormFrom(account({ sent_folder: "Sent Items", imap_extra_folders: ["Replies"] }))).toMatchObject({ sent: "named", sentName: "Sent Items", extra: ["Replies"] });
  });

  it("adds a trimmed name once, and says why INBOX, a repeat or nothing is not added", () => {
    expect(addFolder(["Replies"], "  INBOX/Leads ")).toEqual({ extra: ["Replies", "INBOX/Leads"] });
    expect(addFolder(["Replies"], "replies")).toEqual({ error: "“replies” is already in the list." });
    expect(addFolder([], "inbox")).toEqual({ error: "INBOX is always read." });
    expect(addFolder([], "   ")).toHaveProperty("error");
  });

  it("saves a name left in the add field, none as an empty name and auto as null", () => {
    expect(foldersToSave({ extra: ["Replies"], draft: " Leads ", sent: "none", sentName: "ignored" })).toEqual({ folders: { sent_folder: "", extra_folders: ["Replies", "Leads"] } });
    expect(foldersToSave({ extra: ["Replies"], draft: "replies", sent: "auto", sentName: "" })).toEqual({ folders: { sent_folder: null, extra_folders: ["Replies"] } });
    expect(foldersToSave({ extra: [], draft: "", sent: "named", sentName: " Sent Items " })).toEqual({ folders: { sent_folder: "Sent Items", extra_folders: [] } });
  });

  it("asks for the folder's name when copies go to a named folder without one", () => {
    const checked = foldersToSave({ extra: [], draft: "", sent: "named", sentName: "  " });
    expect(checked).toHaveProperty("errors.sentName");
  });

  it("places the engine's refusal at the field whose name it quotes, the count at the list, the rest in the dialog", () => {
    const folders = { sent_folder: "Sent\u0007", extra_folders: ["Replies", "Re\tplies"] };
    const refuse = (message: string, code: "validation" | "internal" = "validation") => refusalField(new AppError(code, message), folders);
    expect(refuse('"Sent\u0007" is not a folder name; give it as the mail app shows it, e.g. Replies or INBOX/Leads')).toEqual({ field: "sentName", folder: null });
    expect(refuse('"Re\tplies" is not a folder name; give it as the mail app shows it, e.g. Replies or INBOX/Leads')).toEqual({ field: "extra", folder: "Re\tplies" });
    expect(refuse("at most 20 folders are read besides INBOX; 21 were given")).toEqual({ field: "extra", folder: null });
    expect(refuse("the database is locked", "internal")).toBeNull();
  });

  it("says on the card that with none the provider keeps its own copy", () => {
    expect(sentCopyLine(null)).toBe("sent mail saved to the server's Sent folder");
    expect(sentCopyLine("")).toBe("no copy of sent mail saved: the provider keeps its own");
    expect(sentCopyLine("Sent Items")).toBe("sent mail saved to “Sent Items”");
  });
});
