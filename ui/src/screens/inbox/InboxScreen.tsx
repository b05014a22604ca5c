import { useMemo, useRef, useState } from "react";
import type { InboxItem } from "../../ipc/bindings/InboxItem";
import type { InboxState } from "../../ipc/bindings/InboxState";
import type { InboxSyncReport } from "../../ipc/bindings/InboxSyncReport";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows, Spinner } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { useCampaigns } from "../../hooks/campaigns";
import { useInboxPage, useInboxSync, useRelabel, useSetInboxState } from "../../hooks/inbox";
import { useSenderAccounts } from "../../hooks/sending";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";
import { describeError } from "../../ipc/errors";
import { formatCount, formatShortDateTime, plural } from "../../lib/format";
import { useCurrentWorkspace } from "../../state/currentWorkspace";
import { useNavigation } from "../../state/navigation";
import "../../components/drafts/drafts.css";
import { InboxFilters } from "./InboxFilters";
import { InboxList } from "./InboxList";
import { MessagePane, relabelable, type MessageCommands } from "./MessagePane";
import { answerOutcome, whyNotAnswerable } from "./answer";
import { SyncStatus } from "./SyncStatus";
import { CATEGORIES, categoryLabel } from "./labels";
import { isFiltered, PAGE_SIZE, START_FILTER, toInboxQuery, type InboxFilterState } from "./inboxFilter";
import { dispatchInboxKey, useInboxKeys, type InboxKeyHandlers } from "./useInboxKeys";
import "./inbox.css";

/** Replies across accounts and campaigns: the list on the left, the message and its thread on the right. */
export function InboxScreen({ replyId }: { replyId?: number }) {
  const workspace = useCurrentWorkspace();
  const { navigate } = useNavigation();
  const notify = useToast();
  const [filters, setFilters] = useState<InboxFilterState>(START_FILTER);
  const [currentId, setCurrentId] = useState<number | null>(replyId ?? null);
  // Where the current message was: when an action takes it out of the list, the one now there opens.
  const [anchor, setAnchor] = useState(0);
  const [snoozing, setSnoozing] = useState(false);
  const [replying, setReplying] = useState(false);
  const [report, setReport] = useState<InboxSyncReport | null>(null);
  // The last action, said quietly in the hint line (a keyboard-driven screen raises no toast per key).
  const [lastMove, setLastMove] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const search = useDebouncedValue(filters.search, 250);
  const query = useMemo(() => toInboxQuery(workspace.id, { ...filters, search }), [workspace.id, filters, search]);
  const page = useInboxPage(query);
  const accounts = useSenderAccounts(workspace.id);
  const campaigns = useCampaigns(workspace.id);
  const sync = useInboxSync(workspace.id);
  const setState = useSetInboxState();
  const relabel = useRelabel();
  const busy = setState.isPending || relabel.isPending;

  const items = useMemo(() => page.data?.items ?? [], [page.data]);
  const found = items.findIndex((i) => i.id === currentId);
  const index = found >= 0 ? found : Math.min(anchor, items.length - 1);
  const current: InboxItem | undefined = index >= 0 ? items[index] : undefined;
  const accountList = accounts.data ?? [];
  const imapAccounts = accountList.filter((a) => a.imap_host);
  const everSynced = imapAccounts.some((a) => a.imap_synced_at) || report !== null;
  const noImap = accounts.isSuccess && imapAccounts.length === 0;

  const select = (i: number) => {
    const clamped = Math.max(0, Math.min(items.length - 1, i));
    const item = items[clamped];
    if (!item) return;
    setCurrentId(item.id);
    setAnchor(clamped);
    setSnoozing(false);
    setReplying(false);
  };

  const runSync = () => {
    if (sync.isPending) return;
    sync.mutate(undefined, {
      onSuccess: (r) => {
        setReport(r);
        // What each account brought shows under the button; only a failure is said louder.
        const failed = r.accounts.filter((a) => a.error || a.paused).length;
        if (failed > 0) notify.error({ code: "offline", message: `${plural(failed, "account")} did not sync; the line under Sync now says why.` }, "Sync finished with errors");
      },
    });
  };

  const move = (item: InboxItem, state: InboxState, snoozedUntil: string | null, said: string) =>
    setState.mutate(
      { id: item.id, state, snoozed_until: snoozedUntil },
      {
        onSuccess: () => {
          setAnchor(index);
          setSnoozing(false);
          setLastMove(said);
        },
      },
    );
  const commands: MessageCommands | null = current
    ? {
        done: () => move(current, "done", null, "Marked done"),
        reopen: () => move(current, "open", null, "Back in Open"),
        snooze: (until) => move(current, "snoozed", until, `Snoozed until ${formatShortDateTime(until)}`),
        relabel: (category) =>
          category !== current.category || current.category_source !== "user"
            ? relabel.mutate({ id: current.id, category }, { onSuccess: () => setLastMove(`Labelled ${categoryLabel(category)}; your label is kept`) })
            : undefined,
      }
    : null;

  const keys: InboxKeyHandlers = {
    j: () => select(index + 1),
    k: () => select(index - 1),
    "/": () => searchRef.current?.focus(),
    r: runSync,
    Escape: () => {
      setSnoozing(false);
      setReplying(false);
    },
  };
  if (current && commands && !busy) {
    if (current.state !== "done") keys.e = commands.done;
    if (current.state !== "open") keys.u = keys.E = commands.reopen;
    keys.s = () => setSnoozing((s) => !s);
    if (whyNotAnswerable(current) === null) keys.a = () => setReplying(true);
    if (relabelable(current)) CATEGORIES.forEach((c, i) => (keys[String(i + 1)] = () => commands.relabel(c.category)));
  }
  useInboxKeys(keys);

  const total = page.data?.total ?? 0;
  const openCount = page.data ? page.data.counts.reduce((n, c) => n + c.count, 0) : null;

  const syncButton = (testId: string, primary = false) => (
    <button type="button" className={`btn${primary ? " btn--primary" : ""}`} onClick={runSync} disabled={sync.isPending || imapAccounts.length === 0} data-testid={testId}>
      {sync.isPending ? <Spinner size={14} label="Syncing" /> : <Icon name="refresh" size={14} />}
      {sync.isPending ? "Syncing…" : "Sync now"}
      {!primary && <kbd className="kbd">r</kbd>}
    </button>
  );

  const empty = () => {
    if (filters.tab === "open" && !isFiltered(filters)) {
      if (!everSynced)
        return (
          <EmptyState icon="refresh" title="Nothing synced yet" testId="inbox-never-synced" actions={syncButton("inbox-empty-sync", true)}>
            Reach reads the mailboxes' inboxes over IMAP: replies, bounces and out-of-office mail to what you sent. The first sync reads the last 30 days.
          </EmptyState>
        );
      return (
        <EmptyState icon="check-circle" title="Nothing open" testId="inbox-zero">
          Every reply is handled. New replies arrive with the next sync; done and snoozed mail is under their tabs.
        </EmptyState>
      );
    }
    if (!isFiltered(filters))
      return (
        <EmptyState icon="inbox" title={filters.tab === "done" ? "Nothing marked done yet" : "Nothing snoozed"} testId="inbox-tab-empty">
          {filters.tab === "done" ? "Mark a message done with e; it moves here." : "Snooze a message with s; it comes back to Open when its time comes."}
        </EmptyState>
      );
    return (
      <EmptyState
        icon="search"
        title="No message matches these filters"
        testId="inbox-no-match"
        actions={
          <button type="button" className="btn" onClick={() => setFilters({ ...START_FILTER, tab: filters.tab })} data-testid="inbox-clear-filters">
            Clear filters
          </button>
        }
      />
    );
  };

  return (
    <div className="screen screen--full inbox" data-testid="inbox-screen">
      <header className="screen__header">
        <div>
          <h1 className="screen__title">Inbox</h1>
          <p className="screen__subtitle" data-testid="inbox-subtitle">
            {openCount === null || noImap ? "Replies, bounces and out-of-office mail to what you sent" : `${formatCount(openCount)} open · replies, bounces and out-of-office mail across ${plural(imapAccounts.length, "account")}`}
          </p>
        </div>
        {!noImap && (
          <div className="inbox__sync">
            {syncButton("inbox-sync")}
            <SyncStatus accounts={accountList} report={report} />
          </div>
        )}
      </header>

      {noImap ? (
        <EmptyState
          icon="mail"
          title="No mailbox reads replies yet"
          testId="inbox-no-imap"
          actions={
            <button type="button" className="btn btn--primary" onClick={() => navigate({ screen: "settings", tab: "accounts" })} data-testid="inbox-go-accounts">
              <Icon name="sliders" size={14} />
              Settings → Sender accounts
            </button>
          }
        >
          Give a sender account its IMAP server (host, port, security) in Settings → Sender accounts. Replies, bounces and out-of-office mail then arrive here.
        </EmptyState>
      ) : (
        <>
          <InboxFilters state={filters} onChange={setFilters} counts={page.data?.counts ?? []} campaigns={campaigns.data ?? []} accounts={imapAccounts} searchRef={searchRef} />
          <p className="inbox__hints text-subtle">
            <kbd className="kbd">j</kbd>/<kbd className="kbd">k</kbd> move · <kbd className="kbd">e</kbd> done · <kbd className="kbd">u</kbd> open · <kbd className="kbd">s</kbd> snooze ·{" "}
            <kbd className="kbd">a</kbd> answer (sending marks it done) · <kbd className="kbd">1</kbd>–<kbd className="kbd">7</kbd> label · <kbd className="kbd">/</kbd> search ·{" "}
            <kbd className="kbd">r</kbd> sync
            {total > PAGE_SIZE && <span data-testid="inbox-more"> · showing the newest {formatCount(PAGE_SIZE)} of {formatCount(total)}</span>}
            {lastMove && (
              <span className="inbox__last" role="status" data-testid="inbox-last-action">
                {lastMove}
              </span>
            )}
          </p>
          {page.isPending ? (
            <div className="panel">
              <SkeletonRows rows={8} label="Loading the inbox" />
            </div>
          ) : page.isError ? (
            <EmptyState icon="alert-triangle" title="The inbox could not be loaded" actions={<button type="button" className="btn" onClick={() => void page.refetch()}>Try again</button>}>
              {describeError(page.error)}
            </EmptyState>
          ) : items.length === 0 ? (
            empty()
          ) : (
            <div className="inbox-split">
              <InboxList items={items} currentId={current?.id ?? null} onSelect={(id) => select(items.findIndex((i) => i.id === id))} />
              {current && commands && (
                <MessagePane
                  key={current.id}
                  item={current}
                  commands={commands}
                  busy={busy}
                  snoozing={snoozing}
                  onSnoozing={setSnoozing}
                  replying={replying}
                  onReplying={setReplying}
                  onAnswered={(attempt) => {
                    // The answered message is done: it leaves Open, and the one now in its place opens.
                    setAnchor(index);
                    setReplying(false);
                    setLastMove(answerOutcome(attempt).text);
                  }}
                  onFrameKey={(e) => void dispatchInboxKey(e, keys)}
                />
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
