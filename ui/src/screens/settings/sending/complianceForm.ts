import type { CompliancePatch } from "../../../ipc/bindings/CompliancePatch";
import type { ComplianceSettings } from "../../../ipc/bindings/ComplianceSettings";

export const WEEKDAYS = [
  { day: "mon", label: "Mon" },
  { day: "tue", label: "Tue" },
  { day: "wed", label: "Wed" },
  { day: "thu", label: "Thu" },
  { day: "fri", label: "Fri" },
  { day: "sat", label: "Sat" },
  { day: "sun", label: "Sun" },
] as const;
export type Weekday = (typeof WEEKDAYS)[number]["day"];

/** What the compliance form edits; numbers stay text while typed. */
export type ComplianceForm = {
  physicalAddress: string;
  unsubscribeMailto: string;
  unsubscribeUrl: string;
  windowStart: string;
  windowEnd: string;
  days: Weekday[];
  timezone: string;
  domainCap: string;
  holdWithoutConsent: boolean;
  htmlAlternative: boolean;
  pauseCompanyOnReply: boolean;
  bouncePercent: string;
  bounceMin: string;
  maxTries: string;
};

export type ComplianceField = keyof ComplianceForm;
export type ComplianceErrors = Partial<Record<ComplianceField, string>>;

export function formFromSettings(s: ComplianceSettings): ComplianceForm {
  const days = s.window_days.split(",").map((d) => d.trim().toLowerCase());
  return {
    physicalAddress: s.physical_address,
    unsubscribeMailto: s.unsubscribe_mailto ?? "",
    unsubscribeUrl: s.unsubscribe_url ?? "",
    windowStart: s.window_start,
    windowEnd: s.window_end,
    days: WEEKDAYS.map((w) => w.day).filter((d) => days.includes(d)),
    timezone: s.timezone,
    domainCap: String(s.domain_daily_cap),
    holdWithoutConsent: s.hold_without_consent,
    htmlAlternative: s.html_alternative,
    pauseCompanyOnReply: s.pause_company_on_reply,
    bouncePercent: String(s.bounce_pause_percent),
    bounceMin: String(s.bounce_pause_min),
    maxTries: String(s.max_tries),
  };
}

export function toggleDay(days: Weekday[], day: Weekday): Weekday[] {
  const next = days.includes(day) ? days.filter((d) => d !== day) : [...days, day];
  return WEEKDAYS.map((w) => w.day).filter((d) => next.includes(d));
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const whole = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : null);

/** The checks the window can make before asking the engine, which checks everything again. */
export function validateCompliance(form: ComplianceForm): ComplianceErrors {
  const errors: ComplianceErrors = {};
  if (!form.physicalAddress.trim()) errors.physicalAddress = "Every mail must carry a postal address (CAN-SPAM, GDPR); give yours.";
  const mailto = form.unsubscribeMailto.trim().replace(/^mailto:/i, "");
  if (mailto && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mailto)) errors.unsubscribeMailto = "An email address, e.g. unsubscribe@example.com.";
  const url = form.unsubscribeUrl.trim();
  if (url && !/^https?:\/\/\S+$/i.test(url)) errors.unsubscribeUrl = "A web address starting with https://.";
  if (!TIME.test(form.windowStart)) errors.windowStart = "A time like 09:00.";
  if (!TIME.test(form.windowEnd)) errors.windowEnd = "A time like 17:00.";
  else if (form.windowStart === form.windowEnd) errors.windowEnd = "The window would never open: pick an end after the start.";
  if (form.days.length === 0) errors.days = "Pick at least one day, or no mail is ever sent.";
  if (!form.timezone.trim()) errors.timezone = "A time zone such as Europe/Berlin or America/New_York.";
  if (whole(form.domainCap) === null) errors.domainCap = "A whole number; 0 stops all mail.";
  const percent = Number(form.bouncePercent.trim());
  if (form.bouncePercent.trim() === "" || !Number.isFinite(percent) || percent < 0 || percent > 100) errors.bouncePercent = "A share from 0 to 100.";
  if (whole(form.bounceMin) === null) errors.bounceMin = "A whole number of sends.";
  const tries = whole(form.maxTries);
  if (tries === null || tries < 1) errors.maxTries = "At least 1.";
  return errors;
}

/** Only what changed crosses to the engine, so an engine refusal names one of the changed fields. */
export function compliancePatch(before: ComplianceForm, form: ComplianceForm): { patch: CompliancePatch; changed: ComplianceField[] } {
  const patch: CompliancePatch = {
    physical_address: null,
    unsubscribe_mailto: null,
    unsubscribe_url: null,
    send_window: null,
    days: null,
    timezone: null,
    domain_daily_cap: null,
    hold_without_consent: null,
    bounce_pause_percent: null,
    bounce_pause_min: null,
    max_tries: null,
    html_alternative: null,
    pause_company_on_reply: null,
  };
  const changed: ComplianceField[] = [];
  const differs = (k: ComplianceField) => JSON.stringify(before[k]) !== JSON.stringify(form[k]);
  if (differs("physicalAddress")) (patch.physical_address = form.physicalAddress.trim()), changed.push("physicalAddress");
  if (differs("unsubscribeMailto")) (patch.unsubscribe_mailto = form.unsubscribeMailto.trim()), changed.push("unsubscribeMailto");
  if (differs("unsubscribeUrl")) (patch.unsubscribe_url = form.unsubscribeUrl.trim()), changed.push("unsubscribeUrl");
  if (differs("windowStart") || differs("windowEnd")) {
    patch.send_window = `${form.windowStart}-${form.windowEnd}`;
    changed.push(differs("windowStart") ? "windowStart" : "windowEnd");
  }
  if (differs("days")) (patch.days = form.days.join(",")), changed.push("days");
  if (differs("timezone")) (patch.timezone = form.timezone.trim()), changed.push("timezone");
  if (differs("domainCap")) (patch.domain_daily_cap = whole(form.domainCap)), changed.push("domainCap");
  if (differs("holdWithoutConsent")) (patch.hold_without_consent = form.holdWithoutConsent), changed.push("holdWithoutConsent");
  if (differs("htmlAlternative")) (patch.html_alternative = form.htmlAlternative), changed.push("htmlAlternative");
  if (differs("pauseCompanyOnReply")) (patch.pause_company_on_reply = form.pauseCompanyOnReply), changed.push("pauseCompanyOnReply");
  if (differs("bouncePercent")) (patch.bounce_pause_percent = Number(form.bouncePercent.trim())), changed.push("bouncePercent");
  if (differs("bounceMin")) (patch.bounce_pause_min = whole(form.bounceMin)), changed.push("bounceMin");
  if (differs("maxTries")) (patch.max_tries = whole(form.maxTries)), changed.push("maxTries");
  return { patch, changed };
}
