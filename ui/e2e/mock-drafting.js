// The engine's drafting and review at the Tauri IPC boundary, for browser tests: templates (with a check
// that finds unbalanced braces by line and column, and a renderer that leaves holes and resolves spintax),
// sequences, enrichments, drafts with versions, the review state machine with its refusals (a QC error
// blocks approval), batches with a frozen QC snapshot, export, and drafting jobs that stream drafts in.
// Installed after installMockEngine, whose command table it extends. Passed to page.addInitScript, so it
// must stay self-contained.

export function installMockDrafting(options) {
  const opts = Object.assign({ drafts: 6, qcErrorAt: [2], templates: true, draftTickMs: 150 }, options || {});
  const mock = window.__reachMock;
  const { commands, state, emit, err, stamp } = mock;
  const now = "2026-11-25T09:30:00Z";
  const ids = { template: 1, step: 1, draft: 1, batch: 1 };
  const d = { templates: [], steps: [], drafts: [], versions: new Map(), batches: [], enrichments: new Map() };
  mock.drafting = d;

  const KNOWN = new Set(mock.fixtures.drafting.variables.map((v) => v.name));
  const changed = (entity) => emit("data-changed", { entity, workspace_id: 1 });
  // The engine's own drafting sentences (src/ui_fixtures.rs writes them from a real engine), `{name}`s filled in.
  const D = mock.fixtures.drafting;
  function draftingError(key, vars) {
    const e = D.errors[key];
    if (!e) throw new Error(`the engine fixtures have no drafting error "${key}"`);
    let message = e.message;
    for (const [k, v] of Object.entries(vars || {})) message = message.split(`{${k}}`).join(String(v));
    return err(e.code, message);
  }

  function problemIn(part, text) {
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      let at = line.indexOf("{{");
      while (at !== -1) {
        const close = line.indexOf("}}", at + 2);
        if (close === -1) return { part, line: i + 1, column: at + 1, message: "unexpected end of variable block: a {{ is not closed with }}" };
        at = line.indexOf("{{", close + 2);
      }
      let depth = 0;
      const stripped = line.replace(/\{\{.*?\}\}/g, (m) => " ".repeat(m.length));
      for (let c = 0; c < stripped.length; c++) {
        if (stripped[c] === "{") depth++;
        if (stripped[c] === "}") {
          depth--;
          if (depth < 0) return { part, line: i + 1, column: c + 1, message: "spintax: a } closes no {" };
        }
      }
      if (depth > 0) return { part, line: i + 1, column: stripped.lastIndexOf("{") + 1, message: "spintax: a { is never closed" };
    }
    return null;
  }
  function variablesOf(text) {
    const out = [];
    text.replace(/\{\{\s*([\w.]+)[^}]*\}\}/g, (_, n) => (out.includes(n) ? null : out.push(n)));
    return out;
  }
  function leadVars(lead, campaignId) {
    const c = state.campaigns.find((x) => x.id === campaignId);
    const e = d.enrichments.get(lead.id);
    return {
      first_name: lead.first_name, last_name: lead.last_name, full_name: [lead.first_name, lead.last_name].filter(Boolean).join(" "),
      company: lead.company, title: lead.title, website: lead.website, domain: lead.domain, country: lead.country,
      persona: e ? e.persona : null, industry: e ? e.industry : null, opener: `I came across ${lead.company || "your company"} recently.`,
      core_offer: c ? c.context.core_offer : null, call_to_action: c ? c.context.call_to_action : null,
      ...(lead.custom || {}),
    };
  }
  function spin(text, seed) {
    let s = text;
    let guard = 0;
    while (/\{[^{}]*\}/.test(s.replace(/\{\{[^}]*\}\}/g, "")) && guard++ < 20) {
      s = s.replace(/(^|[^{])\{([^{}]*)\}(?!\})/g, (m, pre, inner) => {
        const alts = inner.split("|");
        return pre + alts[seed % alts.length];
      });
    }
    return s;
  }
  function render(lead, subject, body, campaignId) {
    const vars = leadVars(lead, campaignId);
    const holes = [];
    const fallbacks = [];
    const one = (text) =>
      spin(text, lead.id).replace(/\{\{\s*([\w.]+)\s*(?:\|\s*default\("([^"]*)"\))?\s*\}\}/g, (m, name, fallback) => {
        const v = vars[name];
        if (v) return v;
        if (fallback !== undefined) {
          if (!fallbacks.includes(name)) fallbacks.push(name);
          return fallback;
        }
        if (!holes.includes(name)) holes.push(name);
        return `{{ ${name} }}`;
      });
    const out = { subject: one(subject).trim(), body: one(body).trim(), holes, fallbacks };
    out.qc = qcOf(out);
    return out;
  }
  function qcOf(r) {
    const qc = [];
    for (const h of r.holes) qc.push({ check: "unresolved_variable", level: "error", message: `“${h}” has no value for this lead and shows as {{ ${h} }}` });
    if (!r.subject) qc.push({ check: "empty_subject", level: "error", message: "the subject is empty" });
    if (/free|guarantee/i.test(r.body)) qc.push({ check: "spam_words", level: "warning", message: "“free” and “guarantee” read as spam to filters" });
    if (r.subject.length > 60) qc.push({ check: "subject_length", level: "warning", message: "the subject is longer than 60 characters" });
    return qc;
  }
  function lead(id) {
    return state.leads.find((l) => l.id === id);
  }
  function template(id) {
    const t = d.templates.find((x) => x.id === id);
    if (!t) throw draftingError("template_not_found", { id });
    return t;
  }
  function templateView(t) {
    return Object.assign({}, t, { used_by_steps: d.steps.filter((s) => s.template_id === t.id).length });
  }
  function addTemplate(workspace_id, input) {
    const name = (input.name || "").trim();
    if (!name) throw err("validation", "A template needs a name.");
    if (d.templates.some((t) => t.workspace_id === workspace_id && t.name.toLowerCase() === name.toLowerCase())) throw draftingError("template_name_taken", { name });
    const t = { id: ids.template++, workspace_id, name, category: input.category || "", subject: input.subject, body: input.body, created_at: now, updated_at: now };
    d.templates.push(t);
    return t;
  }
  function stepView(s) {
    const t = s.template_id == null ? null : d.templates.find((x) => x.id === s.template_id);
    const mine = d.drafts.filter((x) => x.campaign_id === s.campaign_id && x.step === s.step && x.variant === s.variant);
    return Object.assign({}, s, { template_name: t ? t.name : null, drafts: mine.length, drafts_waiting: mine.filter((x) => x.status === "pending" || x.status === "regenerated").length });
  }
  function draftView(x) {
    const l = lead(x.lead_id);
    return Object.assign({}, x, {
      lead_email: l ? l.email : null, lead_name: l ? [l.first_name, l.last_name].filter(Boolean).join(" ") : "", company: l ? l.company : null,
      qc_errors: x.qc.filter((q) => q.level === "error").length, qc_warnings: x.qc.filter((q) => q.level === "warning").length,
    });
  }
  function addDraft(campaign_id, l, step, variant, subject, body, extra) {
    const r = render(l, subject, body, campaign_id);
    const x = Object.assign(
      { id: ids.draft++, workspace_id: 1, campaign_id, lead_id: l.id, step, variant, channel: "email", version: 1, subject: r.subject, body: r.body, generator: "template", offline: true, model: null, original_subject: null, original_body: null, status: "pending", review_note: null, qc: r.qc, created_at: now, updated_at: now, reviewed_at: null },
      extra || {},
    );
    d.drafts.push(x);
    return x;
  }
  function draft(id) {
    const x = d.drafts.find((y) => y.id === id);
    if (!x) throw draftingError("draft_not_found", { id });
    return x;
  }

  // Seed: one template, a one-step sequence, and drafts for the first enrolled leads of the first campaign.
  if (opts.templates) {
    const t = addTemplate(1, { name: "SaaS intro", category: "First touch", subject: "{Quick|Short} question about {{ company }}", body: "{Hi|Hello} {{ first_name | default(\"there\") }},\n\n{{ opener }}\n\nWe run {{ core_offer }}. Worth a chat?\n\nBest,\nSam" });
    const c1 = state.campaigns[0];
    if (c1) {
      d.steps.push({ id: ids.step++, campaign_id: c1.id, step: 1, variant: "A", weight: 1, delay_days: 0, channel: "email", template_id: t.id, ai_prompt: null, article: null });
      const enrolled = state.enrollments.filter((e) => e.campaign_id === c1.id).map((e) => lead(e.lead_id)).filter(Boolean);
      enrolled.slice(0, opts.drafts).forEach((l, i) => {
        const body = opts.qcErrorAt.includes(i) ? t.body.replace("{{ opener }}", "{{ opener }} I loved {{ podcast_name }}.") : t.body;
        addDraft(c1.id, l, 1, "A", t.subject, body);
      });
    }
  }

  function matchesDraft(x, f) {
    if (x.campaign_id !== f.campaign_id) return false;
    if (f.statuses && f.statuses.length && !f.statuses.includes(x.status)) return false;
    if (f.step != null && x.step !== f.step) return false;
    if (f.variant != null && x.variant !== f.variant) return false;
    if (f.batch_id != null) {
      const b = d.batches.find((y) => y.id === f.batch_id);
      if (!b || !b.items.some((i) => i.draft_id === x.id)) return false;
    }
    const q = f.qc;
    if (q) {
      const errors = x.qc.some((r) => r.level === "error");
      if (q.kind === "passing" && errors) return false;
      if (q.kind === "errors" && !errors) return false;
      if (q.kind === "warnings" && !x.qc.some((r) => r.level === "warning")) return false;
      if (q.kind === "check" && !x.qc.some((r) => r.check === q.check)) return false;
      if (q.kind === "offline" && !x.offline) return false;
      if (q.kind === "edited" && x.original_body == null) return false;
    }
    if (f.search) {
      const v = draftView(x);
      const hay = [v.lead_email, v.lead_name, v.company, v.subject].join(" ").toLowerCase();
      if (!f.search.toLowerCase().split(/\s+/).every((w) => hay.includes(w))) return false;
    }
    return true;
  }
  const NEXT = { approve: "approved", reject: "rejected", request_regeneration: "needs_regeneration", reopen: "pending" };
  // A decision the engine's review state machine refuses has its sentence in the fixtures; any other is allowed.
  function decide(x, decision) {
    if (!NEXT[decision.action]) throw err("validation", `To ${decision.action} a draft, use its own command.`);
    const refused = D.review_refusals[`${x.status}:${decision.action}`];
    if (refused) throw err("conflict", refused.split("{id}").join(String(x.id)));
    const errors = x.qc.filter((r) => r.level === "error");
    if (decision.action === "approve" && errors.length) {
      throw draftingError("review_qc_error", { id: x.id, errors: errors.map((r) => r.message).join(" ") });
    }
    x.status = NEXT[decision.action];
    x.review_note = decision.action === "reopen" ? null : decision.note || x.review_note;
    x.reviewed_at = decision.action === "reopen" ? null : stamp();
    x.updated_at = stamp();
  }
  function counts(campaign_id) {
    const mine = d.drafts.filter((x) => x.campaign_id === campaign_id);
    const n = (s) => mine.filter((x) => x.status === s).length;
    return { pending: n("pending"), approved: n("approved"), rejected: n("rejected"), needs_regeneration: n("needs_regeneration"), regenerated: n("regenerated"), passing: mine.filter((x) => (x.status === "pending" || x.status === "regenerated") && !x.qc.some((r) => r.level === "error")).length };
  }
  function batchView(b) {
    const items = b.items.map((i) => draft(i.draft_id));
    const n = (s) => items.filter((x) => x.status === s).length;
    return { id: b.id, workspace_id: 1, campaign_id: b.campaign_id, name: b.name, created_at: b.created_at, items: items.length, pending: n("pending"), approved: n("approved"), rejected: n("rejected"), needs_regeneration: n("needs_regeneration"), regenerated: n("regenerated"), qc_errors_at_freeze: b.items.filter((i) => i.qc_at_freeze.some((r) => r.level === "error")).length };
  }
  function newVersion(x, subject, body, instruction, generator) {
    const list = d.versions.get(x.id) || [];
    list.push({ version: x.version, subject: x.subject, body: x.body, generator: x.generator, model: x.model, instruction: instruction || null, status: x.status, review_note: x.review_note, created_at: x.updated_at });
    d.versions.set(x.id, list);
    x.version += 1;
    x.subject = subject;
    x.body = body;
    x.generator = generator;
    x.status = "regenerated";
    x.original_subject = null;
    x.original_body = null;
    x.updated_at = stamp();
  }
  function regenerateOne(x, instruction) {
    const l = lead(x.lead_id);
    const s = d.steps.find((y) => y.campaign_id === x.campaign_id && y.step === x.step && y.variant === x.variant);
    const t = s && s.template_id != null ? d.templates.find((y) => y.id === s.template_id) : null;
    const r = t ? render(l, t.subject, t.body, x.campaign_id) : { subject: x.subject, body: x.body.replace(/\{\{\s*\w+\s*\}\}/g, "").trim(), qc: [] };
    newVersion(x, r.subject, r.body + (instruction ? "" : ""), instruction, x.generator);
    x.qc = t ? r.qc : qcOf({ subject: r.subject, body: r.body, holes: [] });
  }
  /** A job that writes drafts (or enrichments) one lead per tick, announcing each batch as the engine does. */
  function startJob(kind, workspace_id, items, each, entity) {
    const j = mock.addJob({ workspace_id, kind, status: "running", total: items.length, started_at: now });
    let i = 0;
    const tick = () => {
      if (j.status !== "running") return;
      if (i < items.length) {
        each(items[i++]);
        j.done = i;
        j.updated_at = stamp();
        emit("job-progress", { job: Object.assign({}, j), rate_per_sec: 5, eta_seconds: items.length - i });
        changed(entity);
        setTimeout(tick, opts.draftTickMs);
      } else {
        Object.assign(j, { status: "completed", finished_at: stamp(), updated_at: stamp() });
        emit("job-progress", { job: Object.assign({}, j), rate_per_sec: 0, eta_seconds: 0 });
        changed("jobs");
      }
    };
    changed("jobs");
    setTimeout(tick, opts.draftTickMs);
    return { job_id: j.id };
  }

  Object.assign(commands, {
    template_list: ({ workspace_id }) => d.templates.filter((t) => t.workspace_id === workspace_id).map(templateView),
    template_create: ({ workspace_id, input }) => {
      const t = addTemplate(workspace_id, input);
      changed("templates");
      return templateView(t);
    },
    template_update: ({ id, input }) => {
      const t = template(id);
      const name = (input.name || "").trim();
      if (d.templates.some((x) => x.id !== id && x.workspace_id === t.workspace_id && x.name.toLowerCase() === name.toLowerCase())) throw draftingError("template_name_taken", { name });
      Object.assign(t, input, { name, updated_at: stamp() });
      changed("templates");
      return templateView(t);
    },
    template_duplicate: ({ id }) => {
      const t = template(id);
      let name = `${t.name} (copy)`;
      for (let n = 2; d.templates.some((x) => x.name === name); n++) name = `${t.name} (copy ${n})`;
      const copy = addTemplate(t.workspace_id, Object.assign({}, t, { name }));
      changed("templates");
      return templateView(copy);
    },
    template_delete: ({ id }) => {
      const t = template(id);
      const using = [...new Set(d.steps.filter((s) => s.template_id === id).map((s) => s.campaign_id))];
      if (using.length > 0) {
        const names = using.map((cid) => `"${(state.campaigns.find((c) => c.id === cid) || { name: cid }).name}"`).join(", ");
        throw draftingError("template_in_use", { name: t.name, campaigns: names });
      }
      d.templates = d.templates.filter((x) => x.id !== id);
      changed("templates");
      return null;
    },
    template_variables: () => D.variables,
    template_check: ({ subject, body }) => {
      const problem = problemIn("subject", subject) || problemIn("body", body);
      const variables = problem ? [] : [...new Set(variablesOf(subject).concat(variablesOf(body)))];
      const custom = new Set(state.leads.flatMap((l) => Object.keys(l.custom || {})));
      return { problem, variables, unknown_variables: variables.filter((v) => !KNOWN.has(v) && !custom.has(v)) };
    },
    template_preview: ({ lead_id, subject, body, campaign_id }) => {
      const problem = problemIn("subject", subject) || problemIn("body", body);
      if (problem) throw err("validation", `The template cannot be rendered: ${problem.message} (line ${problem.line}, column ${problem.column}).`);
      const l = lead(lead_id);
      if (!l) throw mock.engineError("lead_not_found", { id: lead_id });
      const r = render(l, subject, body, campaign_id);
      return { lead_id, lead_email: l.email, subject: r.subject, body: r.body, qc: r.qc, holes: r.holes, fallbacks: r.fallbacks };
    },
    template_empty_variables: ({ campaign_id, subject, body }) => {
      const out = new Map();
      for (const e of state.enrollments.filter((x) => x.campaign_id === campaign_id)) {
        const l = lead(e.lead_id);
        const r = render(l, subject, body, campaign_id);
        for (const [names, hole] of [[r.holes, true], [r.fallbacks, false]]) {
          for (const n of names) {
            const v = out.get(n) || { name: n, holes: 0, fallbacks: 0, examples: [] };
            if (hole) {
              v.holes++;
              if (v.examples.length < 5 && l.email) v.examples.push(l.email);
            } else v.fallbacks++;
            out.set(n, v);
          }
        }
      }
      return [...out.values()].sort((a, b) => b.holes - a.holes || a.name.localeCompare(b.name));
    },
    sequence_list: ({ campaign_id }) => d.steps.filter((s) => s.campaign_id === campaign_id).sort((a, b) => a.step - b.step || a.variant.localeCompare(b.variant)).map(stepView),
    sequence_add_step: ({ campaign_id, input }) => {
      if ((input.template_id == null) === (input.ai_prompt == null)) throw err("validation", "A step drafts from a template or from an AI prompt: choose one.");
      const mine = d.steps.filter((s) => s.campaign_id === campaign_id);
      const step = input.step || mine.reduce((m, s) => Math.max(m, s.step), 0) + 1;
      const taken = mine.filter((s) => s.step === step).map((s) => s.variant);
      const variant = input.variant || "ABCDEFGHIJ".split("").find((v) => !taken.includes(v));
      if (taken.includes(variant)) throw err("validation", `Step ${step} already has a variant ${variant}.`);
      const first = mine.find((s) => s.step === step);
      const s = Object.assign({}, input, { id: ids.step++, campaign_id, step, variant, delay_days: first ? first.delay_days : step === 1 ? 0 : input.delay_days });
      d.steps.push(s);
      changed("sequences");
      return stepView(s);
    },
    sequence_update_step: ({ id, input }) => {
      const s = d.steps.find((x) => x.id === id);
      if (!s) throw err("not_found", `Sequence step ${id} was not found.`);
      if ((input.template_id == null) === (input.ai_prompt == null)) throw err("validation", "A step drafts from a template or from an AI prompt: choose one.");
      Object.assign(s, input, { step: s.step, variant: input.variant || s.variant });
      for (const o of d.steps) if (o.campaign_id === s.campaign_id && o.step === s.step) o.delay_days = s.delay_days;
      changed("sequences");
      return stepView(s);
    },
    sequence_delete_step: ({ id, confirmed }) => {
      const s = d.steps.find((x) => x.id === id);
      if (!s) throw err("not_found", `Sequence step ${id} was not found.`);
      const open = d.drafts.filter((x) => x.campaign_id === s.campaign_id && x.step === s.step && x.variant === s.variant && ["pending", "regenerated", "needs_regeneration", "approved"].includes(x.status));
      if (open.length && !confirmed) throw draftingError("step_has_drafts", { step: `step ${s.step} variant ${s.variant}`, count: open.length });
      for (const x of open) Object.assign(x, { status: "rejected", review_note: "Its sequence step was deleted" });
      d.steps = d.steps.filter((x) => x.id !== id);
      changed("sequences");
      changed("drafts");
      return open.length;
    },
    enrich_start: ({ campaign_id, mode, all }) => {
      const leads = state.enrollments.filter((e) => e.campaign_id === campaign_id).map((e) => e.lead_id).filter((id) => all || !d.enrichments.has(id));
      return startJob("enrich", 1, leads, (id) => {
        const l = lead(id);
        d.enrichments.set(id, { lead_id: id, mode, model: mode === "ai" ? "openai/gpt-4o-mini" : null, updated_at: stamp(), persona: `${l.title || "Decision maker"} at a B2B company`, company_size: "11–50", industry: "Software", pain_points: ["Organic traffic flat for a year", "No in-house SEO"], buying_triggers: ["Recent funding round"], confidence: mode === "ai" ? 0.82 : 0.55 });
      }, "enrichments");
    },
    enrichment_get: ({ lead_id }) => d.enrichments.get(lead_id) || null,
    draft_start: ({ request }) => {
      const steps = d.steps.filter((s) => s.campaign_id === request.campaign_id && (request.step == null || s.step === request.step));
      if (steps.length === 0) throw draftingError("no_sequence", { campaign: (state.campaigns.find((c) => c.id === request.campaign_id) || {}).name });
      const todo = state.enrollments.filter((e) => e.campaign_id === request.campaign_id).map((e) => lead(e.lead_id)).filter((l) => !d.drafts.some((x) => x.campaign_id === request.campaign_id && x.lead_id === l.id));
      return startJob("draft", 1, todo, (l) => {
        const s = steps[0];
        const t = d.templates.find((y) => y.id === s.template_id);
        if (t) addDraft(request.campaign_id, l, s.step, s.variant, t.subject, t.body, { offline: request.offline });
      }, "drafts");
    },
    draft_regenerate_requested: ({ campaign_id }) => {
      const todo = d.drafts.filter((x) => x.campaign_id === campaign_id && x.status === "needs_regeneration");
      if (!todo.length) throw err("validation", "No draft of this campaign waits for regeneration.");
      return startJob("draft", 1, todo, (x) => regenerateOne(x, x.review_note), "drafts");
    },
    draft_page: ({ filter, offset, limit }) => {
      const all = d.drafts.filter((x) => matchesDraft(x, filter));
      return { drafts: all.slice(offset, offset + limit).map(draftView), total: all.length };
    },
    draft_get: ({ id }) => draftView(draft(id)),
    draft_versions: ({ id }) => {
      const x = draft(id);
      return (d.versions.get(id) || []).concat([{ version: x.version, subject: x.subject, body: x.body, generator: x.generator, model: x.model, instruction: null, status: x.status, review_note: x.review_note, created_at: x.updated_at }]);
    },
    review_counts: ({ campaign_id }) => counts(campaign_id),
    review_decide: ({ id, decision }) => {
      const x = draft(id);
      decide(x, decision);
      changed("drafts");
      return draftView(x);
    },
    review_decide_many: ({ ids: list, decision }) => {
      const skipped = [];
      let n = 0;
      for (const id of list) {
        try {
          decide(draft(id), decision);
          n++;
        } catch (e) {
          skipped.push({ draft_id: id, reason: e.message });
        }
      }
      changed("drafts");
      return { changed: n, skipped };
    },
    review_approve_passing: ({ filter }) => {
      const list = d.drafts.filter((x) => matchesDraft(x, filter) && (x.status === "pending" || x.status === "regenerated"));
      const skipped = [];
      let n = 0;
      for (const x of list) {
        if (x.qc.some((r) => r.level === "error")) skipped.push({ draft_id: x.id, reason: "it has QC errors" });
        else {
          decide(x, { action: "approve" });
          n++;
        }
      }
      changed("drafts");
      return { changed: n, skipped };
    },
    draft_edit: ({ id, subject, body }) => {
      const x = draft(id);
      const noEdit = D.review_refusals[`${x.status}:edit`];
      if (noEdit) throw err("conflict", noEdit.split("{id}").join(String(id)));
      if (x.original_body == null) {
        x.original_subject = x.subject;
        x.original_body = x.body;
      }
      Object.assign(x, { subject, body, updated_at: stamp() });
      x.qc = qcOf({ subject, body, holes: (body.match(/\{\{\s*(\w+)\s*\}\}/g) || []).map((m) => m.replace(/[{}\s]/g, "")) });
      changed("drafts");
      return draftView(x);
    },
    draft_regenerate: ({ id, instruction }) => {
      const x = draft(id);
      const noRegenerate = D.review_refusals[`${x.status}:regenerate`];
      if (noRegenerate) throw err("conflict", noRegenerate.split("{id}").join(String(id)));
      regenerateOne(x, instruction);
      changed("drafts");
      return draftView(x);
    },
    batch_create: ({ filter, name }) => {
      if (!name.trim()) throw err("validation", "A batch needs a name.");
      const list = d.drafts.filter((x) => matchesDraft(x, filter));
      if (!list.length) throw err("validation", "No draft matches this filter: a batch cannot be empty.");
      const b = { id: ids.batch++, campaign_id: filter.campaign_id, name: name.trim(), created_at: stamp(), items: list.map((x, i) => ({ draft_id: x.id, position: i, version_at_freeze: x.version, qc_at_freeze: x.qc.slice() })) };
      d.batches.push(b);
      changed("drafts");
      return batchView(b);
    },
    batch_list: ({ campaign_id }) => d.batches.filter((b) => b.campaign_id === campaign_id).map(batchView),
    batch_items: ({ id }) => {
      const b = d.batches.find((x) => x.id === id);
      if (!b) throw err("not_found", `Review batch ${id} was not found.`);
      return b.items.map((i) => ({ draft: draftView(draft(i.draft_id)), snapshot: Object.assign({}, i) }));
    },
    batch_delete: ({ id }) => {
      d.batches = d.batches.filter((b) => b.id !== id);
      changed("drafts");
      return null;
    },
    review_export: ({ campaign_id, batch_id }) => {
      const b = batch_id == null ? null : d.batches.find((x) => x.id === batch_id);
      return d.drafts.filter((x) => x.campaign_id === campaign_id && x.status === "approved" && (!b || b.items.some((i) => i.draft_id === x.id))).length;
    },
  });
}
