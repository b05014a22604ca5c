import { useEffect, useRef } from "react";

export type KeyHandlers = Partial<Record<"j" | "k" | "a" | "r" | "e" | "g" | "n" | "o" | "/" | "?" | "Enter" | "Escape", () => void>>;

/** Typing in a field, or a dialog over the page, keeps its keys. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** The review queue's single-key shortcuts, on the whole window while `enabled`. */
export function useReviewKeys(handlers: KeyHandlers, enabled: boolean) {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      // Enter on a focused button or link means that control.
      if (e.key === "Enter" && e.target instanceof HTMLElement && ["BUTTON", "A"].includes(e.target.tagName)) return;
      const handler = latest.current[e.key as keyof KeyHandlers];
      if (!handler) return;
      e.preventDefault();
      handler();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
