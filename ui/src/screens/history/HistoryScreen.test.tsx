import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ImportSummary } from "../../ipc/bindings/ImportSummary";
import { mockEngine } from "../../test/engine";
import { job, workspace } from "../../test/fixtures";
import { renderApp } from "../../test/render";
import { HistoryScreen } from "./HistoryScreen";

const summary = (over: Partial<ImportSummary>): ImportSummary => ({
  id: 1, workspace_id: 1, campaign_id: null, job_id: null, file_name: "leads.csv", format: "csv", total_rows: 10,
  imported: 8, duplicates_in_file: 1, duplicates_in_workspace: 0, invalid: 1, created_at: "2026-11-25T09:30:00Z", finished_at: "2026-11-25T09:31:00Z", ...over,
});

describe("imports and jobs", () => {
  it("lists running jobs with their progress and cancels one", async () => {
    const running = job({ id: 21, status: "running", total: 1000, done: 250 });
    const engine = mockEngine({
      job_list: () => [running, job({ id: 20, status: "completed" })],
      job_get: () => running,
      job_cancel: ({ id }) => ({ ...running, id, status: "cancelled" }),
      import_list: () => [summary({ id: 5, job_id: 21, file_name: "big.xlsx", finished_at: null })],
    });
    renderApp(<HistoryScreen />, { workspace: workspace({ id: 1 }) });
    const card = await screen.findByTestId("job-21");
    expect(screen.queryByTestId("job-20")).not.toBeInTheDocument();
    await waitFor(() => expect(card).toHaveTextContent("Importing big.xlsx"));
    expect(card).toHaveTextContent("250 of 1,000 rows");
    await userEvent.setup().click(within(card).getByTestId("job-cancel-21"));
    await waitFor(() => expect(engine.argsOf("job_cancel")).toEqual([{ id: 21 }]));
  });

  it("opens a past import's report", async () => {
    const engine = mockEngine({
      job_list: () => [],
      import_list: () => [summary({ id: 5 })],
      import_report: () => ({ import: summary({ id: 5 }), job: null, issues: [{ line: 7, kind: "invalid", reason: "no email address" }], issues_total: 1 }),
    });
    renderApp(<HistoryScreen />, { workspace: workspace({ id: 1 }) });
    expect(await screen.findByTestId("no-running-jobs")).toBeInTheDocument();
    await userEvent.setup().click(await screen.findByTestId("import-row-5"));
    const drawer = await screen.findByTestId("import-report-drawer");
    expect(await within(drawer).findByTestId("report-imported")).toHaveTextContent("8");
    expect(within(drawer).getByTestId("issues-table")).toHaveTextContent("no email address");
    expect(engine.argsOf("import_report")[0]).toMatchObject({ import_id: 5 });
  });
});
