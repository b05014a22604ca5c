import { describe, expect, it } from "vitest";
import { account, MAIL_PRESETS } from "../../../test/sendingFixtures";
import { addAccountArgs, allowanceLine, applyMailPreset, blankAccountForm, formFromAccount, spacingLine, toAccountInput, updateAccountArgs, validateAccount } from "./accountForm";

const fastmail = MAIL_PRESETS[2]!;

describe("account form", () => {
  it("fills servers, ports and security from a preset and keeps what the user typed elsewhere", () => {
    const form = applyMailPreset({ ...blankAccountForm(), email: "me@example.com", dailyCap: "12" }, fastmail);
    expect(form).toMatchObject({ preset: "fastmail", smtpHost: "smtp.fastmail.com", smtpPort: "465", smtpSecurity: "tls", imapHost: "imap.fastmail.com", imapPort: "993" });
    expect(form.email).toBe("me@example.com");
    expect(form.dailyCap).toBe("12");
  });

  it("names each field that is wrong before asking the engine", () => {
    const errors = validateAccount({ ...blankAccountForm(), email: "nope", smtpHost: "", smtpPort: "70000", dailyCap: "-1", imapHost: "imap.example.com", imapPort: "x" });
    expect(Object.keys(errors).sort()).toEqual(["dailyCap", "email", "imapPort", "smtpHost", "smtpPort"]);
  });

  it("signs in with the address when no username is given, and leaves IMAP out without a server", () => {
    const input = toAccountInput({ ...blankAccountForm(), email: " me@example.com ", smtpHost: "smtp.example.com", imapHost: "" });
    expect(input).toMatchObject({ email: "me@example.com", smtp_username: "me@example.com", smtp_port: 587, imap_host: null, imap_port: null, imap_security: null, imap_username: null });
    expect(input).toMatchObject({ daily_cap: 30, ramp_start: 10, ramp_step: 5, min_spacing_secs: 300, jitter_secs: 120 });
  });

  it("sends a password only when one was typed, so an edit keeps the stored one", () => {
    const form = formFromAccount(account(), MAIL_PRESETS);
    expect(form.preset).toBe("gmail");
    expect(form.password).toBe("");
    expect(updateAccountArgs(1, form)).not.toHaveProperty("password");
    expect(updateAccountArgs(1, { ...form, password: "abcd efgh" })).toMatchObject({ id: 1, password: "abcd efgh" });
    expect(addAccountArgs(3, { ...form, password: "" })).toEqual({ workspace_id: 3, input: toAccountInput(form) });
  });

  it("says today's allowance, and the ramp-up day while the mailbox grows", () => {
    expect(allowanceLine(account({ sent_today: 12, allowance_today: 20, days_sent: 2 }))).toBe("12 of 20 today (ramping up: day 3, up to 30)");
    expect(allowanceLine(account({ sent_today: 4, allowance_today: 30, days_sent: 9 }))).toBe("4 of 30 today");
    expect(allowanceLine(account({ ramp_start: 0, allowance_today: 30, sent_today: 0 }))).toBe("0 of 30 today");
  });

  it("says the spacing in minutes", () => {
    expect(spacingLine(300, 120)).toBe("5 min apart, plus up to 2 min at random");
    expect(spacingLine(90, 0)).toBe("1 min 30 s apart");
    expect(spacingLine(0, 0)).toBe("No spacing between sends");
  });
});
