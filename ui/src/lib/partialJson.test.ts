import { describe, expect, it } from "vitest";
import { isComplete, partialStringField } from "./partialJson";

describe("partialStringField", () => {
  it("reads a field's text as far as it has arrived", () => {
    expect(partialStringField('{"subject": "Idea", "body": "Hi An', "body")).toBe("Hi An");
    expect(partialStringField('{"subject": "Idea", "body": "Hi Ana."}', "body")).toBe("Hi Ana.");
    expect(partialStringField('{"subject": "Ide', "subject")).toBe("Ide");
  });

  it("is null until the field's value begins", () => {
    expect(partialStringField('{"subject": "Idea", "bo', "body")).toBeNull();
    expect(partialStringField("", "body")).toBeNull();
  });

  it("decodes escapes and leaves out one cut in half", () => {
    expect(partialStringField('{"body": "Line one\\nLine \\"two\\"', "body")).toBe('Line one\nLine "two"');
    expect(partialStringField('{"body": "Caf\\u00e9 and \\', "body")).toBe("Café and ");
    expect(partialStringField('{"body": "x\\u00', "body")).toBe("x");
  });

  it("knows a whole object from a part", () => {
    expect(isComplete('{"body": "x"}')).toBe(true);
    expect(isComplete('{"body": "x')).toBe(false);
  });
});
