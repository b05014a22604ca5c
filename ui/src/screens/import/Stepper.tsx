import { Icon } from "../../components/Icon";

const STEPS = ["Choose file", "Match columns", "Import", "Report"];

export function Stepper({ current }: { current: number }) {
  return (
    <ol className="stepper" aria-label="Import steps">
      {STEPS.map((label, i) => {
        const state = i < current ? "done" : i === current ? "current" : "upcoming";
        return (
          <li key={label} className={`stepper__step stepper__step--${state}`} aria-current={state === "current" ? "step" : undefined}>
            <span className="stepper__dot" aria-hidden="true">
              {state === "done" ? <Icon name="check" size={12} /> : i + 1}
            </span>
            <span className="stepper__label">{label}</span>
          </li>
        );
      })}
    </ol>
  );
}
