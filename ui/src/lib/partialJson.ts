/**
 * The text of a string field of a JSON object that is still being written ("{\"body\": \"Hi An"), as far as it
 * has arrived: escapes decoded, an escape cut in half left out. Null until the field's value has begun.
 */
export function partialStringField(json: string, field: string): string | null {
  const key = new RegExp(`"${field}"\\s*:\\s*"`);
  const found = key.exec(json);
  if (!found) return null;
  let out = "";
  for (let i = found.index + found[0].length; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') return out;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = json[i + 1];
    if (next === undefined) return out;
    if (next === "u") {
      const hex = json.slice(i + 2, i + 6);
      if (hex.length < 4) return out;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    out += ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" } as Record<string, string>)[next] ?? next;
    i += 1;
  }
  return out;
}

/** Whether a streamed JSON object has arrived whole. */
export function isComplete(json: string): boolean {
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}
