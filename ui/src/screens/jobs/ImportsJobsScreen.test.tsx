import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import type { Job } from "../../ipc/bindings/Job";
import { engineError, mockEngine } from "../../test/engine";
import { importSummary as summary, job, jobItem, workspace } from "../../test/fixtures";
import { renderApp } from "../../test/render";
import { ImportsJobsScreen } from "./ImportsJobsScreen";

const LATER = "2099-01-01T08:00:00Z";

/** An engine whose jobs change the way the engine's actions change them, recording each call. */
function jobsEngine(initial: Job[], extra: Parameters<typeof mockEngine>[0] = {}) {
  const jobs = new Map(initial.map((j) => [j.id, { ...j }]));
  const update = (id: number, over: Partial<Job>) => {
    const next = { ...jobs.get(id)!, ...over, updated_at: "2026-11-25T09:40:00Z" };
    jobs.set(id, next);
    return next;
  };
  return mockEngine({
    job_list: () => [...jobs.values()],
    job_get: ({ id }) => jobs.get(id)!,
    job_items: () => [],
    import_list: () => [],
    job_pause: ({ id }) => (jobs.get(id)!.status === "running" ? update(id, { pause_requested: true }) : update(id, { status: "paused" })),
    job_resume: ({ id }) => update(id, { status: "queued", pause_requested: false, message: null }),
    job_cancel: ({ id }) => update(id, { status: "cancelled" }),
    job_retry_failed: ({ id }) => update(id, { failed: 0, status: "queued", finished_at: null }),
    ...extra,
  });
}

describe("imports and jobs", () => {
  it("lists running jobs with their progress and cancels one", async () => {
    const running = job({ id: 21, status: "running", total: 1000, done: 250 });
    const engine = jobsEngine([running, job({ id: 20, status: "completed" })], {
      import_list: () => [summary({ id: 5, job_id: 21, file_name: "big.xlsx", finished_at: null, status: "running" })],
    });
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    const card = await screen.findByTestId("job-21");
    expect(screen.queryByTestId("job-20")).not.toBeInTheDocument();
    await waitFor(() => expect(card).toHaveTextContent("Importing big.xlsx"));
    expect(card).toHaveTextContent("250 of 1,000 rows");
    await userEvent.setup().click(within(card).getByTestId("job-cancel-21"));
    await waitFor(() => expect(engine.argsOf("job_cancel")).toEqual([{ id: 21 }]));
    await waitFor(() => expect(screen.getByTestId("job-status-21")).toHaveTextContent("Cancelled"));
  });

  it("shows why a job is paused and resumes it", async () => {
    const paused = job({ id: 22, status: "paused", total: 1000, done: 400, message: "Paused: this workspace's AI budget for the month is used up" });
    const engine = jobsEngine([paused]);
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    const card = await screen.findByTestId("job-22");
    expect(within(card).getByTestId("job-message-22")).toHaveTextContent("budget for the month is used up");
    expect(card).toHaveTextContent("Paused");
    expect(screen.getByTestId("job-reason-22")).toHaveTextContent("budget for the month is used up");
    await userEvent.setup().click(within(card).getByTestId("job-resume-22"));
    await waitFor(() => expect(engine.argsOf("job_resume")).toEqual([{ id: 22 }]));
  });

  it("lists every kind of job with its status, progress and next run; a kind it does not know goes by its name", async () => {
    jobsEngine([
      job({ id: 1, kind: "import", status: "completed", total: 10, done: 8, failed: 2 }),
      job({ id: 2, kind: "enrich_leads", status: "running", total: 40, done: 12, failed: 1, waiting_retry: 3 }),
      job({ id: 3, kind: "research", status: "queued", run_after: LATER, started_at: null }),
      job({ id: 4, kind: "sync_inbox", status: "queued", run_after: LATER, every_secs: 900, started_at: null }),
    ]);
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    const table = await screen.findByTestId("jobs-table");
    expect(within(table).getByTestId("job-kind-1")).toHaveTextContent("Import");
    expect(within(table).getByTestId("job-kind-2")).toHaveTextContent("enrich_leads");
    expect(within(table).getByTestId("job-row-2")).toHaveTextContent("enrich_leads #2");
    expect(within(table).getByTestId("job-status-1")).toHaveTextContent("Done");
    expect(within(table).getByTestId("job-status-2")).toHaveTextContent("Running");
    expect(within(table).getByTestId("job-status-3")).toHaveTextContent("Scheduled");
    expect(within(table).getByTestId("job-progress-1")).toHaveTextContent("8 / 10 done");
    expect(within(table).getByTestId("job-progress-1")).toHaveTextContent("2 failed");
    expect(within(table).getByTestId("job-progress-2")).toHaveTextContent("12 / 40 done1 failed3 waiting for retry");
    expect(within(table).getByTestId("job-next-3")).toHaveTextContent(/^Starts /);
    expect(within(table).getByTestId("job-next-4")).toHaveTextContent("Repeats every 15 min");
    expect(within(table).getByTestId("job-next-1")).toHaveTextContent("—");
    // Scheduled jobs wait in the table; only the running one is "running now".
    expect(screen.getByTestId("job-2")).toBeInTheDocument();
    expect(screen.queryByTestId("job-3")).not.toBeInTheDocument();
  });

  it("moves a job's progress in the table as the engine reports it", async () => {
    const running = job({ id: 15, kind: "enrich_leads", status: "running", total: 40, done: 2 });
    jobsEngine([running]);
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    expect(await screen.findByTestId("job-progress-15")).toHaveTextContent("2 / 40 done");
    await act(() =>
      emit("job-progress", { job: { ...running, done: 30, failed: 2, waiting_retry: 1, updated_at: "2026-11-25T09:35:00Z" }, rate_per_sec: 3, eta_seconds: 4 }),
    );
    await waitFor(() => expect(screen.getByTestId("job-progress-15")).toHaveTextContent("30 / 40 done2 failed1 waiting for retry"));
  });

  it("offers only the actions a job's state allows", async () => {
    jobsEngine([
      job({ id: 1, status: "queued" }),
      job({ id: 2, status: "running" }),
      job({ id: 3, status: "paused" }),
      job({ id: 4, status: "completed", failed: 0 }),
      job({ id: 5, kind: "enrich_leads", status: "failed", failed: 4 }),
      job({ id: 6, kind: "import", status: "completed", total: 10, done: 9, failed: 1 }),
    ]);
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    await screen.findByTestId("jobs-table");
    const actions = (id: number) =>
      within(screen.getByTestId(`job-row-${id}`))
        .queryAllByRole("button")
        .map((b) => b.textContent?.trim())
        .filter((t) => t && !t.includes("#"));
    expect(actions(1)).toEqual(["Pause", "Cancel"]);
    expect(actions(2)).toEqual(["Pause", "Cancel"]);
    expect(actions(3)).toEqual(["Resume", "Cancel"]);
    expect(actions(4)).toEqual([]);
    expect(actions(5)).toEqual(["Retry failed"]);
    // An import's failed rows are in its report, not items to run again.
    expect(actions(6)).toEqual([]);
    expect(within(screen.getByTestId("job-row-2")).getByRole("button", { name: "Pause Import job #2" })).toBeInTheDocument();
  });

  it("pauses a running job, showing Pausing… until it stops at the end of its batch", async () => {
    const engine = jobsEngine([job({ id: 7, status: "running", total: 100, done: 10 })]);
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    const row = await screen.findByTestId("job-row-7");
    await userEvent.setup().click(within(row).getByTestId("row-pause-7"));
    await waitFor(() => expect(engine.argsOf("job_pause")).toEqual([{ id: 7 }]));
    await waitFor(() => expect(within(row).getByTestId("row-pausing-7")).toBeDisabled());
    expect(within(row).getByTestId("job-status-7")).toHaveTextContent("Pausing…");
    expect(within(row).queryByTestId("row-pause-7")).not.toBeInTheDocument();
    expect(within(screen.getByTestId("job-7")).getByTestId("job-pausing-7")).toHaveTextContent("Pausing…");
  });

  it("retries a job's failed items", async () => {
    const engine = jobsEngine([job({ id: 8, kind: "enrich_leads", status: "completed", total: 10, done: 7, failed: 3 })]);
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    const row = await screen.findByTestId("job-row-8");
    await userEvent.setup().click(within(row).getByRole("button", { name: "Retry the 3 failed items of enrich_leads #8" }));
    await waitFor(() => expect(engine.argsOf("job_retry_failed")).toEqual([{ id: 8 }]));
    await waitFor(() => expect(within(row).getByTestId("job-status-8")).toHaveTextContent("Waiting"));
    expect(within(row).queryByTestId("row-retry-8")).not.toBeInTheDocument();
  });

  it("says what to do when the engine refuses an action for the job's state", async () => {
    jobsEngine([job({ id: 9, status: "running" })], {
      job_cancel: () => {
        throw engineError("conflict", "job 9 is completed: only queued, running or paused jobs can be cancelled");
      },
    });
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    const row = await screen.findByTestId("job-row-9");
    await userEvent.setup().click(within(row).getByTestId("row-cancel-9"));
    expect(await screen.findByTestId("toast-error")).toHaveTextContent("only queued, running or paused jobs can be cancelled");
  });

  it("opens a job to its items with their state, attempts, error and next attempt", async () => {
    const engine = jobsEngine([job({ id: 12, kind: "enrich_leads", status: "running", total: 3, done: 1, failed: 1, waiting_retry: 1 })], {
      job_items: () => [
        jobItem({ key: "lead-1", status: "done", attempts: 1 }),
        jobItem({ key: "lead-2", status: "failed", attempts: 5, error: "the provider refused the key" }),
        jobItem({ key: "lead-3", status: "pending", attempts: 2, error: "rate limited", next_attempt_at: "2026-11-25T10:00:00Z" }),
      ],
    });
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    const toggle = await screen.findByTestId("job-expand-12");
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await userEvent.setup().click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const items = await screen.findByTestId("job-items-12");
    expect(engine.argsOf("job_items")).toEqual([{ id: 12 }]);
    expect(within(items).getByTestId("job-item-lead-2")).toHaveTextContent("Failed5the provider refused the key");
    const waiting = within(items).getByTestId("job-item-lead-3");
    expect(waiting).toHaveTextContent("Waiting for retry");
    expect(waiting).toHaveTextContent("rate limited");
    expect(waiting).not.toHaveTextContent(/—$/);
  });

  it("says plainly that an import has no items, opened by keyboard", async () => {
    jobsEngine([job({ id: 13, kind: "import", status: "completed" })]);
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    const toggle = await screen.findByTestId("job-expand-13");
    toggle.focus();
    await userEvent.setup().keyboard("{Enter}");
    expect(await screen.findByTestId("job-items-empty-13")).toHaveTextContent("An import has no separate items");
  });

  it("says what to do first when there is no job yet", async () => {
    jobsEngine([]);
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    const empty = await screen.findByTestId("jobs-empty");
    expect(empty).toHaveTextContent("your first import");
    expect(within(empty).getByRole("button", { name: "Import leads" })).toBeInTheDocument();
    expect(screen.queryByTestId("jobs-table")).not.toBeInTheDocument();
  });

  it("re-reads jobs, items and imports when the engine says everything changed", async () => {
    const engine = jobsEngine([job({ id: 14, kind: "enrich_leads", status: "completed" })]);
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    await userEvent.setup().click(await screen.findByTestId("job-expand-14"));
    await screen.findByTestId("job-items-empty-14");
    const before = { jobs: engine.argsOf("job_list").length, imports: engine.argsOf("import_list").length, items: engine.argsOf("job_items").length };
    await act(() => emit("data-changed", { entity: "everything", workspace_id: null }));
    await waitFor(() => {
      expect(engine.argsOf("job_list").length).toBeGreaterThan(before.jobs);
      expect(engine.argsOf("import_list").length).toBeGreaterThan(before.imports);
      expect(engine.argsOf("job_items").length).toBeGreaterThan(before.items);
    });
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
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    await screen.findByTestId("imports-table");
    const labels = [1, 2, 3, 4, 5, 6].map((id) => screen.getByTestId(`import-status-${id}`).textContent);
    expect(labels).toEqual(["Done", "Failed", "Cancelled", "Running", "Done", "Unfinished"]);
  });

  it("opens a past import's report", async () => {
    const engine = mockEngine({
      job_list: () => [job({ id: 40, status: "completed" })],
      import_list: () => [summary({ id: 5, job_id: 40 })],
      import_report: () => ({ import: summary({ id: 5 }), job: null, issues: [{ line: 7, kind: "invalid", reason: "no email address" }], issues_total: 1 }),
    });
    renderApp(<ImportsJobsScreen />, { workspace: workspace({ id: 1 }) });
    expect(await screen.findByTestId("no-running-jobs")).toBeInTheDocument();
    await userEvent.setup().click(await screen.findByTestId("import-row-5"));
    const drawer = await screen.findByTestId("import-report-drawer");
    expect(await within(drawer).findByTestId("report-imported")).toHaveTextContent("8");
    expect(within(drawer).getByTestId("issues-table")).toHaveTextContent("no email address");
    expect(engine.argsOf("import_report")[0]).toMatchObject({ import_id: 5 });
  });
});
