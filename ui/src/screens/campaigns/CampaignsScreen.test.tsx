import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CampaignInput } from "../../ipc/bindings/CampaignInput";
import { engineError, mockEngine } from "../../test/engine";
import { campaign, workspace } from "../../test/fixtures";
import { renderApp } from "../../test/render";
import { CampaignsScreen } from "./CampaignsScreen";

const active = campaign({ id: 1, name: "Q1 SaaS founders", lead_count: 120, keywords: ["saas"] });
const archived = campaign({ id: 2, name: "Old list", archived: true });

function setup(extra: Parameters<typeof mockEngine>[0] = {}) {
  const engine = mockEngine({
    campaign_list: ({ include_archived }) => (include_archived ? [active, archived] : [active]),
    campaign_create: ({ input }) => campaign({ id: 3, ...input }),
    campaign_set_archived: ({ id, archived: a }) => ({ ...active, id, archived: a }),
    campaign_delete: () => null,
    ...extra,
  });
  renderApp(<CampaignsScreen />, { workspace: workspace({ id: 1 }) });
  return engine;
}

describe("campaigns", () => {
  it("lists active campaigns with lead counts, and archived ones on request", async () => {
    const engine = setup();
    expect(await screen.findByTestId("campaign-1")).toHaveTextContent("120 leads");
    expect(screen.queryByText("Old list")).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getByTestId("campaigns-show-archived"));
    expect(await screen.findByText("Old list")).toBeInTheDocument();
    expect(engine.argsOf("campaign_list").at(-1)).toEqual({ workspace_id: 1, include_archived: true });
  });

  it("creates a campaign with keywords and its service context", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("campaign-new"));
    await user.type(screen.getByTestId("campaign-name"), "Backlinks for Q2");
    await user.click(screen.getByLabelText("Backlink outreach"));
    await user.type(screen.getByTestId("keyword-input"), "seo blogs{Enter}marketing, growth{Enter}");
    await user.type(screen.getByTestId("campaign-core_offer"), "Guest articles on B2B growth");
    await user.type(screen.getByTestId("campaign-call_to_action"), "Reply with a topic");
    await user.click(screen.getByTestId("campaign-save"));
    await waitFor(() => expect(engine.argsOf("campaign_create")).toHaveLength(1));
    const { workspace_id, input } = engine.argsOf("campaign_create")[0] as { workspace_id: number; input: CampaignInput };
    expect(workspace_id).toBe(1);
    expect(input).toMatchObject({ name: "Backlinks for Q2", kind: "backlink", keywords: ["seo blogs", "marketing", "growth"] });
    expect(input.context).toMatchObject({ core_offer: "Guest articles on B2B growth", call_to_action: "Reply with a topic", goal: "" });
    expect(await screen.findByText("Campaign “Backlinks for Q2” created")).toBeInTheDocument();
  });

  it("shows a taken name under the name field", async () => {
    setup({
      campaign_create: () => {
        throw engineError("conflict", "A campaign named “Q1 SaaS founders” already exists in this workspace.");
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("campaign-new"));
    await user.type(screen.getByTestId("campaign-name"), "Q1 SaaS founders");
    await user.click(screen.getByTestId("campaign-save"));
    expect(await screen.findByText("A campaign named “Q1 SaaS founders” already exists in this workspace.")).toBeInTheDocument();
    expect(screen.getByTestId("campaign-name")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("toast-error")).not.toBeInTheDocument();
  });

  it("archives from the card menu and deletes after confirmation", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("campaign-actions-1"));
    await user.click(screen.getByTestId("campaign-archive-1"));
    await waitFor(() => expect(engine.argsOf("campaign_set_archived")).toEqual([{ id: 1, archived: true }]));

    await user.click(screen.getByTestId("campaign-actions-1"));
    await user.click(screen.getByTestId("campaign-delete-1"));
    const dialog = screen.getByTestId("delete-campaign");
    expect(dialog).toHaveTextContent("Delete “Q1 SaaS founders”?");
    expect(dialog).toHaveTextContent("120 leads stay in this workspace");
    await user.click(within(dialog).getByTestId("delete-campaign-confirm"));
    await waitFor(() => expect(engine.argsOf("campaign_delete")).toEqual([{ id: 1 }]));
  });
});
