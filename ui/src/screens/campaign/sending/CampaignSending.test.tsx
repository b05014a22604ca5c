import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { counts } from "../../../test/draftFixtures";
import { engineError, mockEngine } from "../../../test/engine";
import { campaign, workspace } from "../../../test/fixtures";
import { renderApp } from "../../../test/render";
import { attempt, outboxPage, schedulePreview } from "../../../test/sendingFixtures";
import { CampaignPage } from "../CampaignPage";


describe("campaign sending", () => {
  it("lists what blocks the launch and shows the engine's refusal with every reason", async () => {
    const problems = ["the workspace has no sender account; add one in Settings → Sender accounts", "the compliance footer needs the physical address (Settings → Compliance)"];
    mockEngine({
      campaign_list: () => [campaign({ id: 1 })],
      review_counts: () => counts({ approved: 2 }),
      schedule_preview: () => schedulePreview({ problems, sends: [], accounts: [], on_hours: [], unplaced: 2 }),
      campaign_launch: () => {
        throw engineError("validation", `Campaign "Q1 SaaS founders" cannot start sending yet: ${problems.join("; ")}`);
      },
    });
    renderApp(<CampaignPage campaignId={1} tab="schedule" />, { workspace: workspace() });
    const blockers = await screen.findByTestId("launch-blockers");
    expect(within(blockers).getAllByRole("listitem").map((li) => li.textContent)).toEqual(problems);
    await userEvent.setup().click(screen.getByTestId("campaign-launch"));
    expect(await screen.findByTestId("launch-refused")).toHaveTextContent("cannot start sending yet: the workspace has no sender account");
  });

  it("shows each planned send in the recipient's time and the user's, and the hours to keep the computer on", async () => {
    mockEngine({ campaign_list: () => [campaign({ id: 1 })], review_counts: () => counts({ approved: 2 }), schedule_preview: () => schedulePreview() });
    renderApp(<CampaignPage campaignId={1} tab="schedule" />, { workspace: workspace() });
    const sends = await screen.findByTestId("schedule-sends");
    expect(sends).toHaveTextContent("Thu 09:20 America/New_York");
    expect(sends).toHaveTextContent("Thu 15:20");
    expect(screen.getByTestId("schedule-on-hours")).toHaveTextContent("09:12–15:20");
    expect(screen.getByTestId("schedule-accounts")).toHaveTextContent("10 of 30");
  });

  it("counts attempts by state, shows the server's reply, and resolves an unknown outcome after confirmation", async () => {
    const engine = mockEngine({
      campaign_list: () => [campaign({ id: 1, sending: "running", launched_at: "2026-11-25T09:30:00Z" })],
      review_counts: () => counts({ approved: 2 }),
      outbox_page: () =>
        outboxPage([
          attempt(1, "sent", { smtp_code: 250, smtp_reply: "2.0.0 OK queued as 12345", sent_at: "2026-11-25T10:00:00Z" }),
          attempt(2, "unknown", { detail: "the connection dropped after the message data was sent" }),
          attempt(3, "sent", { step: -1, answer_to: 40, sent_at: "2026-11-26T10:00:00Z" }),
        ]),
      outbox_resolve: ({ id, sent }) => attempt(id, sent ? "sent" : "queued"),
    });
    renderApp(<CampaignPage campaignId={1} tab="activity" />, { workspace: workspace() });
    expect(await screen.findByTestId("attempt-reply-1")).toHaveTextContent("250 2.0.0 OK queued as 12345");
    expect(screen.getByTestId("status-chip-unknown")).toHaveTextContent("Unknown 1");
    expect(screen.getByTestId("attempt-step-1")).toHaveTextContent(/^1$/);
    expect(screen.getByTestId("attempt-step-3")).toHaveTextContent(/^Answer$/);
    expect(screen.getByTestId("campaign-sending")).toHaveTextContent("Sending");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("attempt-mark-not-sent-2"));
    const dialog = await screen.findByTestId("resolve-dialog");
    expect(dialog).toHaveTextContent("same Message-ID");
    await user.click(within(dialog).getByRole("button", { name: "Mark not sent and queue again" }));
    await waitFor(() => expect(engine.argsOf("outbox_resolve")).toEqual([{ id: 2, sent: false }]));
  });
});
