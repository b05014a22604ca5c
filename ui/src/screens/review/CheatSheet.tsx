export const KEYS: [string, string][] = [
  ["j / k", "next / previous"],
  ["a", "approve"],
  ["r", "reject with a note"],
  ["e", "edit (Ctrl+Enter saves, Esc cancels)"],
  ["g", "regenerate with an instruction"],
  ["n", "request regeneration"],
  ["o", "reopen"],
  ["Enter", "open one at a time"],
  ["Esc", "back to the list"],
  ["/", "search"],
  ["?", "all shortcuts"],
];

function Keys({ keys }: { keys: string }) {
  return (
    <>
      {keys.split(" / ").map((k, i) => (
        <span key={k}>
          {i > 0 && " "}
          <kbd className="kbd">{k}</kbd>
        </span>
      ))}
    </>
  );
}

/** The always-visible hint bar; `?` opens the full sheet. */
export function HintBar({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <div className="hint-bar" data-testid="review-hints">
      {KEYS.slice(0, 6).map(([k, label]) => (
        <span key={k} className="hint-bar__item">
          <Keys keys={k} /> {label.split(" (")[0]}
        </span>
      ))}
      <button type="button" className="link-button hint-bar__more" onClick={onToggle} aria-expanded={open} data-testid="review-cheatsheet-toggle">
        <kbd className="kbd">?</kbd> {open ? "hide shortcuts" : "all shortcuts"}
      </button>
      {open && (
        <dl className="cheat-sheet" data-testid="review-cheatsheet">
          {KEYS.map(([k, label]) => (
            <div key={k} className="cheat-sheet__row">
              <dt>
                <Keys keys={k} />
              </dt>
              <dd>{label}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
