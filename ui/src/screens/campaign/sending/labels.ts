import type { AttemptStatus } from "../../../ipc/bindings/AttemptStatus";
import type { Campaign } from "../../../ipc/bindings/Campaign";

/** The outbox states in the order a mail moves through them, with the words and badge each shows. */
export const ATTEMPT_STATUSES: { status: AttemptStatus; label: string; badge: string; hint: string }[] = [
  { status: "queued", label: "Scheduled", badge: "badge--status-queued", hint: "Waiting for its time, the window and the caps." },
  { status: "sending", label: "Sending", badge: "badge--tone-accent", hint: "Handed to the mail server right now." },
  { status: "sent", label: "Sent", badge: "badge--status-sent", hint: "The server accepted it." },
  { status: "deferred", label: "Deferred", badge: "badge--tone-warning", hint: "The server said try later (4xx); retried with backoff." },
  { status: "bounced", label: "Bounced", badge: "badge--status-bounced", hint: "The server refused it (5xx); the lead is marked." },
  { status: "failed", label: "Failed", badge: "badge--status-failed", hint: "Could not be sent; the detail says why." },
  { status: "unknown", label: "Unknown", badge: "badge--tone-danger", hint: "The connection broke after the message went out: it may have arrived. Never resent by itself." },
  { status: "blocked", label: "Blocked", badge: "badge--tone-warning", hint: "Stopped by a rule (suppressed, unsubscribed, no consent…)." },
  { status: "cancelled", label: "Cancelled", badge: "badge", hint: "Taken out of the queue." },
];

export const STATUS_INFO = Object.fromEntries(ATTEMPT_STATUSES.map((s) => [s.status, s])) as Record<AttemptStatus, (typeof ATTEMPT_STATUSES)[number]>;

/** The campaign's sending state in words, with its badge tone. */
export function sendingLabel(c: Pick<Campaign, "sending" | "sending_note">): { label: string; tone: "success" | "warning" | "neutral" } {
  switch (c.sending) {
    case "running":
      return { label: "Sending", tone: "success" };
    case "paused":
      return { label: "Paused", tone: "warning" };
    case "not_started":
      return { label: "Not launched", tone: "neutral" };
  }
}
