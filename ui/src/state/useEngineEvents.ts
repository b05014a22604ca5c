import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { onDataChanged, onJobProgress } from "../ipc/events";
import { applyDataChanged } from "./invalidation";
import { useJobProgressStore } from "./JobProgressContext";

/** The app's single subscription to engine events: change events invalidate queries, progress goes to the store. */
export function useEngineEvents(): void {
  const client = useQueryClient();
  const store = useJobProgressStore();
  useEffect(() => {
    const stopChanges = onDataChanged((change) => applyDataChanged(client, change));
    const stopProgress = onJobProgress((progress) => store.apply(progress));
    return () => {
      stopChanges();
      stopProgress();
    };
  }, [client, store]);
}
