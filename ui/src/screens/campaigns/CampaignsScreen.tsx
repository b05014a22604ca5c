import { useState } from "react";
import type { Campaign } from "../../ipc/bindings/Campaign";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { useCampaigns, useDeleteCampaign, useSetCampaignArchived } from "../../hooks/campaigns";
import { describeError } from "../../ipc/errors";
import { plural } from "../../lib/format";
import { useCurrentWorkspace } from "../../state/currentWorkspace";
import { useNavigation } from "../../state/navigation";
import { CampaignCard } from "./CampaignCard";
import { CampaignEditor } from "./CampaignEditor";
import "./campaigns.css";

type Editing = { campaign: Campaign | null } | null;

export function CampaignsScreen() {
  const workspace = useCurrentWorkspace();
  const { navigate } = useNavigation();
  const notify = useToast();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Campaign | null>(null);
  const campaigns = useCampaigns(workspace.id, showArchived);
  const archive = useSetCampaignArchived();
  const remove = useDeleteCampaign();

  const setArchived = (c: Campaign, archived: boolean) =>
    archive.mutate({ id: c.id, archived }, { onSuccess: () => notify.success(archived ? `Archived “${c.name}”` : `“${c.name}” is active again`) });

  const list = campaigns.data ?? [];
  const active = list.filter((c) => !c.archived);
  const archived = list.filter((c) => c.archived);

  const card = (c: Campaign) => (
    <CampaignCard
      key={c.id}
      campaign={c}
      onOpen={() => navigate({ screen: "campaign", campaignId: c.id })}
      onEdit={() => setEditing({ campaign: c })}
      onArchive={(a) => setArchived(c, a)}
      onDelete={() => setDeleting(c)}
      onViewLeads={() => navigate({ screen: "campaign", campaignId: c.id, tab: "leads" })}
    />
  );

  return (
    <div className="screen" data-testid="campaigns-screen">
      <header className="screen__header">
        <div>
          <h1 className="screen__title">Campaigns</h1>
          <p className="screen__subtitle">{campaigns.data ? plural(active.length, "active campaign") : "\u00a0"}</p>
        </div>
        <div className="screen__actions">
          <label className="switch">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} data-testid="campaigns-show-archived" />
            <span className="switch__track" aria-hidden="true" />
            Show archived
          </label>
          <button type="button" className="btn btn--primary" onClick={() => setEditing({ campaign: null })} data-testid="campaign-new">
            <Icon name="plus" />
            New campaign
          </button>
        </div>
      </header>

      {campaigns.isPending ? (
        <div className="panel">
          <SkeletonRows rows={6} label="Loading campaigns" />
        </div>
      ) : campaigns.isError ? (
        <EmptyState icon="alert-triangle" title="Campaigns could not be loaded" actions={<button type="button" className="btn" onClick={() => void campaigns.refetch()}>Try again</button>}>
          {describeError(campaigns.error)}
        </EmptyState>
      ) : list.length === 0 ? (
        <EmptyState
          icon="target"
          title="No campaigns yet"
          testId="campaigns-empty"
          actions={
            <button type="button" className="btn btn--primary" onClick={() => setEditing({ campaign: null })}>
              <Icon name="plus" />
              Create a campaign
            </button>
          }
        >
          A campaign groups leads around one offer: what you sell, to whom, and what you ask them to do.
        </EmptyState>
      ) : (
        <>
          {active.length > 0 ? (
            <div className="campaign-grid">{active.map(card)}</div>
          ) : (
            <p className="callout">Every campaign is archived.</p>
          )}
          {showArchived && archived.length > 0 && (
            <section className="campaign-archived" aria-labelledby="archived-title">
              <h2 id="archived-title" className="section-title">
                Archived
              </h2>
              <div className="campaign-grid">{archived.map(card)}</div>
            </section>
          )}
        </>
      )}

      <CampaignEditor workspaceId={workspace.id} campaign={editing?.campaign ?? null} open={editing !== null} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete campaign"
        busy={remove.isPending}
        testId="delete-campaign"
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notify.success(`Deleted “${deleting.name}”`);
              setDeleting(null);
            },
          })
        }
      >
        <p>
          The campaign and its service context are deleted. Its {plural(deleting?.lead_count ?? 0, "lead")} stay in this workspace without a
          campaign.
        </p>
      </ConfirmDialog>
    </div>
  );
}
