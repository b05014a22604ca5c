import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { CampaignPaused } from "./bindings/CampaignPaused";
import type { DataChanged } from "./bindings/DataChanged";
import type { DraftWriting } from "./bindings/DraftWriting";
import type { InterestedReply } from "./bindings/InterestedReply";
import type { JobProgress } from "./bindings/JobProgress";

type Events = {
  "job-progress": JobProgress;
  "data-changed": DataChanged;
  "draft-writing": DraftWriting;
  "campaign-paused": CampaignPaused;
  "interested-reply": InterestedReply;
};

function subscribe<E extends keyof Events>(event: E, handler: (payload: Events[E]) => void): () => void {
  let unlisten: UnlistenFn | null = null;
  let closed = false;
  listen<Events[E]>(event, (e) => handler(e.payload))
    .then((fn) => {
      if (closed) void fn();
      else unlisten = fn;
    })
    .catch(() => {
      // Outside the desktop shell there is no event bus; the UI then works from queries alone.
    });
  return () => {
    closed = true;
    if (unlisten) void unlisten();
  };
}

/** Progress of long engine jobs (imports). Returns a function that stops listening. */
export function onJobProgress(handler: (progress: JobProgress) => void): () => void {
  return subscribe("job-progress", handler);
}

/** The engine wrote data of some kind; cached queries of that kind are stale. */
export function onDataChanged(handler: (change: DataChanged) => void): () => void {
  return subscribe("data-changed", handler);
}

/** A model is writing a draft: the next piece of its answer. Returns a function that stops listening. */
export function onDraftWriting(handler: (piece: DraftWriting) => void): () => void {
  return subscribe("draft-writing", handler);
}

/** A campaign stopped sending on its own (bounce protection, no mailbox left). The shell also notifies the OS. */
export function onCampaignPaused(handler: (paused: CampaignPaused) => void): () => void {
  return subscribe("campaign-paused", handler);
}

/** A reply was read as interested. The shell also notifies the OS. Returns a function that stops listening. */
export function onInterestedReply(handler: (reply: InterestedReply) => void): () => void {
  return subscribe("interested-reply", handler);
}
