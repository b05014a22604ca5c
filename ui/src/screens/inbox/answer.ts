import type { Attempt } from "../../ipc/bindings/Attempt";
import type { InboxItem } from "../../ipc/bindings/InboxItem";
import { formatShortDateTime } from "../../lib/format";

/** Why Reach cannot answer this message from the app, or null when it can. */
export function whyNotAnswerable(item: Pick<InboxItem, "kind" | "campaign_id" | "lead_id" | "from_address">): string | null {
  if (item.kind === "bounce") return "A bounce is a mail server's notice: there is no one to answer.";
  if (item.campaign_id === null || item.lead_id === null) return "This mail is not tied to a campaign and a lead Reach wrote to; answer it from your mail program.";
  if (!item.from_address) return "This message has no sender address to answer.";
  return null;
}

/** "Re: " before the subject unless it has one, as the engine writes it. */
export function answerSubject(subject: string): string {
  const s = subject.trim();
  if (/^re:/i.test(s)) return `Re: ${s.slice(3).trimStart()}`;
  return s ? `Re: ${s}` : "Re:";
}

const RULES: Record<string, string> = {
  suppression: "the suppression list",
  lead: "the lead's status",
  address: "the address check",
  legal_basis: "the legal basis",
  send_window: "the send window",
  domain_cap: "the daily cap per recipient domain",
};

export function ruleLabel(rule: string | null): string {
  return rule ? (RULES[rule] ?? rule.replace(/_/g, " ")) : "the policy gate";
}

export type AnswerOutcome = {
  tone: "success" | "warning" | "danger";
  /** Said in the hint line and, while the composer is open, under it. */
  text: string;
  /** Whether the answer went or will go (the engine then marks the message done). */
  goes: boolean;
};

/** What became of an answer, in the words the screen says it with. */
export function answerOutcome(a: Attempt, now: Date = new Date()): AnswerOutcome {
  const why = a.detail ? `: ${a.detail}` : "";
  switch (a.status) {
    case "sent":
      return { tone: "success", text: `Answer sent to ${a.recipient} from ${a.sender ?? "its mailbox"}; marked done`, goes: true };
    case "queued":
    case "deferred":
    case "sending": {
      const later = new Date(a.scheduled_at).getTime() > now.getTime() ? `; it goes ${formatShortDateTime(a.scheduled_at)}` : "";
      return { tone: "warning", text: `Answer queued${why || ": it goes with the outbox's next run"}${later}; marked done`, goes: true };
    }
    case "unknown":
      return { tone: "warning", text: `Answer handed to the server with no reply back${why}`, goes: true };
    case "blocked":
      return { tone: "danger", text: `Answer blocked by ${ruleLabel(a.blocked_by)}${why}`, goes: false };
    default:
      return { tone: "danger", text: `Answer not sent (${a.status})${why}`, goes: false };
  }
}
