import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import type { AccountView } from "../../ipc/bindings/AccountView";
import type { Attempt } from "../../ipc/bindings/Attempt";
import type { InboxItem } from "../../ipc/bindings/InboxItem";
import type { MessageView } from "../../ipc/bindings/MessageView";
import { mockEngine } from "../../test/engine";
import { campaign, workspace } from "../../test/fixtures";
import { inboxItem, inboxPage, messageView } from "../../test/inboxFixtures";
import { renderApp } from "../../test/render";
import { account, attempt } from "../../test/sendingFixtures";
import { useNavigation } from "../../state/navigation";
import { InboxScreen } from "./InboxScreen";
import { FRAME_SANDBOX } from "./mailFrame";
import { tomorrowMorning } from "./snooze";

const SYNCED = account({ imap_synced_at: "2026-12-07T09:00:00Z" });

type SetupOptions = {
  accounts?: AccountView[];
  message?: (item: InboxItem, allow: boolean) => MessageView;
  /** What became of an answer; by default it was sent. */
  answer?: (item: InboxItem, body: string) => Attempt;
  handlers?: Parameters<typeof mockEngine>[0];
};

function setup(initial: InboxItem[], options: SetupOptions = {}) {
  let items = initial;
  const engine = mockEngine({
    inbox_list: ({ query }) => inboxPage(items, query),
    inbox_message: ({ id, allow_remote_images }) => {
      const item = items.find((i) => i.id === id)!;
      return options.message ? options.message(item, allow_remote_images) : messageView(item);
    },
    inbox_set_state: ({ id, state, snoozed_until }) => {
      items = items.map((i) => (i.id === id ? { ...i, state, snoozed_until } : i));
      return items.find((i) => i.id === id)!;
    },
    inbox_relabel: ({ id, category }) => {
      items = items.map((i) => (i.id === id ? { ...i, category, category_source: "user" as const } : i));
      return items.find((i) => i.id === id)!;
    },
    inbox_reply: ({ id, body }) => {
      const item = items.find((i) => i.id === id)!;
      const answer = options.answer
        ? options.answer(item, body)
        : attempt(100 + id, "sent", { answer_to: id, recipient: item.from_address!, sender: item.account_email, step: -1, sent_at: "2026-12-07T10:00:00Z" });
      // As the engine does: an answer that goes marks its message done.
      if (!["blocked", "failed", "bounced", "cancelled"].includes(answer.status)) items = items.map((i) => (i.id === id ? { ...i, state: "done" as const } : i));
      return answer;
    },
    inbox_sync: () => ({ accounts: [] }),
    sender_account_list: () => options.accounts ?? [SYNCED],
    campaign_list: () => [campaign({ id: 1 }), campaign({ id: 2, name: "Guest posts" })],
    ...options.handlers,
  });
  renderApp(
    <>
      <InboxScreen />
      <RouteProbe />
    </>,
    { workspace: workspace() },
  );
  return engine;
}

function RouteProbe() {
  const { route } = useNavigation();
  return <output data-testid="route">{JSON.stringify(route)}</output>;
}

const current = () => screen.getByTestId("message-pane").getAttribute("data-message-id");
const lastQuery = (engine: ReturnType<typeof mockEngine>) => (engine.argsOf("inbox_list").at(-1) as { query: Record<string, unknown> }).query;

describe("inbox filters", () => {
  it("shows each class chip with its open count and narrows the list by class, campaign and search", async () => {
    const engine = setup([
      inboxItem(1),
      inboxItem(2, { category: "question" }),
      inboxItem(3, { kind: "bounce", category: null, campaign_id: 2, campaign_name: "Guest posts", subject: "Undelivered Mail Returned to Sender" }),
      inboxItem(4, { kind: "auto_reply", category: null, subject: "Out of office" }),
    ]);
    expect(await screen.findAllByTestId("inbox-row")).toHaveLength(4);
    expect(screen.getByTestId("inbox-chip-count-interested")).toHaveTextContent("1");
    expect(screen.getByTestId("inbox-chip-count-bounce")).toHaveTextContent("1");
    expect(screen.getByTestId("inbox-chip-count-auto_reply")).toHaveTextContent("1");
    expect(screen.getByTestId("inbox-chip-count-unsubscribe")).toHaveTextContent("0");

    const user = userEvent.setup();
    await user.click(screen.getByTestId("inbox-chip-bounce"));
    await waitFor(() => expect(screen.getAllByTestId("inbox-row")).toHaveLength(1));
    expect(lastQuery(engine)).toMatchObject({ kind: "bounce", category: null, state: null });
    expect(screen.getByTestId("inbox-chip-bounce")).toHaveAttribute("aria-pressed", "true");

    await user.click(screen.getByTestId("inbox-chip-bounce"));
    await user.selectOptions(screen.getByTestId("inbox-campaign"), "1");
    await waitFor(() => expect(lastQuery(engine)).toMatchObject({ kind: null, campaign_id: 1 }));
    await user.type(screen.getByTestId("inbox-search"), "question 2");
    await waitFor(() => expect(lastQuery(engine)).toMatchObject({ search: "question 2", campaign_id: 1 }));
    await waitFor(() => expect(screen.getAllByTestId("inbox-row")).toHaveLength(1));
    await user.click(screen.getByTestId("inbox-unknown"));
    await waitFor(() => expect(lastQuery(engine)).toMatchObject({ unknown_senders: true, search: "question 2", campaign_id: 1 }));
  });

  it("says when the filters match nothing and clears them", async () => {
    setup([inboxItem(1)]);
    await screen.findAllByTestId("inbox-row");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("inbox-chip-referral"));
    await screen.findByTestId("inbox-no-match");
    await user.click(screen.getByTestId("inbox-clear-filters"));
    expect(await screen.findAllByTestId("inbox-row")).toHaveLength(1);
  });
});

describe("inbox by keyboard", () => {
  it("moves with j and k, marks done with e (the next message opens), and brings it back with u from Done", async () => {
    const engine = setup([inboxItem(1), inboxItem(2), inboxItem(3)]);
    await screen.findByTestId("message-pane");
    expect(current()).toBe("1");
    const user = userEvent.setup();
    await user.keyboard("j");
    expect(current()).toBe("2");
    await user.keyboard("jk");
    expect(current()).toBe("2");
    await user.keyboard("e");
    await waitFor(() => expect(engine.argsOf("inbox_set_state")).toEqual([{ id: 2, state: "done", snoozed_until: null }]));
    await waitFor(() => expect(screen.getAllByTestId("inbox-row")).toHaveLength(2));
    expect(current()).toBe("3");

    await user.click(screen.getByTestId("inbox-tab-done"));
    await waitFor(() => expect(screen.getAllByTestId("inbox-row")).toHaveLength(1));
    expect(lastQuery(engine)).toMatchObject({ state: "done" });
    expect(current()).toBe("2");
    await user.keyboard("u");
    await waitFor(() => expect(engine.argsOf("inbox_set_state").at(-1)).toEqual({ id: 2, state: "open", snoozed_until: null }));
    await screen.findByTestId("inbox-tab-empty");
  });

  it("focuses the search with / and leaves typed letters to the field", async () => {
    const engine = setup([inboxItem(1), inboxItem(2)]);
    await screen.findByTestId("message-pane");
    const user = userEvent.setup();
    await user.keyboard("/");
    expect(screen.getByTestId("inbox-search")).toHaveFocus();
    await user.keyboard("je");
    expect(current()).toBe("1");
    expect(engine.argsOf("inbox_set_state")).toHaveLength(0);
  });

  it("relabels with the number keys and shows the user's label as kept", async () => {
    const engine = setup([inboxItem(1)]);
    await screen.findByTestId("message-pane");
    expect(screen.queryByTestId("label-kept")).not.toBeInTheDocument();
    await userEvent.setup().keyboard("3");
    await waitFor(() => expect(engine.argsOf("inbox_relabel")).toEqual([{ id: 1, category: "not_interested" }]));
    expect(await screen.findByTestId("label-kept")).toHaveTextContent("label set by you, kept");
    expect(screen.getByTestId("message-class")).toHaveTextContent("Not interested");
    expect(screen.getByTestId("message-relabel")).toHaveValue("not_interested");
  });

  it("relabels from the select too, and offers no class for a bounce", async () => {
    const engine = setup([inboxItem(1), inboxItem(2, { kind: "bounce", category: null })]);
    await screen.findByTestId("message-pane");
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId("message-relabel"), "referral");
    await waitFor(() => expect(engine.argsOf("inbox_relabel")).toEqual([{ id: 1, category: "referral" }]));
    // The select keeps its keys while it has focus.
    await user.keyboard("j");
    expect(current()).toBe("1");
    screen.getByTestId("message-relabel").blur();
    await user.keyboard("j");
    expect(current()).toBe("2");
    expect(screen.queryByTestId("message-relabel")).not.toBeInTheDocument();
    await user.keyboard("4");
    expect(engine.argsOf("inbox_relabel")).toHaveLength(1);
  });

  it("snoozes with s until tomorrow at nine, and the message leaves Open", async () => {
    const engine = setup([inboxItem(1), inboxItem(2)]);
    await screen.findByTestId("message-pane");
    const user = userEvent.setup();
    await user.keyboard("s");
    const panel = await screen.findByTestId("snooze-panel");
    await user.click(within(panel).getByTestId("snooze-tomorrow"));
    await waitFor(() => expect(engine.argsOf("inbox_set_state")).toEqual([{ id: 1, state: "snoozed", snoozed_until: tomorrowMorning(new Date()) }]));
    await waitFor(() => expect(screen.getAllByTestId("inbox-row")).toHaveLength(1));
    expect(screen.queryByTestId("snooze-panel")).not.toBeInTheDocument();
  });

  it("snoozes until a picked day, and refuses a day that is not after today", async () => {
    const engine = setup([inboxItem(1)]);
    await screen.findByTestId("message-pane");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("message-snooze"));
    const date = screen.getByTestId("snooze-date");
    await user.clear(date);
    await user.type(date, "2020-01-01");
    expect(screen.getByTestId("snooze-pick")).toBeDisabled();
    await user.clear(date);
    await user.type(date, "2099-03-02");
    await user.click(screen.getByTestId("snooze-pick"));
    await waitFor(() => expect(engine.argsOf("inbox_set_state")).toEqual([{ id: 1, state: "snoozed", snoozed_until: new Date(2099, 2, 2, 9, 0).toISOString() }]));
  });
});

describe("answering a message", () => {
  it("opens the composer with a, says where the answer goes, sends with Ctrl+Enter and says it was sent", async () => {
    const engine = setup([inboxItem(1), inboxItem(2)]);
    await screen.findByTestId("message-pane");
    const user = userEvent.setup();
    await user.keyboard("a");
    const composer = await screen.findByTestId("reply-composer");
    expect(within(composer).getByTestId("reply-from")).toHaveTextContent("sam@northwind.example");
    expect(within(composer).getByTestId("reply-to")).toHaveTextContent("Lead 1 <lead1@globex.example>");
    expect(within(composer).getByTestId("reply-subject")).toHaveTextContent(/^Re: Quick question 1$/);
    const body = within(composer).getByTestId("reply-body");
    expect(body).toHaveFocus();
    expect(within(composer).getByTestId("reply-send")).toBeDisabled();
    // Letters typed in the answer stay there: j, e and s are no shortcuts while writing.
    await user.keyboard("Tuesday at ten suits me, just send the invite");
    expect(current()).toBe("1");
    expect(engine.argsOf("inbox_set_state")).toHaveLength(0);
    await user.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(engine.argsOf("inbox_reply")).toEqual([{ id: 1, body: "Tuesday at ten suits me, just send the invite" }]));
    expect(await screen.findByTestId("inbox-last-action")).toHaveTextContent("Answer sent to lead1@globex.example from sam@northwind.example; marked done");
    await waitFor(() => expect(screen.getAllByTestId("inbox-row")).toHaveLength(1));
    expect(current()).toBe("2");
    expect(screen.queryByTestId("reply-composer")).not.toBeInTheDocument();
  });

  it("keeps a blocked answer in the composer with the rule that blocked it, and the message stays open", async () => {
    const engine = setup([inboxItem(1)], {
      answer: (item) => attempt(7, "blocked", { answer_to: item.id, blocked_by: "suppression", detail: "lead1@globex.example is on the suppression list (asked by phone)" }),
    });
    await screen.findByTestId("message-pane");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("message-reply"));
    await user.type(screen.getByTestId("reply-body"), "Happy to help");
    await user.click(screen.getByTestId("reply-send"));
    expect(await screen.findByTestId("reply-blocked")).toHaveTextContent("Answer blocked by the suppression list: lead1@globex.example is on the suppression list (asked by phone)");
    expect(screen.getByTestId("reply-body")).toHaveValue("Happy to help");
    expect(engine.argsOf("inbox_reply")).toHaveLength(1);
    expect(screen.getAllByTestId("inbox-row")).toHaveLength(1);
  });

  it("says why a queued answer waits", async () => {
    setup([inboxItem(1)], {
      answer: (item) => attempt(8, "queued", { answer_to: item.id, scheduled_at: "2099-01-05T09:00:00Z", detail: "waiting for the send window in Europe/Berlin" }),
    });
    await screen.findByTestId("message-pane");
    const user = userEvent.setup();
    await user.keyboard("a");
    await user.type(await screen.findByTestId("reply-body"), "Sure");
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(await screen.findByTestId("inbox-last-action")).toHaveTextContent(/^Answer queued: waiting for the send window in Europe\/Berlin; it goes .+; marked done$/);
  });

  it("cancels with Escape and offers no answer to a bounce or to mail from nobody Reach wrote to", async () => {
    const engine = setup([inboxItem(1), inboxItem(2, { kind: "bounce", category: null }), inboxItem(3, { campaign_id: null, campaign_name: null, lead_id: null })]);
    await screen.findByTestId("message-pane");
    const user = userEvent.setup();
    await user.keyboard("a");
    await user.type(await screen.findByTestId("reply-body"), "Draft");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("reply-composer")).not.toBeInTheDocument();
    expect(current()).toBe("1");
    await user.keyboard("j");
    expect(screen.getByTestId("message-reply")).toBeDisabled();
    expect(screen.getByTestId("message-reply")).toHaveAttribute("title", expect.stringContaining("no one to answer"));
    await user.keyboard("a");
    expect(screen.queryByTestId("reply-composer")).not.toBeInTheDocument();
    await user.keyboard("j");
    expect(current()).toBe("3");
    expect(screen.getByTestId("message-reply")).toHaveAttribute("title", expect.stringContaining("not tied to a campaign"));
    await user.keyboard("a");
    expect(screen.queryByTestId("reply-composer")).not.toBeInTheDocument();
    expect(engine.argsOf("inbox_reply")).toHaveLength(0);
  });
});

describe("inbox events", () => {
  it("refreshes the list when the engine says the inbox changed, and says an interested reply arrived", async () => {
    let items = [inboxItem(1)];
    mockEngine({
      inbox_list: ({ query }) => inboxPage(items, query),
      inbox_message: ({ id }) => messageView(items.find((i) => i.id === id)!),
      sender_account_list: () => [SYNCED],
      campaign_list: () => [],
    });
    renderApp(<InboxScreen />, { workspace: workspace() });
    expect(await screen.findAllByTestId("inbox-row")).toHaveLength(1);
    items = [inboxItem(2, { from_name: "Grace Hopper", subject: "Re: Let's talk" }), ...items];
    await act(() => emit("data-changed", { entity: "inbox", workspace_id: 1 }));
    await act(() => emit("interested-reply", { workspace_id: 1, reply_id: 2, from: "Grace Hopper", subject: "Re: Let's talk" }));
    await waitFor(() => expect(screen.getAllByTestId("inbox-row")).toHaveLength(2));
    expect(await screen.findByText("Interested reply from Grace Hopper")).toBeInTheDocument();
    expect(screen.getByText("“Re: Let's talk” is in the Inbox.")).toBeInTheDocument();
  });
});

describe("inbox empty states", () => {
  it("sends the user to Settings → Sender accounts when no mailbox has IMAP", async () => {
    setup([], { accounts: [account({ imap_host: null, imap_port: null, imap_security: null })] });
    await screen.findByTestId("inbox-no-imap");
    expect(screen.queryByTestId("inbox-sync")).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getByTestId("inbox-go-accounts"));
    expect(JSON.parse(screen.getByTestId("route").textContent!)).toEqual({ screen: "settings", tab: "accounts" });
  });

  it("offers Sync now before the first sync, and shows what the sync did per account, errors included", async () => {
    const engine = setup([], {
      accounts: [account({ imap_synced_at: null }), account({ id: 2, email: "ops@northwind.example" })],
      handlers: {
        inbox_sync: () => ({
          accounts: [
            { account_id: 1, email: "sam@northwind.example", new_messages: 3, replies: 2, bounces: 1, auto_replies: 0, error: null, paused: null },
            { account_id: 2, email: "ops@northwind.example", new_messages: 0, replies: 0, bounces: 0, auto_replies: 0, error: "imap.gmail.com:993 did not answer within 30 s", paused: null },
          ],
        }),
      },
    });
    await screen.findByTestId("inbox-never-synced");
    expect(screen.getByTestId("sync-account-1")).toHaveTextContent("Never synced");
    await userEvent.setup().click(screen.getByTestId("inbox-empty-sync"));
    await waitFor(() => expect(engine.argsOf("inbox_sync")).toEqual([{ workspace_id: 1 }]));
    expect(await screen.findByTestId("sync-account-1")).toHaveTextContent("Synced now: 3 new messages (2 replies, 1 bounce)");
    expect(screen.getByTestId("sync-account-2")).toHaveTextContent("Last sync failed: imap.gmail.com:993 did not answer within 30 s");
    expect(await screen.findByTestId("inbox-zero")).toBeInTheDocument();
  });

  it("syncs with r, and says a paused account's reason", async () => {
    const engine = setup([inboxItem(1)], { accounts: [account({ imap_synced_at: "2026-12-07T08:00:00Z", imap_paused_reason: "the server refused the password" })] });
    await screen.findByTestId("message-pane");
    expect(screen.getByTestId("sync-account-1")).toHaveTextContent("Paused: the server refused the password");
    await userEvent.setup().keyboard("r");
    await waitFor(() => expect(engine.argsOf("inbox_sync")).toHaveLength(1));
  });
});

describe("reading a message", () => {
  it("shows a bounce's recipient, status, hard or soft, reason and diagnostic, and the effect reading it had", async () => {
    const bounce = inboxItem(1, { kind: "bounce", category: null, subject: "Undelivered Mail Returned to Sender", effect: "Address suppressed; the lead is marked bounced" });
    setup([bounce], {
      message: (item) =>
        messageView(item, {
          bounce: {
            recipients: [{ address: "gone@globex.example", status: "5.1.1", action: "failed", hard: true, reason: "user_unknown", diagnostic: "smtp; 550 5.1.1 <gone@globex.example>: Recipient address rejected: User unknown" }],
            original_message_id: "reach.1@northwind.example",
            standard: true,
          },
        }),
    });
    const details = await screen.findByTestId("message-bounce");
    expect(details).toHaveTextContent("gone@globex.example");
    expect(details).toHaveTextContent("5.1.1 (failed)");
    expect(within(details).getByTestId("bounce-hard")).toHaveTextContent("Hard: the address is bad");
    expect(details).toHaveTextContent("Unknown recipient");
    expect(details).toHaveTextContent("Recipient address rejected: User unknown");
    expect(screen.getByTestId("message-effect")).toHaveTextContent("Address suppressed");
  });

  it("shows an out-of-office's return date, the attachments listed, and the thread collapsed to one line per mail", async () => {
    const away = inboxItem(1, { kind: "auto_reply", category: null, return_date: "2026-12-14", attachment_count: 1 });
    setup([away], {
      message: (item) =>
        messageView(item, {
          text: "I am out of the office until 14 December.",
          attachments: [{ name: "itinerary.pdf", content_type: "application/pdf", size: 48_213 }],
          thread: [
            { direction: "sent", id: 7, subject: "Quick question", from: "sam@northwind.example", at: "2026-12-06T10:00:00Z", text: "Hi Ada, a quick question about your SEO.", current: false },
            { direction: "received", id: 1, subject: "Out of office", from: "lead1@globex.example", at: "2026-12-07T09:30:00Z", text: "I am out", current: true },
          ],
        }),
    });
    expect(await screen.findByTestId("message-return")).toHaveTextContent(/Back on .*(14.*Dec|Dec.*14).*2026/);
    expect(await screen.findByTestId("message-attachments")).toHaveTextContent("itinerary.pdf");
    expect(screen.getByTestId("message-attachments")).toHaveTextContent("application/pdf · 47 KB");
    expect(screen.getByTestId("message-text")).toHaveTextContent("out of the office until 14 December");
    const entries = screen.getAllByTestId("thread-entry");
    expect(entries).toHaveLength(1);
    expect(screen.queryByTestId("thread-text")).not.toBeInTheDocument();
    await userEvent.setup().click(within(entries[0]!).getByRole("button"));
    expect(screen.getByTestId("thread-text")).toHaveTextContent("a quick question about your SEO");
  });

  it("puts HTML in a frame sandboxed without scripts, and asks again with remote images only when told", async () => {
    const engine = setup([inboxItem(1)], {
      message: (item, allow) => messageView(item, { html: `<p>Hello</p>${allow ? '<img src="https://cdn.globex.example/logo.png">' : ""}`, blocked_images: allow ? 0 : 2 }),
    });
    const frame = await screen.findByTestId("mail-frame");
    expect(frame.getAttribute("sandbox")).toBe(FRAME_SANDBOX);
    expect(FRAME_SANDBOX).toBe("allow-same-origin");
    const doc = frame.getAttribute("srcdoc")!;
    expect(doc).toMatch(/^<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">/);
    expect(doc).toContain('<base target="_blank">');
    expect(screen.getByTestId("images-blocked")).toHaveTextContent("2 remote images blocked");
    await userEvent.setup().click(screen.getByTestId("images-show"));
    await waitFor(() => expect(engine.argsOf("inbox_message").at(-1)).toEqual({ id: 1, allow_remote_images: true }));
    await waitFor(() => expect(screen.getByTestId("mail-frame").getAttribute("srcdoc")).toContain("img-src data: https:;"));
    expect(screen.queryByTestId("images-blocked")).not.toBeInTheDocument();
  });

  it("links to the campaign and the lead", async () => {
    setup([inboxItem(1)]);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("message-lead"));
    expect(JSON.parse(screen.getByTestId("route").textContent!)).toEqual({ screen: "leads", leadId: 11 });
    await user.click(screen.getByTestId("message-campaign"));
    expect(JSON.parse(screen.getByTestId("route").textContent!)).toEqual({ screen: "campaign", campaignId: 1, tab: "activity" });
  });
});
