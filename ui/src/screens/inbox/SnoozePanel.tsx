import { useState } from "react";
import { formatShortDateTime } from "../../lib/format";
import { dayAfter, nextWeek, pickedDay, tomorrowMorning } from "./snooze";

/** Where a snooze ends: tomorrow morning, next week, or a picked day (each at 9:00 local time). */
export function SnoozePanel({ now, onSnooze, onClose }: { now: Date; onSnooze: (until: string) => void; onClose: () => void }) {
  const [day, setDay] = useState(dayAfter(now));
  const picked = pickedDay(day, now);
  const tomorrow = tomorrowMorning(now);
  const week = nextWeek(now);
  return (
    <div className="inbox-snooze" role="group" aria-label="Snooze until" data-testid="snooze-panel" onKeyDown={(e) => e.key === "Escape" && onClose()}>
      <button type="button" className="btn btn--sm" onClick={() => onSnooze(tomorrow)} data-testid="snooze-tomorrow" autoFocus>
        Tomorrow <span className="text-subtle">{formatShortDateTime(tomorrow)}</span>
      </button>
      <button type="button" className="btn btn--sm" onClick={() => onSnooze(week)} data-testid="snooze-next-week">
        Next week <span className="text-subtle">{formatShortDateTime(week)}</span>
      </button>
      <span className="inbox-snooze__pick">
        <input type="date" className="input input--sm" value={day} min={dayAfter(now)} onChange={(e) => setDay(e.target.value)} aria-label="Snooze until the morning of" data-testid="snooze-date" />
        <button type="button" className="btn btn--sm" disabled={!picked} onClick={() => picked && onSnooze(picked)} data-testid="snooze-pick">
          Snooze
        </button>
      </span>
      <button type="button" className="icon-button" aria-label="Cancel snooze" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
