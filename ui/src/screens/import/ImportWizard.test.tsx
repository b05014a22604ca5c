import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import type { ColumnMapping } from "../../ipc/bindings/ColumnMapping";
import type { ImportRequest } from "../../ipc/bindings/ImportRequest";
import type { InspectRequest } from "../../ipc/bindings/InspectRequest";
import { engineError, mockEngine } from "../../test/engine";
import { campaign, job, preview, workspace } from "../../test/fixtures";
import { renderApp } from "../../test/render";
import { ImportWizard } from "./ImportWizard";

function setup(extra: Parameters<typeof mockEngine>[0] = {}) {
  const engine = mockEngine({
    campaign_list: () => [campaign({ id: 4, name: "Q1 SaaS founders" })],
    import_inspect: ({ request }) => preview({ path: request.path, header_row: request.header_row ?? 1 }),
    ...extra,
  });
  renderApp(<ImportWizard />, { workspace: workspace({ id: 1 }) });
  return engine;
}

async function openFile(path = "/home/me/leads.csv") {
  const user = userEvent.setup();
  await user.type(screen.getByTestId("wizard-path-input"), path);
  await user.click(screen.getByTestId("wizard-inspect"));
  await screen.findByTestId("mapping-editor");
  return user;
}

const select = (column: number) => screen.getByTestId(`mapping-select-${column}`) as HTMLSelectElement;

describe("import wizard: mapping editor", () => {
  it("pre-fills every column with the engine's suggested target", async () => {
    const engine = setup();
    await openFile();
    expect(engine.argsOf("import_inspect")).toEqual([{ request: { path: "/home/me/leads.csv" } }]);
    expect([0, 1, 2, 3, 4].map((c) => select(c).value)).toEqual(["email", "custom", "full_name", "company", "custom"]);
    expect(screen.getByTestId("file-delimiter")).toHaveTextContent("Semicolon");
    const previewRows = within(screen.getByTestId("preview-table")).getAllByRole("row");
    expect(previewRows).toHaveLength(1 + 3);
    expect(previewRows.map((r) => r.querySelector("th, td")?.textContent)).toEqual(["Line", "2", "3", "5"]);
    expect(screen.getByTestId("wizard-start-import")).toBeEnabled();
  });

  it("moves a lead field chosen for a second column, leaving the first as a custom field", async () => {
    setup();
    const user = await openFile();
    await user.selectOptions(select(1), "email");
    expect(select(1).value).toBe("email");
    expect(select(0).value).toBe("custom");
    // custom and ignore are not exclusive
    await user.selectOptions(select(4), "ignore");
    await user.selectOptions(select(3), "ignore");
    expect(select(4).value).toBe("ignore");
    expect(select(3).value).toBe("ignore");
  });

  it("disables Import and asks for the email column until one column maps to email", async () => {
    setup();
    const user = await openFile();
    expect(screen.queryByText("Choose which column holds the email address.")).not.toBeInTheDocument();
    await user.selectOptions(select(0), "ignore");
    expect(screen.getByTestId("mapping-email-warning")).toHaveTextContent("Choose which column holds the email address.");
    expect(screen.getByTestId("wizard-start-import")).toBeDisabled();
    await user.selectOptions(select(1), "email");
    expect(screen.queryByTestId("mapping-email-warning")).not.toBeInTheDocument();
    expect(screen.getByTestId("wizard-start-import")).toBeEnabled();
  });

  it("re-reads the file with the header row the user typed", async () => {
    const engine = setup();
    const user = await openFile();
    const headerRow = screen.getByTestId("wizard-header-row");
    await user.clear(headerRow);
    await user.type(headerRow, "3{Enter}");
    await waitFor(() => expect(engine.argsOf("import_inspect")).toHaveLength(2));
    expect((engine.argsOf("import_inspect")[1]!.request as InspectRequest).header_row).toBe(3);
    await waitFor(() => expect(screen.getByTestId("wizard-header-row")).toHaveValue(3));
  });

  it("shows why a file cannot be read under the path field, without leaving step 1", async () => {
    setup({
      import_inspect: () => {
        throw engineError("file_unreadable", "Reach cannot read “notes.pdf”: it is not a spreadsheet or CSV file.");
      },
    });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("wizard-path-input"), "/home/me/notes.pdf");
    await user.click(screen.getByTestId("wizard-inspect"));
    expect(await screen.findByText("Reach cannot read “notes.pdf”: it is not a spreadsheet or CSV file.")).toBeInTheDocument();
    expect(screen.getByTestId("wizard-step-pick")).toBeInTheDocument();
  });
});

describe("import wizard: running the import", () => {
  it("sends the edited mapping and campaign, follows job-progress to the report", async () => {
    const running = job({ id: 11, status: "running", total: 3, done: 0 });
    const engine = setup({
      import_start: () => ({ import_id: 7, job_id: 11 }),
      job_get: () => running,
      import_report: () => ({
        import: {
          id: 7, workspace_id: 1, campaign_id: 4, job_id: 11, file_name: "leads.csv", format: "csv", total_rows: 3,
          imported: 2, duplicates_in_file: 0, duplicates_in_workspace: 1, invalid: 0, added_from_workspace: 1, warnings: 0, created_at: running.created_at, finished_at: running.created_at,
          status: "completed",
        },
        job: { ...running, status: "completed", done: 3 },
        issues: [{ line: 4, kind: "duplicate_in_workspace", reason: "alan@example.com is already in this workspace; added to the campaign" }],
        issues_total: 1,
      }),
    });
    const user = await openFile();
    await user.selectOptions(select(4), "ignore");
    await waitFor(() => expect(screen.getByRole("option", { name: "Q1 SaaS founders" })).toBeInTheDocument());
    await user.selectOptions(screen.getByTestId("wizard-campaign"), "4");
    await user.click(screen.getByTestId("wizard-start-import"));

    await screen.findByTestId("wizard-step-run");
    const request = engine.argsOf("import_start")[0]!.request as ImportRequest;
    expect(request).toMatchObject({ workspace_id: 1, path: "/home/me/leads.csv", header_row: 1, campaign_id: 4 });
    expect(request.mapping.map((m: ColumnMapping) => m.target)).toEqual(["email", "custom", "full_name", "company", "ignore"]);

    await act(() => emit("job-progress", { job: { ...running, done: 2 }, rate_per_sec: 150, eta_seconds: 1 }));
    await waitFor(() => expect(screen.getByTestId("import-progress")).toHaveAttribute("aria-valuenow", "2"));
    expect(screen.getByTestId("import-progress-count")).toHaveTextContent("2 of 3 rows");
    expect(screen.getByTestId("import-rate")).toHaveTextContent("150 rows/s");

    await act(() => emit("job-progress", { job: { ...running, status: "completed", done: 3 }, rate_per_sec: 150, eta_seconds: 0 }));
    await screen.findByTestId("wizard-step-report");
    expect(await screen.findByTestId("report-imported")).toHaveTextContent("2");
    expect(screen.getByTestId("report-duplicates-workspace")).toHaveTextContent("1");
    expect(screen.getByTestId("report-added-from-workspace")).toHaveTextContent("1");
    expect(
      within(screen.getByTestId("issues-table")).getByText("alan@example.com is already in this workspace; added to the campaign"),
    ).toBeInTheDocument();
    expect(engine.argsOf("import_report")[0]).toMatchObject({ import_id: 7 });
  });

  it("cancels the running job through job_cancel", async () => {
    const running = job({ id: 11, status: "running", total: 100, done: 10 });
    const engine = setup({
      import_start: () => ({ import_id: 7, job_id: 11 }),
      job_get: () => running,
      job_cancel: ({ id }) => ({ ...running, id, status: "cancelled" }),
      import_report: () => ({
        import: {
          id: 7, workspace_id: 1, campaign_id: null, job_id: 11, file_name: "leads.csv", format: "csv", total_rows: 100,
          imported: 10, duplicates_in_file: 0, duplicates_in_workspace: 0, invalid: 0, added_from_workspace: 0, warnings: 0, created_at: running.created_at, finished_at: null,
          status: "cancelled",
        },
        job: { ...running, status: "cancelled" },
        issues: [],
        issues_total: 0,
      }),
    });
    const user = await openFile();
    await user.click(screen.getByTestId("wizard-start-import"));
    await user.click(await screen.findByTestId("import-cancel"));
    expect(engine.argsOf("job_cancel")).toEqual([{ id: 11 }]);
    expect(await screen.findByTestId("report-cancelled")).toBeInTheDocument();
    expect(screen.getByTestId("report-imported")).toHaveTextContent("10");
  });
});
