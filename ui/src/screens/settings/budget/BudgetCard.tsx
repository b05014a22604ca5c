import { useState, type FormEvent } from "react";
import type { BudgetView } from "../../../ipc/bindings/BudgetView";
import { describeError, type AppError } from "../../../ipc/errors";
import { Field } from "../../../components/Field";
import { Skeleton, Spinner } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useBudget, useSetBudget } from "../../../hooks/usage";
import { formatMonth, formatUsd } from "../../../lib/format";
import { budgetText, parseBudget } from "./budgetAmount";

export function BudgetCard({ workspaceId, workspaceName }: { workspaceId: number; workspaceName: string }) {
  const budget = useBudget(workspaceId);
  return (
    <section className="card budget" aria-labelledby="budget-title" data-testid="budget-card">
      <h2 id="budget-title" className="section-title">
        Monthly AI budget{budget.data ? ` · ${formatMonth(budget.data.month)}` : ""}
      </h2>
      <p className="text-muted">
        For {workspaceName}. When the budget is used up, running jobs pause instead of spending more.
      </p>
      {budget.isPending ? (
        <Skeleton height={64} />
      ) : budget.isError ? (
        <p className="callout callout--danger">{describeError(budget.error)}</p>
      ) : (
        <>
          <BudgetForm key={String(budget.data.limit_usd)} workspaceId={workspaceId} limit={budget.data.limit_usd} />
          <BudgetMeter budget={budget.data} />
        </>
      )}
    </section>
  );
}

function BudgetForm({ workspaceId, limit }: { workspaceId: number; limit: number | null }) {
  const save = useSetBudget(workspaceId);
  const notify = useToast();
  const [text, setText] = useState(() => budgetText(limit));
  const [error, setError] = useState<string | null>(null);
  const parsed = parseBudget(text);
  const unchanged = parsed.ok && parsed.value === limit;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!parsed.ok) {
      setError("Enter an amount in dollars, like 25 or 12.50, or leave it empty for no limit.");
      return;
    }
    setError(null);
    save.mutate(parsed.value, {
      onSuccess: (b) => notify.success(b.limit_usd === null ? "The budget has no limit" : `Budget set to ${formatUsd(b.limit_usd)} a month`),
      onError: (err: AppError) => err.code === "validation" && setError(describeError(err)),
    });
  };

  return (
    <form className="budget__form" onSubmit={submit} noValidate>
      <Field label="Monthly limit (USD)" hint="Leave empty for no limit." error={error}>
        {(control) => (
          <div className="input-group">
            <span className="input-affix" aria-hidden="true">
              $
            </span>
            <input
              {...control}
              className="input budget__input"
              inputMode="decimal"
              placeholder="No limit"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setError(null);
              }}
              data-testid="budget-input"
            />
            <button type="submit" className="btn btn--primary" disabled={save.isPending || unchanged} data-testid="budget-save">
              {save.isPending && <Spinner size={14} label="Saving" />}
              Save
            </button>
          </div>
        )}
      </Field>
    </form>
  );
}

function BudgetMeter({ budget }: { budget: BudgetView }) {
  const limit = budget.limit_usd;
  const used = budget.spent_usd + budget.held_usd;
  const pct = (v: number) => (limit && limit > 0 ? Math.min(100, (v / limit) * 100) : 0);
  const tone = limit === null ? "" : used >= limit ? " budget-meter--over" : used >= limit * 0.8 ? " budget-meter--near" : "";
  return (
    <div className="budget__summary">
      <dl className="stat-row">
        <div className="stat">
          <dt>Spent</dt>
          <dd data-testid="budget-spent">{formatUsd(budget.spent_usd)}</dd>
        </div>
        <div className="stat">
          <dt>Held by running jobs</dt>
          <dd data-testid="budget-held">{formatUsd(budget.held_usd)}</dd>
        </div>
        <div className="stat">
          <dt>Remaining</dt>
          <dd data-testid="budget-remaining">{budget.remaining_usd === null ? "No limit" : formatUsd(budget.remaining_usd)}</dd>
        </div>
      </dl>
      {limit !== null && (
        <div
          className={`budget-meter${tone}`}
          role="progressbar"
          aria-label="Budget used, including what running jobs hold"
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={Math.min(used, limit)}
          aria-valuetext={`${formatUsd(used)} of ${formatUsd(limit)}`}
          data-testid="budget-progress"
        >
          <span className="budget-meter__spent" style={{ width: `${pct(budget.spent_usd)}%` }} />
          <span className="budget-meter__held" style={{ width: `${Math.max(0, pct(used) - pct(budget.spent_usd))}%` }} />
        </div>
      )}
      {limit !== null && (
        <p className="text-muted budget__caption">
          {formatUsd(used)} of {formatUsd(limit)} used or held
        </p>
      )}
    </div>
  );
}
