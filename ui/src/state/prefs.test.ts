import { afterEach, describe, expect, it, vi } from "vitest";
import { mockEngine } from "../test/engine";
import { createPrefs, PREFS_FILE } from "./prefs";

/** The store plugin's commands over an in-memory file, as the desktop shell answers them. */
function storePlugin(initial: Record<string, unknown> = {}, { getDelay }: { getDelay?: Promise<void> } = {}) {
  const file = new Map(Object.entries(initial));
  const engine = mockEngine({
    "plugin:store|load": () => 17,
    "plugin:store|get": async ({ key }) => {
      await getDelay;
      return [file.get(key as string) ?? null, file.has(key as string)];
    },
    "plugin:store|set": ({ key, value }) => {
      file.set(key as string, value);
      return null;
    },
  });
  return { file, engine };
}

afterEach(() => vi.unstubAllGlobals());

describe("preferences outside the desktop shell", () => {
  it("live in localStorage and survive a restart", async () => {
    const { engine } = storePlugin();
    const prefs = createPrefs();
    await prefs.ready;
    expect(prefs.get()).toEqual({ theme: "system", workspaceId: null });

    prefs.set({ theme: "dark", workspaceId: 3 });
    expect(window.localStorage.getItem("reach.theme")).toBe('"dark"');
    expect(window.localStorage.getItem("reach.workspace")).toBe("3");
    expect(createPrefs().get()).toEqual({ theme: "dark", workspaceId: 3 });
    expect(engine.calls).toEqual([]);
  });
});

describe("preferences in the desktop shell", () => {
  it("load prefs.json with autosave, and the file wins over the cache", async () => {
    vi.stubGlobal("isTauri", true);
    window.localStorage.setItem("reach.theme", '"light"');
    const { engine } = storePlugin({ theme: "dark", last_workspace: 5 });
    const prefs = createPrefs();
    const seen: string[] = [];
    prefs.subscribe(() => seen.push(prefs.get().theme));
    expect(prefs.get().theme).toBe("light");

    await prefs.ready;
    expect(prefs.get()).toEqual({ theme: "dark", workspaceId: 5 });
    expect(seen).toEqual(["dark"]);
    expect(window.localStorage.getItem("reach.theme")).toBe('"dark"');
    expect(engine.argsOf("plugin:store|load")).toEqual([{ path: PREFS_FILE, options: { autoSave: true } }]);
  });

  it("write each change to the store file", async () => {
    vi.stubGlobal("isTauri", true);
    const { file, engine } = storePlugin();
    const prefs = createPrefs();
    await prefs.ready;
    prefs.set({ theme: "light" });
    prefs.set({ workspaceId: 9 });
    await vi.waitFor(() => expect(file.get("last_workspace")).toBe(9));
    expect(file.get("theme")).toBe("light");
    expect(engine.argsOf("plugin:store|set")).toEqual([
      { rid: 17, key: "theme", value: "light" },
      { rid: 17, key: "last_workspace", value: 9 },
    ]);
  });

  it("keep a choice made while the file was still being read", async () => {
    vi.stubGlobal("isTauri", true);
    let release!: () => void;
    const { file } = storePlugin({ theme: "dark" }, { getDelay: new Promise<void>((r) => (release = r)) });
    const prefs = createPrefs();
    prefs.set({ theme: "light" });
    release();
    await prefs.ready;
    expect(prefs.get().theme).toBe("light");
    await vi.waitFor(() => expect(file.get("theme")).toBe("light"));
  });

  it("carry a choice from before the store file into it", async () => {
    vi.stubGlobal("isTauri", true);
    window.localStorage.setItem("reach.workspace", "4");
    const { file } = storePlugin();
    const prefs = createPrefs();
    await prefs.ready;
    expect(prefs.get().workspaceId).toBe(4);
    await vi.waitFor(() => expect(file.get("last_workspace")).toBe(4));
  });

  it("fall back to the cache when the store cannot be opened", async () => {
    vi.stubGlobal("isTauri", true);
    window.localStorage.setItem("reach.theme", '"dark"');
    mockEngine({});
    const prefs = createPrefs();
    await expect(prefs.ready).resolves.toBeUndefined();
    expect(prefs.get().theme).toBe("dark");
    prefs.set({ theme: "light" });
    expect(window.localStorage.getItem("reach.theme")).toBe('"light"');
  });
});
