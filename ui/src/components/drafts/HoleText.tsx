const HOLE = /(\{\{\s*[\w.]+\s*\}\})/g;

/** Rendered text with its holes (variables with no value, left as `{{ name }}`) marked. Always text, never HTML. */
export function HoleText({ text }: { text: string }) {
  const parts = text.split(HOLE);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <mark key={i} className="hole" data-testid="hole">
            {part}
          </mark>
        ) : (
          part
        ),
      )}
    </>
  );
}
