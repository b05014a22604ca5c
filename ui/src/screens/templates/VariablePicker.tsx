import { useMemo, useState } from "react";
import type { VariableInfo } from "../../ipc/bindings/VariableInfo";

/** The text a click inserts: the variable as the template language writes it. */
export const variableTag = (name: string) => `{{ ${name} }}`;

export function VariablePicker({ variables, onInsert }: { variables: VariableInfo[]; onInsert: (name: string) => void }) {
  const [search, setSearch] = useState("");
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return q ? variables.filter((v) => v.name.toLowerCase().includes(q) || v.description.toLowerCase().includes(q)) : variables;
  }, [variables, search]);
  return (
    <section className="card tpl-side-card" aria-labelledby="variables-title" data-testid="variable-picker">
      <h3 id="variables-title" className="tpl-side-card__title">Variables</h3>
      <p className="field__hint">
        Click to insert at the cursor. A lead without a value shows a hole that blocks approval; give it a fallback:{" "}
        <code className="code">{'{{ first_name | default("there") }}'}</code>
      </p>
      <input className="input input--sm" type="search" placeholder="Find a variable" aria-label="Find a variable" value={search} onChange={(e) => setSearch(e.target.value)} />
      <ul className="var-list">
        {shown.map((v) => (
          <li key={v.name}>
            <button
              type="button"
              className="var-item"
              // Keeps the caret where it was in the subject or body.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onInsert(v.name)}
              title={`Insert ${variableTag(v.name)}`}
              data-testid={`variable-${v.name}`}
            >
              <code className="var-item__name">{v.name}</code>
              <span className="var-item__desc">{v.description}</span>
            </button>
          </li>
        ))}
        {shown.length === 0 && <li className="text-muted">No variable matches.</li>}
      </ul>
    </section>
  );
}
