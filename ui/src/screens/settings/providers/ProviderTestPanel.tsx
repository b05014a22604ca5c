import type { ProviderTestState } from "../../../hooks/providers";
import { describeError, errorTitle } from "../../../ipc/errors";
import { Icon } from "../../../components/Icon";
import { Spinner } from "../../../components/Spinner";
import { formatCallCost, formatCount } from "../../../lib/format";

/** The live answer of a provider's test call, then what it took, or why it failed. */
export function ProviderTestPanel({ providerName, state, onClose, testId }: { providerName: string; state: ProviderTestState; onClose: () => void; testId: string }) {
  if (state.status === "idle") return null;
  const answer = state.status === "done" ? state.text || state.result.answer : state.text;
  return (
    <section className={`test-panel test-panel--${state.status}`} aria-label={`Test of ${providerName}`} data-testid={testId}>
      <header className="test-panel__head">
        <span className="test-panel__status" role="status" data-testid={`${testId}-status`}>
          {state.status === "running" && (
            <>
              <Spinner size={14} label="Testing" />
              Asking {providerName}…
            </>
          )}
          {state.status === "done" && (
            <>
              <Icon name="check-circle" className="text-success" />
              {providerName} answered
            </>
          )}
          {state.status === "failed" && (
            <>
              <Icon name="alert-circle" className="text-danger" />
              {state.error.code === "validation" ? "The test failed" : errorTitle(state.error)}
            </>
          )}
        </span>
        <button type="button" className="icon-button" aria-label="Close the test" onClick={onClose} disabled={state.status === "running"}>
          <Icon name="x" />
        </button>
      </header>
      {(answer || state.status === "running") && (
        <pre className="test-panel__answer" aria-live="polite" data-testid={`${testId}-answer`}>
          {answer}
          {state.status === "running" && <span className="test-panel__caret" aria-hidden="true" />}
        </pre>
      )}
      {state.status === "done" && (
        <dl className="test-panel__facts" data-testid={`${testId}-result`}>
          <div>
            <dt>Model</dt>
            <dd className="input--mono">{state.result.model}</dd>
          </div>
          <div>
            <dt>Latency</dt>
            <dd data-testid={`${testId}-latency`}>{formatCount(state.result.latency_ms)} ms</dd>
          </div>
          <div>
            <dt>Tokens in / out</dt>
            <dd data-testid={`${testId}-tokens`}>
              {formatCount(state.result.input_tokens)} / {formatCount(state.result.output_tokens)}
            </dd>
          </div>
          <div>
            <dt>Cost</dt>
            <dd data-testid={`${testId}-cost`}>{formatCallCost(state.result.cost_usd)}</dd>
          </div>
        </dl>
      )}
      {state.status === "failed" && (
        <p className="test-panel__error" role="alert" data-testid={`${testId}-error`}>
          {describeError(state.error)}
        </p>
      )}
    </section>
  );
}
