import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { totals, usageSummary } from "../../../test/fixtures";
import { dayPoints, UsageCharts } from "./UsageCharts";

const summary = usageSummary({
  month: "2026-11",
  totals: totals({ calls: 42, cost_usd: 3.75 }),
  by_day: [
    { key: "2026-11-03", label: "2026-11-03", totals: totals({ calls: 30, cost_usd: 2.55 }) },
    { key: "2026-11-20", label: "2026-11-20", totals: totals({ calls: 12, cost_usd: 1.2 }) },
  ],
  by_provider: [
    { key: "Groq", label: "Groq", totals: totals({ calls: 12, cost_usd: 1.2 }) },
    { key: "OpenAI", label: "OpenAI", totals: totals({ calls: 30, cost_usd: 2.55 }) },
  ],
});

describe("usage charts", () => {
  it("gives every day of the month a bar, quiet days at zero", () => {
    const points = dayPoints("2026-11", summary.by_day);
    expect(points).toHaveLength(30);
    expect(points[2]).toMatchObject({ key: "2026-11-03", label: "3", cost: 2.55, calls: 30 });
    expect(points[3]).toMatchObject({ cost: 0, calls: 0 });
  });

  it("draws cost per day and per provider with axis labels, value labels and the figures as a table", () => {
    render(<UsageCharts summary={summary} />);
    const day = screen.getByTestId("usage-chart-day");
    expect(within(day).getByText("Cost per day")).toBeInTheDocument();
    expect(day.querySelectorAll(".recharts-bar-rectangle").length).toBeGreaterThanOrEqual(2);
    expect(within(day).getByText("Day of November 2026")).toBeInTheDocument();
    expect(within(day).getByText("Cost (USD)")).toBeInTheDocument();
    const dayTable = within(day).getByRole("table");
    expect(within(dayTable).getAllByRole("row")).toHaveLength(3);
    expect(dayTable).toHaveTextContent("2026-11-03$2.5530");

    const byProvider = screen.getByTestId("usage-chart-provider");
    expect(byProvider.querySelectorAll(".recharts-bar-rectangle")).toHaveLength(2);
    expect(within(byProvider).getByText("Cost (USD)")).toBeInTheDocument();
    // Value labels on the bars, most expensive first.
    const labels = [...byProvider.querySelectorAll(".recharts-label-list text")].map((t) => t.textContent);
    expect(labels).toEqual(["$2.55", "$1.20"]);
    expect(screen.queryByTestId("usage-chart-empty")).not.toBeInTheDocument();
  });

  it("shows an empty state instead of blank axes when the month has no calls", () => {
    render(<UsageCharts summary={usageSummary({ month: "2026-10" })} />);
    expect(screen.getByTestId("usage-chart-empty")).toHaveTextContent("No AI calls in October 2026");
    expect(screen.queryByTestId("usage-chart-day")).not.toBeInTheDocument();
    expect(screen.queryByTestId("usage-chart-provider")).not.toBeInTheDocument();
  });
});
