import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ModelPrice } from "../../../ipc/bindings/ModelPrice";
import { workspace } from "../../../test/fixtures";
import { renderApp } from "../../../test/render";
import { settingsEngine } from "../../../test/settingsEngine";
import { PriceTable } from "./PriceTable";

const prices: ModelPrice[] = [
  { provider_kind: "openai", model: "gpt-4o-mini", input_per_mtok_usd: 0.15, output_per_mtok_usd: 0.6 },
  { provider_kind: "openai", model: "*", input_per_mtok_usd: 2.5, output_per_mtok_usd: 10 },
  { provider_kind: "anthropic", model: "claude-3-5-haiku-latest", input_per_mtok_usd: 0.8, output_per_mtok_usd: 4 },
];

function setup() {
  const engine = settingsEngine({ prices });
  renderApp(<PriceTable />, { workspace: workspace() });
  return engine;
}

describe("price table", () => {
  it("lists prices per million tokens, with the any-model row last in its kind", async () => {
    setup();
    const rows = within(await screen.findByTestId("price-table")).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      "Anthropicclaude-3-5-haiku-latest$0.80$4.00",
      "OpenAI-compatiblegpt-4o-mini$0.15$0.60",
      "OpenAI-compatibleAny other model$2.50$10.00",
    ]);
  });

  it("edits a row's prices and sends the whole price, keeping its kind and model", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("price-edit-openai-gpt-4o-mini"));
    const output = screen.getByTestId("price-output");
    await user.clear(output);
    await user.type(output, "0.75");
    await user.click(screen.getByTestId("price-save"));
    await waitFor(() =>
      expect(engine.argsOf("price_set")).toEqual([{ price: { provider_kind: "openai", model: "gpt-4o-mini", input_per_mtok_usd: 0.15, output_per_mtok_usd: 0.75 } }]),
    );
    expect(await screen.findByTestId("price-row-openai-gpt-4o-mini")).toHaveTextContent("$0.75");
  });

  it("adds an any-model price for a kind", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("price-add"));
    await user.selectOptions(screen.getByTestId("price-kind"), "gemini");
    await user.type(screen.getByTestId("price-model"), "*");
    await user.type(screen.getByTestId("price-input"), "0.3");
    await user.type(screen.getByTestId("price-output"), "2.5{Enter}");
    await waitFor(() =>
      expect(engine.argsOf("price_set")).toEqual([{ price: { provider_kind: "gemini", model: "*", input_per_mtok_usd: 0.3, output_per_mtok_usd: 2.5 } }]),
    );
    expect(await screen.findByTestId("price-row-gemini-*")).toHaveTextContent("Any other model");
  });

  it("refuses a price that is not a number, and a row that already exists", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("price-add"));
    await user.type(screen.getByTestId("price-model"), "gpt-4o-mini");
    await user.type(screen.getByTestId("price-input"), "cheap");
    await user.type(screen.getByTestId("price-output"), "1");
    await user.click(screen.getByTestId("price-save"));
    expect(screen.getByTestId("price-error")).toHaveTextContent("Prices are dollars per million tokens");
    await user.clear(screen.getByTestId("price-input"));
    await user.type(screen.getByTestId("price-input"), "1");
    await user.click(screen.getByTestId("price-save"));
    expect(screen.getByTestId("price-error")).toHaveTextContent("already has a price");
    expect(engine.argsOf("price_set")).toHaveLength(0);
  });

  it("removes a row by its kind and model", async () => {
    const engine = setup();
    await userEvent.setup().click(await screen.findByTestId("price-remove-openai-*"));
    await waitFor(() => expect(engine.argsOf("price_remove")).toEqual([{ provider_kind: "openai", model: "*" }]));
    await waitFor(() => expect(screen.queryByTestId("price-row-openai-*")).not.toBeInTheDocument());
  });
});
