import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockEngine } from "../../test/engine";
import { counts } from "../../test/draftFixtures";
import { campaign, job, lead, workspace } from "../../test/fixtures";
import { renderApp } from "../../test/render";
import { CampaignPage } from "./CampaignPage";

describe("campaign page", () => {
  it("has Leads, Sequence, Review, Schedule and Activity tabs; its Leads tab starts enrichment and drafting jobs with progress in place", async () => {
    const engine = mockEngine({
      campaign_list: () => [campaign({ id: 4, name: "Q1 SaaS founders", lead_count: 2 })],
      review_counts: () => counts({ pending: 3 }),
      lead_page: () => ({ leads: [lead(1), lead(2)], next_cursor: null, total: 2 }),
      enrich_start: () => ({ job_id: 21 }),
      draft_start: () => ({ job_id: 22 }),
      job_get: ({ id }) => job({ id, kind: id === 21 ? "enrich" : "draft", status: "running", total: 2, done: 1 }),
      job_list: () => [],
    });
    renderApp(<CampaignPage campaignId={4} tab="leads" />, { workspace: workspace() });
    expect(await screen.findByTestId("campaign-title")).toHaveTextContent("Q1 SaaS founders");
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Leads", "Sequence", "Review3", "Schedule", "Activity"]);
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByTestId("enrich-offline")).toBeEnabled());
    await user.click(screen.getByTestId("enrich-offline"));
    await user.click(screen.getByTestId("draft-offline"));
    await waitFor(() => expect(engine.argsOf("draft_start")).toEqual([{ request: { campaign_id: 4, offline: true } }]));
    expect(engine.argsOf("enrich_start")).toEqual([{ campaign_id: 4, mode: "offline", all: false }]);
    expect(await screen.findByTestId("job-21")).toHaveTextContent("Enrichment (offline)");
    expect(await screen.findByTestId("job-22")).toHaveTextContent("1 of 2 items");
    expect(screen.getByTestId("campaign-edit-details")).toBeInTheDocument();
  });
});
