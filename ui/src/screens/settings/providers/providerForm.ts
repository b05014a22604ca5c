import type { CommandArgs } from "../../../ipc/commands";
import type { PresetInfo } from "../../../ipc/bindings/PresetInfo";
import type { ProviderInput } from "../../../ipc/bindings/ProviderInput";
import type { ProviderKind } from "../../../ipc/bindings/ProviderKind";
import type { ProviderPreset } from "../../../ipc/bindings/ProviderPreset";
import type { ProviderView } from "../../../ipc/bindings/ProviderView";

/** What the provider dialog edits; numbers stay text until saved so a field can be empty. */
export type ProviderForm = {
  preset: ProviderPreset;
  kind: ProviderKind | "";
  name: string;
  model: string;
  baseUrl: string;
  apiKey: string;
  removeKey: boolean;
  rpm: string;
  tpm: string;
  timeout: string;
  concurrency: string;
  enabled: boolean;
};

export type FormErrors = Partial<Record<"name" | "model" | "baseUrl" | "kind" | "rpm" | "tpm" | "timeout" | "concurrency", string>>;

const text = (n: number | null | undefined) => (n == null ? "" : String(n));

export function blankForm(): ProviderForm {
  return { preset: "custom", kind: "", name: "", model: "", baseUrl: "", apiKey: "", removeKey: false, rpm: "", tpm: "", timeout: "", concurrency: "", enabled: true };
}

/** The key is never part of what the engine sends back, so the key field always starts empty. */
export function formFromProvider(p: ProviderView): ProviderForm {
  return {
    preset: p.preset,
    kind: p.kind,
    name: p.name,
    model: p.model,
    baseUrl: p.base_url,
    apiKey: "",
    removeKey: false,
    rpm: text(p.rpm_limit),
    tpm: text(p.tpm_limit),
    timeout: text(p.timeout_secs),
    concurrency: text(p.max_concurrency),
    enabled: p.enabled,
  };
}

/**
 * Picking a preset fills its protocol, address and usual model. The name follows the preset until the
 * user types one of their own; fields the previous preset filled are cleared for "Other".
 */
export function applyPreset(form: ProviderForm, next: PresetInfo, previous: PresetInfo | undefined): ProviderForm {
  const followedPrevious = (value: string, filled: string | null | undefined) => value === "" || (filled != null && value === filled);
  const nameFollows = form.name.trim() === "" || form.name === previous?.label;
  return {
    ...form,
    preset: next.preset,
    kind: next.kind ?? (previous?.kind != null && form.kind === previous.kind ? "" : form.kind),
    baseUrl: next.base_url ?? (followedPrevious(form.baseUrl, previous?.base_url) ? "" : form.baseUrl),
    model: next.suggested_model ?? (followedPrevious(form.model, previous?.suggested_model) ? "" : form.model),
    name: nameFollows ? (next.kind ? next.label : "") : form.name,
  };
}

function positiveInt(value: string): number | null | undefined {
  const t = value.trim();
  if (t === "") return undefined;
  return /^\d+$/.test(t) && Number(t) >= 1 ? Number(t) : null;
}

export function validate(form: ProviderForm): FormErrors {
  const errors: FormErrors = {};
  if (!form.name.trim()) errors.name = "Give the provider a name.";
  if (!form.model.trim()) errors.model = "Give the model to use, e.g. gpt-4o-mini.";
  if (!form.kind) errors.kind = "Choose the protocol this server speaks.";
  const url = form.baseUrl.trim();
  if (!url) errors.baseUrl = "Give the provider's address.";
  else if (!/^https?:\/\/\S+$/i.test(url)) errors.baseUrl = "The address starts with http:// or https://.";
  const numbers = [
    ["rpm", form.rpm],
    ["tpm", form.tpm],
    ["timeout", form.timeout],
    ["concurrency", form.concurrency],
  ] as const;
  for (const [key, value] of numbers) {
    if (positiveInt(value) === null) errors[key] = "A whole number of 1 or more, or empty.";
  }
  return errors;
}

export function toInput(form: ProviderForm): ProviderInput {
  const input: ProviderInput = {
    name: form.name.trim(),
    preset: form.preset,
    base_url: form.baseUrl.trim(),
    model: form.model.trim(),
    enabled: form.enabled,
  };
  if (form.kind) input.kind = form.kind;
  const rpm = positiveInt(form.rpm);
  const tpm = positiveInt(form.tpm);
  const timeout = positiveInt(form.timeout);
  const concurrency = positiveInt(form.concurrency);
  if (rpm) input.rpm_limit = rpm;
  if (tpm) input.tpm_limit = tpm;
  if (timeout) input.timeout_secs = timeout;
  if (concurrency) input.max_concurrency = concurrency;
  return input;
}

/** A key is sent only when one was typed; an empty field keeps the stored key. */
export function addArgs(form: ProviderForm): CommandArgs<"provider_add"> {
  const key = form.apiKey.trim();
  return key ? { input: toInput(form), api_key: key } : { input: toInput(form) };
}

export function updateArgs(id: number, form: ProviderForm): CommandArgs<"provider_update"> {
  const key = form.apiKey.trim();
  if (form.removeKey) return { id, input: toInput(form), remove_key: true };
  return key ? { id, input: toInput(form), api_key: key } : { id, input: toInput(form) };
}

/** The input that changes nothing but `enabled`, for the switch on a provider's card. */
export function toggledInput(p: ProviderView, enabled: boolean): ProviderInput {
  return { ...toInput(formFromProvider(p)), enabled };
}
