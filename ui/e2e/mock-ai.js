// The engine's AI settings at the Tauri IPC boundary, for browser tests: providers (keys kept only as
// the engine shows them), fallback orders, prices, budgets and a usage ledger seeded for this month.
// Installed after installMockEngine, whose command table it extends. Passed to page.addInitScript, so it
// must stay self-contained.

export function installMockAi(options) {
  const opts = Object.assign({ deltaMs: 200, answer: ["Hello", " from", " the", " test", " model."], heldUsd: 1.25 }, options || {});
  const mock = window.__reachMock;
  const { commands, engineError } = mock;
  const now = new Date();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
  const PURPOSES = ["research", "opener", "draft", "classify"];
  const PRESETS = [
    { preset: "openai", label: "OpenAI", kind: "openai", base_url: "https://api.openai.com/v1", needs_key: true, suggested_model: "gpt-4o-mini" },
    { preset: "groq", label: "Groq", kind: "openai", base_url: "https://api.groq.com/openai/v1", needs_key: true, suggested_model: "llama-3.1-8b-instant" },
    { preset: "openrouter", label: "OpenRouter", kind: "openai", base_url: "https://openrouter.ai/api/v1", needs_key: true, suggested_model: "openai/gpt-4o-mini" },
    { preset: "ollama", label: "Ollama (this computer)", kind: "openai", base_url: "http://localhost:11434/v1", needs_key: false, suggested_model: "llama3.2" },
    { preset: "lmstudio", label: "LM Studio (this computer)", kind: "openai", base_url: "http://localhost:1234/v1", needs_key: false, suggested_model: null },
    { preset: "anthropic", label: "Anthropic", kind: "anthropic", base_url: "https://api.anthropic.com", needs_key: true, suggested_model: "claude-3-5-haiku-latest" },
    { preset: "gemini", label: "Google Gemini", kind: "gemini", base_url: "https://generativelanguage.googleapis.com", needs_key: true, suggested_model: "gemini-2.5-flash" },
    { preset: "custom", label: "Other (any address)", kind: null, base_url: null, needs_key: false, suggested_model: null },
  ];
  const ai = {
    providers: [],
    keys: new Map(),
    routes: new Map(),
    prices: [
      { provider_kind: "openai", model: "gpt-4o-mini", input_per_mtok_usd: 0.15, output_per_mtok_usd: 0.6 },
      { provider_kind: "openai", model: "*", input_per_mtok_usd: 2.5, output_per_mtok_usd: 10 },
    ],
    budgets: new Map(),
    ledger: [],
    nextId: 1,
  };
  mock.ai = ai;

  // Earlier calls this month for the first workspace, so the charts have something to draw: spread over
  // the days gone by (so far as the month has any: on its first day all fall on that one day).
  const seed = [
    [8, "OpenAI", "gpt-4o-mini", "research", 0.42],
    [8, "OpenAI", "gpt-4o-mini", "draft", 0.61],
    [4, "Groq", "llama-3.1-8b-instant", "opener", 0.08],
    [0, "OpenAI", "gpt-4o-mini", "draft", 1.13],
  ];
  for (const [daysAgo, provider, model, purpose, cost] of seed) {
    const d = Math.max(1, now.getDate() - daysAgo);
    ai.ledger.push({
      id: ai.ledger.length + 1, at: `${month}-${String(d).padStart(2, "0")}T10:15:00Z`, workspace_id: 1, campaign_id: null, job_id: null,
      provider, model, purpose, input_tokens: 12000, output_tokens: 900, cost_micros: Math.round(cost * 1e6), cached: false, latency_ms: 840, outcome: "ok",
    });
  }

  function keyStatus(p) {
    const key = ai.keys.get(p.id);
    if (key) return { state: "set", hint: `…${key.slice(-4)}`, label: `set, ends in …${key.slice(-4)}` };
    const needs = (PRESETS.find((x) => x.preset === p.preset) || {}).needs_key;
    return needs ? { state: "not_set", hint: null, label: "not set" } : { state: "not_needed", hint: null, label: "not needed" };
  }
  function view(p) {
    return Object.assign({}, p, { key: keyStatus(p), circuit: { state: "closed", consecutive_failures: 0, retry_in_secs: null, last_error: null }, in_flight: 0 });
  }
  function fields(input, current) {
    const preset = PRESETS.find((x) => x.preset === (input.preset || (current && current.preset) || "custom"));
    if (!input.name || !input.name.trim()) throw engineError("provider_name_missing");
    if (!input.model || !input.model.trim()) throw engineError("provider_model_missing");
    return {
      name: input.name.trim(), kind: input.kind || preset.kind || (current && current.kind), preset: preset.preset,
      base_url: (input.base_url || preset.base_url || "").replace(/\/+$/, ""), model: input.model.trim(),
      rpm_limit: input.rpm_limit == null ? null : input.rpm_limit, tpm_limit: input.tpm_limit == null ? null : input.tpm_limit,
      timeout_secs: input.timeout_secs || 60, max_concurrency: input.max_concurrency || 4, enabled: input.enabled !== false,
    };
  }
  function provider(id) {
    const p = ai.providers.find((x) => x.id === id);
    if (!p) throw engineError("provider_not_found", { id });
    return p;
  }
  function routeView(purpose) {
    const stored = ai.routes.get(purpose);
    const step = (id, model) => {
      const p = ai.providers.find((x) => x.id === id);
      return p && { provider_id: id, provider_name: p.name, model: model || p.model, enabled: p.enabled };
    };
    if (stored && stored.length) return { purpose, steps: stored.map((s) => step(s.provider_id, s.model)).filter(Boolean), is_default: false };
    return { purpose, steps: ai.providers.filter((p) => p.enabled).map((p) => step(p.id)), is_default: true };
  }
  function totals(rows) {
    return {
      calls: rows.length, cached_calls: rows.filter((r) => r.cached).length, failed_calls: rows.filter((r) => r.outcome !== "ok").length,
      input_tokens: rows.reduce((n, r) => n + r.input_tokens, 0), output_tokens: rows.reduce((n, r) => n + r.output_tokens, 0),
      cost_usd: rows.reduce((n, r) => n + r.cost_micros, 0) / 1e6,
    };
  }
  function group(rows, keyOf) {
    const keys = [...new Set(rows.map(keyOf))];
    return keys.map((key) => ({ key: String(key), label: String(key), totals: totals(rows.filter((r) => keyOf(r) === key)) }));
  }
  function spent(workspaceId) {
    return ai.ledger.filter((r) => r.workspace_id === workspaceId && r.at.startsWith(month)).reduce((n, r) => n + r.cost_micros, 0) / 1e6;
  }
  function budget(workspaceId) {
    const limit = ai.budgets.has(workspaceId) ? ai.budgets.get(workspaceId) : null;
    const s = spent(workspaceId);
    return { workspace_id: workspaceId, month, limit_usd: limit, spent_usd: s, held_usd: opts.heldUsd, remaining_usd: limit === null ? null : Math.max(0, limit - s - opts.heldUsd) };
  }
  function send(channel, index, message) {
    window.__TAURI_INTERNALS__.runCallback(channel.id, message === undefined ? { index, end: true } : { index, message: { kind: "delta", text: message } });
  }

  Object.assign(commands, {
    provider_presets: () => PRESETS,
    provider_list: () => ai.providers.map(view),
    provider_add: ({ input, api_key }) => {
      if (ai.providers.some((p) => p.name.toLowerCase() === String(input.name).trim().toLowerCase())) throw engineError("provider_name_taken", { name: String(input.name).trim() });
      const at = new Date().toISOString();
      const p = Object.assign({ id: ai.nextId++, created_at: at, updated_at: at }, fields(input));
      ai.providers.push(p);
      if (api_key) ai.keys.set(p.id, api_key);
      return view(p);
    },
    provider_update: ({ id, input, api_key, remove_key }) => {
      const p = provider(id);
      Object.assign(p, fields(input, p), { updated_at: new Date().toISOString() });
      if (remove_key) ai.keys.delete(id);
      else if (api_key) ai.keys.set(id, api_key);
      return view(p);
    },
    provider_remove: ({ id }) => {
      provider(id);
      ai.providers = ai.providers.filter((p) => p.id !== id);
      ai.keys.delete(id);
      for (const [purpose, steps] of ai.routes) ai.routes.set(purpose, steps.filter((s) => s.provider_id !== id));
      return null;
    },
    provider_test: async ({ id, on_delta }) => {
      const p = provider(id);
      // The engine asks a provider whose key is not set anyway, and the provider refuses.
      if (keyStatus(p).state === "not_set") throw engineError("provider_rejected_key", { name: p.name });
      const started = Date.now();
      for (let i = 0; i < opts.answer.length; i++) {
        await new Promise((r) => setTimeout(r, opts.deltaMs));
        send(on_delta, i, opts.answer[i]);
      }
      send(on_delta, opts.answer.length);
      await new Promise((r) => setTimeout(r, opts.deltaMs));
      ai.ledger.push({
        id: ai.ledger.length + 1, at: new Date().toISOString(), workspace_id: null, campaign_id: null, job_id: null, provider: p.name, model: p.model,
        purpose: "classify", input_tokens: 14, output_tokens: 5, cost_micros: 5, cached: false, latency_ms: Date.now() - started, outcome: "ok",
      });
      return { provider: p.name, model: p.model, latency_ms: Date.now() - started, input_tokens: 14, output_tokens: 5, cost_usd: 0.000005, answer: opts.answer.join("") };
    },
    route_list: () => PURPOSES.map(routeView),
    route_set: ({ purpose, steps }) => {
      for (const s of steps) provider(s.provider_id);
      ai.routes.set(purpose, steps.map((s) => ({ provider_id: s.provider_id, model: s.model || null })));
      return routeView(purpose);
    },
    price_list: () => ai.prices,
    price_set: ({ price }) => {
      ai.prices = ai.prices.filter((p) => !(p.provider_kind === price.provider_kind && p.model === price.model)).concat([price]);
      return ai.prices;
    },
    price_remove: ({ provider_kind, model }) => {
      ai.prices = ai.prices.filter((p) => !(p.provider_kind === provider_kind && p.model === model));
      return ai.prices;
    },
    budget_get: ({ workspace_id }) => budget(workspace_id),
    budget_set: ({ workspace_id, monthly_usd }) => {
      if (monthly_usd !== null && !(monthly_usd >= 0)) throw engineError("budget_invalid");
      if (monthly_usd === null) ai.budgets.delete(workspace_id);
      else ai.budgets.set(workspace_id, monthly_usd);
      return budget(workspace_id);
    },
    usage_summary: ({ month: m, workspace_id }) => {
      const wanted = m || month;
      const rows = ai.ledger.filter((r) => r.at.startsWith(wanted) && (workspace_id == null || r.workspace_id === workspace_id));
      return {
        month: wanted, workspace_id: workspace_id == null ? null : workspace_id, totals: totals(rows),
        by_day: group(rows, (r) => r.at.slice(0, 10)), by_provider: group(rows, (r) => r.provider),
        by_workspace: group(rows, (r) => r.workspace_id), by_purpose: group(rows, (r) => r.purpose),
      };
    },
    usage_recent: ({ workspace_id, limit }) =>
      ai.ledger.filter((r) => workspace_id == null || r.workspace_id === workspace_id).slice().reverse().slice(0, limit),
  });
}
