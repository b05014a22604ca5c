-- The LLM layer's settings (providers, fallback routes, prices, budgets) and its ledger (usage, budget
-- reservations, answer cache). API keys are not here: a provider row names its keychain entry only.
-- Money is integer micro-dollars (1 USD = 1,000,000), so sums and budget checks are exact.

CREATE TABLE llm_providers (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('openai', 'anthropic', 'gemini')),
    preset          TEXT NOT NULL DEFAULT 'custom',
    base_url        TEXT NOT NULL,
    model           TEXT NOT NULL,
    -- The keychain entry holding the API key ("provider:<random hex>"), or NULL when the provider needs none.
    key_ref         TEXT,
    rpm_limit       INTEGER CHECK (rpm_limit IS NULL OR rpm_limit > 0),
    tpm_limit       INTEGER CHECK (tpm_limit IS NULL OR tpm_limit > 0),
    timeout_secs    INTEGER NOT NULL DEFAULT 60 CHECK (timeout_secs > 0),
    max_concurrency INTEGER NOT NULL DEFAULT 4 CHECK (max_concurrency > 0),
    enabled         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX llm_providers_name ON llm_providers (name COLLATE NOCASE);

-- Per purpose, the ordered fallback chain. A NULL model means the provider's default model.
CREATE TABLE llm_routes (
    purpose      TEXT NOT NULL CHECK (purpose IN ('research', 'opener', 'draft', 'classify')),
    position     INTEGER NOT NULL,
    provider_id  INTEGER NOT NULL REFERENCES llm_providers (id) ON DELETE CASCADE,
    model        TEXT,
    PRIMARY KEY (purpose, position)
);

-- USD per million tokens. model '*' prices every model of that kind without a row of its own.
CREATE TABLE llm_prices (
    provider_kind   TEXT NOT NULL CHECK (provider_kind IN ('openai', 'anthropic', 'gemini')),
    model           TEXT NOT NULL,
    input_per_mtok  REAL NOT NULL CHECK (input_per_mtok >= 0),
    output_per_mtok REAL NOT NULL CHECK (output_per_mtok >= 0),
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (provider_kind, model)
);

INSERT INTO llm_prices (provider_kind, model, input_per_mtok, output_per_mtok, updated_at) VALUES
    ('openai', 'gpt-4o-mini', 0.15, 0.60, '2026-11-25T00:00:00.000Z'),
    ('openai', 'gpt-4o', 2.50, 10.00, '2026-11-25T00:00:00.000Z'),
    ('openai', 'gpt-4.1-mini', 0.40, 1.60, '2026-11-25T00:00:00.000Z'),
    ('anthropic', 'claude-3-5-haiku-latest', 0.80, 4.00, '2026-11-25T00:00:00.000Z'),
    ('anthropic', 'claude-sonnet-4-5', 3.00, 15.00, '2026-11-25T00:00:00.000Z'),
    ('gemini', 'gemini-2.5-flash', 0.30, 2.50, '2026-11-25T00:00:00.000Z'),
    ('gemini', 'gemini-2.5-flash-lite', 0.10, 0.40, '2026-11-25T00:00:00.000Z');

CREATE TABLE llm_budgets (
    workspace_id   INTEGER PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    monthly_micros INTEGER NOT NULL CHECK (monthly_micros >= 0),
    updated_at     TEXT NOT NULL
);

-- A job's hold on its workspace's monthly budget: `reserved` is held from the start, `settled` is what its
-- calls have cost so far. An open reservation holds max(reserved - settled, 0) on top of what was spent.
CREATE TABLE llm_reservations (
    id              INTEGER PRIMARY KEY,
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    job_id          INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    month           TEXT NOT NULL,
    reserved_micros INTEGER NOT NULL CHECK (reserved_micros >= 0),
    settled_micros  INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'released')),
    created_at      TEXT NOT NULL,
    released_at     TEXT
);
CREATE INDEX llm_reservations_open ON llm_reservations (workspace_id, month, status);
CREATE INDEX llm_reservations_job ON llm_reservations (job_id);

-- One row per call to a provider (and per answer served from the cache).
CREATE TABLE llm_usage (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    workspace_id   INTEGER REFERENCES workspaces (id) ON DELETE SET NULL,
    campaign_id    INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    job_id         INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    reservation_id INTEGER REFERENCES llm_reservations (id) ON DELETE SET NULL,
    provider_id    INTEGER REFERENCES llm_providers (id) ON DELETE SET NULL,
    -- Kept as text so the ledger still reads right after a provider is renamed or removed.
    provider       TEXT NOT NULL,
    model          TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    input_tokens   INTEGER NOT NULL DEFAULT 0,
    output_tokens  INTEGER NOT NULL DEFAULT 0,
    cost_micros    INTEGER NOT NULL DEFAULT 0,
    cached         INTEGER NOT NULL DEFAULT 0,
    latency_ms     INTEGER NOT NULL DEFAULT 0,
    outcome        TEXT NOT NULL
);
CREATE INDEX llm_usage_at ON llm_usage (at);
CREATE INDEX llm_usage_workspace_at ON llm_usage (workspace_id, at);

-- Answers by a hash of (provider endpoint, model, scope, prompt, parameters). The scope lets company-level
-- research be shared by every lead of the same company ("company:<domain>").
CREATE TABLE llm_cache (
    key           TEXT PRIMARY KEY,
    scope         TEXT NOT NULL DEFAULT '',
    provider      TEXT NOT NULL,
    model         TEXT NOT NULL,
    answer        TEXT NOT NULL,
    input_tokens  INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    hits          INTEGER NOT NULL DEFAULT 0,
    last_hit_at   TEXT
);
CREATE INDEX llm_cache_scope ON llm_cache (scope);
