import type { ProviderView } from "../../../ipc/bindings/ProviderView";
import type { RouteStepInput } from "../../../ipc/bindings/RouteStepInput";
import type { RouteView } from "../../../ipc/bindings/RouteView";

/** One step while it is edited; `model` is empty when the step follows the provider's own model. */
export type EditableStep = { key: string; providerId: number; model: string };

let nextKey = 1;
const newKey = () => `step-${nextKey++}`;

export function editableSteps(route: RouteView, providers: ProviderView[]): EditableStep[] {
  return route.steps.map((s) => {
    const own = providers.find((p) => p.id === s.provider_id)?.model;
    return { key: newKey(), providerId: s.provider_id, model: own === undefined || s.model === own ? "" : s.model };
  });
}

export function newStep(providerId: number): EditableStep {
  return { key: newKey(), providerId, model: "" };
}

export function moveStep(steps: EditableStep[], from: number, to: number): EditableStep[] {
  if (to < 0 || to >= steps.length || from === to) return steps;
  const next = [...steps];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}

/** A step without a model of its own keeps following the provider's model when that changes. */
export function toStepInputs(steps: EditableStep[]): RouteStepInput[] {
  return steps.map((s) => (s.model.trim() ? { provider_id: s.providerId, model: s.model.trim() } : { provider_id: s.providerId }));
}
