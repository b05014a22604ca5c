import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { TemplateCheck } from "../../ipc/bindings/TemplateCheck";
import { engineError, mockEngine } from "../../test/engine";
import { template } from "../../test/draftFixtures";
import { campaign, lead, workspace } from "../../test/fixtures";
import { renderApp } from "../../test/render";
import { groupTemplates } from "./TemplateLibrary";
import { TemplatesScreen } from "./TemplatesScreen";

const OK: TemplateCheck = { problem: null, variables: ["first_name"], unknown_variables: [] };

function setup(extra: Parameters<typeof mockEngine>[0] = {}, templates = [template(1, { name: "SaaS intro", category: "First touch" }), template(2, { name: "Nudge", category: "Follow-up", used_by_steps: 1 })]) {
  const engine = mockEngine({
    template_list: () => templates,
    template_variables: () => [
      { name: "first_name", description: "The lead's first name" },
      { name: "company", description: "The lead's company" },
    ],
    template_check: () => OK,
    campaign_list: () => [campaign({ id: 1 })],
    template_create: ({ input }) => template(3, input),
    ...extra,
  });
  renderApp(<TemplatesScreen />, { workspace: workspace() });
  return engine;
}

describe("templates", () => {
  it("groups the library by category, uncategorized last, and searches it", () => {
    const groups = groupTemplates([template(1, { category: "" }), template(2, { category: "B" }), template(3, { category: "A", name: "Zeta" })], "");
    expect(groups.map(([c]) => c)).toEqual(["A", "B", "Uncategorized"]);
    expect(groupTemplates([template(1, { name: "Intro" }), template(2, { name: "Other" })], "intro").flatMap(([, l]) => l.map((t) => t.id))).toEqual([1]);
  });

  it("says to create a template when there is none", async () => {
    setup({}, []);
    expect(await screen.findByTestId("templates-empty")).toHaveTextContent("Create a template");
  });

  it("shows a syntax problem with its line and column, and unknown variables as warnings", async () => {
    setup({
      template_check: ({ body }) =>
        body.includes("{{ company.")
          ? { problem: { part: "body", line: 2, column: 7, message: "unexpected end of variable block" }, variables: [], unknown_variables: [] }
          : { problem: null, variables: ["podcast"], unknown_variables: ["podcast"] },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("template-new"));
    fireEvent.change(screen.getByTestId("template-body"), { target: { value: "Hi,\nAbout {{ company." } });
    expect(await screen.findByTestId("template-problem-place", {}, { timeout: 2000 })).toHaveTextContent("Body, line 2, column 7");
    expect(screen.getByTestId("template-problem-line")).toHaveTextContent("About {{ company.");
    expect(screen.getByTestId("template-body")).toHaveAttribute("aria-invalid", "true");
    fireEvent.change(screen.getByTestId("template-body"), { target: { value: "Hi {{ podcast }}" } });
    expect(await screen.findByTestId("template-unknown", {}, { timeout: 2000 })).toHaveTextContent("podcast");
  });

  it("inserts a variable from the picker at the cursor", async () => {
    setup();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("template-new"));
    const body = screen.getByTestId("template-body") as HTMLTextAreaElement;
    await user.type(body, "Hello , welcome");
    body.setSelectionRange(6, 6);
    await user.click(screen.getByTestId("variable-first_name"));
    expect(body.value).toBe("Hello {{ first_name }}, welcome");
  });

  it("creates a template and previews it for a chosen lead with holes marked", async () => {
    const engine = setup({
      lead_page: () => ({ leads: [lead(7, { first_name: "Ada", last_name: "Lovelace" })], next_cursor: null, total: 1 }),
      template_preview: ({ lead_id }) => ({ lead_id, lead_email: "ada@example.com", subject: "Hi Ada", body: "About {{ podcast }}", qc: [{ check: "unresolved_variable", level: "error", message: "no podcast" }], holes: ["podcast"], fallbacks: [] }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("template-new"));
    await user.type(screen.getByTestId("template-name"), "Intro 2");
    await user.type(screen.getByTestId("template-subject"), "Hi");
    await user.click(screen.getByTestId("lead-picker-search"));
    await user.click(await screen.findByTestId("lead-picker-lead-7"));
    const preview = await screen.findByTestId("template-preview", {}, { timeout: 2000 });
    expect(within(preview).getByTestId("hole")).toHaveTextContent("{{ podcast }}");
    expect(within(preview).getByTestId("qc-error")).toHaveTextContent("Unresolved variable");
    await user.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(engine.argsOf("template_create")).toEqual([{ workspace_id: 1, input: { name: "Intro 2", category: "", subject: "Hi", body: "" } }]));
  });

  it("shows the engine's sentence when a template in use cannot be deleted", async () => {
    setup({
      template_delete: () => {
        throw engineError("conflict", "“Nudge” is used by 1 sequence step; change it to another template before deleting it.");
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("template-actions-2"));
    await user.click(screen.getByTestId("template-delete-2"));
    expect(screen.getByTestId("delete-template")).toHaveTextContent("used by 1 sequence step");
    await user.click(screen.getByTestId("delete-template-confirm"));
    expect(await screen.findByTestId("toast-error")).toHaveTextContent("“Nudge” is used by 1 sequence step; change it to another template before deleting it.");
  });
});
