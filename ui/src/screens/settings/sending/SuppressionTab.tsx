import { useState, type FormEvent } from "react";
import type { SuppressionEntry } from "../../../ipc/bindings/SuppressionEntry";
import type { SuppressionImport } from "../../../ipc/bindings/SuppressionImport";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { EmptyState } from "../../../components/EmptyState";
import { Field } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { SkeletonRows, Spinner } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useDebouncedValue } from "../../../hooks/useDebouncedValue";
import { useExportSuppression, useImportSuppression, useSuppress, useSuppression, useUnsuppress } from "../../../hooks/sending";
import { pickSuppressionDestination, pickSuppressionFile } from "../../../ipc/dialog";
import { describeError } from "../../../ipc/errors";
import { formatDateTime, plural } from "../../../lib/format";
import { useCurrentWorkspace } from "../../../state/currentWorkspace";
import "./sending.css";

const SOURCE_LABEL: Record<string, string> = { user: "Added by you", import: "Imported", bounce: "Hard bounce", unsubscribe: "Unsubscribed" };

export function SuppressionTab() {
  const workspace = useCurrentWorkspace();
  const notify = useToast();
  const [search, setSearch] = useState("");
  const debounced = useDebouncedValue(search, 200);
  const list = useSuppression(workspace.id, debounced);
  const importer = useImportSuppression(workspace.id);
  const exporter = useExportSuppression(workspace.id);
  const unsuppress = useUnsuppress(workspace.id);
  const [report, setReport] = useState<SuppressionImport | null>(null);
  const [removing, setRemoving] = useState<SuppressionEntry | null>(null);

  const importFile = async () => {
    try {
      const path = await pickSuppressionFile();
      if (!path) return;
      importer.mutate(path, { onSuccess: setReport });
    } catch (e) {
      notify.error(e, "The file could not be chosen");
    }
  };
  const exportFile = async () => {
    try {
      const path = await pickSuppressionDestination(`suppression-${workspace.name.replace(/[^\w-]+/g, "-").toLowerCase()}.csv`);
      if (!path) return;
      exporter.mutate(path, { onSuccess: () => notify.success("Suppression list exported", path) });
    } catch (e) {
      notify.error(e, "The file could not be chosen");
    }
  };

  const entries = list.data ?? [];
  return (
    <div className="settings-tab" data-testid="suppression-tab">
      <section className="settings-section" aria-labelledby="suppression-title">
        <div className="section-head">
          <div>
            <h2 id="suppression-title" className="section-title">
              Suppression
            </h2>
            <p className="text-muted">Addresses and whole domains {workspace.name} never mails. Checked again just before each send, so an entry added now stops mail already queued.</p>
          </div>
        </div>

        <AddEntry workspaceId={workspace.id} />

        {report && <ImportReport report={report} onClose={() => setReport(null)} />}

        <div className="suppression__search">
          <Icon name="search" size={14} />
          <input
            className="input input--sm"
            type="search"
            aria-label="Search the suppression list"
            placeholder="Search addresses and domains"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="suppression-search"
          />
          {list.data && <span className="text-muted" data-testid="suppression-count">{plural(entries.length, "entry", "entries")}</span>}
          <div className="suppression__file-actions">
            <button type="button" className="btn" onClick={() => void importFile()} disabled={importer.isPending} data-testid="suppression-import">
              {importer.isPending ? <Spinner size={14} label="Importing" /> : <Icon name="upload" />}
              Import CSV…
            </button>
            <button type="button" className="btn" onClick={() => void exportFile()} disabled={exporter.isPending || entries.length === 0} data-testid="suppression-export">
              <Icon name="download" />
              Export CSV…
            </button>
          </div>
        </div>

        {list.isPending ? (
          <div className="panel">
            <SkeletonRows rows={5} label="Loading the suppression list" />
          </div>
        ) : list.isError ? (
          <EmptyState icon="alert-triangle" title="The list could not be loaded" actions={<button type="button" className="btn" onClick={() => void list.refetch()}>Try again</button>}>
            {describeError(list.error)}
          </EmptyState>
        ) : entries.length === 0 ? (
          <EmptyState icon="stop" title={debounced ? "Nothing matches" : "Nobody is suppressed yet"} testId="suppression-empty">
            {debounced
              ? "No address or domain contains that text."
              : "Add an address or @domain above, import the do-not-contact list you already keep, or suppress leads from the Leads screen. Hard bounces and unsubscribes land here by themselves."}
          </EmptyState>
        ) : (
          <div className="panel table-scroll">
            <table className="data-table" data-testid="suppression-table">
              <thead>
                <tr>
                  <th scope="col">Address or domain</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Source</th>
                  <th scope="col">Added</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={`${e.kind}:${e.value}`} data-testid="suppression-row">
                    <td className="mono">{e.kind === "domain" ? `@${e.value}` : e.value}</td>
                    <td>{e.kind === "domain" ? "Whole domain" : "Address"}</td>
                    <td>{e.reason ?? <span className="text-subtle">—</span>}</td>
                    <td>{SOURCE_LABEL[e.source] ?? e.source}</td>
                    <td className="nowrap">{formatDateTime(e.created_at)}</td>
                    <td className="price-actions">
                      <button type="button" className="btn btn--sm btn--danger-ghost" onClick={() => setRemoving(e)} aria-label={`Remove ${e.value}`} data-testid={`suppression-remove-${e.value}`}>
                        <Icon name="trash" size={13} />
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.kind === "domain" ? "@" : ""}${removing?.value ?? ""} from the list?`}
        confirmLabel="Remove"
        busy={unsuppress.isPending}
        testId="suppression-remove-dialog"
        onCancel={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          unsuppress.mutate(
            { kind: removing.kind, value: removing.value },
            {
              onSuccess: () => {
                notify.success(`Removed ${removing.value} from the suppression list`);
                setRemoving(null);
              },
            },
          )
        }
      >
        <p>Campaigns may mail {removing?.kind === "domain" ? "anyone at this domain" : "this address"} again. Remove it only if you are sure they want to hear from you.</p>
      </ConfirmDialog>
    </div>
  );
}

function AddEntry({ workspaceId }: { workspaceId: number }) {
  const add = useSuppress(workspaceId);
  const notify = useToast();
  const [entry, setEntry] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = entry.trim();
    if (!value) return setError("Type an address, or @ and a domain to suppress everyone there.");
    add.mutate(
      { entry: value, reason: reason.trim() || null },
      {
        onSuccess: (added) => {
          notify.success(`Suppressed ${added.kind === "domain" ? `@${added.value}` : added.value}`);
          setEntry("");
          setReason("");
        },
        onError: (err) => setError(describeError(err)),
      },
    );
  };
  return (
    <form className="card suppression__add" onSubmit={submit} noValidate data-testid="suppression-add-form">
      <Field label="Address or @domain" error={error}>
        {(control) => (
          <input
            {...control}
            className="input input--mono"
            value={entry}
            spellCheck={false}
            placeholder="name@example.com or @example.com"
            onChange={(e) => (setEntry(e.target.value), setError(null))}
            data-testid="suppression-entry"
          />
        )}
      </Field>
      <Field label="Reason (optional)">
        {(control) => <input {...control} className="input" value={reason} placeholder="Asked not to be contacted" onChange={(e) => setReason(e.target.value)} data-testid="suppression-reason" />}
      </Field>
      <button type="submit" className="btn btn--primary" disabled={add.isPending} data-testid="suppression-add">
        {add.isPending ? <Spinner size={14} label="Adding" /> : <Icon name="plus" />}
        Suppress
      </button>
    </form>
  );
}

function ImportReport({ report, onClose }: { report: SuppressionImport; onClose: () => void }) {
  return (
    <section className={`callout ${report.refused.length > 0 ? "callout--warning" : "callout--success"} suppression__report`} aria-label="Import result" data-testid="suppression-import-report">
      <div className="suppression__report-head">
        <strong data-testid="suppression-import-summary">
          {plural(report.added, "entry", "entries")} added, {formatCountWord(report.already_listed)} already listed
          {report.refused.length > 0 && `, ${plural(report.refused.length, "line")} refused`}
        </strong>
        <button type="button" className="icon-button" aria-label="Close the import result" onClick={onClose}>
          <Icon name="x" />
        </button>
      </div>
      {report.refused.length > 0 && (
        <ul className="suppression__refused" data-testid="suppression-refused">
          {report.refused.map((r) => (
            <li key={r.line}>
              <span className="text-muted">Line {r.line}:</span> <code>{r.text}</code> — {r.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function formatCountWord(n: number): string {
  return n.toLocaleString("en-US");
}
