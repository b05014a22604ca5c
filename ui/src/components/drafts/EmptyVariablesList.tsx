import type { EmptyVariable } from "../../ipc/bindings/EmptyVariable";
import { formatCount } from "../../lib/format";
import { Spinner } from "../Spinner";

/** Which variables would render empty for the campaign's leads, before anything is drafted. */
export function EmptyVariablesList({ list, loading, testId = "empty-variables" }: { list: EmptyVariable[] | undefined; loading: boolean; testId?: string }) {
  if (!list) return loading ? <Spinner size={14} label="Looking at the campaign's leads" /> : null;
  if (list.length === 0) return <p className="text-muted" data-testid={testId}>Every enrolled lead has a value (or a fallback) for every variable.</p>;
  return (
    <table className="data-table empty-vars" data-testid={testId}>
      <thead>
        <tr>
          <th>Variable</th>
          <th className="num">Holes</th>
          <th className="num">Fallbacks</th>
          <th>Leads with a hole</th>
        </tr>
      </thead>
      <tbody>
        {list.map((v) => (
          <tr key={v.name} data-testid={`empty-var-${v.name}`}>
            <td>
              <code className="code">{v.name}</code>
            </td>
            <td className={`num${v.holes > 0 ? " text-danger" : ""}`}>{formatCount(v.holes)}</td>
            <td className="num">{formatCount(v.fallbacks)}</td>
            <td className="text-muted">{v.examples.join(", ") || "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
