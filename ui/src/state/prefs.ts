import { isTauri } from "@tauri-apps/api/core";
import { LazyStore } from "@tauri-apps/plugin-store";
import { readStored, writeStored } from "../lib/storage";

export type ThemePreference = "system" | "light" | "dark";

/** Interface preferences that outlive a restart. */
export type Prefs = { theme: ThemePreference; workspaceId: number | null };

/** The store file the desktop shell also keeps the window's placement in. */
export const PREFS_FILE = "prefs.json";

type Field<K extends keyof Prefs> = { storeKey: string; cacheKey: string; fallback: Prefs[K]; valid: (v: unknown) => v is Prefs[K] };

const isTheme = (v: unknown): v is ThemePreference => v === "system" || v === "light" || v === "dark";
const isWorkspaceId = (v: unknown): v is number | null => v === null || (typeof v === "number" && Number.isInteger(v));

const FIELDS: { [K in keyof Prefs]: Field<K> } = {
  theme: { storeKey: "theme", cacheKey: "reach.theme", fallback: "system", valid: isTheme },
  workspaceId: { storeKey: "last_workspace", cacheKey: "reach.workspace", fallback: null, valid: isWorkspaceId },
};
const KEYS = Object.keys(FIELDS) as (keyof Prefs)[];

/** Where preferences are kept for good: the Tauri store file, or nothing outside the desktop shell. */
export type PrefsBackend = {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
};

function tauriStoreBackend(): PrefsBackend {
  const store = new LazyStore(PREFS_FILE, { autoSave: true });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
  };
}

function defaultBackend(): PrefsBackend | null {
  return isTauri() ? tauriStoreBackend() : null;
}

function readCache<K extends keyof Prefs>(key: K): Prefs[K] {
  const f = FIELDS[key];
  return readStored(f.cacheKey, f.fallback, f.valid);
}

function writeCache<K extends keyof Prefs>(key: K, value: Prefs[K]): void {
  const f = FIELDS[key];
  writeStored(f.cacheKey, value === f.fallback ? null : value);
}

/**
 * The preferences as last seen, read synchronously so the first paint already has the right theme. In
 * the desktop shell this is a cache of the store file; in a plain browser it is all there is.
 */
export function cachedPrefs(): Prefs {
  return { theme: readCache("theme"), workspaceId: readCache("workspaceId") };
}

export type PrefsStore = {
  get(): Prefs;
  set(patch: Partial<Prefs>): void;
  subscribe(listener: () => void): () => void;
  /** Settles once the store file has been read (at once without one); never rejects. */
  ready: Promise<void>;
};

/**
 * Preferences backed by the store file when there is one, mirrored to localStorage. The file wins on
 * start-up, except for a preference the user already changed while it was being read.
 */
export function createPrefs(backend: PrefsBackend | null = defaultBackend()): PrefsStore {
  let prefs = cachedPrefs();
  const listeners = new Set<() => void>();
  const changedLocally = new Set<keyof Prefs>();
  const emit = () => listeners.forEach((l) => l());

  const apply = (patch: Partial<Prefs>) => {
    prefs = { ...prefs, ...patch };
    for (const key of Object.keys(patch) as (keyof Prefs)[]) writeCache(key, prefs[key]);
    emit();
  };

  const load = async () => {
    if (!backend) return;
    const fromFile: Partial<Prefs> = {};
    for (const key of KEYS) {
      const f = FIELDS[key];
      let value: unknown;
      try {
        value = await backend.get(f.storeKey);
      } catch {
        return; // No store (a permission or plugin missing): the cache keeps working.
      }
      if (changedLocally.has(key)) continue;
      if (f.valid(value)) {
        if (value !== prefs[key]) Object.assign(fromFile, { [key]: value });
      } else if (value === undefined && prefs[key] !== f.fallback) {
        // Chosen before the store file existed: carry it over.
        void backend.set(f.storeKey, prefs[key]).catch(() => {});
      }
    }
    if (Object.keys(fromFile).length > 0) apply(fromFile);
  };

  return {
    get: () => prefs,
    set(patch) {
      for (const key of Object.keys(patch) as (keyof Prefs)[]) {
        changedLocally.add(key);
        if (backend) void backend.set(FIELDS[key].storeKey, patch[key]).catch(() => {});
      }
      apply(patch);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: load(),
  };
}
