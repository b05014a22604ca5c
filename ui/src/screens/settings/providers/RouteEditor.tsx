import { useEffect, useRef, useState } from "react";
import type { ProviderView } from "../../../ipc/bindings/ProviderView";
import type { RouteStepInput } from "../../../ipc/bindings/RouteStepInput";
import type { RouteView } from "../../../ipc/bindings/RouteView";
import { Icon } from "../../../components/Icon";
import { Spinner } from "../../../components/Spinner";
import { PURPOSES } from "../labels";
import { editableSteps, moveStep, newStep, toStepInputs, type EditableStep } from "./routeSteps";

type Move = "up" | "down";

/** One purpose's fallback chain: first choice first, reordered with buttons so it works from the keyboard. */
export function RouteEditor({
  route,
  providers,
  saving,
  onSave,
}: {
  route: RouteView;
  providers: ProviderView[];
  saving: boolean;
  onSave: (steps: RouteStepInput[]) => void;
}) {
  const purpose = route.purpose;
  const info = PURPOSES.find((p) => p.purpose === purpose);
  const [initial] = useState(() => editableSteps(route, providers));
  const [steps, setSteps] = useState(initial);
  const [adding, setAdding] = useState<string>("");
  const [announcement, setAnnouncement] = useState("");
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const refocus = useRef<string | null>(null);
  const dirty = JSON.stringify(toStepInputs(steps)) !== JSON.stringify(toStepInputs(initial));
  const providerOf = (id: number) => providers.find((p) => p.id === id);
  const titleId = `route-title-${purpose}`;

  // A moved row is re-inserted in the DOM, which drops focus; put it back on the button that was pressed,
  // or on its twin when the row reached the end of the list.
  useEffect(() => {
    const target = refocus.current;
    refocus.current = null;
    if (target) buttons.current.get(target)?.focus();
  }, [steps]);

  const move = (index: number, dir: Move) => {
    const to = dir === "up" ? index - 1 : index + 1;
    const step = steps[index];
    if (!step) return;
    const atEdge = to === 0 || to === steps.length - 1;
    refocus.current = `${step.key}:${atEdge ? (dir === "up" ? "down" : "up") : dir}`;
    setSteps(moveStep(steps, index, to));
    setAnnouncement(`${providerOf(step.providerId)?.name ?? "The step"} is now number ${to + 1} of ${steps.length}.`);
  };

  const remove = (index: number) => setSteps(steps.filter((_, i) => i !== index));
  const add = () => {
    const id = Number(adding);
    if (!id) return;
    setSteps([...steps, newStep(id)]);
    setAdding("");
  };
  const setModel = (index: number, model: string) => setSteps(steps.map((s, i) => (i === index ? { ...s, model } : s)));
  const register = (key: string) => (el: HTMLButtonElement | null) => void (el ? buttons.current.set(key, el) : buttons.current.delete(key));

  return (
    <section className="route card" aria-labelledby={titleId} data-testid={`route-${purpose}`}>
      <header className="route__head">
        <div>
          <h3 id={titleId} className="route__title">
            {info?.label ?? purpose}
          </h3>
          <p className="text-muted">{info?.hint}</p>
        </div>
        {route.is_default && !dirty && (
          <span className="badge" data-testid={`route-default-${purpose}`}>
            Default: every enabled provider in the order added
          </span>
        )}
      </header>

      {steps.length === 0 ? (
        <p className="text-muted route__empty">
          {route.is_default ? "No provider is enabled yet." : "No steps: saving restores the default order."}
        </p>
      ) : (
        <ol className="route__steps" aria-label={`${info?.label ?? purpose} fallback order`}>
          {steps.map((s, i) => (
            <Step
              key={s.key}
              step={s}
              index={i}
              count={steps.length}
              provider={providerOf(s.providerId)}
              purpose={purpose}
              register={register}
              onMove={(dir) => move(i, dir)}
              onRemove={() => remove(i)}
              onModel={(m) => setModel(i, m)}
            />
          ))}
        </ol>
      )}

      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <footer className="route__actions">
        <div className="route__add">
          <label className="visually-hidden" htmlFor={`route-add-provider-${purpose}`}>
            Provider to add to the {info?.label ?? purpose} order
          </label>
          <select
            id={`route-add-provider-${purpose}`}
            className="select select--sm"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
            data-testid={`route-add-provider-${purpose}`}
          >
            <option value="">Add a provider…</option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn--sm" onClick={add} disabled={!adding} data-testid={`route-add-${purpose}`}>
            <Icon name="plus" size={13} />
            Add
          </button>
        </div>
        <div className="route__save">
          {dirty && (
            <button type="button" className="btn btn--sm btn--ghost" onClick={() => setSteps(initial)} disabled={saving}>
              Undo changes
            </button>
          )}
          {!route.is_default && !dirty && (
            <button type="button" className="btn btn--sm btn--ghost" onClick={() => onSave([])} disabled={saving} data-testid={`route-reset-${purpose}`}>
              Use the default order
            </button>
          )}
          <button type="button" className="btn btn--sm btn--primary" onClick={() => onSave(toStepInputs(steps))} disabled={!dirty || saving} data-testid={`route-save-${purpose}`}>
            {saving && <Spinner size={12} label="Saving" />}
            Save order
          </button>
        </div>
      </footer>
    </section>
  );
}

function Step({
  step,
  index,
  count,
  provider,
  purpose,
  register,
  onMove,
  onRemove,
  onModel,
}: {
  step: EditableStep;
  index: number;
  count: number;
  provider: ProviderView | undefined;
  purpose: string;
  register: (key: string) => (el: HTMLButtonElement | null) => void;
  onMove: (dir: Move) => void;
  onRemove: () => void;
  onModel: (model: string) => void;
}) {
  const name = provider?.name ?? `Provider ${step.providerId}`;
  return (
    <li className="route-step" data-testid={`route-step-${purpose}-${index}`} data-provider-id={step.providerId}>
      <span className="route-step__rank" aria-hidden="true">
        {index + 1}
      </span>
      <span className="route-step__name">
        <span className="route-step__label truncate" title={name}>
          {name}
        </span>
        {provider && !provider.enabled && <span className="badge route-step__badge">Disabled, skipped</span>}
      </span>
      <input
        className="input input--sm input--mono route-step__model"
        value={step.model}
        placeholder={provider?.model ?? "model"}
        aria-label={`Model for ${name} (empty: ${provider?.model ?? "the provider's model"})`}
        spellCheck={false}
        onChange={(e) => onModel(e.target.value)}
      />
      <span className="route-step__buttons">
        <button ref={register(`${step.key}:up`)} type="button" className="icon-button" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => onMove("up")}>
          <Icon name="arrow-up" size={15} />
        </button>
        <button
          ref={register(`${step.key}:down`)}
          type="button"
          className="icon-button"
          aria-label={`Move ${name} down`}
          disabled={index === count - 1}
          onClick={() => onMove("down")}
        >
          <Icon name="arrow-down" size={15} />
        </button>
        <button type="button" className="icon-button" aria-label={`Remove ${name} from this order`} onClick={onRemove}>
          <Icon name="x" size={15} />
        </button>
      </span>
    </li>
  );
}
