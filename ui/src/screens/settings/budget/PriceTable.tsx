import { Fragment, useState, type FormEvent } from "react";
import type { ModelPrice } from "../../../ipc/bindings/ModelPrice";
import type { ProviderKind } from "../../../ipc/bindings/ProviderKind";
import { Icon } from "../../../components/Icon";
import { SkeletonRows, Spinner } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { usePrices, useRemovePrice, useSetPrice } from "../../../hooks/usage";
import { describeError } from "../../../ipc/errors";
import { formatUsd } from "../../../lib/format";
import { KIND_LABEL, PROVIDER_KINDS } from "../labels";

type Draft = { kind: ProviderKind; model: string; input: string; output: string; isNew: boolean };

const rowId = (p: { provider_kind: ProviderKind; model: string }) => `${p.provider_kind}-${p.model}`;
const modelLabel = (model: string) => (model === "*" ? "Any other model" : model);
const perMillion = (v: number) => `${formatUsd(v)}`;

function parseRate(text: string): number | null {
  const t = text.trim().replace(/^\$/, "");
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

/** What each model costs, used to turn tokens into dollars. "*" prices every model of a kind without its own row. */
export function PriceTable() {
  const prices = usePrices();
  const setPrice = useSetPrice();
  const removePrice = useRemovePrice();
  const notify = useToast();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);

  const startEdit = (p: ModelPrice) => {
    setError(null);
    setDraft({ kind: p.provider_kind, model: p.model, input: String(p.input_per_mtok_usd), output: String(p.output_per_mtok_usd), isNew: false });
  };
  const startNew = () => {
    setError(null);
    setDraft({ kind: "openai", model: "", input: "", output: "", isNew: true });
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    const input = parseRate(draft.input);
    const output = parseRate(draft.output);
    const model = draft.model.trim();
    if (!model) return setError("Give the model's name, or * for every model of this kind.");
    if (input === null || output === null) return setError("Prices are dollars per million tokens, like 0.15 or 2.50.");
    if (draft.isNew && prices.data?.some((p) => p.provider_kind === draft.kind && p.model === model)) {
      return setError(`${KIND_LABEL[draft.kind]} · ${modelLabel(model)} already has a price; edit that row instead.`);
    }
    setError(null);
    setPrice.mutate(
      { provider_kind: draft.kind, model, input_per_mtok_usd: input, output_per_mtok_usd: output },
      {
        onSuccess: () => {
          notify.success(`Saved the price of ${modelLabel(model)}`);
          setDraft(null);
        },
      },
    );
  };

  const sorted = [...(prices.data ?? [])].sort(
    (a, b) => a.provider_kind.localeCompare(b.provider_kind) || (a.model === "*" ? 1 : b.model === "*" ? -1 : a.model.localeCompare(b.model)),
  );

  const editor = draft && (
    <tr className="price-editor" data-testid="price-editor">
      <td>
        {draft.isNew ? (
          <select className="select select--sm" aria-label="Provider kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as ProviderKind })} data-testid="price-kind">
            {PROVIDER_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        ) : (
          KIND_LABEL[draft.kind]
        )}
      </td>
      <td>
        {draft.isNew ? (
          <input className="input input--sm input--mono" aria-label="Model" placeholder="gpt-4o-mini or *" value={draft.model} onChange={(e) => setDraft({ ...draft, model: e.target.value })} data-testid="price-model" />
        ) : (
          <span className={draft.model === "*" ? "text-muted" : "mono"}>{modelLabel(draft.model)}</span>
        )}
      </td>
      <td className="num">
        <input className="input input--sm price-input" inputMode="decimal" aria-label="Input, USD per million tokens" value={draft.input} onChange={(e) => setDraft({ ...draft, input: e.target.value })} data-testid="price-input" />
      </td>
      <td className="num">
        <input className="input input--sm price-input" inputMode="decimal" aria-label="Output, USD per million tokens" value={draft.output} onChange={(e) => setDraft({ ...draft, output: e.target.value })} data-testid="price-output" />
      </td>
      <td className="price-actions">
        <button type="submit" form="price-form" className="btn btn--sm btn--primary" disabled={setPrice.isPending} data-testid="price-save">
          {setPrice.isPending && <Spinner size={12} label="Saving" />}
          Save
        </button>
        <button type="button" className="btn btn--sm btn--ghost" onClick={() => setDraft(null)} data-testid="price-cancel">
          Cancel
        </button>
      </td>
    </tr>
  );

  return (
    <section className="settings-section" aria-labelledby="prices-title">
      <div className="section-head">
        <div>
          <h3 id="prices-title" className="section-title">
            Prices
          </h3>
          <p className="text-muted">US dollars per million tokens. A model without a row costs what its kind's “any other model” row says.</p>
        </div>
        <button type="button" className="btn btn--sm" onClick={startNew} disabled={draft?.isNew === true} data-testid="price-add">
          <Icon name="plus" size={13} />
          Add a price
        </button>
      </div>
      {prices.isPending ? (
        <SkeletonRows rows={3} label="Loading prices" />
      ) : prices.isError ? (
        <p className="callout callout--danger">{describeError(prices.error)}</p>
      ) : (
        <form id="price-form" onSubmit={save} noValidate>
          {error && (
            <p className="callout callout--danger price-error" role="alert" data-testid="price-error">
              <Icon name="alert-circle" />
              {error}
            </p>
          )}
          <div className="table-scroll">
            <table className="data-table" data-testid="price-table">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Model</th>
                  <th scope="col" className="num">Input / M tokens</th>
                  <th scope="col" className="num">Output / M tokens</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((p) =>
                  draft && !draft.isNew && draft.kind === p.provider_kind && draft.model === p.model ? (
                    <Fragment key={rowId(p)}>{editor}</Fragment>
                  ) : (
                    <tr key={rowId(p)} data-testid={`price-row-${rowId(p)}`}>
                      <td>{KIND_LABEL[p.provider_kind]}</td>
                      <td className={p.model === "*" ? "text-muted" : "mono"}>{modelLabel(p.model)}</td>
                      <td className="num">{perMillion(p.input_per_mtok_usd)}</td>
                      <td className="num">{perMillion(p.output_per_mtok_usd)}</td>
                      <td className="price-actions">
                        <button type="button" className="icon-button" aria-label={`Edit the price of ${modelLabel(p.model)}`} onClick={() => startEdit(p)} data-testid={`price-edit-${rowId(p)}`}>
                          <Icon name="pencil" size={14} />
                        </button>
                        <button
                          type="button"
                          className="icon-button"
                          aria-label={`Remove the price of ${modelLabel(p.model)}`}
                          disabled={removePrice.isPending}
                          onClick={() =>
                            removePrice.mutate(
                              { provider_kind: p.provider_kind, model: p.model },
                              { onSuccess: () => notify.success(`Removed the price of ${modelLabel(p.model)}`) },
                            )
                          }
                          data-testid={`price-remove-${rowId(p)}`}
                        >
                          <Icon name="trash" size={14} />
                        </button>
                      </td>
                    </tr>
                  ),
                )}
                {draft?.isNew && editor}
                {sorted.length === 0 && !draft && (
                  <tr>
                    <td colSpan={5} className="text-muted" data-testid="price-empty">
                      No prices: every call counts as free until you add one.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </form>
      )}
    </section>
  );
}
