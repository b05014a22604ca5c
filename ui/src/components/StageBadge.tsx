import type { EnrollmentStage } from "../ipc/bindings/EnrollmentStage";
import type { Lead } from "../ipc/bindings/Lead";
import type { StopReason } from "../ipc/bindings/StopReason";

export const STAGE_LABEL: Record<EnrollmentStage, string> = {
  enrolled: "Enrolled",
  enriched: "Enriched",
  drafted: "Drafted",
  approved: "Approved",
  scheduled: "Scheduled",
  sent: "Sent",
  replied: "Replied",
  stopped: "Stopped",
};

export const STAGES = Object.keys(STAGE_LABEL) as EnrollmentStage[];

export const STOP_REASON_LABEL: Record<StopReason, string> = {
  bounced: "bounced",
  unsubscribed: "unsubscribed",
  replied_elsewhere: "replied in another campaign",
  removed: "removed",
  failed: "failed",
};

/** The colour each stage is shown in (the palette's status tones). */
const STAGE_TONE: Record<EnrollmentStage, string> = {
  enrolled: "new",
  enriched: "researched",
  drafted: "drafted",
  approved: "approved",
  scheduled: "queued",
  sent: "sent",
  replied: "replied",
  stopped: "failed",
};

export function stageTone(stage: EnrollmentStage): string {
  return STAGE_TONE[stage];
}

/** A lead's stage in one campaign; a stopped one says why. */
export function StageBadge({ stage, stopReason }: { stage: EnrollmentStage; stopReason?: StopReason | null }) {
  const label = stage === "stopped" && stopReason ? `Stopped: ${STOP_REASON_LABEL[stopReason]}` : STAGE_LABEL[stage];
  return <span className={`badge badge--status-${STAGE_TONE[stage]}`}>{label}</span>;
}

/** The facts about the person that hold in every campaign, most decisive first. */
export function personFacts(lead: Lead): { label: string; tone: string; at: string }[] {
  const facts: { label: string; tone: string; at: string | null }[] = [
    { label: "Bounced", tone: "bounced", at: lead.hard_bounced_at },
    { label: "Unsubscribed", tone: "unsubscribed", at: lead.unsubscribed_at },
    { label: "Suppressed", tone: "failed", at: lead.suppressed_at },
    { label: "Replied", tone: "replied", at: lead.replied_at },
  ];
  return facts.filter((f): f is { label: string; tone: string; at: string } => f.at !== null);
}

/** Outside one campaign: the person's facts, else how many campaigns they are in. */
export function PersonBadge({ lead }: { lead: Lead }) {
  const [fact] = personFacts(lead);
  if (fact) return <span className={`badge badge--status-${fact.tone}`}>{fact.label}</span>;
  if (lead.campaigns === 0) return <span className="text-subtle">No campaign</span>;
  return <span className="text-muted">{lead.campaigns === 1 ? "1 campaign" : `${lead.campaigns} campaigns`}</span>;
}
