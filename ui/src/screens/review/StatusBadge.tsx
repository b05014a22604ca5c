import type { ReviewStatus } from "../../ipc/bindings/ReviewStatus";
import { STATUS_LABEL } from "./reviewFilter";

export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  return (
    <span className={`badge review-status review-status--${status}`} data-testid="draft-status">
      {STATUS_LABEL[status]}
    </span>
  );
}
