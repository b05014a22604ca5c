// An in-page stand-in for the Reach engine at the Tauri IPC boundary, for browser tests.
// It installs window.__TAURI_INTERNALS__ the way @tauri-apps/api/mocks does (invoke, callbacks,
// the event plugin's listen/unlisten), answers the engine's commands from in-memory data and
// emits "job-progress" and "data-changed" events while an import runs. The store plugin keeps
// preferences in an in-memory prefs.json (seeded with `storeFile`).
// Its values start from a real engine's, and its errors are the engine's own sentences: `fixtures` is
// src/test/fixtures/engine.json, which `make bindings` writes from the engine (src/ui_fixtures.rs).
// Passed to page.addInitScript, so it must stay self-contained.

export function installMockEngine(options) {
  const opts = Object.assign({ workspaces: 1, leads: 240, tickMs: 120, jobTickMs: 120, importRows: 1200, pickPath: "/home/me/leads.csv", storeFile: {}, jobs: [] }, options || {});
  const F = opts.fixtures;
  if (!F) throw new Error("installMockEngine needs { fixtures }: harness.mjs exports them as engineFixtures");
  const now = "2026-11-25T09:30:00Z";
  const calls = [];
  const callbacks = new Map();
  const listeners = new Map();
  let nextCallback = 1;

  const state = { workspaces: [], campaigns: [], leads: [], enrollments: [], imports: [], jobs: [], issues: new Map(), ids: { ws: 1, campaign: 1, lead: 1, import: 1, job: 1 } };
  const storeFiles = new Map([["prefs.json", Object.assign({}, opts.storeFile)]]);
  const storeRids = new Map();

  function err(code, message) {
    return { code, message };
  }
  // The engine's error for a case, its `{file}`, `{name}` or `{id}` filled in.
  function engineError(key, vars) {
    const e = F.errors[key];
    if (!e) throw new Error(`the engine fixtures have no error "${key}"`);
    let message = e.message;
    for (const [k, v] of Object.entries(vars || {})) message = message.split(`{${k}}`).join(String(v));
    return err(e.code, message);
  }
  function emit(event, payload) {
    for (const id of listeners.get(event) || []) {
      const cb = callbacks.get(id);
      if (cb) cb({ event, id, payload });
    }
  }
  function touchCounts() {
    for (const w of state.workspaces) {
      w.lead_count = state.leads.filter((l) => l.workspace_id === w.id).length;
      w.campaign_count = state.campaigns.filter((c) => c.workspace_id === w.id && !c.archived).length;
    }
    for (const c of state.campaigns) c.lead_count = state.enrollments.filter((e) => e.campaign_id === c.id).length;
  }
  function addWorkspace(name) {
    const w = Object.assign({}, F.workspace, { id: state.ids.ws++, name, created_at: now, updated_at: now, lead_count: 0, campaign_count: 0 });
    state.workspaces.push(w);
    return w;
  }
  function addCampaign(workspace_id, input) {
    const c = Object.assign({}, F.campaign, { id: state.ids.campaign++, workspace_id, archived: false, lead_count: 0, created_at: now, updated_at: now }, input);
    state.campaigns.push(c);
    return c;
  }
  const FIRST = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Ken", "Frances", "Dennis", "Radia", "Tim", "Hedy"];
  const LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Thompson", "Allen", "Ritchie", "Perlman", "Berners-Lee", "Lamarr"];
  const COMPANY = ["Northwind", "Globex", "Initech", "Umbrella Labs", "Stark Studio", "Wayne Partners", "Acme Analytics", "Hooli"];
  const TITLE = ["Founder", "Head of Marketing", "CTO", "Growth Lead", "Content Manager", "Operations Director"];
  const COUNTRY = ["US", "GB", "DE", "FR", "NL", "CA"];
  /** Enrolls a lead in a campaign unless it is in it already; says whether it was new. */
  function enroll(campaign_id, lead_id) {
    if (state.enrollments.some((e) => e.campaign_id === campaign_id && e.lead_id === lead_id)) return false;
    state.enrollments.push({ campaign_id, lead_id, stage: "enrolled", stop_reason: null, step: 0, variant: null, next_due_at: null, enrolled_at: now, updated_at: now });
    return true;
  }
  function enrollmentOf(lead_id, campaign_id) {
    return state.enrollments.find((e) => e.campaign_id === campaign_id && e.lead_id === lead_id);
  }
  /** A lead as the engine returns it: its campaign count, and its stage in the campaign a list shows. */
  function leadView(l, campaign_id) {
    const e = campaign_id == null ? null : enrollmentOf(l.id, campaign_id);
    return Object.assign({}, l, {
      campaigns: state.enrollments.filter((x) => x.lead_id === l.id).length,
      stage: e ? e.stage : null,
      stop_reason: e ? e.stop_reason : null,
    });
  }
  function addLead(workspace_id, i, extra) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const company = COMPANY[(i * 3) % COMPANY.length];
    const domain = company.toLowerCase().replace(/[^a-z]/g, "") + ".com";
    const l = Object.assign(
      {},
      F.lead,
      {
        id: state.ids.lead++, workspace_id, import_id: null,
        email: i % 17 === 5 ? null : `${first}.${last}${i}@${domain}`.toLowerCase(),
        first_name: first, last_name: last, company, title: TITLE[i % TITLE.length],
        website: `https://${domain}`, domain, email_domain: i % 17 === 5 ? null : domain, website_domain: domain, linkedin_url: `https://www.linkedin.com/in/${first}-${last}-${i}`.toLowerCase(),
        country: COUNTRY[i % COUNTRY.length], timezone: "Europe/London",
        custom: { "Lead source": i % 2 ? "Conference" : "Website", Notes: "Met at <b>SaaStr</b>" },
        fit_score: null, intent_score: null, hard_bounced_at: null, unsubscribed_at: null, suppressed_at: null, replied_at: null,
        created_at: now, updated_at: now,
      },
      extra || {},
    );
    state.leads.push(l);
    return l;
  }

  for (let i = 0; i < opts.workspaces; i++) {
    const w = addWorkspace(i === 0 ? "Northwind outreach" : `Workspace ${i + 1}`);
    if (i === 0) {
      const ctx = { core_offer: "SEO audits for B2B SaaS", key_differentiator: "Fixed price, two-week turnaround", call_to_action: "Book a 15-minute call", timeline: "Two weeks", goal: "10 booked calls", fallback_action: "Send the free checklist" };
      const c1 = addCampaign(w.id, { name: "Q1 SaaS founders", kind: "cold_email", keywords: ["saas", "founders", "seo"], description: "Founders of B2B SaaS companies with 10–50 staff.", context: ctx });
      addCampaign(w.id, { name: "Guest posts", kind: "backlink", keywords: ["marketing blogs"], description: "", context: ctx });
      for (let j = 0; j < opts.leads; j++) {
        const l = addLead(w.id, j);
        if (j % 3 === 0) enroll(c1.id, l.id);
      }
    }
  }
  touchCounts();

  function sortKey(l, field) {
    if (field === "created_at") return l.id;
    if (field === "fit_score") return l.fit_score == null ? -1 : l.fit_score;
    if (field === "stage") return l.stage || "";
    return (l[field] || "").toString().toLowerCase();
  }
  function matches(l, f) {
    if (l.workspace_id !== f.workspace_id) return false;
    if (f.search) {
      const hay = [l.email, l.first_name, l.last_name, l.company, l.title].join(" ").toLowerCase();
      if (!f.search.toLowerCase().split(/\s+/).every((w) => hay.includes(w))) return false;
    }
    const mine = state.enrollments.filter((e) => e.lead_id === l.id && (f.campaign_id == null || e.campaign_id === f.campaign_id));
    if (f.campaign_id != null && mine.length === 0) return false;
    if (f.campaign_id == null && f.unassigned && mine.length > 0) return false;
    if (f.stages && f.stages.length && !mine.some((e) => f.stages.includes(e.stage))) return false;
    if (f.import_id != null && l.import_id !== f.import_id) return false;
    if (f.has_email === true && !l.email) return false;
    if (f.has_email === false && l.email) return false;
    if (f.country && (l.country || "").toLowerCase() !== f.country.toLowerCase()) return false;
    return true;
  }
  function leadPage(q) {
    const field = q.sort || "created_at";
    const desc = q.descending == null ? field === "created_at" : q.descending;
    const limit = Math.min(q.limit || 100, 1000);
    const all = state.leads.filter((l) => matches(l, q.filter)).map((l) => leadView(l, q.filter.campaign_id)).sort((a, b) => {
      const ka = sortKey(a, field), kb = sortKey(b, field);
      const c = ka < kb ? -1 : ka > kb ? 1 : a.id - b.id;
      return desc ? -c : c;
    });
    const start = q.after ? Number(q.after) : 0;
    const leads = all.slice(start, start + limit);
    const end = start + leads.length;
    return { leads, next_cursor: end < all.length ? String(end) : null, total: q.after ? null : all.length };
  }

  const HEADERS = ["Email", "First Name", "Last Name", "Company", "Job Title", "Country", "Notes"];
  const SUGGESTED = ["email", "first_name", "last_name", "company", "title", "country", "custom"];
  function preview(request) {
    if (!/\.(csv|tsv|txt|xlsx|xlsm|xls|ods)$/i.test(request.path)) {
      throw engineError("unsupported_file", { file: request.path.split(/[\\/]/).pop() });
    }
    const header_row = request.header_row || 1;
    const rows = [];
    for (let i = 0; i < 20; i++) {
      rows.push([`person${i}@example.com`, FIRST[i % FIRST.length], LAST[i % LAST.length], COMPANY[i % COMPANY.length], TITLE[i % TITLE.length], COUNTRY[i % COUNTRY.length], i % 4 ? "" : "Warm intro"]);
    }
    return Object.assign({}, F.preview, {
      path: request.path, file_name: request.path.split(/[\\/]/).pop(), format: "csv", encoding: "UTF-8", delimiter: "comma",
      sheets: [], sheet: null, header_row, headers: HEADERS, row_count: opts.importRows, preview: rows,
      preview_lines: rows.map((_, i) => header_row + 1 + i), email_column: 0,
      suggested_mapping: HEADERS.map((header, column) => ({ column, header, target: SUGGESTED[column] })), warnings: [],
    });
  }
  function job(id) {
    const j = state.jobs.find((x) => x.id === id);
    if (!j) throw engineError("job_not_found", { id });
    return j;
  }

  // The job runner. Every write stamps a later time, the way the engine's clock moves on, so the UI can
  // tell an action's answer from an older progress event.
  let clock = Date.parse(now);
  function stamp() {
    clock += 1000;
    return new Date(clock).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  const FINISHED = ["completed", "failed", "cancelled"];
  const cancelRequested = new Set();
  // Per job: { step(j) → true when its work is done, items: [{ key, status, attempts, error, result, next_attempt_at, outcome }] }.
  const work = new Map();
  function progress(j, rate) {
    emit("job-progress", { job: Object.assign({}, j), rate_per_sec: j.status === "running" ? rate || 0 : 0, eta_seconds: j.status === "completed" ? 0 : null });
  }
  function changed(j) {
    emit("data-changed", { entity: "jobs", workspace_id: j.workspace_id });
  }
  // An import's state is its job's, as the engine reads it; a completed import's counts are written by its end.
  function syncImport(j) {
    for (const imp of state.imports) if (imp.job_id === j.id && j.status !== "completed") imp.status = j.status;
  }
  function finish(j, status) {
    Object.assign(j, { status, pause_requested: false, finished_at: stamp(), updated_at: stamp() });
    cancelRequested.delete(j.id);
    syncImport(j);
    progress(j);
    changed(j);
  }
  function due(j) {
    return j.status === "queued" && (!j.run_after || Date.parse(j.run_after) <= Date.now());
  }
  function schedule(j) {
    setTimeout(() => advance(j), j.kind === "import" ? opts.tickMs : opts.jobTickMs);
  }
  /** One checkpoint of a job: it starts when due, stops there when asked to cancel or pause, else does a batch. */
  // A test holds the runner to look at a state that lasts until the next checkpoint (a pause asked for).
  const runner = { held: false };
  function advance(j) {
    if (runner.held) return schedule(j);
    if (due(j)) {
      Object.assign(j, { status: "running", started_at: j.started_at || stamp(), updated_at: stamp() });
      syncImport(j);
      progress(j);
      changed(j);
      schedule(j);
      return;
    }
    if (j.status !== "running") return;
    if (cancelRequested.has(j.id)) return finish(j, "cancelled");
    if (j.pause_requested) {
      Object.assign(j, { status: "paused", pause_requested: false, updated_at: stamp() });
      syncImport(j);
      progress(j);
      changed(j);
      return;
    }
    const w = work.get(j.id);
    const ended = w.step(j);
    j.updated_at = stamp();
    if (ended) {
      if (w.onEnd) w.onEnd(j);
      finish(j, "completed");
    } else {
      progress(j, w.rate);
      schedule(j);
    }
  }
  /** A job of items: each batch runs the next due item; an item with a passing error waits for a retry. */
  function itemWork(items) {
    const list = items.map((it) => Object.assign({ status: "pending", attempts: 0, error: null, result: null, next_attempt_at: null, outcome: "done" }, it));
    function counts(j) {
      j.done = list.filter((i) => i.status === "done").length;
      j.failed = list.filter((i) => i.status === "failed").length;
      j.waiting_retry = list.filter((i) => i.status === "pending" && i.next_attempt_at).length;
      j.total = list.length;
    }
    return {
      items: list,
      rate: 1,
      counts,
      step(j) {
        const next = list.find((i) => i.status === "pending" && !i.next_attempt_at) || list.find((i) => i.status === "pending");
        if (next) {
          next.attempts += 1;
          if (next.outcome === "fail") Object.assign(next, { status: "failed", error: next.failWith || "the provider refused the request (401)", next_attempt_at: null });
          else if (next.outcome === "retry" && next.attempts < 2) Object.assign(next, { error: "the provider is rate limited (429); trying again later", next_attempt_at: stamp() });
          else Object.assign(next, { status: "done", error: null, next_attempt_at: null, result: "ok" });
        }
        counts(j);
        return !list.some((i) => i.status === "pending");
      },
    };
  }
  function addJob(fields) {
    const j = Object.assign({}, F.job, { id: state.ids.job++, workspace_id: 1, kind: "import", status: "queued", total: 0, done: 0, failed: 0, waiting_retry: 0, message: null, pause_requested: false, run_after: null, every_secs: null, created_at: now, started_at: null, finished_at: null, updated_at: now }, fields);
    state.jobs.unshift(j);
    return j;
  }
  // Jobs the test starts with: { items: [{ key, outcome: "done" | "fail" | "retry", status? }], ...Job fields }.
  for (const seed of opts.jobs) {
    const { items, ...fields } = seed;
    const j = addJob(fields);
    const w = itemWork(items || []);
    w.counts(j);
    work.set(j.id, w);
    if (j.status === "running" || due(j)) schedule(j);
  }

  function startImport(request) {
    const total = opts.importRows;
    const imp = Object.assign({}, F.import_summary, {
      id: state.ids.import++, workspace_id: request.workspace_id, campaign_id: request.campaign_id == null ? null : request.campaign_id,
      job_id: null, file_name: request.path.split(/[\\/]/).pop(), format: "csv", total_rows: total, imported: 0,
      duplicates_in_file: 0, duplicates_in_workspace: 0, invalid: 0, added_from_workspace: 0, warnings: 0, created_at: now, finished_at: null, status: "running",
    });
    const j = addJob({ workspace_id: request.workspace_id, kind: "import", status: "running", total, started_at: now });
    imp.job_id = j.id;
    state.imports.unshift(imp);
    const issues = [];
    for (let i = 0; i < 50; i++) {
      const kind = i < 12 ? "invalid" : i < 32 ? "duplicate_in_file" : "duplicate_in_workspace";
      issues.push({ line: 3 + i * 7, kind, reason: F.issue_reasons[kind] });
    }
    state.issues.set(imp.id, issues);
    const step = Math.ceil(total / 5);
    // An import has no items: it counts the file's rows.
    work.set(j.id, {
      items: [],
      rate: 2400,
      step(x) {
        x.done = Math.min(total, x.done + step);
        x.failed = Math.round((x.done / total) * 12);
        return x.done >= total;
      },
      onEnd() {
        Object.assign(imp, { imported: total - 50, duplicates_in_file: 20, duplicates_in_workspace: 18, invalid: 12, finished_at: now, status: "completed" });
        for (let i = 0; i < 30; i++) {
          const l = addLead(request.workspace_id, 1000 + i, { import_id: imp.id });
          if (imp.campaign_id != null) enroll(imp.campaign_id, l.id);
        }
        // Rows whose person the workspace already had join the campaign too.
        if (imp.campaign_id != null) {
          imp.added_from_workspace = state.leads.filter((l) => l.workspace_id === request.workspace_id && l.import_id !== imp.id).slice(0, 18).filter((l) => enroll(imp.campaign_id, l.id)).length;
        }
        touchCounts();
        for (const entity of ["imports", "leads"]) emit("data-changed", { entity, workspace_id: request.workspace_id });
      },
    });
    schedule(j);
    return { import_id: imp.id, job_id: j.id };
  }
  /** The engine's refusal of an action the job's state does not allow. */
  function wrongState(j, allowed, action) {
    return engineError("job_wrong_state", { id: j.id, status: j.status, allowed, action });
  }
  function jobAnswer(j) {
    syncImport(j);
    changed(j);
    return Object.assign({}, j);
  }

  const commands = {
    app_info: () => ({ version: "0.1.0", db_path: "/tmp/reach.db", data_dir: "/tmp", log_dir: "/tmp" }),
    workspace_list: () => state.workspaces.map((w) => Object.assign({}, w)),
    workspace_create: ({ name }) => {
      if (state.workspaces.some((w) => w.name.toLowerCase() === name.trim().toLowerCase())) throw engineError("workspace_name_taken", { name: name.trim() });
      return addWorkspace(name);
    },
    workspace_rename: ({ id, name }) => Object.assign(state.workspaces.find((w) => w.id === id), { name }),
    workspace_delete: ({ id }) => {
      state.workspaces = state.workspaces.filter((w) => w.id !== id);
      return null;
    },
    demo_workspace_create: () => {
      const w = addWorkspace("Demo workspace");
      for (let j = 0; j < 300; j++) addLead(w.id, j);
      touchCounts();
      return w;
    },
    campaign_list: ({ workspace_id, include_archived }) => state.campaigns.filter((c) => c.workspace_id === workspace_id && (include_archived || !c.archived)),
    campaign_create: ({ workspace_id, input }) => addCampaign(workspace_id, input),
    campaign_update: ({ id, input }) => Object.assign(state.campaigns.find((c) => c.id === id), input),
    campaign_set_archived: ({ id, archived }) => Object.assign(state.campaigns.find((c) => c.id === id), { archived }),
    campaign_delete: ({ id }) => {
      state.campaigns = state.campaigns.filter((c) => c.id !== id);
      return null;
    },
    import_inspect: ({ request }) => preview(request),
    import_start: ({ request }) => startImport(request),
    import_report: ({ import_id, issue_limit }) => {
      const imp = state.imports.find((i) => i.id === import_id);
      if (!imp) throw engineError("import_not_found", { id: import_id });
      const issues = state.issues.get(import_id) || [];
      return { import: imp, job: state.jobs.find((j) => j.id === imp.job_id) || null, issues: issues.slice(0, issue_limit || issues.length), issues_total: issues.length };
    },
    import_list: ({ workspace_id }) => state.imports.filter((i) => i.workspace_id === workspace_id),
    import_export_issues: ({ import_id }) => (state.issues.get(import_id) || []).length,
    job_list: ({ workspace_id }) => state.jobs.filter((j) => workspace_id == null || j.workspace_id === workspace_id),
    job_get: ({ id }) => Object.assign({}, job(id)),
    job_items: ({ id }) => {
      job(id);
      const w = work.get(id);
      return (w ? w.items : []).map(({ key, status, attempts, error, result, next_attempt_at }) => ({ key, status, attempts, error, result, next_attempt_at }));
    },
    // A queued or paused job ends at once; a running one at its next checkpoint.
    job_cancel: ({ id }) => {
      const j = job(id);
      if (FINISHED.includes(j.status)) throw wrongState(j, "queued, running or paused", "cancelled");
      if (j.status === "running") {
        cancelRequested.add(id);
        j.updated_at = stamp();
        return jobAnswer(j);
      }
      finish(j, "cancelled");
      return Object.assign({}, j);
    },
    // A queued job pauses at once; a running one at the end of its batch, asked to until then.
    job_pause: ({ id }) => {
      const j = job(id);
      if (j.status !== "queued" && j.status !== "running") throw wrongState(j, "queued or running", "paused");
      if (j.status === "queued") Object.assign(j, { status: "paused", updated_at: stamp() });
      else Object.assign(j, { pause_requested: true, updated_at: stamp() });
      return jobAnswer(j);
    },
    job_resume: ({ id }) => {
      const j = job(id);
      if (j.status !== "paused") throw wrongState(j, "paused", "resumed");
      Object.assign(j, { status: "queued", message: null, run_after: null, pause_requested: false, updated_at: stamp() });
      schedule(j);
      return jobAnswer(j);
    },
    // Failed items run again from a fresh count of attempts (the cause has passed); a finished job is queued again.
    job_retry_failed: ({ id }) => {
      const j = job(id);
      const w = work.get(id);
      const failed = w ? w.items.filter((i) => i.status === "failed") : [];
      if (failed.length === 0) return Object.assign({}, j);
      for (const i of failed) Object.assign(i, { status: "pending", attempts: 0, error: null, next_attempt_at: null, outcome: "done" });
      w.counts(j);
      if (FINISHED.includes(j.status)) Object.assign(j, { status: "queued", finished_at: null, run_after: null });
      j.updated_at = stamp();
      cancelRequested.delete(id);
      if (j.status === "queued") schedule(j);
      return jobAnswer(j);
    },
    lead_page: ({ query }) => leadPage(query),
    lead_get: ({ id }) => {
      const l = state.leads.find((x) => x.id === id);
      if (!l) throw engineError("lead_not_found", { id });
      return leadView(l, null);
    },
    lead_enrollments: ({ lead_id }) =>
      state.enrollments
        .filter((e) => e.lead_id === lead_id)
        .map((e) => Object.assign({ campaign_name: state.campaigns.find((c) => c.id === e.campaign_id).name }, e)),
    lead_countries: ({ workspace_id }) => [...new Set(state.leads.filter((l) => l.workspace_id === workspace_id && l.country).map((l) => l.country))].sort(),
    lead_bulk: ({ request }) => {
      const targets = state.leads.filter(
        (l) => matches(l, request.filter) && (!request.ids || request.ids.includes(l.id)) && !(request.exclude_ids || []).includes(l.id),
      );
      let affected = targets.length;
      const campaign_id = request.action.campaign_id;
      if (request.action.kind === "delete") {
        state.leads = state.leads.filter((l) => !targets.includes(l));
        state.enrollments = state.enrollments.filter((e) => !targets.some((l) => l.id === e.lead_id));
      } else if (request.action.kind === "add_to_campaign") {
        affected = targets.filter((l) => enroll(campaign_id, l.id)).length;
      } else {
        const before = state.enrollments.length;
        state.enrollments = state.enrollments.filter((e) => !(e.campaign_id === campaign_id && targets.some((l) => l.id === e.lead_id)));
        affected = before - state.enrollments.length;
      }
      touchCounts();
      return { affected };
    },
    "plugin:dialog|open": () => opts.pickPath,
    "plugin:dialog|save": ({ options: o }) => `/home/me/${(o && o.defaultPath) || "issues.csv"}`,
    "plugin:opener|open_url": () => null,
    // An inbox nothing was synced into (mock-inbox.js fills it); the sidebar asks for its count on every screen.
    inbox_list: () => ({ items: [], total: 0, counts: [] }),
    "plugin:store|load": ({ path }) => {
      if (!storeFiles.has(path)) storeFiles.set(path, {});
      const rid = storeRids.size + 100;
      storeRids.set(rid, path);
      return rid;
    },
    "plugin:store|get": ({ rid, key }) => {
      const file = storeFiles.get(storeRids.get(rid));
      if (!file) throw err("internal", `no store with resource id ${rid}`);
      return [key in file ? file[key] : null, key in file];
    },
    "plugin:store|set": ({ rid, key, value }) => {
      const file = storeFiles.get(storeRids.get(rid));
      if (!file) throw err("internal", `no store with resource id ${rid}`);
      file[key] = value;
      return null;
    },
    "plugin:event|listen": ({ event, handler }) => {
      if (!listeners.has(event)) listeners.set(event, []);
      listeners.get(event).push(handler);
      return handler;
    },
    "plugin:event|unlisten": ({ event, eventId }) => {
      const list = listeners.get(event) || [];
      const at = list.indexOf(eventId);
      if (at !== -1) list.splice(at, 1);
      return null;
    },
  };

  window.__reachMock = { calls, state, emit, commands, storeFiles, err, engineError, fixtures: F, addJob, stamp, runner };
  // The desktop shell announces itself this way; the UI then keeps preferences in the store file.
  window.isTauri = true;
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    transformCallback(callback, once) {
      const id = nextCallback++;
      callbacks.set(id, (data) => {
        if (once) callbacks.delete(id);
        return callback && callback(data);
      });
      return id;
    },
    unregisterCallback(id) {
      callbacks.delete(id);
    },
    runCallback(id, data) {
      const cb = callbacks.get(id);
      if (cb) cb(data);
    },
    callbacks,
    async invoke(cmd, args) {
      calls.push({ cmd, args: JSON.parse(JSON.stringify(args || {})) });
      const handler = commands[cmd];
      if (!handler) throw err("internal", `the engine has no command “${cmd}”`);
      // Answers cross a real IPC boundary as JSON.
      const result = await handler(args || {});
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    },
  };
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = {
    unregisterListener(_event, id) {
      callbacks.delete(id);
    },
  };
}
