import type { ProviderTestState } from "../../../hooks/providers";
import { Icon } from "../../../components/Icon";
import { TestPanel } from "../../../components/TestPanel";
import { formatCallCost, formatCount } from "../../../lib/format";

/** The live answer of a provider's test call, then what it took, or why it failed. */
export function ProviderTestPanel({ providerName, state, onClose, testId }: { providerName: string; state: ProviderTestState; onClose: () => void; testId: string }) {
  if (state.status === "idle") return null;
  const answer = state.status === "done" ? state.text || state.result.answer : state.text;
  return (
    <TestPanel
      label={`Test of ${providerName}`}
      testId={testId}
      outcome={state}
      running={`Asking ${providerName}…`}
      done={
        <>
          <Icon name="check-circle" className="text-success" />
          {providerName} answered
        </>
      }
      failedTitle="The test failed"
      onClose={onClose}
    >
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
    </TestPanel>
  );
}
