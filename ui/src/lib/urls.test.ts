import { describe, expect, it } from "vitest";
import { safeHttpUrl } from "./urls";

describe("links from lead data", () => {
  it("accepts http(s) URLs and reads bare domains as https", () => {
    expect(safeHttpUrl("https://acme.com/about")).toBe("https://acme.com/about");
    expect(safeHttpUrl("http://acme.com")).toBe("http://acme.com/");
    expect(safeHttpUrl("acme.co.uk")).toBe("https://acme.co.uk/");
    expect(safeHttpUrl("www.linkedin.com/in/ada")).toBe("https://www.linkedin.com/in/ada");
  });

  it("refuses every other scheme and plain text", () => {
    for (const v of ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "mailto:a@b.c", "not a site", "", null]) {
      expect(safeHttpUrl(v)).toBeNull();
    }
  });
});
