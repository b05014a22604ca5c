import { describe, expect, it } from "vitest";
import { attempt } from "../../test/sendingFixtures";
import { answerOutcome, answerSubject, whyNotAnswerable } from "./answer";

describe("answers", () => {
  it("writes one Re: before the subject, as the engine does", () => {
    expect(answerSubject("Quick idea")).toBe("Re: Quick idea");
    expect(answerSubject("RE:Quick idea")).toBe("Re: Quick idea");
    expect(answerSubject("Return policy")).toBe("Re: Return policy");
    expect(answerSubject(" ")).toBe("Re:");
  });

  it("says what became of an answer: sent, waiting and why, blocked and by which rule", () => {
    const now = new Date("2026-12-07T10:00:00Z");
    expect(answerOutcome(attempt(1, "sent", { recipient: "ada@acme.com", sender: "me@consult.example" }), now)).toEqual({
      tone: "success",
      text: "Answer sent to ada@acme.com from me@consult.example; marked done",
      goes: true,
    });
    const deferred = answerOutcome(attempt(1, "deferred", { scheduled_at: "2026-12-07T09:00:00Z", detail: "the server said 451 try later" }), now);
    expect(deferred).toMatchObject({ tone: "warning", goes: true, text: "Answer queued: the server said 451 try later; marked done" });
    const blocked = answerOutcome(attempt(1, "blocked", { blocked_by: "lead", detail: "the lead unsubscribed" }), now);
    expect(blocked).toEqual({ tone: "danger", text: "Answer blocked by the lead's status: the lead unsubscribed", goes: false });
    expect(answerOutcome(attempt(1, "failed", { detail: "the message could not be built" }), now).goes).toBe(false);
  });

  it("knows the messages Reach cannot answer", () => {
    const reply = { kind: "reply" as const, campaign_id: 1, lead_id: 2, from_address: "ada@acme.com" };
    expect(whyNotAnswerable(reply)).toBeNull();
    expect(whyNotAnswerable({ ...reply, kind: "bounce" })).toMatch(/no one to answer/);
    expect(whyNotAnswerable({ ...reply, lead_id: null })).toMatch(/not tied to a campaign/);
    expect(whyNotAnswerable({ ...reply, from_address: null })).toMatch(/no sender address/);
  });
});
