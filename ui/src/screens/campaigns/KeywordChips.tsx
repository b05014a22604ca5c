import { useState, type KeyboardEvent } from "react";
import { Icon } from "../../components/Icon";

/** Keywords as removable chips; Enter or comma adds what was typed, Backspace on empty removes the last. */
export function KeywordChips({
  id,
  value,
  onChange,
  describedBy,
}: {
  id: string;
  value: string[];
  onChange: (next: string[]) => void;
  describedBy?: string;
}) {
  const [draft, setDraft] = useState("");

  const add = (raw: string) => {
    const words = raw
      .split(",")
      .map((w) => w.trim())
      .filter(Boolean);
    const next = [...value];
    for (const w of words) if (!next.some((k) => k.toLowerCase() === w.toLowerCase())) next.push(w);
    if (next.length !== value.length) onChange(next);
    setDraft("");
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      add(draft);
    } else if (e.key === "Backspace" && draft === "" && value.length) {
      onChange(value.slice(0, -1));
    }
  };

  return (
    <div className="chips-input" data-testid="keyword-chips">
      {value.map((k) => (
        <span key={k} className="chip">
          {k}
          <button type="button" className="chip__remove" aria-label={`Remove keyword ${k}`} onClick={() => onChange(value.filter((v) => v !== k))}>
            <Icon name="x" size={12} />
          </button>
        </span>
      ))}
      <input
        id={id}
        className="chips-input__field"
        value={draft}
        placeholder={value.length ? "" : "Type a keyword and press Enter"}
        aria-describedby={describedBy}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => draft.trim() && add(draft)}
        data-testid="keyword-input"
      />
    </div>
  );
}
