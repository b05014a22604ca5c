import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { IssuesTable } from "./IssuesTable";

const issues = [{ line: 1234, kind: "invalid" as const, reason: "\"x@\" is not a valid email address" }];

describe("rows not imported", () => {
  it("numbers a text file's rows by line and a spreadsheet's by row, as the file shows them", () => {
    const { unmount } = render(<IssuesTable issues={issues} total={1} format="csv" />);
    const table = screen.getByTestId("issues-table");
    expect(within(table).getByRole("columnheader", { name: "Line" })).toBeInTheDocument();
    expect(within(table).getByText("1,234")).toBeInTheDocument();
    unmount();
    render(<IssuesTable issues={issues} total={1} format="xlsx" />);
    expect(within(screen.getByTestId("issues-table")).getByRole("columnheader", { name: "Row" })).toBeInTheDocument();
  });

  it("says when only the first issues are shown", () => {
    render(<IssuesTable issues={issues} total={5000} format="csv" />);
    expect(screen.getByText(/Showing the first 1 of 5,000 issues/)).toBeInTheDocument();
  });
});
