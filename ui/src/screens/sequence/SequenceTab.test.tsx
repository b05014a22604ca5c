import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { engineError, mockEngine } from "../../test/engine";
import { step, template } from "../../test/draftFixtures";
import { campaign, workspace } from "../../test/fixtures";
import { renderApp } from "../../test/render";
import { SequenceTab } from "./SequenceTab";

function setup(steps = [step(1, { drafts: 4, drafts_waiting: 3 }), step(2, { variant: "B", weight: 3, template_id: null, template_name: null, ai_prompt: "Write a short friendly pitch" })], extra: Parameters<typeof mockEngine>[0] = {}) {
  const engine = mockEngine({
    sequence_list: () => steps,
    template_list: () => [template(1, { name: "Intro" })],
    sequence_add_step: ({ input }) => step(9, { ...input, step: 2, variant: "A" }),
    ...extra,
  });
  renderApp(<SequenceTab campaign={campaign({ id: 1 })} />, { workspace: workspace() });
  return engine;
}

describe("sequence", () => {
  it("says to add the first step when there is none", async () => {
    setup([]);
    expect(await screen.findByTestId("sequence-empty")).toHaveTextContent("Add the first step");
  });

  it("lists steps with their variants' share, source and draft counts", async () => {
    setup();
    const a = await screen.findByTestId("variant-1-A");
    expect(a).toHaveTextContent("25%");
    expect(a).toHaveTextContent("Intro");
    expect(a).toHaveTextContent("4 drafts · 3 waiting");
    expect(screen.getByTestId("variant-1-B")).toHaveTextContent("75%");
    expect(screen.getByTestId("variant-1-B")).toHaveTextContent("AI: Write a short friendly pitch");
    expect(screen.getByTestId("step-1")).toHaveTextContent("Step 1 · First mail");
  });

  it("adds a follow-up step from a template", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("sequence-add-step"));
    await user.selectOptions(screen.getByTestId("step-template"), "1");
    await user.clear(screen.getByTestId("step-delay"));
    await user.type(screen.getByTestId("step-delay"), "5");
    await user.click(screen.getByTestId("step-save"));
    await waitFor(() => expect(engine.argsOf("sequence_add_step")).toHaveLength(1));
    expect(engine.argsOf("sequence_add_step")[0]).toEqual({ campaign_id: 1, input: { step: 0, variant: "", weight: 1, delay_days: 5, channel: "email", template_id: 1, ai_prompt: null, article: null } });
  });

  it("asks for an article's target URL and sends its fields", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("step-1-add-variant"));
    await user.selectOptions(screen.getByTestId("step-channel"), "article");
    await user.click(screen.getByTestId("step-source-ai"));
    await user.type(screen.getByTestId("step-prompt"), "A guest post");
    await user.click(screen.getByTestId("step-save"));
    expect(screen.getByTestId("step-error")).toHaveTextContent("An article needs the target URL it links to.");
    await user.type(screen.getByTestId("step-target-url"), "https://client.example/guide");
    await user.type(screen.getByTestId("step-anchor"), "SEO guide");
    await user.click(screen.getByTestId("step-save"));
    await waitFor(() => expect(engine.argsOf("sequence_add_step")).toHaveLength(1));
    expect(engine.argsOf("sequence_add_step")[0]).toMatchObject({ input: { step: 1, channel: "article", ai_prompt: "A guest post", template_id: null, article: { target_url: "https://client.example/guide", anchor_text: "SEO guide" } } });
  });

  it("asks again with the engine's reason before deleting a variant whose drafts wait", async () => {
    const engine = setup(undefined, {
      sequence_delete_step: ({ confirmed }) => {
        if (!confirmed) throw engineError("confirmation_needed", "deleting step 1 variant A: its 3 drafts that wait for review or were approved will be rejected");
        return 3;
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("variant-delete-1"));
    await user.click(screen.getByTestId("delete-variant-confirm"));
    const dialog = await screen.findByTestId("delete-variant");
    await waitFor(() => expect(dialog).toHaveTextContent("Deleting step 1 variant A: its 3 drafts that wait for review or were approved will be rejected"));
    await user.click(within(screen.getByTestId("delete-variant")).getByTestId("delete-variant-confirm"));
    await waitFor(() => expect(engine.argsOf("sequence_delete_step")).toEqual([{ id: 1, confirmed: false }, { id: 1, confirmed: true }]));
    expect(await screen.findByText("Deleted step 1, variant A")).toBeInTheDocument();
  });
});
