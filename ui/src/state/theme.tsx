import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { cachedPrefs, type ThemePreference } from "./prefs";
import { usePrefs } from "./PrefsContext";

export type { ThemePreference } from "./prefs";

function systemTheme(): "light" | "dark" {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** Sets data-theme on <html> from the last known preference; called once before the first render. */
export function applyStoredTheme(): void {
  const pref = cachedPrefs().theme;
  document.documentElement.dataset.theme = pref === "system" ? systemTheme() : pref;
}

type ThemeState = { preference: ThemePreference; setPreference: (p: ThemePreference) => void };
const ThemeContext = createContext<ThemeState | null>(null);

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [prefs, setPrefs] = usePrefs();
  const preference = prefs.theme;
  const [system, setSystem] = useState(systemTheme);

  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const update = () => setSystem(media.matches ? "dark" : "light");
    media.addEventListener?.("change", update);
    return () => media.removeEventListener?.("change", update);
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = preference === "system" ? system : preference;
  }, [preference, system]);

  const setPreference = useCallback((p: ThemePreference) => setPrefs({ theme: p }), [setPrefs]);

  const value = useMemo(() => ({ preference, setPreference }), [preference, setPreference]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeState {
  const state = useContext(ThemeContext);
  if (!state) throw new Error("useTheme needs a ThemeProvider");
  return state;
}
