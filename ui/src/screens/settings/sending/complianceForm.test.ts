import { describe, expect, it } from "vitest";
import { compliance } from "../../../test/sendingFixtures";
import { compliancePatch, formFromSettings, toggleDay, validateCompliance } from "./complianceForm";

describe("compliance form", () => {
  it("reads the days the window opens and toggles them in week order", () => {
    const form = formFromSettings(compliance({ window_days: "mon,wed,fri" }));
    expect(form.days).toEqual(["mon", "wed", "fri"]);
    expect(toggleDay(form.days, "tue")).toEqual(["mon", "tue", "wed", "fri"]);
    expect(toggleDay(form.days, "wed")).toEqual(["mon", "fri"]);
  });

  it("sends only what changed, so the engine's refusal belongs to a field the user touched", () => {
    const before = formFromSettings(compliance());
    const { patch, changed } = compliancePatch(before, { ...before, timezone: "Europe/Berlin", windowEnd: "16:30", days: ["mon", "tue"] });
    expect(changed).toEqual(["windowEnd", "days", "timezone"]);
    expect(patch).toMatchObject({ timezone: "Europe/Berlin", send_window: "09:00-16:30", days: "mon,tue", physical_address: null, max_tries: null, hold_without_consent: null });
    expect(compliancePatch(before, before).changed).toEqual([]);
  });

  it("turns the consent rule off as false, not as an absent change", () => {
    const before = formFromSettings(compliance({ hold_without_consent: true }));
    expect(compliancePatch(before, { ...before, holdWithoutConsent: false }).patch.hold_without_consent).toBe(false);
    expect(compliancePatch(before, { ...before, htmlAlternative: true }).patch.html_alternative).toBe(true);
    expect(compliancePatch(before, { ...before, pauseCompanyOnReply: true }).patch.pause_company_on_reply).toBe(true);
  });

  it("asks for an address, a day, times and sane limits", () => {
    const form = { ...formFromSettings(compliance()), days: [], windowStart: "9am", bouncePercent: "150", maxTries: "0", unsubscribeUrl: "example.com/stop" };
    expect(Object.keys(validateCompliance(form)).sort()).toEqual(["bouncePercent", "days", "maxTries", "physicalAddress", "unsubscribeUrl", "windowStart"]);
    expect(validateCompliance({ ...formFromSettings(compliance({ physical_address: "1 Main St" })), unsubscribeMailto: "mailto:stop@example.com" })).toEqual({});
  });
});
