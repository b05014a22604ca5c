import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockEngine } from "../../test/engine";
import { importSummary as summary, job, workspace } from "../../test/fixtures";
import { renderApp } from "../../test/render";
import { HistoryScreen } from "./HistoryScreen";

describe("imports and jobs", () => {
  it("lists running jobs with their progress and cancels one", async () => {
    const running = job({ id: 21, status: "running", total: 1000, done: 250 });
    const engine = mockEngine({
      job_list: () => [running, job({ id: 20, status: "completed" })],
      job_get: () => running,
      job_cancel: ({ id }) => ({ ...running, id, status: "cancelled" }),
      import_list: () => [summary({ id: 5, job_id: 21, file_name: "big.xlsx", finished_at: null, status: "running" })],
    });
    renderApp(<HistoryScreen />, { workspace: workspace({ id: 1 }) });
    const card = await screen.findByTestId("job-21");
    expect(screen.queryByTestId("job-20")).not.toBeInTheDocument();
    await waitFor(() => expect(card).toHaveTextContent("Importing big.xlsx"));
    expect(card).toHaveTextContent("250 of 1,000 rows");
    await userEvent.setup().click(within(card).getByTestId("job-cancel-21"));
    await waitFor(() => expect(engine.argsOf("job_cancel")).toEqual([{ id: 21 }]));
  });

  it("shows why a job is paused and resumes it", async () => {
    const paused = job({ id: 22, status: "paused", total: 1000, done: 400, message: "Paused: this workspace's AI budget for the month is used up" });
    const engine = mockEngine({
      job_list: () => [paused],
      job_get: () => paused,
      job_resume: ({ id }) => ({ ...paused, id, status: "queued", message: null }),
      import_list: () => [],
    });
    renderApp(<HistoryScreen />, { workspace: workspace({ id: 1 }) });
    const card = await screen.findByTestId("job-22");
    expect(within(card).getByTestId("job-message-22")).toHaveTextContent("budget for the month is used up");
    expect(card).toHaveTextContent("Paused");
    await userEvent.setup().click(within(card).getByTestId("job-resume-22"));
    await waitFor(() => expect(engine.argsOf("job_resume")).toEqual([{ id: 22 }]));
  });

  it("shows each past import's state from the import itself, not from the job list", async () => {
    mockEngine({
      job_list: () => [],
      import_list: () => [
        summary({ id: 1, job_id: 31, status: "completed" }),
        summary({ id: 2, job_id: 32, status: "failed" }),
        summary({ id: 3, job_id: 33, status: "cancelled", finished_at: null }),
        summary({ id: 4, job_id: 34, status: "running", finished_at: null }),
        summary({ id: 5, job_id: null, status: null }),
        summary({ id: 6, job_id: null, status: null, finished_at: null }),
      ],
    });
    renderApp(<HistoryScreen />, { workspace: workspace({ id: 1 }) });
    await screen.findByTestId("imports-table");
    const labels = [1, 2, 3, 4, 5, 6].map((id) => screen.getByTestId(`import-status-${id}`).textContent);
    expect(labels).toEqual(["Done", "Failed", "Cancelled", "Running", "Done", "Unfinished"]);
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
