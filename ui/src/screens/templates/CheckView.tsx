import type { TemplateCheck } from "../../ipc/bindings/TemplateCheck";
import type { TemplateProblem } from "../../ipc/bindings/TemplateProblem";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";

/** The line the problem is on, with the character at its column marked. */
function ProblemLine({ text, problem }: { text: string; problem: TemplateProblem }) {
  if (problem.line === null) return null;
  const line = text.split("\n")[problem.line - 1];
  if (line === undefined) return null;
  const at = Math.max(0, Math.min(line.length, (problem.column ?? 1) - 1));
  return (
    <pre className="problem-line" data-testid="template-problem-line">
      <span className="problem-line__no">{problem.line}</span>
      {line.slice(0, at)}
      <mark className="problem-line__at">{line.slice(at, at + 1) || " "}</mark>
      {line.slice(at + 1)}
    </pre>
  );
}

export function problemPlace(problem: TemplateProblem): string {
  const part = problem.part === "subject" ? "Subject" : "Body";
  if (problem.line === null) return part;
  return problem.column === null ? `${part}, line ${problem.line}` : `${part}, line ${problem.line}, column ${problem.column}`;
}

/** The live check under the editor: the syntax problem with its place, then unknown variables as warnings. */
export function CheckView({
  check,
  checking,
  subject,
  body,
  onGoTo,
}: {
  check: TemplateCheck | undefined;
  checking: boolean;
  subject: string;
  body: string;
  onGoTo: (problem: TemplateProblem) => void;
}) {
  if (!check) return <div className="tpl-check text-muted">{checking && <Spinner size={12} label="Checking" />} Checking the template…</div>;
  const { problem, unknown_variables } = check;
  return (
    <div className="tpl-check" aria-live="polite" data-testid="template-check">
      {problem ? (
        <div className="callout callout--danger tpl-problem" data-testid="template-problem">
          <Icon name="alert-circle" />
          <div className="min-w-0">
            <div>
              <strong data-testid="template-problem-place">{problemPlace(problem)}</strong>: {problem.message}
            </div>
            <ProblemLine text={problem.part === "subject" ? subject : body} problem={problem} />
            <button type="button" className="link-button" onClick={() => onGoTo(problem)}>
              Show in the editor
            </button>
            <div className="field__hint">Nothing is drafted from this template until it is fixed.</div>
          </div>
        </div>
      ) : (
        <div className="tpl-check__ok" data-testid="template-ok">
          <Icon name="check-circle" /> The template reads correctly{check.variables.length > 0 && <span className="text-muted"> · uses {check.variables.join(", ")}</span>}
        </div>
      )}
      {unknown_variables.length > 0 && (
        <div className="callout callout--warning" data-testid="template-unknown">
          <Icon name="alert-triangle" />
          <div>
            No lead has {unknown_variables.length === 1 ? "the variable" : "the variables"}{" "}
            {unknown_variables.map((v, i) => (
              <span key={v}>
                {i > 0 && ", "}
                <code className="code">{v}</code>
              </span>
            ))}
            : every draft would show {unknown_variables.length === 1 ? "it" : "them"} as a hole. Check the spelling, or add a fallback with{" "}
            <code className="code">| default("…")</code>.
          </div>
        </div>
      )}
      {checking && <span className="tpl-check__busy"><Spinner size={12} label="Checking" /></span>}
    </div>
  );
}
