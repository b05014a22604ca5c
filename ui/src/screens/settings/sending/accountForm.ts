import type { AccountInput } from "../../../ipc/bindings/AccountInput";
import type { AccountView } from "../../../ipc/bindings/AccountView";
import type { MailPreset } from "../../../ipc/bindings/MailPreset";
import type { MailPresetInfo } from "../../../ipc/bindings/MailPresetInfo";
import type { Security } from "../../../ipc/bindings/Security";
import type { CommandArgs } from "../../../ipc/commands";

/** What the account dialog edits; numbers stay text until saved so a field can be empty while typed. */
export type AccountForm = {
  preset: MailPreset | null;
  displayName: string;
  email: string;
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: Security;
  smtpUsername: string;
  /** Write-only: empty keeps the stored password. */
  password: string;
  dailyCap: string;
  rampStart: string;
  rampStep: string;
  minSpacing: string;
  jitter: string;
  signature: string;
  imapHost: string;
  imapPort: string;
  imapSecurity: Security;
  imapUsername: string;
};

export type AccountErrors = Partial<Record<"email" | "smtpHost" | "smtpPort" | "dailyCap" | "rampStart" | "rampStep" | "minSpacing" | "jitter" | "imapPort", string>>;

export const SECURITY_LABEL: Record<Security, string> = {
  starttls: "STARTTLS",
  tls: "TLS (implicit)",
  none: "None (local only)",
};

/** The same, short enough for a card. */
export const SECURITY_SHORT: Record<Security, string> = { starttls: "STARTTLS", tls: "TLS", none: "plaintext" };

/** The careful defaults the engine ships with (AccountInput::DEFAULT_*): tens a day, minutes apart. */
export function blankAccountForm(): AccountForm {
  return {
    preset: null,
    displayName: "",
    email: "",
    smtpHost: "",
    smtpPort: "587",
    smtpSecurity: "starttls",
    smtpUsername: "",
    password: "",
    dailyCap: "30",
    rampStart: "10",
    rampStep: "5",
    minSpacing: "300",
    jitter: "120",
    signature: "",
    imapHost: "",
    imapPort: "993",
    imapSecurity: "tls",
    imapUsername: "",
  };
}

const text = (n: number | null) => (n == null ? "" : String(n));

export function formFromAccount(a: AccountView, presets: MailPresetInfo[]): AccountForm {
  return {
    preset: presets.find((p) => p.smtp_host === a.smtp_host)?.preset ?? null,
    displayName: a.display_name,
    email: a.email,
    smtpHost: a.smtp_host,
    smtpPort: String(a.smtp_port),
    smtpSecurity: a.smtp_security,
    smtpUsername: a.smtp_username ?? "",
    password: "",
    dailyCap: String(a.daily_cap),
    rampStart: String(a.ramp_start),
    rampStep: String(a.ramp_step),
    minSpacing: String(a.min_spacing_secs),
    jitter: String(a.jitter_secs),
    signature: a.signature,
    imapHost: a.imap_host ?? "",
    imapPort: text(a.imap_port) || "993",
    imapSecurity: a.imap_security ?? "tls",
    imapUsername: a.imap_username ?? "",
  };
}

/** A preset fills the servers, ports and security; the username follows the address when it was empty. */
export function applyMailPreset(form: AccountForm, preset: MailPresetInfo): AccountForm {
  return {
    ...form,
    preset: preset.preset,
    smtpHost: preset.smtp_host,
    smtpPort: String(preset.smtp_port),
    smtpSecurity: preset.smtp_security,
    imapHost: preset.imap_host,
    imapPort: String(preset.imap_port),
    imapSecurity: preset.imap_security,
  };
}

function whole(value: string): number | null {
  const t = value.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** Checks what the window can check; the engine checks the rest (and its sentence is shown above the fields). */
export function validateAccount(form: AccountForm): AccountErrors {
  const errors: AccountErrors = {};
  const email = form.email.trim();
  if (!email) errors.email = "Give the address mail is sent from.";
  else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) errors.email = "That is not an email address.";
  const host = form.smtpHost.trim();
  // Plaintext off this computer is the engine's to refuse: its sentence shows above the fields.
  if (!host) errors.smtpHost = "Give the SMTP server, e.g. smtp.example.com.";
  const port = whole(form.smtpPort);
  if (port === null || port < 1 || port > 65535) errors.smtpPort = "A port from 1 to 65535; usually 587 or 465.";
  const counts = [
    ["dailyCap", form.dailyCap],
    ["rampStart", form.rampStart],
    ["rampStep", form.rampStep],
    ["minSpacing", form.minSpacing],
    ["jitter", form.jitter],
  ] as const;
  for (const [key, value] of counts) if (whole(value) === null) errors[key] = "A whole number, 0 or more.";
  if (form.imapHost.trim()) {
    const imapPort = whole(form.imapPort);
    if (imapPort === null || imapPort < 1 || imapPort > 65535) errors.imapPort = "A port from 1 to 65535; usually 993.";
  }
  return errors;
}

const optional = (v: string) => (v.trim() === "" ? null : v.trim());

export function toAccountInput(form: AccountForm): AccountInput {
  const imapHost = optional(form.imapHost);
  return {
    display_name: form.displayName.trim(),
    email: form.email.trim(),
    smtp_host: form.smtpHost.trim(),
    smtp_port: whole(form.smtpPort) ?? 0,
    smtp_security: form.smtpSecurity,
    smtp_username: optional(form.smtpUsername) ?? (form.email.trim() || null),
    imap_host: imapHost,
    imap_port: imapHost ? whole(form.imapPort) : null,
    imap_security: imapHost ? form.imapSecurity : null,
    imap_username: imapHost ? (optional(form.imapUsername) ?? optional(form.smtpUsername) ?? (form.email.trim() || null)) : null,
    daily_cap: whole(form.dailyCap) ?? 0,
    ramp_start: whole(form.rampStart) ?? 0,
    ramp_step: whole(form.rampStep) ?? 0,
    min_spacing_secs: whole(form.minSpacing) ?? 0,
    jitter_secs: whole(form.jitter) ?? 0,
    signature: form.signature.replace(/\s+$/, ""),
  };
}

/** The password crosses to the engine only when one was typed; an empty field keeps the stored one. */
export function addAccountArgs(workspaceId: number, form: AccountForm): CommandArgs<"sender_account_add"> {
  const input = toAccountInput(form);
  return form.password ? { workspace_id: workspaceId, input, password: form.password } : { workspace_id: workspaceId, input };
}

export function updateAccountArgs(id: number, form: AccountForm): CommandArgs<"sender_account_update"> {
  const input = toAccountInput(form);
  return form.password ? { id, input, password: form.password } : { id, input };
}

/** "12 of 30 today (ramping up: day 3)". */
export function allowanceLine(a: AccountView): string {
  const base = `${a.sent_today} of ${a.allowance_today} today`;
  const ramping = a.ramp_start > 0 && a.allowance_today < a.daily_cap;
  return ramping ? `${base} (ramping up: day ${a.days_sent + 1}, up to ${a.daily_cap})` : base;
}

/** "5 min apart, plus up to 2 min". */
export function spacingLine(minSpacingSecs: number, jitterSecs: number): string {
  const span = (s: number) => (s === 0 ? "0 s" : s % 60 === 0 ? `${s / 60} min` : s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`);
  const base = minSpacingSecs === 0 ? "No spacing between sends" : `${span(minSpacingSecs)} apart`;
  return jitterSecs > 0 ? `${base}, plus up to ${span(jitterSecs)} at random` : base;
}
