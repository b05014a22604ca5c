import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LeadBulkRequest } from "../../ipc/bindings/LeadBulkRequest";
import type { LeadQuery } from "../../ipc/bindings/LeadQuery";
import { engineError, mockEngine } from "../../test/engine";
import { campaign, lead, workspace } from "../../test/fixtures";
import { renderApp } from "../../test/render";
import { LeadsScreen } from "./LeadsScreen";

// jsdom lays nothing out; give the table's scroll box a viewport so the virtualizer renders rows.
const sizes = { clientHeight: 600, clientWidth: 1200 };
const originals = Object.fromEntries(
  Object.keys(sizes).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)]),
);
beforeAll(() => {
  for (const [k, v] of Object.entries(sizes)) Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => v });
});
afterAll(() => {
  for (const [k, d] of Object.entries(originals)) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
});

const FIRST_PAGE = [lead(1), lead(2), lead(3)];
const SECOND_PAGE = [lead(4), lead(5, { email: null })];
const DETAILED = lead(2, {
  website: "javascript:alert(1)",
  linkedin_url: "https://www.linkedin.com/in/ada",
  custom: { Notes: "<img src=x onerror=alert(1)>" },
});

type Handlers = Parameters<typeof mockEngine>[0];

function setup(initial?: { importId?: number }, more: Handlers = {}) {
  const engine = mockEngine({
    lead_page: ({ query }) =>
      query.after === undefined
        ? { leads: FIRST_PAGE, next_cursor: "cursor-after-3", total: 12345 }
        : query.after === "cursor-after-3"
          ? { leads: SECOND_PAGE, next_cursor: null, total: null }
          : { leads: [], next_cursor: null, total: null },
    campaign_list: () => [campaign({ id: 4, name: "Q1 SaaS founders" })],
    import_list: () => [],
    lead_countries: () => ["DE", "US"],
    lead_bulk: ({ request }) => ({ affected: request.ids?.length ?? 12345 - (request.exclude_ids?.length ?? 0) }),
    lead_get: ({ id }) => (id === DETAILED.id ? DETAILED : lead(id)),
    ...more,
  });
  renderApp(<LeadsScreen importId={initial?.importId} />, { workspace: workspace({ id: 1, lead_count: 12345 }) });
  const queries = () => engine.argsOf("lead_page").map((a) => a.query as LeadQuery);
  return { engine, queries };
}

describe("leads table", () => {
  it("shows the total from the first page and renders rows from every page", async () => {
    setup();
    await waitFor(() => expect(screen.getByTestId("leads-total")).toHaveTextContent("12,345 leads"));
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(5));
    const rows = screen.getAllByTestId("lead-row");
    expect(rows[0]).toHaveTextContent("lead1@example.com");
    expect(rows[0]).toHaveTextContent("First1 Last1");
    expect(rows[4]).toHaveTextContent("No email");
  });

  it("asks for the next page with the previous page's cursor when the end comes into view", async () => {
    const { queries } = setup();
    await waitFor(() => expect(queries()).toHaveLength(2));
    const [first, second] = queries();
    expect(first!.after).toBeUndefined();
    expect(second!.after).toBe("cursor-after-3");
    expect(second!.filter).toEqual(first!.filter);
    expect(second!.limit).toBe(first!.limit);
    // the last page has no cursor: no further request
    await screen.findByText("First5 Last5");
    expect(queries()).toHaveLength(2);
  });

  it("sorts by a clicked column header and starts paging again from the top", async () => {
    const { queries } = setup();
    await waitFor(() => expect(queries()).toHaveLength(2));
    const user = userEvent.setup();
    await user.click(screen.getByTestId("sort-email"));
    await waitFor(() => expect(queries().some((q) => q.sort === "email")).toBe(true));
    const sorted = queries().find((q) => q.sort === "email")!;
    expect(sorted.descending).toBe(false);
    expect(sorted.after).toBeUndefined();
    await user.click(screen.getByTestId("sort-email"));
    await waitFor(() => expect(queries().some((q) => q.sort === "email" && q.descending === true)).toBe(true));
  });

  it("starts filtered by the import it was opened for", async () => {
    const { queries } = setup({ importId: 7 });
    await waitFor(() => expect(queries().length).toBeGreaterThan(0));
    expect(queries()[0]!.filter).toEqual({ workspace_id: 1, import_id: 7 });
  });

  it("sends stage and campaign filters, including “No campaign”", async () => {
    const { queries } = setup();
    await screen.findAllByTestId("lead-row");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("filter-stage"));
    await user.click(screen.getByTestId("filter-stage-replied"));
    await user.click(screen.getByTestId("filter-stage-stopped"));
    await waitFor(() => expect(queries().at(-1)!.filter.stages).toEqual(["replied", "stopped"]));
    await user.selectOptions(screen.getByTestId("filter-campaign"), "none");
    await waitFor(() => expect(queries().at(-1)!.filter).toMatchObject({ unassigned: true }));
    expect(queries().at(-1)!.filter.campaign_id).toBeUndefined();
  });

  it("deletes every matching lead after a confirmation that names the count", async () => {
    const { engine } = setup();
    await screen.findAllByTestId("lead-row");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("select-all-loaded"));
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(5));
    expect(screen.getByTestId("selection-count")).toHaveTextContent("5 leads selected");
    await user.click(screen.getByTestId("select-all-matching"));
    expect(screen.getByTestId("selection-count")).toHaveTextContent("12,345 leads selected");
    await user.click(screen.getByTestId("bulk-delete"));
    const dialog = screen.getByTestId("bulk-delete-dialog");
    expect(dialog).toHaveTextContent("Delete 12,345 leads?");
    await user.click(within(dialog).getByTestId("bulk-delete-dialog-confirm"));
    await waitFor(() => expect(engine.argsOf("lead_bulk")).toHaveLength(1));
    const request = engine.argsOf("lead_bulk")[0]!.request as LeadBulkRequest;
    expect(request.ids).toBeUndefined();
    expect(request.exclude_ids).toBeUndefined();
    expect(request.action).toEqual({ kind: "delete" });
    expect(request.filter).toEqual({ workspace_id: 1 });
    expect(await screen.findByText("Deleted 12,345 leads")).toBeInTheDocument();
  });

  it("sends the rows unticked after “select all matching” as exclude_ids, without ids", async () => {
    const { engine } = setup();
    await screen.findAllByTestId("lead-row");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("select-all-loaded"));
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(5));
    await user.click(screen.getByTestId("select-all-matching"));
    await user.click(screen.getByRole("checkbox", { name: "Select lead2@example.com" }));
    await user.click(screen.getByRole("checkbox", { name: "Select lead3@example.com" }));
    await user.click(screen.getByRole("checkbox", { name: "Select lead4@example.com" }));
    expect(screen.getByTestId("selection-count")).toHaveTextContent("12,342 leads selected");
    await user.click(screen.getByRole("checkbox", { name: "Select lead3@example.com" }));
    expect(screen.getByTestId("selection-count")).toHaveTextContent("12,343 leads selected");
    expect(screen.getByRole("checkbox", { name: "Select lead1@example.com" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Select lead2@example.com" })).not.toBeChecked();
    expect(screen.getByTestId("select-all-loaded")).toBePartiallyChecked();

    await user.click(screen.getByTestId("bulk-add"));
    await user.click(screen.getByTestId("bulk-add-4"));
    await waitFor(() => expect(engine.argsOf("lead_bulk")).toHaveLength(1));
    const request = engine.argsOf("lead_bulk")[0]!.request as LeadBulkRequest;
    expect(request).not.toHaveProperty("ids");
    expect([...request.exclude_ids!].sort()).toEqual([2, 4]);
    expect(request.filter).toEqual({ workspace_id: 1 });
    expect(request.action).toEqual({ kind: "add_to_campaign", campaign_id: 4 });
    expect(await screen.findByText("Added 12,343 leads to “Q1 SaaS founders”")).toBeInTheDocument();
  });

  it("adds only the ticked leads to a campaign", async () => {
    const { engine } = setup();
    await screen.findAllByTestId("lead-row");
    const user = userEvent.setup();
    await user.click(screen.getByRole("checkbox", { name: "Select lead2@example.com" }));
    await user.click(screen.getByRole("checkbox", { name: "Select lead3@example.com" }));
    await user.click(screen.getByTestId("bulk-add"));
    await user.click(screen.getByTestId("bulk-add-4"));
    await waitFor(() => expect(engine.argsOf("lead_bulk")).toHaveLength(1));
    const request = engine.argsOf("lead_bulk")[0]!.request as LeadBulkRequest;
    expect(request.ids).toEqual([2, 3]);
    expect(request).not.toHaveProperty("exclude_ids");
    expect(request.action).toEqual({ kind: "add_to_campaign", campaign_id: 4 });
    expect(await screen.findByText("Added 2 leads to “Q1 SaaS founders”")).toBeInTheDocument();
  });

  it("takes the ticked leads out of the campaign the list shows, and shows their stage there", async () => {
    const { engine, queries } = setup(undefined, {
      lead_page: () => ({ leads: [lead(1, { stage: "stopped", stop_reason: "bounced", campaigns: 2 }), lead(2, { stage: "enrolled", campaigns: 1 })], next_cursor: null, total: 2 }),
    });
    await screen.findAllByTestId("lead-row");
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId("filter-campaign"), "4");
    await waitFor(() => expect(queries().at(-1)!.filter).toMatchObject({ campaign_id: 4 }));
    const rows = screen.getAllByTestId("lead-row");
    expect(rows[0]).toHaveTextContent("Stopped: bounced");
    expect(rows[1]).toHaveTextContent("Enrolled");
    await user.click(screen.getByRole("checkbox", { name: "Select lead2@example.com" }));
    await user.click(screen.getByTestId("bulk-remove"));
    await user.click(screen.getByTestId("bulk-remove-4"));
    await waitFor(() => expect(engine.argsOf("lead_bulk")).toHaveLength(1));
    const request = engine.argsOf("lead_bulk")[0]!.request as LeadBulkRequest;
    expect(request.ids).toEqual([2]);
    expect(request.action).toEqual({ kind: "remove_from_campaign", campaign_id: 4 });
    expect(await screen.findByText("Removed 1 lead from “Q1 SaaS founders”")).toBeInTheDocument();
  });

  it("shows the person's facts, else their campaign count, when no campaign is chosen", async () => {
    setup(undefined, {
      lead_page: () => ({
        leads: [lead(1, { hard_bounced_at: "2026-11-25T09:30:00Z", campaigns: 2 }), lead(2, { campaigns: 3 }), lead(3)],
        next_cursor: null,
        total: 3,
      }),
    });
    const rows = await screen.findAllByTestId("lead-row");
    expect(rows[0]).toHaveTextContent("Bounced");
    expect(rows[1]).toHaveTextContent("3 campaigns");
    expect(rows[2]).toHaveTextContent("No campaign");
  });

  it("lists the lead's campaigns with stage and step in its details", async () => {
    setup(undefined, {
      lead_enrollments: ({ lead_id }) => [
        { campaign_id: 4, campaign_name: "Q1 SaaS founders", lead_id, stage: "replied", stop_reason: null, step: 1, variant: null, next_due_at: null, enrolled_at: "2026-11-25T09:30:00Z", updated_at: "2026-11-25T09:30:00Z" },
        { campaign_id: 5, campaign_name: "Guest posts", lead_id, stage: "stopped", stop_reason: "replied_elsewhere", step: 0, variant: null, next_due_at: null, enrolled_at: "2026-11-25T09:30:00Z", updated_at: "2026-11-25T09:30:00Z" },
      ],
      lead_get: ({ id }) => lead(id, { replied_at: "2026-11-26T10:00:00Z" }),
    });
    await screen.findAllByTestId("lead-row");
    const user = userEvent.setup();
    await user.click(screen.getAllByTestId("lead-row")[0]!);
    const enrollments = await screen.findByTestId("lead-enrollments");
    expect(enrollments).toHaveTextContent("Q1 SaaS founders");
    expect(enrollments).toHaveTextContent("Replied");
    expect(enrollments).toHaveTextContent("step 2");
    expect(enrollments).toHaveTextContent("Stopped: replied in another campaign");
    expect(screen.getByTestId("lead-fact-replied")).toBeInTheDocument();
  });

  it("opens a lead's details with custom fields as plain text", async () => {
    setup();
    await screen.findAllByTestId("lead-row");
    const user = userEvent.setup();
    await user.click(screen.getAllByTestId("lead-row")[1]!);
    const drawer = await screen.findByTestId("lead-details");
    expect(within(drawer).getByText("<img src=x onerror=alert(1)>")).toBeInTheDocument();
    expect(drawer.querySelector("img")).toBeNull();
    expect(within(drawer).getByText("javascript:alert(1)").closest("a")).toBeNull();
    const linkedin = within(drawer).getByRole("link", { name: /linkedin\.com\/in\/ada/ });
    expect(linkedin).toHaveAttribute("href", "https://www.linkedin.com/in/ada");
    expect(linkedin).toHaveAttribute("rel", expect.stringContaining("noopener"));
  });

  it("opens a lead's link in the system browser through the opener plugin", async () => {
    const { engine } = setup(undefined, { "plugin:opener|open_url": () => null });
    await screen.findAllByTestId("lead-row");
    const user = userEvent.setup();
    await user.click(screen.getAllByTestId("lead-row")[1]!);
    const drawer = await screen.findByTestId("lead-details");
    await user.click(within(drawer).getByRole("link", { name: /linkedin\.com\/in\/ada/ }));
    await waitFor(() => expect(engine.argsOf("plugin:opener|open_url")).toHaveLength(1));
    expect(engine.argsOf("plugin:opener|open_url")[0]).toMatchObject({ url: "https://www.linkedin.com/in/ada" });
    expect(screen.queryByTestId("toast-error")).not.toBeInTheDocument();
  });

  it("shows a link the system refuses to open as an error toast", async () => {
    setup(undefined, {
      "plugin:opener|open_url": () => {
        throw engineError("internal", "Not allowed to open url https://www.linkedin.com/in/ada");
      },
    });
    await screen.findAllByTestId("lead-row");
    const user = userEvent.setup();
    await user.click(screen.getAllByTestId("lead-row")[1]!);
    const drawer = await screen.findByTestId("lead-details");
    await user.click(within(drawer).getByRole("link", { name: /linkedin\.com\/in\/ada/ }));
    const toast = await screen.findByTestId("toast-error");
    expect(toast).toHaveTextContent("The link could not be opened");
    expect(toast).toHaveTextContent("Not allowed to open url https://www.linkedin.com/in/ada");
  });
});
