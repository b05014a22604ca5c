import { useEffect, useRef } from "react";

export type InboxKeyHandlers = Record<string, () => void>;

/** Typing in a field keeps its keys. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== "string") return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** Runs the handler of a key press unless a field or a dialog has it; says whether it did. */
export function dispatchInboxKey(e: KeyboardEvent, handlers: InboxKeyHandlers): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return false;
  if (document.querySelector('[role="dialog"][aria-modal="true"]')) return false;
  const handler = handlers[e.key];
  if (!handler) return false;
  e.preventDefault();
  handler();
  return true;
}

/** The inbox's single-key shortcuts, on the whole window. */
export function useInboxKeys(handlers: InboxKeyHandlers) {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => void dispatchInboxKey(e, latest.current);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
