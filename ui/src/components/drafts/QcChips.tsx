import "./drafts.css";
import type { QcCheck } from "../../ipc/bindings/QcCheck";
import type { QcResult } from "../../ipc/bindings/QcResult";

export const QC_CHECK_LABEL: Record<QcCheck, string> = {
  word_count: "Word count",
  empty_subject: "Empty subject",
  empty_body: "Empty body",
  unresolved_variable: "Unresolved variable",
  empty_variable: "Empty variable",
  unrendered_spintax: "Unrendered spintax",
  spam_words: "Spam words",
  link_count: "Links",
  subject_length: "Subject length",
  personalization: "Personalization",
  repeated_text: "Repeated text",
  article_link: "Article link",
  language: "Language",
  trimmed: "Trimmed",
  unsourced_claim: "Unsourced claim",
};

/** Errors first: they are what blocks approval. */
function ordered(qc: QcResult[]): QcResult[] {
  return [...qc].sort((a, b) => (a.level === b.level ? 0 : a.level === "error" ? -1 : 1));
}

/** QC results as chips: errors red, warnings amber; the engine's sentence on hover. */
export function QcChips({ qc, offline = false, limit, testId }: { qc: QcResult[]; offline?: boolean; limit?: number; testId?: string }) {
  const list = ordered(qc);
  const shown = limit === undefined ? list : list.slice(0, limit);
  const more = list.length - shown.length;
  if (list.length === 0 && !offline) {
    return (
      <span className="qc-chips" data-testid={testId}>
        <span className="qc-chip qc-chip--ok">QC passing</span>
      </span>
    );
  }
  return (
    <span className="qc-chips" data-testid={testId}>
      {shown.map((r, i) => (
        <span key={`${r.check}-${i}`} className={`qc-chip qc-chip--${r.level}`} title={r.message} data-testid={`qc-${r.level}`}>
          {QC_CHECK_LABEL[r.check] ?? r.check}
        </span>
      ))}
      {more > 0 && <span className="qc-chip">+{more}</span>}
      {offline && (
        <span className="qc-chip qc-chip--offline" title="Written offline from a template and offline enrichment" data-testid="qc-offline">
          offline
        </span>
      )}
    </span>
  );
}

/** The QC results one per line, each with the engine's sentence. */
export function QcList({ qc, testId }: { qc: QcResult[]; testId?: string }) {
  if (qc.length === 0) return <p className="text-muted" data-testid={testId}>No QC findings: nothing blocks approval.</p>;
  return (
    <ul className="qc-list" data-testid={testId}>
      {ordered(qc).map((r, i) => (
        <li key={`${r.check}-${i}`} className={`qc-list__item qc-list__item--${r.level}`}>
          <span className={`qc-chip qc-chip--${r.level}`}>{r.level === "error" ? "Error" : "Warning"}</span>
          <span className="strong">{QC_CHECK_LABEL[r.check] ?? r.check}</span>
          <span className="text-muted">{r.message}</span>
        </li>
      ))}
    </ul>
  );
}
