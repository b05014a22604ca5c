import { useMemo, useState } from "react";
import type { Template } from "../../ipc/bindings/Template";
import { Icon } from "../../components/Icon";
import { Popover } from "../../components/Popover";
import { plural } from "../../lib/format";

export const UNCATEGORIZED = "Uncategorized";

/** Templates grouped by category (alphabetical, the uncategorized last), filtered by words in name, subject or body. */
export function groupTemplates(templates: Template[], search: string): [string, Template[]][] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const groups = new Map<string, Template[]>();
  for (const t of templates) {
    const hay = `${t.name} ${t.category} ${t.subject} ${t.body}`.toLowerCase();
    if (!words.every((w) => hay.includes(w))) continue;
    const key = t.category.trim() || UNCATEGORIZED;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.entries()]
    .map(([k, list]): [string, Template[]] => [k, list.sort((a, b) => a.name.localeCompare(b.name))])
    .sort(([a], [b]) => (a === UNCATEGORIZED ? 1 : b === UNCATEGORIZED ? -1 : a.localeCompare(b)));
}

export function TemplateLibrary({
  templates,
  selectedId,
  onSelect,
  onDuplicate,
  onDelete,
}: {
  templates: Template[];
  selectedId: number | null;
  onSelect: (t: Template) => void;
  onDuplicate: (t: Template) => void;
  onDelete: (t: Template) => void;
}) {
  const [search, setSearch] = useState("");
  const groups = useMemo(() => groupTemplates(templates, search), [templates, search]);
  return (
    <aside className="tpl-library panel" aria-label="Template library">
      <div className="search-box tpl-library__search">
        <Icon name="search" className="search-box__icon" />
        <input
          className="input search-box__input"
          type="search"
          placeholder="Search templates"
          aria-label="Search templates"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="template-search"
        />
      </div>
      {groups.length === 0 && <p className="text-muted tpl-library__none">No template matches “{search}”.</p>}
      {groups.map(([category, list]) => (
        <section key={category} className="tpl-group" data-testid={`template-group-${category}`}>
          <h2 className="tpl-group__title">
            {category} <span className="text-subtle">{list.length}</span>
          </h2>
          <ul className="tpl-group__list">
            {list.map((t) => (
              <li key={t.id} className={`tpl-item${t.id === selectedId ? " is-selected" : ""}`}>
                <button type="button" className="tpl-item__main" onClick={() => onSelect(t)} aria-current={t.id === selectedId ? "true" : undefined} data-testid={`template-${t.id}`}>
                  <span className="tpl-item__name truncate">{t.name}</span>
                  <span className="tpl-item__subject truncate">{t.subject || <span className="text-subtle">No subject</span>}</span>
                  {t.used_by_steps > 0 && <span className="tpl-item__meta">Used by {plural(t.used_by_steps, "sequence step")}</span>}
                </button>
                <Popover triggerClassName="icon-button" label={`Actions for ${t.name}`} align="end" panelClassName="menu" testId={`template-actions-${t.id}`} trigger={<Icon name="more" />}>
                  {(close) => (
                    <>
                      <button type="button" className="menu__item" onClick={() => { close(); onDuplicate(t); }} data-testid={`template-duplicate-${t.id}`}>
                        <span className="menu__check"><Icon name="layers" size={14} /></span>Duplicate
                      </button>
                      <div className="menu__separator" role="separator" />
                      <button type="button" className="menu__item menu__item--danger" onClick={() => { close(); onDelete(t); }} data-testid={`template-delete-${t.id}`}>
                        <span className="menu__check"><Icon name="trash" size={14} /></span>Delete…
                      </button>
                    </>
                  )}
                </Popover>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
