import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PROVIDER_POLL_MS } from "../../hooks/providers";
import { provider, workspace } from "../../test/fixtures";
import { renderApp } from "../../test/render";
import { settingsEngine } from "../../test/settingsEngine";
import { SettingsScreen } from "./SettingsScreen";

afterEach(() => vi.useRealTimers());

describe("settings", () => {
  it("has a tab per area, in the product's order, reachable with the arrow keys", async () => {
    settingsEngine();
    renderApp(<SettingsScreen tab="providers" />, { workspace: workspace() });
    const providers = screen.getByRole("tab", { name: "AI providers" });
    expect(providers).toHaveAttribute("aria-selected", "true");
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Sender accounts", "Compliance", "Suppression", "AI providers", "Budget & usage"]);
    providers.focus();
    await userEvent.setup().keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: "Budget & usage" })).toHaveFocus();
    expect(screen.getByRole("tab", { name: "Budget & usage" })).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByTestId("budget-tab")).toBeInTheDocument();
    expect(screen.getByRole("tabpanel")).toHaveAccessibleName("Budget & usage");
  });

  it("reads the providers again every few seconds, so a breaker that opens shows without a reload", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const engine = settingsEngine();
    renderApp(<SettingsScreen tab="providers" />, { workspace: workspace() });
    expect(await screen.findByTestId("provider-circuit-1")).toHaveTextContent("Available");

    engine.state.providers = [provider({ circuit: { state: "open", consecutive_failures: 5, retry_in_secs: 30, last_error: "OpenAI had a server error (HTTP 503)" } })];
    await act(() => vi.advanceTimersByTimeAsync(PROVIDER_POLL_MS + 100));
    await waitFor(() => expect(screen.getByTestId("provider-circuit-1")).toHaveTextContent("Paused, retry in 30 s"));
    expect(screen.getByTestId("provider-last-error-1")).toHaveTextContent("OpenAI had a server error (HTTP 503)");
    expect(engine.argsOf("provider_list").length).toBeGreaterThanOrEqual(2);
  });

  it("opens on the budget tab with the current workspace's usage", async () => {
    const engine = settingsEngine();
    renderApp(<SettingsScreen tab="budget" />, { workspace: workspace({ id: 3, name: "Acme" }) });
    expect(await screen.findByTestId("usage-chart-empty")).toBeInTheDocument();
    expect(engine.argsOf("usage_summary")[0]).toMatchObject({ workspace_id: 3 });
    expect(engine.argsOf("usage_recent")[0]).toEqual({ workspace_id: 3, limit: 50 });
    expect(engine.argsOf("budget_get")[0]).toEqual({ workspace_id: 3 });
  });
});
