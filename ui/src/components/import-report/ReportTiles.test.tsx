import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { importSummary } from "../../test/fixtures";
import { IssuesTable } from "./IssuesTable";
import { ReportTiles } from "./ReportTiles";

describe("an import's numbers", () => {
  it("count the people an import into a campaign added to it from the workspace", () => {
    const { unmount } = render(<ReportTiles summary={importSummary({ campaign_id: 4, duplicates_in_workspace: 6, added_from_workspace: 5 })} />);
    expect(screen.getByTestId("report-added-from-workspace")).toHaveTextContent("5");
    unmount();
    render(<ReportTiles summary={importSummary({ campaign_id: null })} />);
    expect(screen.queryByTestId("report-added-from-workspace")).not.toBeInTheDocument();
  });

  it("count the rows imported with a warning, which the issues list names", () => {
    render(<ReportTiles summary={importSummary({ warnings: 2 })} />);
    expect(screen.getByTestId("report-warnings")).toHaveTextContent("2");
    render(
      <IssuesTable
        issues={[{ line: 7, kind: "warning", reason: "\"bücher|shop.de\" is not a valid internationalized domain name; its domain is left empty" }]}
        total={1}
        format="csv"
      />,
    );
    expect(screen.getByText("Imported, with a warning")).toBeInTheDocument();
  });
});
