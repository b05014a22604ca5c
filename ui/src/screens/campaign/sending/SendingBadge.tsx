import type { Campaign } from "../../../ipc/bindings/Campaign";
import { sendingLabel } from "./labels";

/** Running or paused, with why it paused: in the campaign's header and on its card. */
export function SendingBadge({ campaign, withNote = false, compact = false, testId }: { campaign: Campaign; withNote?: boolean; compact?: boolean; testId?: string }) {
  const { label, tone } = sendingLabel(campaign);
  if (campaign.sending === "not_started" && !withNote) return null;
  const paused = campaign.sending === "paused";
  return (
    <span className="sending-state" data-testid={testId} data-state={campaign.sending}>
      <span className={`badge${tone === "neutral" ? "" : ` badge--tone-${tone}`}`} title={campaign.sending_note ?? undefined}>
        {label}
      </span>
      {withNote && paused && campaign.sending_note && (
        <span className={compact ? "sending-state__note truncate" : "sending-state__note"} title={compact ? campaign.sending_note : undefined}>
          {campaign.sending_note}
        </span>
      )}
    </span>
  );
}
