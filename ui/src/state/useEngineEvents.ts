import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useToast } from "../components/toast/ToastContext";
import { AppError } from "../ipc/errors";
import { onCampaignPaused, onDataChanged, onInterestedReply, onJobProgress } from "../ipc/events";
import { applyDataChanged } from "./invalidation";
import { useJobProgressStore } from "./JobProgressContext";

/**
 * The app's single subscription to engine events: change events invalidate queries, progress goes to the store,
 * and a campaign that paused itself or an interested reply is said in the window too (the shell also raises an OS
 * notification).
 */
export function useEngineEvents(): void {
  const client = useQueryClient();
  const store = useJobProgressStore();
  const notify = useToast();
  useEffect(() => {
    const stopChanges = onDataChanged((change) => applyDataChanged(client, change));
    const stopProgress = onJobProgress((progress) => store.apply(progress));
    const stopPaused = onCampaignPaused((paused) => notify.error(new AppError("conflict", paused.reason), `“${paused.campaign}” paused itself`));
    const stopInterested = onInterestedReply((reply) => notify.success(`Interested reply from ${reply.from}`, `“${reply.subject}” is in the Inbox.`));
    return () => {
      stopChanges();
      stopProgress();
      stopPaused();
      stopInterested();
    };
  }, [client, store, notify]);
}
