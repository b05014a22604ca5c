import { createContext, useContext, useState, useSyncExternalStore, type ReactNode } from "react";
import { createPrefs, type Prefs, type PrefsStore } from "./prefs";

const PrefsContext = createContext<PrefsStore | null>(null);

export function PrefsProvider({ store, children }: { store?: PrefsStore; children: ReactNode }) {
  const [prefs] = useState(() => store ?? createPrefs());
  return <PrefsContext.Provider value={prefs}>{children}</PrefsContext.Provider>;
}

/** The current preferences and a setter; re-renders when the store file answers or a preference changes. */
export function usePrefs(): [Prefs, (patch: Partial<Prefs>) => void] {
  const store = useContext(PrefsContext);
  if (!store) throw new Error("usePrefs needs a PrefsProvider");
  const prefs = useSyncExternalStore(store.subscribe, store.get);
  return [prefs, store.set];
}
