import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockEngine } from "../../test/engine";
import { renderApp } from "../../test/render";
import { EnrichmentSection } from "./EnrichmentSection";

describe("a lead's enrichment", () => {
  it("shows persona, size, industry, pains, triggers, confidence and the mode with its model", async () => {
    mockEngine({
      enrichment_get: ({ lead_id }) => ({ lead_id, mode: "ai", model: "gpt-4o-mini", updated_at: "2026-11-25T09:30:00Z", persona: "Technical founder", company_size: "11–50", industry: "SaaS", pain_points: ["Flat traffic", "<b>No SEO</b>"], buying_triggers: ["Raised a seed round"], confidence: 0.72 }),
    });
    renderApp(<EnrichmentSection leadId={3} />);
    const section = await screen.findByTestId("lead-enrichment");
    expect(await screen.findByText("Technical founder")).toBeInTheDocument();
    expect(section).toHaveTextContent("<b>No SEO</b>");
    expect(screen.getByTestId("lead-enrichment-confidence")).toHaveAttribute("aria-valuenow", "72");
    expect(screen.getByTestId("lead-enrichment-mode")).toHaveTextContent("AI (gpt-4o-mini)");
  });

  it("says how to enrich a lead that has no enrichment", async () => {
    mockEngine({ enrichment_get: () => null });
    renderApp(<EnrichmentSection leadId={3} />);
    expect(await screen.findByTestId("lead-enrichment-empty")).toHaveTextContent("Enrich (offline)");
  });
});
