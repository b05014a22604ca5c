import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../ipc/bindings/Workspace";
import { engineError, mockEngine } from "../test/engine";
import { workspace } from "../test/fixtures";
import { renderApp } from "../test/render";
import { Root } from "./Root";

type Handlers = Parameters<typeof mockEngine>[0];

function setup(workspaces: Workspace[], extra: Handlers = {}) {
  let list = [...workspaces];
  const engine = mockEngine({
    workspace_list: () => list,
    workspace_delete: ({ id }) => {
      list = list.filter((w) => w.id !== id);
      return null;
    },
    demo_workspace_create: () => {
      const demo = workspace({ id: 9, name: "Demo workspace", lead_count: 300 });
      list = [...list, demo];
      return demo;
    },
    app_info: () => ({ version: "0.1.0", db_path: "", data_dir: "", log_dir: "" }),
    job_list: () => [],
    lead_page: () => ({ leads: [], next_cursor: null, total: 0 }),
    campaign_list: () => [],
    import_list: () => [],
    lead_countries: () => [],
    ...extra,
  });
  renderApp(<Root />);
  return engine;
}

const acme = workspace({ id: 1, name: "Acme Consulting", lead_count: 1234, campaign_count: 2 });
const globex = workspace({ id: 2, name: "Globex", lead_count: 5 });

async function openMenuItem(testId: string) {
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("workspace-switcher"));
  await user.click(screen.getByTestId(testId));
  return user;
}

describe("workspace delete", () => {
  it("names the workspace and its lead count, and deletes only after confirming", async () => {
    const engine = setup([acme, globex]);
    const user = await openMenuItem("workspace-delete");
    const dialog = screen.getByRole("dialog", { name: "Delete “Acme Consulting”?" });
    expect(dialog).toHaveTextContent("Acme Consulting");
    expect(dialog).toHaveTextContent("1,234 leads");
    expect(dialog).toHaveTextContent("2 campaigns");
    expect(engine.argsOf("workspace_delete")).toEqual([]);

    await user.click(within(dialog).getByTestId("delete-workspace-confirm"));
    await waitFor(() => expect(engine.argsOf("workspace_delete")).toEqual([{ id: 1 }]));
    expect(await screen.findByText("Deleted “Acme Consulting”")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("workspace-switcher")).toHaveTextContent("Globex"));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("does nothing when cancelled", async () => {
    const engine = setup([acme]);
    const user = await openMenuItem("workspace-delete");
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(engine.argsOf("workspace_delete")).toEqual([]);
  });

  it("shows the welcome screen once the last workspace is gone", async () => {
    setup([acme]);
    const user = await openMenuItem("workspace-delete");
    await user.click(screen.getByTestId("delete-workspace-confirm"));
    expect(await screen.findByTestId("welcome")).toBeInTheDocument();
  });
});

describe("engine errors reach the user", () => {
  it("shows an internal error's message in a toast", async () => {
    setup([acme], {
      workspace_rename: () => {
        throw engineError("internal", "the database file is locked by another program");
      },
    });
    const user = await openMenuItem("workspace-rename");
    const input = screen.getByTestId("workspace-name-input");
    await user.clear(input);
    await user.type(input, "Acme EU{Enter}");
    const toast = await screen.findByTestId("toast-error");
    expect(toast).toHaveTextContent("Something went wrong: the database file is locked by another program");
  });

  it("shows a name conflict under the name field instead of a toast", async () => {
    setup([acme, globex], {
      workspace_rename: () => {
        throw engineError("conflict", "A workspace named “Globex” already exists. Choose another name.");
      },
    });
    const user = await openMenuItem("workspace-rename");
    const input = screen.getByTestId("workspace-name-input");
    await user.clear(input);
    await user.type(input, "Globex{Enter}");
    expect(await screen.findByText("A workspace named “Globex” already exists. Choose another name.")).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("toast-error")).not.toBeInTheDocument();
  });

  it("shows a failed delete's own message in a toast and keeps the workspace", async () => {
    setup([acme], {
      workspace_delete: () => {
        throw engineError("conflict", "An import is still running in “Acme Consulting”. Cancel it first.");
      },
    });
    const user = await openMenuItem("workspace-delete");
    await user.click(screen.getByTestId("delete-workspace-confirm"));
    const toast = await screen.findByTestId("toast-error");
    expect(toast).toHaveTextContent("An import is still running in “Acme Consulting”. Cancel it first.");
    expect(toast).not.toHaveTextContent("Something went wrong");
    expect(screen.getByTestId("workspace-switcher")).toHaveTextContent("Acme Consulting");
  });
});

describe("welcome and change events", () => {
  it("offers to create a workspace or the demo when there are none", async () => {
    const engine = setup([]);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("welcome-demo"));
    await waitFor(() => expect(engine.argsOf("demo_workspace_create")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("workspace-switcher")).toHaveTextContent("Demo workspace"));
  });

  it("re-reads workspaces when the engine announces a change", async () => {
    const engine = setup([acme]);
    await screen.findByTestId("workspace-switcher");
    const before = engine.argsOf("workspace_list").length;
    await act(() => emit("data-changed", { entity: "workspaces", workspace_id: null }));
    await waitFor(() => expect(engine.argsOf("workspace_list").length).toBeGreaterThan(before));
  });
});
