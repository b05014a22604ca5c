import { useState } from "react";
import type { Campaign } from "../../../ipc/bindings/Campaign";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { Icon } from "../../../components/Icon";
import { Spinner } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useCancelQueue, useLaunchCampaign, usePauseCampaign } from "../../../hooks/outbox";
import { describeError } from "../../../ipc/errors";
import { formatDateTime, plural } from "../../../lib/format";
import { SendingBadge } from "./SendingBadge";

/** Launch (or resume), pause and cancel the queue; a refused launch lists its reasons in place. */
export function SendingControls({
  campaign,
  waiting,
  blocked,
  children,
}: {
  campaign: Campaign;
  waiting: number | null;
  /** Whether something still keeps the campaign from launching, when known: a refusal shown before is dropped once nothing does. */
  blocked?: boolean;
  children?: React.ReactNode;
}) {
  const launch = useLaunchCampaign();
  const pause = usePauseCampaign();
  const cancel = useCancelQueue();
  const notify = useToast();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const running = campaign.sending === "running";

  const doLaunch = () => {
    setRefusal(null);
    launch.mutate(campaign.id, {
      onSuccess: (c) => notify.success(campaign.sending === "paused" ? `“${c.name}” sends again` : `“${c.name}” is launched`, "Mail goes out in the send window, spaced and within the caps, while Reach is open."),
      onError: (e) => setRefusal(describeError(e)),
    });
  };

  return (
    <section className="card sending-controls" aria-label="Sending" data-testid="sending-controls">
      <div className="sending-controls__state">
        <SendingBadge campaign={campaign} withNote testId="sending-state" />
        <span className="text-muted">
          {running
            ? `Launched ${formatDateTime(campaign.launched_at)}. Reach sends while it is open (or while reach agent runs).`
            : campaign.sending === "paused"
              ? "Nothing is sent until you resume. Queued mail waits."
              : "Launch when the preview below looks right. Nothing is sent before."}
        </span>
      </div>
      <div className="sending-controls__actions">
        {running ? (
          <button type="button" className="btn" onClick={() => pause.mutate(campaign.id, { onSuccess: (c) => notify.success(`“${c.name}” is paused`) })} disabled={pause.isPending} data-testid="campaign-pause">
            {pause.isPending ? <Spinner size={14} label="Pausing" /> : <Icon name="stop" />}
            Pause
          </button>
        ) : (
          <button type="button" className="btn btn--primary" onClick={doLaunch} disabled={launch.isPending} data-testid="campaign-launch">
            {launch.isPending ? <Spinner size={14} label="Launching" /> : <Icon name="play" />}
            {campaign.sending === "paused" ? "Resume" : "Launch"}
          </button>
        )}
        <button type="button" className="btn btn--danger-ghost" onClick={() => setConfirmCancel(true)} disabled={waiting === 0} data-testid="campaign-cancel-queue">
          <Icon name="x" />
          Cancel queue
        </button>
        {children}
      </div>
      {refusal && blocked !== false && (
        <div className="callout callout--danger sending-controls__refusal" role="alert" data-testid="launch-refused">
          <Icon name="alert-circle" />
          <span>{refusal}</span>
        </div>
      )}
      <ConfirmDialog
        open={confirmCancel}
        title="Cancel the queued mail?"
        confirmLabel="Cancel queue"
        busy={cancel.isPending}
        testId="cancel-queue-dialog"
        onCancel={() => setConfirmCancel(false)}
        onConfirm={() =>
          cancel.mutate(campaign.id, {
            onSuccess: (n) => {
              notify.success(n === 0 ? "Nothing was queued" : `Cancelled ${plural(n, "queued mail")}`);
              setConfirmCancel(false);
            },
          })
        }
      >
        <p>Every scheduled or deferred mail of this campaign is cancelled and will not be sent. Sent mail and unknown outcomes stay as they are; approved drafts can be queued again by launching.</p>
      </ConfirmDialog>
    </section>
  );
}
