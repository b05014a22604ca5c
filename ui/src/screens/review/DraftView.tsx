import { useState } from "react";
import type { Draft } from "../../ipc/bindings/Draft";
import type { QcResult } from "../../ipc/bindings/QcResult";
import { Diff } from "../../components/drafts/Diff";
import { QcChips, QcList } from "../../components/drafts/QcChips";
import { HoleText } from "../../components/drafts/HoleText";
import { Icon } from "../../components/Icon";
import { formatDateTime } from "../../lib/format";
import { DraftVersions } from "./DraftVersions";
import { EditForm, NoteForm } from "./DraftForms";
import { hasQcError } from "./reviewFilter";
import { ReviewStatusBadge } from "./StatusBadge";

export type Panel = "none" | "reject" | "edit" | "regenerate" | "request";
export type DraftCommands = {
  approve: () => void;
  reopen: () => void;
  open: (panel: Panel) => void;
  reject: (note: string) => void;
  request: (note: string) => void;
  edit: (subject: string, body: string) => void;
  regenerate: (instruction: string, keepSpin: boolean) => void;
};

const CAN_EDIT = ["pending", "regenerated", "needs_regeneration"];

/** Why approve is off for this draft, or null when it is allowed. */
export function approveBlocked(d: Draft): string | null {
  if (d.status !== "pending" && d.status !== "regenerated") return null;
  if (!hasQcError(d)) return null;
  const first = d.qc.find((r) => r.level === "error");
  return `QC errors block approval${first ? `: ${first.message}` : ""}. Edit or regenerate the draft first.`;
}

function RegenerateForm({ busy, commands }: { busy: boolean; commands: DraftCommands }) {
  const [keepSpin, setKeepSpin] = useState(true);
  return (
    <NoteForm
      label="Regenerate: what should change?"
      hint="Shorter, mention their new pricing page… (optional)"
      submitLabel="Regenerate"
      busy={busy}
      optional
      onSubmit={(text) => commands.regenerate(text, keepSpin)}
      onCancel={() => commands.open("none")}
      testId="draft-regenerate"
    >
      <label className="switch draft-form__toggle">
        <input type="checkbox" checked={keepSpin} onChange={(e) => setKeepSpin(e.target.checked)} data-testid="draft-keep-spin" />
        <span className="switch__track" aria-hidden="true" />
        Keep the spintax choices
      </label>
    </NoteForm>
  );
}

/** One draft in full: who it is for, its text (or its editor), its QC, what an edit changed, its versions, and the actions its status allows. */
export function DraftView({ draft: d, panel, busy, commands, frozenQc }: { draft: Draft; panel: Panel; busy: boolean; commands: DraftCommands; frozenQc?: QcResult[] }) {
  const waiting = d.status === "pending" || d.status === "regenerated";
  const blocked = approveBlocked(d);
  const edited = d.original_body !== null || d.original_subject !== null;
  return (
    <article className="draft-view card" data-testid="draft-view" data-draft-id={d.id}>
      <header className="draft-view__head">
        <div className="min-w-0">
          <h2 className="draft-view__who truncate" data-testid="draft-lead">
            {d.lead_name || d.lead_email || `Lead ${d.lead_id}`}
            {d.company && <span className="text-muted"> · {d.company}</span>}
          </h2>
          <div className="draft-view__meta text-muted">
            <ReviewStatusBadge status={d.status} />
            <span>{d.lead_email ?? "no address"}</span>
            <span>
              Step {d.step} · variant {d.variant}
            </span>
            <span data-testid="draft-version">v{d.version}</span>
            <span>
              {d.generator === "ai" ? "AI" : "Template"}
              {d.model ? ` · ${d.model}` : ""}
            </span>
            {d.offline && <span className="qc-chip qc-chip--offline">offline</span>}
            {d.channel !== "email" && <span className="badge">{d.channel}</span>}
          </div>
        </div>
        <QcChips qc={d.qc} />
      </header>

      <div className="draft-view__actions" role="toolbar" aria-label="Review actions">
        {waiting && (
          <button type="button" className="btn btn--primary" onClick={commands.approve} disabled={busy || blocked !== null} title={blocked ?? undefined} data-testid="action-approve">
            <Icon name="check" /> Approve <kbd className="kbd">a</kbd>
          </button>
        )}
        {waiting && (
          <button type="button" className="btn btn--danger-ghost" onClick={() => commands.open("reject")} disabled={busy} data-testid="action-reject">
            <Icon name="x" /> Reject <kbd className="kbd">r</kbd>
          </button>
        )}
        {CAN_EDIT.includes(d.status) && (
          <button type="button" className="btn" onClick={() => commands.open("edit")} disabled={busy} data-testid="action-edit">
            <Icon name="pencil" /> Edit <kbd className="kbd">e</kbd>
          </button>
        )}
        {CAN_EDIT.includes(d.status) && (
          <button type="button" className="btn" onClick={() => commands.open("regenerate")} disabled={busy} data-testid="action-regenerate">
            <Icon name="refresh" /> Regenerate <kbd className="kbd">g</kbd>
          </button>
        )}
        {d.status === "pending" && (
          <button type="button" className="btn btn--ghost" onClick={() => commands.open("request")} disabled={busy} data-testid="action-request">
            Request regeneration <kbd className="kbd">n</kbd>
          </button>
        )}
        {(d.status === "approved" || d.status === "rejected") && (
          <button type="button" className="btn" onClick={commands.reopen} disabled={busy} data-testid="action-reopen">
            <Icon name="unarchive" /> Reopen <kbd className="kbd">o</kbd>
          </button>
        )}
      </div>
      {blocked && (
        <p className="callout callout--danger" data-testid="approve-blocked">
          <Icon name="alert-circle" />
          {blocked}
        </p>
      )}
      {d.review_note && (
        <p className="callout" data-testid="draft-note">
          <Icon name="info" />
          Note: {d.review_note}
        </p>
      )}

      {panel === "reject" && (
        <NoteForm label="Why is it rejected?" hint="Wrong person, tone too salesy…" submitLabel="Reject" busy={busy} optional={false} danger onSubmit={commands.reject} onCancel={() => commands.open("none")} testId="draft-reject" />
      )}
      {panel === "request" && (
        <NoteForm label="What should the regenerated draft change?" hint="Mention their recent launch…" submitLabel="Request regeneration" busy={busy} optional onSubmit={commands.request} onCancel={() => commands.open("none")} testId="draft-request" />
      )}
      {panel === "regenerate" && <RegenerateForm busy={busy} commands={commands} />}

      {panel === "edit" ? (
        <EditForm draft={d} busy={busy} onSave={commands.edit} onCancel={() => commands.open("none")} />
      ) : (
        <div className="draft-view__text">
          <div className="mail-subject" data-testid="draft-subject">
            <HoleText text={d.subject} />
          </div>
          <pre className="mail-text" data-testid="draft-body">
            <HoleText text={d.body} />
          </pre>
        </div>
      )}

      {edited && panel !== "edit" && (
        <section className="draft-section" data-testid="draft-diff">
          <h3 className="lead-section__title">Edited: changes from the text as written</h3>
          {d.original_subject !== null && d.original_subject !== d.subject && <Diff before={d.original_subject} after={d.subject} testId="draft-diff-subject" />}
          <Diff before={d.original_body ?? d.body} after={d.body} testId="draft-diff-body" />
        </section>
      )}

      <div className={frozenQc ? "draft-qc draft-qc--two" : "draft-qc"}>
        <section className="draft-section">
          <h3 className="lead-section__title">QC now</h3>
          <QcList qc={d.qc} testId="draft-qc" />
        </section>
        {frozenQc && (
          <section className="draft-section">
            <h3 className="lead-section__title">QC when the batch was frozen</h3>
            <QcList qc={frozenQc} testId="draft-qc-frozen" />
          </section>
        )}
      </div>
      <DraftVersions draftId={d.id} version={d.version} />
      <footer className="draft-view__foot text-subtle">
        Written {formatDateTime(d.created_at)}
        {d.reviewed_at && <> · decided {formatDateTime(d.reviewed_at)}</>}
      </footer>
    </article>
  );
}
