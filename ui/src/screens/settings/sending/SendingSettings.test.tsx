import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AccountView } from "../../../ipc/bindings/AccountView";
import { engineError, mockEngine } from "../../../test/engine";
import { workspace } from "../../../test/fixtures";
import { renderApp } from "../../../test/render";
import { account, compliance, MAIL_PRESETS } from "../../../test/sendingFixtures";
import { SettingsScreen } from "../SettingsScreen";

describe("sender accounts", () => {
  it("says what to do first when there is no mailbox, then adds one from a preset with its password", async () => {
    const accounts: AccountView[] = [];
    const engine = mockEngine({
      mail_presets: () => MAIL_PRESETS,
      sender_account_list: () => accounts,
      sender_account_add: ({ input }) => {
        const a = account({ ...input, id: 7, sent_today: 0, allowance_today: 10, days_sent: 0 });
        accounts.push(a);
        return a;
      },
    });
    renderApp(<SettingsScreen />, { workspace: workspace() });
    expect(await screen.findByTestId("accounts-empty")).toHaveTextContent("app password");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("account-add"));
    const dialog = await screen.findByTestId("account-dialog");
    await user.click(within(dialog).getByTestId("account-preset-microsoft365"));
    expect(within(dialog).getByTestId("account-smtp-host")).toHaveValue("smtp.office365.com");
    expect(within(dialog).getByTestId("account-password-note")).toHaveTextContent("SMTP AUTH must be enabled");
    await user.type(within(dialog).getByTestId("account-email"), "sam@northwind.example");
    await user.type(within(dialog).getByTestId("account-password"), "app-pass-1234");
    await user.click(within(dialog).getByTestId("account-save"));
    await waitFor(() => expect(engine.argsOf("sender_account_add")).toHaveLength(1));
    const [args] = engine.argsOf("sender_account_add");
    expect(args).toMatchObject({ workspace_id: 1, password: "app-pass-1234", input: { email: "sam@northwind.example", smtp_host: "smtp.office365.com", smtp_port: 587, smtp_security: "starttls" } });
    expect(await screen.findByTestId("account-allowance-7")).toHaveTextContent("0 of 10 today (ramping up: day 1, up to 30)");
  });

  it("keeps the engine's refusal in the dialog, above the fields", async () => {
    mockEngine({
      mail_presets: () => MAIL_PRESETS,
      sender_account_list: () => [],
      sender_account_add: () => {
        throw engineError("validation", "the SMTP server refused the greeting name");
      },
    });
    renderApp(<SettingsScreen tab="accounts" />, { workspace: workspace() });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("account-add"));
    const dialog = await screen.findByTestId("account-dialog");
    await user.type(within(dialog).getByTestId("account-email"), "sam@northwind.example");
    await user.click(within(dialog).getByTestId("account-save"));
    expect(await within(dialog).findByTestId("account-form-error")).toHaveTextContent("The SMTP server refused the greeting name");
  });

  it("shows a paused mailbox's reason and how to fix it, and the server's answer to a connection test", async () => {
    mockEngine({
      mail_presets: () => MAIL_PRESETS,
      sender_account_list: () => [account({ paused_reason: "the server refused the password (535 5.7.8)" })],
      sender_account_test: () => ({ greeting: "220 smtp.gmail.com ESMTP ready", capabilities: ["PIPELINING", "8BITMIME", "AUTH PLAIN LOGIN"], tls: true, authenticated: true }),
    });
    renderApp(<SettingsScreen tab="accounts" />, { workspace: workspace() });
    expect(await screen.findByTestId("account-paused-1")).toHaveTextContent("535 5.7.8");
    expect(screen.getByTestId("account-paused-1")).toHaveTextContent("saving lifts the pause");
    await userEvent.setup().click(screen.getByTestId("account-test-1"));
    expect(await screen.findByTestId("account-test-panel-1-greeting")).toHaveTextContent("220 smtp.gmail.com ESMTP ready");
    expect(screen.getByTestId("account-test-panel-1-capabilities")).toHaveTextContent("AUTH PLAIN LOGIN");
    expect(screen.getByTestId("account-test-panel-1-auth")).toHaveTextContent("Accepted");
  });
});

describe("sender accounts' inbox side", () => {
  it("shows each mailbox's IMAP server, last sync, error or pause, and what Test IMAP found", async () => {
    const engine = mockEngine({
      mail_presets: () => MAIL_PRESETS,
      sender_account_list: () => [
        account({ imap_synced_at: "2026-12-07T09:00:00Z", sent_folder: "[Gmail]/Sent Mail" }),
        account({ id: 2, email: "ops@northwind.example", imap_error: "imap.gmail.com:993 did not answer within 30 s" }),
        account({ id: 3, email: "old@northwind.example", imap_paused_reason: "the IMAP server refused the password (AUTHENTICATIONFAILED)" }),
        account({ id: 4, email: "send-only@northwind.example", imap_host: null, imap_port: null, imap_security: null }),
      ],
      account_test_imap: () => ({ greeting: "* OK [CAPABILITY IMAP4rev1 IDLE] Gimap ready", capabilities: ["IMAP4rev1", "IDLE", "SPECIAL-USE"], tls: true, authenticated: true, folders: ["INBOX", "[Gmail]/Sent Mail"] }),
    });
    renderApp(<SettingsScreen tab="accounts" />, { workspace: workspace() });
    expect(await screen.findByTestId("account-imap-1")).toHaveTextContent("imap.gmail.com:993");
    expect(screen.getByTestId("account-folders-1")).toHaveTextContent("Reads INBOX · sent mail saved to “[Gmail]/Sent Mail”");
    expect(screen.getByTestId("account-imap-error-2")).toHaveTextContent("Last sync failed: imap.gmail.com:993 did not answer within 30 s");
    expect(screen.getByTestId("account-imap-paused-3")).toHaveTextContent("AUTHENTICATIONFAILED");
    expect(screen.getByTestId("account-imap-4")).toHaveTextContent("Not set");
    expect(screen.queryByTestId("account-imap-test-4")).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getByTestId("account-imap-test-1"));
    expect(await screen.findByTestId("account-imap-test-panel-1-greeting")).toHaveTextContent("Gimap ready");
    expect(screen.getByTestId("account-imap-test-panel-1-folders")).toHaveTextContent("INBOX · [Gmail]/Sent Mail");
    expect(screen.getByTestId("account-imap-test-panel-1-auth")).toHaveTextContent("Accepted");
    expect(engine.argsOf("account_test_imap")).toEqual([{ id: 1 }]);
  });

  it("shows the engine's words when the IMAP test fails", async () => {
    mockEngine({
      mail_presets: () => MAIL_PRESETS,
      sender_account_list: () => [account()],
      account_test_imap: () => {
        throw engineError("offline", "could not connect to imap.gmail.com:993: connection refused");
      },
    });
    renderApp(<SettingsScreen tab="accounts" />, { workspace: workspace() });
    await userEvent.setup().click(await screen.findByTestId("account-imap-test-1"));
    expect(await screen.findByTestId("account-imap-test-panel-1-error")).toHaveTextContent("connection refused");
  });
});

describe("sender accounts' folders", () => {
  /** One mailbox with IMAP whose folders the engine keeps the way `account_set_folders` sets them. */
  function foldersEngine(over: Partial<AccountView> = {}, refuse?: (folders: { sent_folder: string | null; extra_folders: string[] }) => Error | null) {
    let a = account({ imap_synced_at: "2026-12-07T09:00:00Z", ...over });
    const engine = mockEngine({
      mail_presets: () => MAIL_PRESETS,
      sender_account_list: () => [a],
      account_test_imap: () => ({ greeting: "* OK Gimap ready", capabilities: ["IMAP4rev1"], tls: true, authenticated: true, folders: ["INBOX", "Replies", "[Gmail]/Sent Mail"] }),
      account_set_folders: ({ id, folders }) => {
        const refusal = refuse?.(folders);
        if (refusal) throw refusal;
        a = { ...a, id, sent_folder: folders.sent_folder, imap_extra_folders: folders.extra_folders };
        return a;
      },
    });
    renderApp(<SettingsScreen tab="accounts" />, { workspace: workspace() });
    return engine;
  }

  it("says where sent copies go on the card: the server's Sent folder by default, the provider's own with none", async () => {
    mockEngine({
      mail_presets: () => MAIL_PRESETS,
      sender_account_list: () => [
        account(),
        account({ id: 2, email: "ops@northwind.example", sent_folder: "", imap_extra_folders: ["Replies", "INBOX/Leads"] }),
        account({ id: 3, email: "send-only@northwind.example", imap_host: null, imap_port: null, imap_security: null }),
      ],
    });
    renderApp(<SettingsScreen tab="accounts" />, { workspace: workspace() });
    expect(await screen.findByTestId("account-folders-1")).toHaveTextContent("Reads INBOX · sent mail saved to the server's Sent folder");
    expect(screen.getByTestId("account-folders-2")).toHaveTextContent("Reads INBOX, Replies, INBOX/Leads · no copy of sent mail saved: the provider keeps its own");
    expect(screen.getByTestId("account-imap-2")).not.toHaveTextContent("sent mail saved");
    expect(screen.queryByTestId("account-folders-3")).not.toBeInTheDocument();
    expect(screen.queryByTestId("account-folders-edit-3")).not.toBeInTheDocument();
  });

  it("adds and removes folders and picks none by keyboard alone, and the card shows what the engine saved", async () => {
    const engine = foldersEngine({ imap_extra_folders: ["Old replies"] });
    const user = userEvent.setup();
    (await screen.findByTestId("account-folders-edit-1")).focus();
    await user.keyboard("{Enter}");
    const dialog = await screen.findByTestId("folders-dialog");
    const add = within(dialog).getByTestId("folders-add-input");
    expect(add).toHaveFocus();
    expect(within(dialog).getByTestId("folders-sent-auto")).toBeChecked();
    await user.keyboard("Replies{Enter}");
    expect(add).toHaveValue("");
    await user.keyboard("replies{Enter}");
    expect(add).toHaveAccessibleDescription("“replies” is already in the list.");
    await user.clear(add);
    await user.keyboard("INBOX/Leads");
    within(dialog).getByRole("button", { name: "Stop reading Old replies" }).focus();
    await user.keyboard("{Enter}");
    within(dialog).getByTestId("folders-sent-auto").focus();
    await user.keyboard("{ArrowDown}");
    expect(within(dialog).getByTestId("folders-sent-none")).toBeChecked();
    within(dialog).getByTestId("folders-save").focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.queryByTestId("folders-dialog")).not.toBeInTheDocument());
    expect(engine.argsOf("account_set_folders")).toEqual([{ id: 1, folders: { sent_folder: "", extra_folders: ["Replies", "INBOX/Leads"] } }]);
    await waitFor(() => expect(screen.getByTestId("account-folders-1")).toHaveTextContent("Reads INBOX, Replies, INBOX/Leads · no copy of sent mail saved: the provider keeps its own"));
    expect(screen.getByTestId("account-folders-edit-1")).toHaveFocus();
  });

  it("sends copies to a named folder, offering the folders Test IMAP found", async () => {
    const engine = foldersEngine();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("account-imap-test-1"));
    await screen.findByTestId("account-imap-test-panel-1-folders");
    await user.click(screen.getByTestId("account-folders-edit-1"));
    const dialog = await screen.findByTestId("folders-dialog");
    const options = [...dialog.querySelectorAll("datalist option")].map((o) => o.getAttribute("value"));
    expect(options).toEqual(["Replies", "[Gmail]/Sent Mail"]);
    await user.click(within(dialog).getByTestId("folders-sent-named"));
    await user.click(within(dialog).getByTestId("folders-save"));
    expect(within(dialog).getByTestId("folders-sent-name")).toHaveAccessibleDescription(/Give the folder's name/);
    expect(engine.argsOf("account_set_folders")).toHaveLength(0);
    await user.type(within(dialog).getByTestId("folders-sent-name"), "[[Gmail]/Sent Mail");
    await user.click(within(dialog).getByTestId("folders-save"));
    await waitFor(() => expect(engine.argsOf("account_set_folders")).toEqual([{ id: 1, folders: { sent_folder: "[Gmail]/Sent Mail", extra_folders: [] } }]));
    await waitFor(() => expect(screen.getByTestId("account-folders-1")).toHaveTextContent("sent mail saved to “[Gmail]/Sent Mail”"));
  });

  it("shows the engine's refusal of a name at the field that holds it and keeps the dialog open", async () => {
    const refuseName = (name: string) => engineError("validation", `"${name}" is not a folder name; give it as the mail app shows it, e.g. Replies or INBOX/Leads`) as unknown as Error;
    foldersEngine({}, (f) => {
      if (f.sent_folder?.includes("\t")) return refuseName(f.sent_folder);
      const bad = f.extra_folders.find((n) => n.includes("\t"));
      return bad ? refuseName(bad) : null;
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("account-folders-edit-1"));
    const dialog = await screen.findByTestId("folders-dialog");
    const add = within(dialog).getByTestId("folders-add-input");
    await user.type(add, "Replies{Enter}");
    fireEvent.change(add, { target: { value: "Re\tplies" } });
    await user.click(within(dialog).getByTestId("folders-save"));
    expect((await within(dialog).findByTestId("folders-extra-error")).textContent).toContain('"Re\tplies" is not a folder name');
    expect(add).toHaveAccessibleDescription(/is not a folder name/);
    const invalid = within(dialog).getAllByTestId("folders-extra-item").filter((li) => li.classList.contains("is-invalid"));
    expect(invalid.map((li) => li.textContent)).toEqual(["Re\tplies"]);
    expect(within(dialog).queryByTestId("folders-form-error")).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole("button", { name: "Stop reading Re\tplies" }));
    expect(within(dialog).queryByTestId("folders-extra-error")).not.toBeInTheDocument();
    const sentName = within(dialog).getByTestId("folders-sent-name");
    fireEvent.change(sentName, { target: { value: "Sent\tItems" } });
    expect(within(dialog).getByTestId("folders-sent-named")).toBeChecked();
    await user.click(within(dialog).getByTestId("folders-save"));
    expect((await within(dialog).findByTestId("folders-sent-error")).textContent).toContain('"Sent\tItems" is not a folder name');
    expect(sentName).toHaveAccessibleDescription(/is not a folder name/);
    expect(within(dialog).queryByTestId("folders-extra-error")).not.toBeInTheDocument();
  });

  it("shows the engine's refusal of too many folders under the list", async () => {
    foldersEngine({ imap_extra_folders: Array.from({ length: 20 }, (_, i) => `Folder ${i + 1}`) }, (f) =>
      f.extra_folders.length > 20 ? (engineError("validation", `at most 20 folders are read besides INBOX; ${f.extra_folders.length} were given`) as unknown as Error) : null,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("account-folders-edit-1"));
    const dialog = await screen.findByTestId("folders-dialog");
    await user.type(within(dialog).getByTestId("folders-add-input"), "One more{Enter}");
    await user.click(within(dialog).getByTestId("folders-save"));
    expect((await within(dialog).findByTestId("folders-extra-error")).textContent).toContain("At most 20 folders are read besides INBOX; 21 were given");
  });
});

describe("compliance", () => {
  it("shows the engine's refusal of a time zone under the time zone field and saves nothing else", async () => {
    const engine = mockEngine({
      compliance_get: () => compliance({ physical_address: "1 Main St, Springfield" }),
      compliance_update: () => {
        throw engineError("validation", "\"Mars/Olympus\" is not a time zone; use a name such as Europe/Berlin");
      },
    });
    renderApp(<SettingsScreen tab="compliance" />, { workspace: workspace() });
    const zone = await screen.findByTestId("compliance-timezone");
    const user = userEvent.setup();
    await user.clear(zone);
    await user.type(zone, "Mars/Olympus");
    await user.click(screen.getByTestId("compliance-save"));
    await waitFor(() => expect(engine.argsOf("compliance_update")).toHaveLength(1));
    expect(engine.argsOf("compliance_update")[0]).toMatchObject({ workspace_id: 1, patch: { timezone: "Mars/Olympus", physical_address: null, days: null } });
    expect(zone).toHaveAccessibleDescription(/is not a time zone/);
  });

  it("toggles days by keyboard and refuses a week without any", async () => {
    const engine = mockEngine({ compliance_get: () => compliance({ physical_address: "1 Main St", window_days: "mon" }) });
    renderApp(<SettingsScreen tab="compliance" />, { workspace: workspace() });
    const monday = await screen.findByTestId("compliance-day-mon");
    expect(monday).toHaveAttribute("aria-pressed", "true");
    monday.focus();
    const user = userEvent.setup();
    await user.keyboard("{Enter}");
    expect(monday).toHaveAttribute("aria-pressed", "false");
    await user.click(screen.getByTestId("compliance-save"));
    expect(await screen.findByText("Pick at least one day, or no mail is ever sent.")).toBeInTheDocument();
    expect(engine.argsOf("compliance_update")).toHaveLength(0);
  });
});

describe("suppression", () => {
  it("adds an @domain, imports a file and shows the lines it refused with why", async () => {
    const engine = mockEngine({
      suppression_list: () => [{ kind: "domain", value: "competitor.example", reason: "competitor", source: "user", created_at: "2026-11-25T09:30:00Z" }],
      suppression_add: ({ entry }) => ({ kind: "domain", value: entry.slice(1), reason: null, source: "user", created_at: "2026-11-25T09:30:00Z" }),
      suppression_import: () => ({ added: 2, already_listed: 1, refused: [{ line: 4, text: "not an address", reason: "\"not an address\" is not an email address or @domain" }] }),
      "plugin:dialog|open": () => "/home/me/dnc.csv",
    });
    renderApp(<SettingsScreen tab="suppression" />, { workspace: workspace() });
    expect(await screen.findByTestId("suppression-table")).toHaveTextContent("@competitor.example");
    const user = userEvent.setup();
    await user.type(screen.getByTestId("suppression-entry"), "@competitor.example");
    await user.click(screen.getByTestId("suppression-add"));
    await waitFor(() => expect(engine.argsOf("suppression_add")).toEqual([{ workspace_id: 1, entry: "@competitor.example", reason: null }]));
    await user.click(screen.getByTestId("suppression-import"));
    expect(await screen.findByTestId("suppression-import-summary")).toHaveTextContent("2 entries added, 1 already listed, 1 line refused");
    expect(screen.getByTestId("suppression-refused")).toHaveTextContent("Line 4: not an address — \"not an address\" is not an email address or @domain");
    expect(engine.argsOf("suppression_import")).toEqual([{ workspace_id: 1, path: "/home/me/dnc.csv" }]);
  });
});
