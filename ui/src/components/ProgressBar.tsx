export function ProgressBar({ value, max, label, testId }: { value: number; max: number; label: string; testId?: string }) {
  const known = max > 0;
  const pct = known ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div
      className={known ? "progress" : "progress progress--indeterminate"}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? max : undefined}
      aria-valuenow={known ? value : undefined}
      data-testid={testId}
    >
      {/* A new bar when the total becomes known, so it does not slide back from the indeterminate sweep. */}
      <div key={known ? "known" : "unknown"} className="progress__bar" style={known ? { width: `${pct}%` } : undefined} />
    </div>
  );
}
