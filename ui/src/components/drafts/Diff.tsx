import { useMemo } from "react";
import { wordDiff } from "../../lib/diff";

/** What an edit changed, word by word: removed words struck through, added ones marked. */
export function Diff({ before, after, testId }: { before: string; after: string; testId?: string }) {
  const parts = useMemo(() => wordDiff(before, after), [before, after]);
  return (
    <pre className="mail-text diff" data-testid={testId}>
      {parts.map((p, i) =>
        p.kind === "same" ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === "added" ? (
          <ins key={i} className="diff-ins">
            {p.text}
          </ins>
        ) : (
          <del key={i} className="diff-del">
            {p.text}
          </del>
        ),
      )}
    </pre>
  );
}
