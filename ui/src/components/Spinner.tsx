export function Spinner({ label = "Loading", size = 16 }: { label?: string; size?: number }) {
  return <span className="spinner" role="status" aria-label={label} style={{ width: size, height: size }} />;
}

export function Skeleton({ width, height = 14, className }: { width?: number | string; height?: number; className?: string }) {
  return <span className={className ? `skeleton ${className}` : "skeleton"} style={{ width, height }} aria-hidden="true" />;
}

/** A few shimmering lines standing in for a list that is on its way. */
export function SkeletonRows({ rows = 6, label = "Loading" }: { rows?: number; label?: string }) {
  return (
    <div className="skeleton-rows" role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} width={`${92 - ((i * 13) % 30)}%`} height={16} />
      ))}
    </div>
  );
}
