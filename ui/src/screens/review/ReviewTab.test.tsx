import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Draft } from "../../ipc/bindings/Draft";
import type { DraftFilter } from "../../ipc/bindings/DraftFilter";
import { engineError, mockEngine } from "../../test/engine";
import { counts, draft, step } from "../../test/draftFixtures";
import { campaign, lead, workspace } from "../../test/fixtures";
import { renderApp } from "../../test/render";
import { ReviewTab } from "./ReviewTab";

// jsdom lays nothing out; give the list's scroll box a viewport so the virtualizer renders rows.
const sizes = { clientHeight: 600, clientWidth: 1200 };
const originals = Object.fromEntries(Object.keys(sizes).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)]));
beforeAll(() => {
  for (const [k, v] of Object.entries(sizes)) Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => v });
});
afterAll(() => {
  for (const [k, d] of Object.entries(originals)) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
});

const HOLE = { check: "unresolved_variable" as const, level: "error" as const, message: "“podcast” has no value for this lead" };

function setup(initial: Draft[], extra: Parameters<typeof mockEngine>[0] = {}) {
  let drafts = initial;
  const waiting = () => drafts.filter((d) => d.status === "pending" || d.status === "regenerated");
  const engine = mockEngine({
    draft_page: ({ filter }) => {
      const list = drafts.filter((d) => filter.statuses.length === 0 || filter.statuses.includes(d.status));
      return { drafts: list, total: list.length };
    },
    review_counts: () => counts({ pending: waiting().length, approved: drafts.filter((d) => d.status === "approved").length }),
    sequence_list: () => [step(1)],
    draft_versions: () => [],
    review_decide: ({ id, decision }) => {
      const status = decision.action === "approve" ? "approved" : decision.action === "reject" ? "rejected" : "needs_regeneration";
      drafts = drafts.map((d) => (d.id === id ? { ...d, status, review_note: decision.note ?? null } : d));
      return drafts.find((d) => d.id === id)!;
    },
    draft_edit: ({ id, subject, body }) => {
      drafts = drafts.map((d) => (d.id === id ? { ...d, subject, body, original_subject: d.subject, original_body: d.body, qc: [], qc_errors: 0 } : d));
      return drafts.find((d) => d.id === id)!;
    },
    draft_regenerate: ({ id }) => {
      drafts = drafts.map((d) => (d.id === id ? { ...d, version: d.version + 1, status: "regenerated" as const, body: "A fresh version" } : d));
      return drafts.find((d) => d.id === id)!;
    },
    ...extra,
  });
  renderApp(<ReviewTab campaign={campaign({ id: 1 })} />, { workspace: workspace() });
  return engine;
}

const currentId = () => screen.getByTestId("draft-view").getAttribute("data-draft-id");

describe("review queue", () => {
  it("counts what is left and lists the drafts with QC chips and the offline chip", async () => {
    setup([draft(1), draft(2, { qc: [HOLE], qc_errors: 1 })]);
    await waitFor(() => expect(screen.getByTestId("review-left")).toHaveTextContent("2"));
    const rows = await screen.findAllByTestId("draft-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[1]!).getByTestId("qc-error")).toHaveTextContent("Unresolved variable");
    expect(within(rows[0]!).getByTestId("qc-offline")).toBeInTheDocument();
  });

  it("approves with a, then opens the next waiting draft; j and k move", async () => {
    const engine = setup([draft(1), draft(2), draft(3)]);
    const user = userEvent.setup();
    await screen.findAllByTestId("draft-row");
    await waitFor(() => expect(currentId()).toBe("1"));
    await user.keyboard("j");
    expect(currentId()).toBe("2");
    await user.keyboard("k");
    expect(currentId()).toBe("1");
    await user.keyboard("a");
    await waitFor(() => expect(engine.argsOf("review_decide")).toEqual([{ id: 1, decision: { action: "approve" } }]));
    await waitFor(() => expect(currentId()).toBe("2"));
    expect(screen.getByTestId("review-left")).toHaveTextContent("2");
  });

  it("disables approve on a draft with a QC error, says why, and does not ask the engine", async () => {
    const engine = setup([draft(1, { qc: [HOLE], qc_errors: 1 })]);
    const user = userEvent.setup();
    expect(await screen.findByTestId("approve-blocked")).toHaveTextContent("QC errors block approval: “podcast” has no value for this lead");
    expect(screen.getByTestId("action-approve")).toBeDisabled();
    await user.keyboard("a");
    expect(await screen.findByTestId("toast-error")).toHaveTextContent("This draft cannot be approved");
    expect(engine.argsOf("review_decide")).toEqual([]);
  });

  it("rejects with a note typed after r", async () => {
    const engine = setup([draft(1), draft(2)]);
    const user = userEvent.setup();
    await screen.findAllByTestId("draft-row");
    await user.keyboard("r");
    await user.type(await screen.findByTestId("draft-reject-text"), "Not a fit{Enter}");
    await waitFor(() => expect(engine.argsOf("review_decide")).toEqual([{ id: 1, decision: { action: "reject", note: "Not a fit" } }]));
  });

  it("edits inline with e, saves with Ctrl+Enter, and shows the diff; Esc cancels an edit", async () => {
    const engine = setup([draft(1, { body: "Hello there friend" })]);
    const user = userEvent.setup();
    await screen.findAllByTestId("draft-row");
    await user.keyboard("e");
    const body = await screen.findByTestId("draft-edit-body");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("draft-edit-body")).not.toBeInTheDocument();
    await user.keyboard("e");
    await user.clear(await screen.findByTestId("draft-edit-body"));
    await user.type(screen.getByTestId("draft-edit-body"), "Hello there dear friend");
    await user.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(engine.argsOf("draft_edit")).toEqual([{ id: 1, subject: "Subject 1", body: "Hello there dear friend" }]));
    const diff = await screen.findByTestId("draft-diff-body");
    expect(within(diff).getByText("dear", { exact: false }).tagName).toBe("INS");
    expect(body).not.toBeInTheDocument();
  });

  it("regenerates with an instruction, keeping the spintax choices unless switched off", async () => {
    const engine = setup([draft(1)]);
    const user = userEvent.setup();
    await screen.findAllByTestId("draft-row");
    await user.keyboard("g");
    await user.click(await screen.findByTestId("draft-keep-spin"));
    await user.type(screen.getByTestId("draft-regenerate-text"), "Shorter{Enter}");
    await waitFor(() => expect(engine.argsOf("draft_regenerate")).toEqual([{ id: 1, instruction: "Shorter", keep_spin: false }]));
    expect(await screen.findByTestId("draft-version")).toHaveTextContent("v2");
  });

  it("shows the engine's refusal of a transition in a toast", async () => {
    setup([draft(1)], {
      review_decide: () => {
        throw engineError("conflict", "Draft 1 is approved: it can be approved only when pending or regenerated.");
      },
    });
    const user = userEvent.setup();
    await screen.findAllByTestId("draft-row");
    await user.keyboard("a");
    expect(await screen.findByTestId("toast-error")).toHaveTextContent("Draft 1 is approved: it can be approved only when pending or regenerated.");
  });

  it("approves every passing draft of the filter after a confirmation that says how many", async () => {
    const engine = setup([draft(1), draft(2), draft(3, { qc: [HOLE], qc_errors: 1 })], { review_approve_passing: () => ({ changed: 2, skipped: [] }) });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("approve-passing"));
    const dialog = screen.getByTestId("approve-passing-dialog");
    expect(dialog).toHaveTextContent("Approve 2 drafts?");
    await user.click(within(dialog).getByTestId("approve-passing-dialog-confirm"));
    await waitFor(() => expect(engine.argsOf("review_approve_passing")).toHaveLength(1));
    expect((engine.argsOf("review_approve_passing")[0] as { filter: DraftFilter }).filter).toMatchObject({ campaign_id: 1, statuses: ["pending", "regenerated"] });
    expect(await screen.findByText("Approved 2 drafts")).toBeInTheDocument();
  });

  it("filters by status and QC check through the engine's filter", async () => {
    const engine = setup([draft(1)]);
    const user = userEvent.setup();
    await screen.findAllByTestId("draft-row");
    await user.selectOptions(screen.getByTestId("review-filter-status"), "rejected");
    await user.selectOptions(screen.getByTestId("review-filter-qc"), "check:spam_words");
    await waitFor(() =>
      expect((engine.argsOf("draft_page").at(-1) as { filter: DraftFilter }).filter).toMatchObject({ statuses: ["rejected"], qc: { kind: "check", check: "spam_words" } }),
    );
  });

  it("says to draft the campaign when it has no drafts at all", async () => {
    setup([]);
    expect(await screen.findByTestId("review-no-drafts")).toHaveTextContent("Draft this campaign");
  });
});

describe("drafts being written", () => {
  it("streams a model's draft in above the queue and lets it go once it is saved", async () => {
    setup([draft(1)], { lead_get: ({ id }) => lead(id, { first_name: "Ana", last_name: "Lopez" }) });
    await screen.findAllByTestId("draft-row");
    const piece = (text: string) => ({ workspace_id: 1, campaign_id: 1, lead_id: 7, step: 1, chunk: { kind: "delta", text } });
    await act(() => emit("draft-writing", piece('{"subject": "Idea", "body": "Hi An')));
    expect(await screen.findByTestId("writing-body")).toHaveTextContent("Hi An");
    expect(screen.getByTestId("writing-card")).toHaveTextContent("Ana Lopez");
    await act(() => emit("draft-writing", piece('a, a short note."}')));
    expect(screen.getByTestId("writing-body")).toHaveTextContent("Hi Ana, a short note.");
    await act(() => emit("draft-writing", { ...piece(""), campaign_id: 2 }));
    expect(screen.getAllByTestId("writing-card")).toHaveLength(1);
    await act(() => emit("data-changed", { entity: "drafts", workspace_id: 1 }));
    await waitFor(() => expect(screen.queryByTestId("writing-now")).not.toBeInTheDocument());
  });

  it("starts a draft over when the model's answer restarts", async () => {
    setup([draft(1)]);
    await screen.findAllByTestId("draft-row");
    const base = { workspace_id: 1, campaign_id: 1, lead_id: 7, step: 2 };
    await act(() => emit("draft-writing", { ...base, chunk: { kind: "delta", text: '{"body": "Too long' } }));
    await act(() => emit("draft-writing", { ...base, chunk: { kind: "restart" } }));
    await act(() => emit("draft-writing", { ...base, chunk: { kind: "delta", text: '{"body": "Short' } }));
    expect(await screen.findByTestId("writing-body")).toHaveTextContent(/^Short/);
  });
});
