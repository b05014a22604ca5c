import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { provider, route, workspace } from "../../../test/fixtures";
import { renderApp } from "../../../test/render";
import { settingsEngine } from "../../../test/settingsEngine";
import { SettingsScreen } from "../SettingsScreen";

const openai = provider({ id: 1, name: "OpenAI", model: "gpt-4o-mini" });
const groq = provider({ id: 2, name: "Groq", preset: "groq", model: "llama-3.1-8b-instant" });
const local = provider({ id: 3, name: "Ollama", preset: "ollama", model: "llama3.2", enabled: false });
const providers = [openai, groq, local];

function stepNames(purpose: string) {
  return within(screen.getByTestId(`route-${purpose}`))
    .getAllByRole("listitem")
    .map((li) => li.querySelector(".route-step__label")?.textContent);
}

function setup() {
  const routes = [
    route("research", [openai], { is_default: true }),
    route("opener", [openai, groq]),
    { ...route("draft", [openai, groq, local]), steps: route("draft", [openai, groq, local]).steps.map((s) => (s.provider_id === 1 ? { ...s, model: "gpt-4o" } : s)) },
    route("classify", [groq]),
  ];
  const engine = settingsEngine({ providers, routes });
  renderApp(<SettingsScreen tab="providers" />, { workspace: workspace() });
  return engine;
}

describe("fallback order", () => {
  it("says when a purpose follows the default order", async () => {
    setup();
    expect(await screen.findByTestId("route-default-research")).toHaveTextContent("Default: every enabled provider in the order added");
    expect(screen.queryByTestId("route-default-draft")).not.toBeInTheDocument();
    expect(within(screen.getByTestId("route-draft")).getByText("Disabled, skipped")).toBeInTheDocument();
  });

  it("reorders from the keyboard, keeps focus on the moved step, and saves the new order", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await screen.findByTestId("route-draft");
    expect(stepNames("draft")).toEqual(["OpenAI", "Groq", "Ollama"]);
    expect(screen.getByTestId("route-save-draft")).toBeDisabled();

    const draft = within(screen.getByTestId("route-draft"));
    const down = draft.getByRole("button", { name: "Move OpenAI down" });
    down.focus();
    await user.keyboard("{Enter}");
    expect(stepNames("draft")).toEqual(["Groq", "OpenAI", "Ollama"]);
    expect(draft.getByRole("button", { name: "Move OpenAI down" })).toHaveFocus();

    await user.keyboard("{Enter}");
    expect(stepNames("draft")).toEqual(["Groq", "Ollama", "OpenAI"]);
    // At the bottom "down" is disabled, so focus moves to its twin.
    expect(draft.getByRole("button", { name: "Move OpenAI up" })).toHaveFocus();

    await user.click(draft.getByRole("button", { name: "Move Ollama up" }));
    expect(stepNames("draft")).toEqual(["Ollama", "Groq", "OpenAI"]);

    await user.click(screen.getByTestId("route-save-draft"));
    await waitFor(() => expect(engine.argsOf("route_set")).toHaveLength(1));
    expect(engine.argsOf("route_set")[0]).toEqual({
      purpose: "draft",
      steps: [{ provider_id: 3 }, { provider_id: 2 }, { provider_id: 1, model: "gpt-4o" }],
    });
  });

  it("adds and removes steps before saving", async () => {
    const engine = setup();
    const user = userEvent.setup();
    const classify = await screen.findByTestId("route-classify");
    await user.selectOptions(within(classify).getByTestId("route-add-provider-classify"), "3");
    await user.click(within(classify).getByTestId("route-add-classify"));
    await user.type(within(classify).getAllByRole("textbox")[1]!, "qwen2.5");
    await user.click(within(classify).getByRole("button", { name: "Remove Groq from this order" }));
    await user.click(within(classify).getByTestId("route-save-classify"));
    await waitFor(() => expect(engine.argsOf("route_set")).toEqual([{ purpose: "classify", steps: [{ provider_id: 3, model: "qwen2.5" }] }]));
  });

  it("goes back to the default order with an empty chain", async () => {
    const engine = setup();
    await userEvent.setup().click(await screen.findByTestId("route-reset-opener"));
    await waitFor(() => expect(engine.argsOf("route_set")).toEqual([{ purpose: "opener", steps: [] }]));
  });
});
