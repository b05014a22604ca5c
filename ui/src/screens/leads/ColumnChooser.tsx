import { Icon } from "../../components/Icon";
import { Popover } from "../../components/Popover";
import { COLUMNS, DEFAULT_VISIBLE, type ColumnId } from "./columns";

/** Show or hide table columns; Email always stays. */
export function ColumnChooser({ visible, onChange }: { visible: ColumnId[]; onChange: (next: ColumnId[]) => void }) {
  const toggle = (id: ColumnId) => {
    const next = visible.includes(id) ? visible.filter((v) => v !== id) : [...visible, id];
    // Keep the table's column order whatever order they were ticked in.
    onChange(COLUMNS.map((c) => c.id).filter((c) => next.includes(c)));
  };
  return (
    <Popover
      triggerClassName="btn"
      align="end"
      testId="column-chooser"
      panelClassName="menu"
      trigger={
        <>
          <Icon name="columns" />
          Columns
        </>
      }
    >
      {() => (
        <>
          <div className="menu__label">Show columns</div>
          {COLUMNS.map((c) => (
            <label key={c.id} className="menu__item menu__item--check">
              <input
                type="checkbox"
                checked={visible.includes(c.id)}
                disabled={c.id === "email"}
                onChange={() => toggle(c.id)}
                data-testid={`column-toggle-${c.id}`}
              />
              {c.label}
            </label>
          ))}
          <div className="menu__separator" role="separator" />
          <button type="button" className="menu__item" onClick={() => onChange(DEFAULT_VISIBLE)}>
            <span className="menu__check"><Icon name="refresh" size={14} /></span>
            Reset to default
          </button>
        </>
      )}
    </Popover>
  );
}
