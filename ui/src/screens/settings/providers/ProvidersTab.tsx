import { useState } from "react";
import type { ProviderView } from "../../../ipc/bindings/ProviderView";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { EmptyState } from "../../../components/EmptyState";
import { Icon } from "../../../components/Icon";
import { SkeletonRows } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useProviderPresets, useProviders, useRemoveProvider, useUpdateProvider } from "../../../hooks/providers";
import { describeError } from "../../../ipc/errors";
import { KIND_LABEL } from "../labels";
import { ProviderCard } from "./ProviderCard";
import { ProviderDialog } from "./ProviderDialog";
import { toggledInput } from "./providerForm";
import { RoutesSection } from "./RoutesSection";

type Editing = { provider: ProviderView | null } | null;

export function ProvidersTab() {
  const providers = useProviders({ live: true });
  const presets = useProviderPresets();
  const update = useUpdateProvider();
  const remove = useRemoveProvider();
  const notify = useToast();
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<ProviderView | null>(null);

  const presetLabel = (p: ProviderView) => presets.data?.find((x) => x.preset === p.preset)?.label ?? KIND_LABEL[p.kind];
  const canAdd = presets.isSuccess;
  const addButton = (
    <button type="button" className="btn btn--primary" onClick={() => setEditing({ provider: null })} disabled={!canAdd} data-testid="provider-add">
      <Icon name="plus" />
      Add provider
    </button>
  );

  return (
    <div className="settings-tab" data-testid="providers-tab">
      <section className="settings-section" aria-labelledby="providers-title">
        <div className="section-head">
          <div>
            <h2 id="providers-title" className="section-title">
              AI providers
            </h2>
            <p className="text-muted">Services Reach asks to research leads and write emails. Keys stay in your computer's keychain.</p>
          </div>
          {providers.data && providers.data.length > 0 && addButton}
        </div>
        {providers.isPending ? (
          <div className="panel">
            <SkeletonRows rows={4} label="Loading providers" />
          </div>
        ) : providers.isError ? (
          <EmptyState icon="alert-triangle" title="Providers could not be loaded" actions={<button type="button" className="btn" onClick={() => void providers.refetch()}>Try again</button>}>
            {describeError(providers.error)}
          </EmptyState>
        ) : providers.data.length === 0 ? (
          <EmptyState icon="sparkles" title="No AI provider yet" testId="providers-empty" actions={addButton}>
            Add OpenAI, Anthropic, Gemini, a service like Groq or OpenRouter, or a model running on this computer with Ollama or LM Studio.
          </EmptyState>
        ) : (
          <div className="provider-list" data-testid="provider-list">
            {providers.data.map((p) => (
              <ProviderCard
                key={p.id}
                provider={p}
                presetLabel={presetLabel(p)}
                toggling={update.isPending && update.variables?.id === p.id}
                onToggle={(enabled) => update.mutate({ id: p.id, input: toggledInput(p, enabled) })}
                onEdit={() => setEditing({ provider: p })}
                onRemove={() => setRemoving(p)}
              />
            ))}
          </div>
        )}
      </section>

      {providers.data && providers.data.length > 0 && <RoutesSection providers={providers.data} />}

      <ProviderDialog open={editing !== null} provider={editing?.provider ?? null} presets={presets.data ?? []} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={removing !== null}
        title={`Remove “${removing?.name ?? ""}”?`}
        confirmLabel="Remove provider"
        busy={remove.isPending}
        testId="provider-remove-dialog"
        onCancel={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notify.success(`Removed “${removing.name}”`);
              setRemoving(null);
            },
          })
        }
      >
        <p>Its API key is deleted from your keychain and it leaves every fallback order. Past usage stays in the totals.</p>
      </ConfirmDialog>
    </div>
  );
}
