import type { CommandArgs } from "../ipc/commands";
import type { BudgetView } from "../ipc/bindings/BudgetView";
import type { ModelPrice } from "../ipc/bindings/ModelPrice";
import type { ProviderView } from "../ipc/bindings/ProviderView";
import type { RouteView } from "../ipc/bindings/RouteView";
import { mockEngine } from "./engine";
import { budget, PRESETS, provider, usageSummary } from "./fixtures";

/**
 * The settings commands over a small in-memory state: keys are kept only as the engine would show them
 * ("set, ends in …" from the key's last four characters).
 */
export function settingsEngine(options: { providers?: ProviderView[]; routes?: RouteView[]; prices?: ModelPrice[]; budget?: BudgetView; handlers?: Parameters<typeof mockEngine>[0] } = {}) {
  const state = {
    providers: options.providers ?? [provider()],
    routes: options.routes,
    prices: options.prices ?? [],
    budget: options.budget ?? budget(),
  };
  let nextId = Math.max(0, ...state.providers.map((p) => p.id)) + 1;
  const keyStatus = (key: string | undefined, needsKey: boolean): ProviderView["key"] =>
    key ? { state: "set", hint: `…${key.slice(-4)}`, label: `set, ends in …${key.slice(-4)}` } : needsKey ? { state: "not_set", hint: null, label: "not set" } : { state: "not_needed", hint: null, label: "not needed" };
  const fromInput = (base: ProviderView, input: CommandArgs<"provider_add">["input"]): ProviderView => ({
    ...base,
    name: input.name,
    kind: input.kind ?? base.kind,
    preset: input.preset ?? base.preset,
    base_url: input.base_url ?? base.base_url,
    model: input.model,
    rpm_limit: input.rpm_limit ?? null,
    tpm_limit: input.tpm_limit ?? null,
    timeout_secs: input.timeout_secs ?? 60,
    max_concurrency: input.max_concurrency ?? 4,
    enabled: input.enabled ?? true,
  });

  const engine = mockEngine({
    provider_presets: () => PRESETS,
    provider_list: () => state.providers,
    provider_add: ({ input, api_key }) => {
      const needsKey = PRESETS.find((p) => p.preset === input.preset)?.needs_key ?? false;
      const p = fromInput(provider({ id: nextId++ }), input);
      p.key = keyStatus(api_key, needsKey);
      state.providers = [...state.providers, p];
      return p;
    },
    provider_update: ({ id, input, api_key, remove_key }) => {
      const current = state.providers.find((p) => p.id === id)!;
      const next = fromInput(current, input);
      if (remove_key) next.key = keyStatus(undefined, true);
      else if (api_key) next.key = keyStatus(api_key, true);
      state.providers = state.providers.map((p) => (p.id === id ? next : p));
      return next;
    },
    provider_remove: ({ id }) => {
      state.providers = state.providers.filter((p) => p.id !== id);
      return null;
    },
    route_list: () =>
      state.routes ??
      (["research", "opener", "draft", "classify"] as const).map((purpose) => ({
        purpose,
        steps: state.providers.map((p) => ({ provider_id: p.id, provider_name: p.name, model: p.model, enabled: p.enabled })),
        is_default: true,
      })),
    route_set: ({ purpose, steps }) => {
      const view: RouteView = {
        purpose,
        is_default: steps.length === 0,
        steps: steps.map((s) => {
          const p = state.providers.find((x) => x.id === s.provider_id)!;
          return { provider_id: p.id, provider_name: p.name, model: s.model ?? p.model, enabled: p.enabled };
        }),
      };
      if (state.routes) state.routes = state.routes.map((r) => (r.purpose === purpose ? view : r));
      return view;
    },
    price_list: () => state.prices,
    price_set: ({ price }) => {
      state.prices = [...state.prices.filter((p) => !(p.provider_kind === price.provider_kind && p.model === price.model)), price];
      return state.prices;
    },
    price_remove: ({ provider_kind, model }) => {
      state.prices = state.prices.filter((p) => !(p.provider_kind === provider_kind && p.model === model));
      return state.prices;
    },
    budget_get: () => state.budget,
    budget_set: ({ monthly_usd }) => {
      const b = state.budget;
      state.budget = { ...b, limit_usd: monthly_usd, remaining_usd: monthly_usd === null ? null : Math.max(0, monthly_usd - b.spent_usd - b.held_usd) };
      return state.budget;
    },
    usage_summary: ({ month }) => usageSummary({ month: month ?? "2026-11" }),
    usage_recent: () => [],
    ...options.handlers,
  });
  return { ...engine, state };
}
