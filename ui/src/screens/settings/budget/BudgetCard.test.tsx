import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { budget, workspace } from "../../../test/fixtures";
import { renderApp } from "../../../test/render";
import { settingsEngine } from "../../../test/settingsEngine";
import { BudgetCard } from "./BudgetCard";

function setup(initial = budget({ limit_usd: 50, spent_usd: 12.5, held_usd: 2.5, remaining_usd: 35 })) {
  const engine = settingsEngine({ budget: initial });
  renderApp(<BudgetCard workspaceId={7} workspaceName="Northwind" />, { workspace: workspace({ id: 7 }) });
  return engine;
}

describe("monthly budget", () => {
  it("shows the limit, what is spent and held, what remains, and how full it is", async () => {
    setup();
    expect(await screen.findByTestId("budget-input")).toHaveValue("50");
    expect(screen.getByTestId("budget-spent")).toHaveTextContent("$12.50");
    expect(screen.getByTestId("budget-held")).toHaveTextContent("$2.50");
    expect(screen.getByTestId("budget-remaining")).toHaveTextContent("$35.00");
    const bar = screen.getByTestId("budget-progress");
    expect(bar).toHaveAttribute("aria-valuenow", "15");
    expect(bar).toHaveAttribute("aria-valuemax", "50");
    expect(bar).toHaveAttribute("aria-valuetext", "$15.00 of $50.00");
  });

  it("saves an amount in dollars and shows the new remainder", async () => {
    const engine = setup();
    const user = userEvent.setup();
    const input = await screen.findByTestId("budget-input");
    await user.clear(input);
    await user.type(input, "$1,025.50");
    await user.click(screen.getByTestId("budget-save"));
    await waitFor(() => expect(engine.argsOf("budget_set")).toEqual([{ workspace_id: 7, monthly_usd: 1025.5 }]));
    expect(await screen.findByText("$1,010.50")).toBeInTheDocument();
    expect(screen.getByTestId("budget-remaining")).toHaveTextContent("$1,010.50");
  });

  it("sends null for an empty field: no limit", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await user.clear(await screen.findByTestId("budget-input"));
    await user.click(screen.getByTestId("budget-save"));
    await waitFor(() => expect(engine.argsOf("budget_set")).toEqual([{ workspace_id: 7, monthly_usd: null }]));
    expect(await screen.findByTestId("budget-remaining")).toHaveTextContent("No limit");
    await waitFor(() => expect(screen.queryByTestId("budget-progress")).not.toBeInTheDocument());
  });

  it("refuses an amount that is not dollars without asking the engine", async () => {
    const engine = setup();
    const user = userEvent.setup();
    const input = await screen.findByTestId("budget-input");
    await user.clear(input);
    await user.type(input, "twenty");
    await user.click(screen.getByTestId("budget-save"));
    expect(screen.getByText(/Enter an amount in dollars/)).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(engine.argsOf("budget_set")).toHaveLength(0);
  });
});
