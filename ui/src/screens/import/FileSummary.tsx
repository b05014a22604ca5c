import { useEffect, useState } from "react";
import type { ImportPreview } from "../../ipc/bindings/ImportPreview";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { formatCount } from "../../lib/format";

const FORMAT_LABEL: Record<ImportPreview["format"], string> = { csv: "CSV", xlsx: "Excel (.xlsx)", xls: "Excel 97–2003 (.xls)", ods: "OpenDocument (.ods)" };

const DELIMITER_LABEL: Record<string, string> = { comma: "Comma", semicolon: "Semicolon", tab: "Tab", pipe: "Pipe" };

/** The engine names the delimiter ("comma", "semicolon", "tab", "pipe"). */
function delimiterLabel(d: string | null): string {
  if (d === null) return "—";
  return DELIMITER_LABEL[d] ?? d;
}

/** What the engine found in the file, with the two things the user can change: the sheet and the header row. */
export function FileSummary({
  preview,
  busy,
  onReinspect,
}: {
  preview: ImportPreview;
  busy: boolean;
  onReinspect: (change: { sheet?: string; header_row?: number }) => void;
}) {
  const [headerRow, setHeaderRow] = useState(String(preview.header_row));
  useEffect(() => setHeaderRow(String(preview.header_row)), [preview.header_row]);

  const applyHeaderRow = () => {
    const n = Number(headerRow);
    if (Number.isInteger(n) && n >= 1 && n !== preview.header_row) onReinspect({ header_row: n });
    else setHeaderRow(String(preview.header_row));
  };

  const isCsv = preview.format === "csv";
  return (
    <section className="file-summary card" aria-label="File" data-testid="file-summary">
      <div className="file-summary__name">
        <span className="file-icon" aria-hidden="true">
          <Icon name="file" size={18} />
        </span>
        <div className="min-w-0">
          <div className="file-summary__title truncate" data-testid="file-name" title={preview.path}>
            {preview.file_name}
          </div>
          <div className="text-muted truncate" title={preview.path}>
            {preview.path}
          </div>
        </div>
        {busy && <Spinner label="Reading the file" />}
      </div>
      <dl className="facts">
        <div>
          <dt>Format</dt>
          <dd data-testid="file-format">{FORMAT_LABEL[preview.format] ?? preview.format}</dd>
        </div>
        {isCsv && (
          <>
            <div>
              <dt>Encoding</dt>
              <dd data-testid="file-encoding">{preview.encoding ?? "—"}</dd>
            </div>
            <div>
              <dt>Delimiter</dt>
              <dd data-testid="file-delimiter">{delimiterLabel(preview.delimiter)}</dd>
            </div>
          </>
        )}
        <div>
          <dt>Rows</dt>
          <dd data-testid="file-rows">{formatCount(preview.row_count)}</dd>
        </div>
        {preview.sheets.length > 1 && (
          <div>
            <dt>
              <label htmlFor="wizard-sheet">Sheet</label>
            </dt>
            <dd>
              <select
                id="wizard-sheet"
                className="select select--sm"
                value={preview.sheet ?? preview.sheets[0]}
                disabled={busy}
                onChange={(e) => onReinspect({ sheet: e.target.value })}
                data-testid="wizard-sheet"
              >
                {preview.sheets.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </dd>
          </div>
        )}
        <div>
          <dt>
            <label htmlFor="wizard-header-row">Header row</label>
          </dt>
          <dd>
            <input
              id="wizard-header-row"
              className="input input--sm input--number"
              type="number"
              min={1}
              step={1}
              value={headerRow}
              disabled={busy}
              onChange={(e) => setHeaderRow(e.target.value)}
              onBlur={applyHeaderRow}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  applyHeaderRow();
                }
              }}
              data-testid="wizard-header-row"
            />
          </dd>
        </div>
      </dl>
      {preview.warnings.length > 0 && (
        <ul className="callout callout--warning callout--list" data-testid="file-warnings">
          {preview.warnings.map((w, i) => (
            <li key={i}>
              <Icon name="alert-triangle" />
              {w}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
