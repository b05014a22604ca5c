import type { ColumnMapping } from "../../ipc/bindings/ColumnMapping";
import { TARGET_LABEL } from "./mapping";

/**
 * The first rows of the file as the engine read them, each header tagged with its mapped field, each row
 * numbered where it is in the file (the line in a text file, the row in a spreadsheet), as the report numbers it.
 */
export function PreviewTable({
  headers,
  rows,
  lines,
  lineLabel,
  mapping,
}: {
  headers: string[];
  rows: string[][];
  lines: number[];
  lineLabel: "Line" | "Row";
  mapping: ColumnMapping[];
}) {
  return (
    <div className="table-scroll preview" data-testid="preview-table">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              {lineLabel}
            </th>
            {headers.map((h, i) => {
              const target = mapping.find((m) => m.column === i)?.target ?? "custom";
              return (
                <th key={i} scope="col" className={target === "ignore" ? "is-ignored" : undefined}>
                  <div className="truncate" title={h}>{h || `Column ${i + 1}`}</div>
                  <div className={`preview__target preview__target--${target}`}>{TARGET_LABEL[target]}</div>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              <td className="num text-subtle">{lines[r] ?? ""}</td>
              {headers.map((_, c) => (
                <td key={c} className="truncate" title={row[c] ?? ""}>
                  {row[c] ?? ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
