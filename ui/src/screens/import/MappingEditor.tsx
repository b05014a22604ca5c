import type { ColumnMapping } from "../../ipc/bindings/ColumnMapping";
import type { ColumnTarget } from "../../ipc/bindings/ColumnTarget";
import { Icon } from "../../components/Icon";
import { LEAD_FIELDS, TARGET_LABEL, assignTarget, emailColumn, sampleValues } from "./mapping";

/** One row per file column: its header, a few sample values and the lead field it fills. */
export function MappingEditor({
  mapping,
  rows,
  onChange,
}: {
  mapping: ColumnMapping[];
  rows: string[][];
  onChange: (next: ColumnMapping[]) => void;
}) {
  const hasEmail = emailColumn(mapping) !== undefined;
  return (
    <section className="mapping" aria-labelledby="mapping-title" data-testid="mapping-editor">
      <div className="section-head">
        <h3 id="mapping-title" className="section-title">
          Match columns to lead fields
        </h3>
        <span className="text-muted">Columns left as custom fields are kept with each lead under their header.</span>
      </div>
      {!hasEmail && (
        <div className="callout callout--warning" role="alert" data-testid="mapping-email-warning">
          <Icon name="alert-triangle" />
          Choose which column holds the email address.
        </div>
      )}
      <div className="mapping__table" role="table" aria-label="Column mapping">
        <div className="mapping__row mapping__row--head" role="row">
          <span role="columnheader">Column in file</span>
          <span role="columnheader">Sample values</span>
          <span role="columnheader">Import as</span>
        </div>
        {mapping.map((m) => {
          const samples = sampleValues(rows, m.column);
          return (
            <div className={`mapping__row${m.target === "ignore" ? " mapping__row--ignored" : ""}`} role="row" key={m.column} data-testid={`mapping-row-${m.column}`}>
              <span role="cell" className="mapping__header">
                <span className="mapping__index">{m.column + 1}</span>
                <span className="truncate" title={m.header}>
                  {m.header || <em className="text-muted">(no header)</em>}
                </span>
              </span>
              <span role="cell" className="mapping__samples truncate" title={samples.join(" · ")}>
                {samples.length ? samples.join(" · ") : <span className="text-subtle">empty in the preview</span>}
              </span>
              <span role="cell">
                <select
                  className="select"
                  aria-label={`Import “${m.header || `column ${m.column + 1}`}” as`}
                  value={m.target}
                  onChange={(e) => onChange(assignTarget(mapping, m.column, e.target.value as ColumnTarget))}
                  data-testid={`mapping-select-${m.column}`}
                >
                  <optgroup label="Lead fields">
                    {LEAD_FIELDS.map((t) => (
                      <option key={t} value={t}>
                        {TARGET_LABEL[t]}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="Other">
                    <option value="custom">{TARGET_LABEL.custom}</option>
                    <option value="ignore">{TARGET_LABEL.ignore}</option>
                  </optgroup>
                </select>
              </span>
            </div>
          );
        })}
      </div>
    </section>
  );
}
