import type { CircuitView } from "../../ipc/bindings/CircuitView";
import type { ProviderKind } from "../../ipc/bindings/ProviderKind";
import type { Purpose } from "../../ipc/bindings/Purpose";

export const KIND_LABEL: Record<ProviderKind, string> = {
  openai: "OpenAI-compatible",
  anthropic: "Anthropic",
  gemini: "Gemini",
};
export const PROVIDER_KINDS = Object.keys(KIND_LABEL) as ProviderKind[];

export const PURPOSES: { purpose: Purpose; label: string; hint: string }[] = [
  { purpose: "research", label: "Research", hint: "Reading a lead's website and news before writing." },
  { purpose: "opener", label: "Opener", hint: "The personal first line of each email." },
  { purpose: "draft", label: "Draft", hint: "Whole emails and follow-ups." },
  { purpose: "classify", label: "Classify", hint: "Sorting replies: interested, not now, unsubscribe…" },
];

export const PURPOSE_LABEL = Object.fromEntries(PURPOSES.map((p) => [p.purpose, p.label])) as Record<Purpose, string>;

/** The breaker's state in a consultant's words, and the tone of its badge. */
export function circuitLabel(c: CircuitView): { label: string; tone: "success" | "danger" | "warning" } {
  switch (c.state) {
    case "closed":
      return { label: "Available", tone: "success" };
    case "open":
      return { label: c.retry_in_secs != null ? `Paused, retry in ${Math.max(0, Math.ceil(c.retry_in_secs))} s` : "Paused", tone: "danger" };
    case "half_open":
      return { label: "Trying again", tone: "warning" };
  }
}
