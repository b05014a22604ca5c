import { lazy, Suspense, useId, useRef, useState, type KeyboardEvent } from "react";
import { SkeletonRows } from "../../components/Spinner";
import type { SettingsTab } from "../../state/navigation";
import { ProvidersTab } from "./providers/ProvidersTab";
import { AccountsTab } from "./sending/AccountsTab";
import { ComplianceTab } from "./sending/ComplianceTab";
import { SuppressionTab } from "./sending/SuppressionTab";
import "./settings.css";

// The charts library is only needed here, so it loads when the tab first opens.
const BudgetTab = lazy(() => import("./budget/BudgetTab").then((m) => ({ default: m.BudgetTab })));

const TABS: { id: SettingsTab; label: string }[] = [
  { id: "accounts", label: "Sender accounts" },
  { id: "compliance", label: "Compliance" },
  { id: "suppression", label: "Suppression" },
  { id: "providers", label: "AI providers" },
  { id: "budget", label: "Budget & usage" },
];

export function SettingsScreen({ tab: initial = "accounts" }: { tab?: SettingsTab }) {
  const [tab, setTab] = useState<SettingsTab>(initial);
  const baseId = useId();
  const refs = useRef(new Map<SettingsTab, HTMLButtonElement>());

  // Arrow keys move between tabs, as in every tab strip (WAI-ARIA tabs pattern).
  const onKeyDown = (e: KeyboardEvent) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const next = e.key === "ArrowRight" ? at + 1 : e.key === "ArrowLeft" ? at - 1 : e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const target = TABS[(next + TABS.length) % TABS.length]!;
    setTab(target.id);
    refs.current.get(target.id)?.focus();
  };

  return (
    <div className="screen settings" data-testid="settings-screen">
      <header className="screen__header">
        <div>
          <h1 className="screen__title">Settings</h1>
          <p className="screen__subtitle">The mailboxes Reach sends from and the rules they follow, the AI services it writes with, and what they cost.</p>
        </div>
      </header>
      <div className="tabs" role="tablist" aria-label="Settings" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => void (el ? refs.current.set(t.id, el) : refs.current.delete(t.id))}
            type="button"
            role="tab"
            id={`${baseId}-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${baseId}-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="tabs__tab"
            onClick={() => setTab(t.id)}
            data-testid={`settings-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel-${tab}`} aria-labelledby={`${baseId}-tab-${tab}`} className="settings__panel">
        {tab === "accounts" ? (
          <AccountsTab />
        ) : tab === "compliance" ? (
          <ComplianceTab />
        ) : tab === "suppression" ? (
          <SuppressionTab />
        ) : tab === "providers" ? (
          <ProvidersTab />
        ) : (
          <Suspense fallback={<SkeletonRows rows={6} label="Loading budget and usage" />}>
            <BudgetTab />
          </Suspense>
        )}
      </div>
    </div>
  );
}
