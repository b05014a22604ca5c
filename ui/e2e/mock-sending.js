// The engine's sending at the Tauri IPC boundary, for browser tests: sender accounts (plaintext refused off
// this computer, passwords kept only as "has one"), the folders their mailbox uses, a connection test, compliance settings (an unknown time
// zone refused), the suppression list with a CSV import, launch refused with the engine's reasons until they
// are met, a schedule preview, and an outbox whose run sends the approved drafts: one accepted, one left
// unknown, the rest queued. Its values and sentences are a real engine's (fixtures.sending, written by
// src/ui_fixtures.rs). Installed after installMockEngine and installMockDrafting, whose command tables it
// extends. Passed to page.addInitScript, so it must stay self-contained.

export function installMockSending(options) {
  const opts = Object.assign({ tickMs: 150 }, options || {});
  const mock = window.__reachMock;
  const { commands, state, emit, err, stamp } = mock;
  const S = mock.fixtures.sending;
  const now = "2026-11-25T09:30:00Z";
  const s = {
    accounts: [],
    passwords: new Set(),
    compliance: Object.assign({}, S.compliance),
    suppression: [],
    attempts: [],
    ids: { account: 1, attempt: 1 },
  };
  mock.sending = s;

  const changed = (entity) => emit("data-changed", { entity, workspace_id: 1 });
  const fill = (e, vars) => {
    let message = e.message;
    for (const [k, v] of Object.entries(vars || {})) message = message.split(`{${k}}`).join(String(v));
    return err(e.code, message);
  };
  const problem = (word) => S.blocked_preview.problems.find((p) => p.includes(word));
  const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1)$/i;
  // A new mailbox's inbox side: nothing synced yet, the server's Sent folder for copies, only INBOX read.
  const ACCOUNT_DEFAULTS = { imap_paused_reason: null, imap_error: null, imap_synced_at: null, sent_folder: null, imap_extra_folders: [] };
  // The engine's rules for folder names (src/api/inbox_sync.rs): trimmed, no control characters, at most
  // 200 bytes; INBOX and repeats dropped from the folders read, of which there are at most 20.
  function checkedFolder(raw) {
    const name = raw.trim();
    if (!name || new TextEncoder().encode(name).length > 200 || /[\u0000-\u001f\u007f-\u009f]/.test(name)) {
      throw err("validation", `"${name}" is not a folder name; give it as the mail app shows it, e.g. Replies or INBOX/Leads`);
    }
    return name;
  }

  function view(a) {
    const ramping = a.ramp_start > 0;
    return Object.assign({}, a, { allowance_today: ramping ? Math.min(a.ramp_start, a.daily_cap) : a.daily_cap, sent_today: 0, days_sent: 0 });
  }
  function checkAccount(input, hasPassword) {
    if (input.smtp_security === "none" && !LOOPBACK.test(input.smtp_host.trim())) throw fill(S.errors.plaintext_refused);
    return Object.assign({}, input, { email: input.email.trim().toLowerCase(), display_name: input.display_name.trim() || input.email.split("@")[0], has_password: hasPassword });
  }
  function approvedDrafts(campaign_id) {
    const drafts = mock.drafting ? mock.drafting.drafts : [];
    return drafts.filter((d) => d.campaign_id === campaign_id && d.status === "approved" && !s.attempts.some((a) => a.draft_id === d.id));
  }
  function blockers(campaign_id) {
    const reasons = [];
    const waiting = s.attempts.some((a) => a.campaign_id === campaign_id && (a.status === "queued" || a.status === "deferred"));
    if (approvedDrafts(campaign_id).length === 0 && !waiting) reasons.push(problem("approved"));
    if (s.accounts.length === 0) reasons.push(problem("sender account"));
    if (!s.compliance.physical_address.trim()) reasons.push(problem("physical address"));
    return reasons;
  }
  function leadOf(id) {
    return state.leads.find((l) => l.id === id);
  }
  function attemptOf(d, status, extra) {
    const l = leadOf(d.lead_id);
    const a = Object.assign(
      {
        id: s.ids.attempt++, campaign_id: d.campaign_id, lead_id: d.lead_id, draft_id: d.id, step: d.step, dry_run: false, idempotency_key: `c${d.campaign_id}-l${d.lead_id}-s${d.step}`,
        recipient: l.email, lead_name: [l.first_name, l.last_name].filter(Boolean).join(" "), account_id: s.accounts[0].id, sender: s.accounts[0].email,
        message_id: `<reach.${d.id}@${s.accounts[0].email.split("@")[1]}>`, subject: d.subject, status, tries: status === "queued" ? 0 : 1, scheduled_at: now,
        started_at: null, sent_at: null, smtp_code: null, smtp_reply: null, detail: null, legal_basis: "legitimate_interest", resolution: null, blocked_by: null, answer_to: null, updated_at: now,
      },
      extra || {},
    );
    s.attempts.push(a);
    return a;
  }
  function counts(campaign_id, dry_run) {
    const mine = s.attempts.filter((a) => a.campaign_id === campaign_id && a.dry_run === dry_run);
    return ["queued", "sending", "sent", "deferred", "bounced", "failed", "unknown", "blocked", "cancelled"].map((status) => ({ status, count: mine.filter((a) => a.status === status).length }));
  }
  function campaign(id) {
    return state.campaigns.find((c) => c.id === id);
  }
  // A launched campaign's outbox run: the first approved draft is accepted, the second's connection drops
  // after DATA (unknown), the rest wait for their turn.
  function run(c) {
    setTimeout(() => {
      approvedDrafts(c.id).forEach((d, i) => {
        if (i === 0) attemptOf(d, "sent", { started_at: stamp(), sent_at: stamp(), smtp_code: 250, smtp_reply: "2.0.0 OK queued as 4F2A1" });
        else if (i === 1) attemptOf(d, "unknown", { started_at: stamp(), detail: "the connection dropped after the message data was sent; it may have been delivered" });
        else attemptOf(d, "queued");
      });
      changed("outbox");
    }, opts.tickMs);
  }

  Object.assign(commands, {
    mail_presets: () => S.presets,
    sender_account_list: () => s.accounts.map(view),
    sender_account_add: ({ input, password }) => {
      const a = Object.assign({}, ACCOUNT_DEFAULTS, S.account, checkAccount(input, !!password), { id: s.ids.account++, workspace_id: 1, paused_reason: null, next_send_at: null, created_at: now, updated_at: now });
      for (const k of ["allowance_today", "sent_today", "days_sent"]) delete a[k];
      if (password) s.passwords.add(a.id);
      s.accounts.push(a);
      changed("sending");
      return a;
    },
    sender_account_update: ({ id, input, password }) => {
      const a = s.accounts.find((x) => x.id === id);
      if (password) s.passwords.add(id);
      Object.assign(a, checkAccount(input, s.passwords.has(id)), { paused_reason: null, updated_at: stamp() });
      changed("sending");
      return a;
    },
    sender_account_delete: ({ id }) => {
      s.accounts = s.accounts.filter((a) => a.id !== id);
      changed("sending");
      return null;
    },
    account_set_folders: ({ id, folders }) => {
      const a = s.accounts.find((x) => x.id === id);
      if (!a) throw err("not_found", `sender account ${id} not found`);
      const sent = folders.sent_folder === null ? null : folders.sent_folder.trim() === "" ? "" : checkedFolder(folders.sent_folder);
      const extra = [];
      for (const raw of folders.extra_folders) {
        const name = checkedFolder(raw);
        if (name.toUpperCase() !== "INBOX" && !extra.some((e) => e.toUpperCase() === name.toUpperCase())) extra.push(name);
      }
      if (extra.length > 20) throw err("validation", `at most 20 folders are read besides INBOX; ${extra.length} were given`);
      Object.assign(a, { sent_folder: sent, imap_extra_folders: extra, updated_at: stamp() });
      changed("sending");
      return Object.assign({}, a);
    },
    sender_account_test: ({ id }) => {
      const a = s.accounts.find((x) => x.id === id);
      return new Promise((resolve) =>
        setTimeout(
          () =>
            resolve({
              greeting: `220 ${a.smtp_host} ESMTP ready`,
              capabilities: ["SIZE 35882577", "8BITMIME", "AUTH LOGIN PLAIN XOAUTH2", "ENHANCEDSTATUSCODES", "PIPELINING", "SMTPUTF8"],
              tls: a.smtp_security !== "none",
              authenticated: s.passwords.has(id),
            }),
          opts.tickMs,
        ),
      );
    },
    compliance_get: () => Object.assign({}, s.compliance),
    compliance_update: ({ patch }) => {
      const next = Object.assign({}, s.compliance);
      if (patch.timezone != null) {
        const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
        if (patch.timezone !== "UTC" && !zones.includes(patch.timezone)) throw fill(S.errors.timezone_refused, { zone: patch.timezone });
        next.timezone = patch.timezone;
      }
      if (patch.physical_address != null) next.physical_address = patch.physical_address.trim();
      if (patch.unsubscribe_mailto != null) next.unsubscribe_mailto = patch.unsubscribe_mailto.trim() || null;
      if (patch.unsubscribe_url != null) next.unsubscribe_url = patch.unsubscribe_url.trim() || null;
      if (patch.send_window != null) [next.window_start, next.window_end] = patch.send_window.split("-");
      if (patch.days != null) next.window_days = patch.days;
      for (const k of ["domain_daily_cap", "hold_without_consent", "bounce_pause_percent", "bounce_pause_min", "max_tries"]) if (patch[k] != null) next[k] = patch[k];
      s.compliance = Object.assign(next, { updated_at: stamp() });
      changed("sending");
      return Object.assign({}, s.compliance);
    },
    suppression_list: ({ search }) => s.suppression.filter((e) => !search || e.value.includes(search.toLowerCase())),
    suppression_add: ({ entry, reason }) => {
      const t = entry.trim().toLowerCase();
      const domain = t.startsWith("@");
      if (!(domain ? /^@[a-z0-9-]+(\.[a-z0-9-]+)+$/ : /^[^@\s]+@[^@\s]+\.[^@\s]+$/).test(t)) throw fill(S.errors.entry_refused, { entry: entry.trim() });
      const e = { kind: domain ? "domain" : "address", value: domain ? t.slice(1) : t, reason: reason || null, source: "user", created_at: stamp() };
      if (!s.suppression.some((x) => x.kind === e.kind && x.value === e.value)) s.suppression.unshift(e);
      changed("sending");
      return e;
    },
    suppression_add_leads: ({ lead_ids, reason }) => {
      let added = 0;
      for (const id of lead_ids) {
        const l = leadOf(id);
        if (l && l.email && !s.suppression.some((x) => x.value === l.email)) {
          s.suppression.unshift({ kind: "address", value: l.email, reason: reason || null, source: "user", created_at: stamp() });
          added++;
        }
      }
      changed("sending");
      return added;
    },
    suppression_remove: ({ kind, value }) => {
      const before = s.suppression.length;
      s.suppression = s.suppression.filter((x) => !(x.kind === kind && x.value === value));
      changed("sending");
      return s.suppression.length < before;
    },
    suppression_import: () => {
      for (const e of S.suppression) if (!s.suppression.some((x) => x.kind === e.kind && x.value === e.value)) s.suppression.push(Object.assign({}, e));
      changed("sending");
      return S.suppression_import;
    },
    suppression_export: () => null,
    campaign_launch: ({ campaign_id }) => {
      const c = campaign(campaign_id);
      const reasons = blockers(campaign_id);
      if (reasons.length > 0) {
        const e = S.errors.launch_refused;
        const head = e.message.slice(0, e.message.indexOf(S.blocked_preview.problems[0]));
        throw err(e.code, head.split("{name}").join(c.name) + reasons.join("; "));
      }
      Object.assign(c, { sending: "running", sending_note: null, launched_at: stamp() });
      changed("campaigns");
      changed("outbox");
      run(c);
      return Object.assign({}, c);
    },
    campaign_pause_sending: ({ campaign_id }) => {
      const c = Object.assign(campaign(campaign_id), { sending: "paused", sending_note: "Paused by you" });
      changed("campaigns");
      return Object.assign({}, c);
    },
    campaign_cancel_queue: ({ campaign_id }) => {
      const waiting = s.attempts.filter((a) => a.campaign_id === campaign_id && (a.status === "queued" || a.status === "deferred"));
      for (const a of waiting) a.status = "cancelled";
      changed("outbox");
      return waiting.length;
    },
    campaign_send: ({ campaign_id, dry_run_dir }) => {
      const n = approvedDrafts(campaign_id).length;
      return { campaign_id, dry_run: dry_run_dir != null, job_id: 99, message: `${n} written`, counts: counts(campaign_id, true), next_due_at: null, dry_run_dir };
    },
    outbox_page: ({ campaign_id, query }) => {
      const c = campaign(campaign_id);
      const attempts = s.attempts.filter((a) => a.campaign_id === campaign_id && a.dry_run === !!query.dry_run && (!query.status || a.status === query.status));
      return { attempts: attempts.map((a) => Object.assign({}, a)), counts: counts(campaign_id, !!query.dry_run), campaign_sending: c.sending, sending_note: c.sending_note };
    },
    outbox_resolve: ({ id, sent }) => {
      const a = s.attempts.find((x) => x.id === id);
      Object.assign(a, sent ? { status: "sent", resolution: "Marked sent by you", sent_at: stamp() } : { status: "queued", resolution: "Marked not sent by you; queued again" });
      changed("outbox");
      return Object.assign({}, a);
    },
    outbox_lookup_sent: ({ id }) => {
      const a = s.attempts.find((x) => x.id === id);
      return {
        attempt_id: id, message_id: a.message_id || `<${id}@consult.example>`, folder: "Sent", found: false, date: null, subject: null, to: null,
        meaning: "No copy in Sent. Reach files copies there only after the server accepts a mail, so this proves nothing either way; ask the recipient or check the server's log.",
      };
    },
    schedule_preview: ({ campaign_id }) => {
      const waiting = approvedDrafts(campaign_id).concat(s.attempts.filter((a) => a.campaign_id === campaign_id && a.status === "queued"));
      const account = s.accounts[0];
      const sends = account
        ? waiting.map((d, i) => {
            const l = leadOf(d.lead_id);
            const minute = 12 + i * 6;
            return { account: account.email, recipient: l.email, step: d.step, at: `2026-11-26T09:${String(minute).padStart(2, "0")}:00Z`, recipient_time: `Thu 09:${String(minute).padStart(2, "0")} Europe/London`, user_time: `Thu 10:${String(minute).padStart(2, "0")}` };
          })
        : [];
      return {
        campaign_id, user_timezone: s.compliance.timezone, sends,
        accounts: account ? [{ email: account.email, allowance_today: view(account).allowance_today, daily_cap: account.daily_cap, sends: sends.length, first_at: sends.length ? sends[0].at : null, last_at: sends.length ? sends[sends.length - 1].at : null }] : [],
        on_hours: sends.length ? [{ day: "Thu 26 Nov", from: sends[0].user_time.slice(4), to: sends[sends.length - 1].user_time.slice(4), sends: sends.length }] : [],
        waiting: waiting.length, unplaced: account ? 0 : waiting.length, problems: blockers(campaign_id),
      };
    },
    "plugin:dialog|open": ({ options: o }) => (o && o.directory ? "/home/me/dry-run" : o && o.title === "Choose a suppression list" ? "/home/me/do-not-contact.csv" : "/home/me/leads.csv"),
  });
}
