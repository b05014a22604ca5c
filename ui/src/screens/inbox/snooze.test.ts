import { describe, expect, it } from "vitest";
import { dayAfter, nextWeek, pickedDay, tomorrowMorning } from "./snooze";
import { openableLink } from "./mailFrame";

describe("snooze times", () => {
  const wednesday = new Date(2026, 11, 9, 18, 45);
  it("end tomorrow at nine, local time", () => {
    expect(tomorrowMorning(wednesday)).toBe(new Date(2026, 11, 10, 9, 0).toISOString());
  });
  it("end next Monday at nine, and a week on when today is Monday", () => {
    expect(nextWeek(wednesday)).toBe(new Date(2026, 11, 14, 9, 0).toISOString());
    expect(nextWeek(new Date(2026, 11, 14, 8, 0))).toBe(new Date(2026, 11, 21, 9, 0).toISOString());
  });
  it("take a picked day only when it is after today", () => {
    expect(pickedDay("2026-12-31", wednesday)).toBe(new Date(2026, 11, 31, 9, 0).toISOString());
    expect(pickedDay("2026-12-09", wednesday)).toBeNull();
    expect(pickedDay("not a day", wednesday)).toBeNull();
    expect(dayAfter(new Date(2026, 11, 31, 12))).toBe("2027-01-01");
  });
});

describe("links in a mail", () => {
  it("open only absolute http(s) addresses", () => {
    expect(openableLink(" https://globex.example/pricing ")).toBe("https://globex.example/pricing");
    expect(openableLink("http://globex.example")).toBe("http://globex.example/");
    for (const bad of ["javascript:alert(1)", "jav\tascript:alert(1)", "mailto:a@b.example", "/relative", "//evil.example/x", "data:text/html,<script>", null]) expect(openableLink(bad)).toBeNull();
  });
});
