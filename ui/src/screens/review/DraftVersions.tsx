import { useState } from "react";
import { useDraftVersions } from "../../hooks/review";
import { formatDateTime } from "../../lib/format";
import { STATUS_LABEL } from "./reviewFilter";
import type { ReviewStatus } from "../../ipc/bindings/ReviewStatus";

/** Earlier versions, replaced by regenerations, with what the reviewer asked for each time. */
export function DraftVersions({ draftId, version }: { draftId: number; version: number }) {
  const versions = useDraftVersions(draftId);
  const [open, setOpen] = useState<number | null>(null);
  const list = (versions.data ?? []).filter((v) => v.version !== version);
  return (
    <section className="draft-section" data-testid="draft-versions">
      <h3 className="lead-section__title">Versions</h3>
      {list.length === 0 ? (
        <p className="text-muted">Version {version} is the first.</p>
      ) : (
        <ol className="versions">
          {list.map((v) => (
            <li key={v.version} className="versions__item">
              <button type="button" className="link-button link-button--plain versions__head" onClick={() => setOpen(open === v.version ? null : v.version)} aria-expanded={open === v.version}>
                <span className="strong">v{v.version}</span>
                <span className="text-muted">
                  {v.generator}
                  {v.model ? ` · ${v.model}` : ""} · {STATUS_LABEL[v.status as ReviewStatus] ?? v.status} · {formatDateTime(v.created_at)}
                </span>
              </button>
              {v.instruction && <div className="versions__instruction">Asked: “{v.instruction}”</div>}
              {v.review_note && <div className="text-muted">Note: {v.review_note}</div>}
              {open === v.version && (
                <div className="versions__text">
                  <div className="mail-subject">{v.subject}</div>
                  <pre className="mail-text">{v.body}</pre>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
