import type { AccountView } from "../ipc/bindings/AccountView";
import type { Attempt } from "../ipc/bindings/Attempt";
import type { AttemptStatus } from "../ipc/bindings/AttemptStatus";
import type { ComplianceSettings } from "../ipc/bindings/ComplianceSettings";
import type { MailPresetInfo } from "../ipc/bindings/MailPresetInfo";
import type { OutboxPage } from "../ipc/bindings/OutboxPage";
import type { SchedulePreview } from "../ipc/bindings/SchedulePreview";

const AT = "2026-11-25T09:30:00Z";

/** The engine's presets (src/outbound/presets.rs). */
export const MAIL_PRESETS: MailPresetInfo[] = [
  {
    preset: "gmail",
    label: "Gmail / Google Workspace",
    smtp_host: "smtp.gmail.com",
    smtp_port: 587,
    smtp_security: "starttls",
    imap_host: "imap.gmail.com",
    imap_port: 993,
    imap_security: "tls",
    password_note: "Use an app password (Google Account → Security → App passwords); 2-Step Verification must be on.",
  },
  {
    preset: "microsoft365",
    label: "Microsoft 365 / Outlook",
    smtp_host: "smtp.office365.com",
    smtp_port: 587,
    smtp_security: "starttls",
    imap_host: "outlook.office365.com",
    imap_port: 993,
    imap_security: "tls",
    password_note: "SMTP AUTH must be enabled for the mailbox in the Microsoft 365 admin center; use an app password if MFA is on.",
  },
  {
    preset: "fastmail",
    label: "Fastmail",
    smtp_host: "smtp.fastmail.com",
    smtp_port: 465,
    smtp_security: "tls",
    imap_host: "imap.fastmail.com",
    imap_port: 993,
    imap_security: "tls",
    password_note: "Create an app password in Fastmail → Settings → Privacy & Security → Integrations.",
  },
];

export function account(over: Partial<AccountView> = {}): AccountView {
  return {
    id: 1,
    workspace_id: 1,
    has_password: true,
    next_send_at: null,
    paused_reason: null,
    created_at: AT,
    updated_at: AT,
    imap_paused_reason: null,
    imap_error: null,
    imap_synced_at: null,
    sent_folder: null,
    imap_extra_folders: [],
    display_name: "Sam Carter",
    email: "sam@northwind.example",
    smtp_host: "smtp.gmail.com",
    smtp_port: 587,
    smtp_security: "starttls",
    smtp_username: "sam@northwind.example",
    imap_host: "imap.gmail.com",
    imap_port: 993,
    imap_security: "tls",
    imap_username: null,
    daily_cap: 30,
    ramp_start: 10,
    ramp_step: 5,
    min_spacing_secs: 300,
    jitter_secs: 120,
    signature: "",
    allowance_today: 20,
    sent_today: 12,
    days_sent: 2,
    ...over,
  };
}

export function compliance(over: Partial<ComplianceSettings> = {}): ComplianceSettings {
  return {
    workspace_id: 1,
    physical_address: "",
    unsubscribe_mailto: null,
    unsubscribe_url: null,
    window_start: "09:00",
    window_end: "17:00",
    window_days: "mon,tue,wed,thu,fri",
    timezone: "UTC",
    domain_daily_cap: 20,
    hold_without_consent: true,
    html_alternative: false,
    pause_company_on_reply: false,
    bounce_pause_percent: 5,
    bounce_pause_min: 20,
    max_tries: 5,
    updated_at: AT,
    ...over,
  };
}

export function attempt(id: number, status: AttemptStatus, over: Partial<Attempt> = {}): Attempt {
  return {
    id,
    campaign_id: 1,
    lead_id: id,
    step: 1,
    dry_run: false,
    idempotency_key: `k${id}`,
    recipient: `lead${id}@example.com`,
    lead_name: `Lead ${id}`,
    account_id: 1,
    sender: "sam@northwind.example",
    message_id: `<m${id}@northwind.example>`,
    subject: "Hello",
    status,
    tries: 1,
    scheduled_at: AT,
    started_at: null,
    sent_at: null,
    smtp_code: null,
    smtp_reply: null,
    detail: null,
    legal_basis: "legitimate_interest",
    resolution: null,
    blocked_by: null,
    answer_to: null,
    updated_at: AT,
    ...over,
  };
}

export function outboxPage(attempts: Attempt[]): OutboxPage {
  const statuses: AttemptStatus[] = ["queued", "sending", "sent", "deferred", "bounced", "failed", "unknown", "blocked", "cancelled"];
  return {
    attempts,
    counts: statuses.map((status) => ({ status, count: attempts.filter((a) => a.status === status).length })),
    campaign_sending: "running",
    sending_note: null,
  };
}

export function schedulePreview(over: Partial<SchedulePreview> = {}): SchedulePreview {
  return {
    campaign_id: 1,
    user_timezone: "Europe/Berlin",
    sends: [
      { account: "sam@northwind.example", recipient: "ada@northwind.example", step: 1, at: "2026-11-26T08:12:00Z", recipient_time: "Thu 08:12 Europe/London", user_time: "Thu 09:12" },
      { account: "sam@northwind.example", recipient: "grace@globex.example", step: 1, at: "2026-11-26T14:20:00Z", recipient_time: "Thu 09:20 America/New_York", user_time: "Thu 15:20" },
    ],
    accounts: [{ email: "sam@northwind.example", allowance_today: 10, daily_cap: 30, sends: 2, first_at: "2026-11-26T08:12:00Z", last_at: "2026-11-26T14:20:00Z" }],
    on_hours: [{ day: "Thu 26 Nov", from: "09:12", to: "15:20", sends: 2 }],
    waiting: 2,
    unplaced: 0,
    problems: [],
    ...over,
  };
}
