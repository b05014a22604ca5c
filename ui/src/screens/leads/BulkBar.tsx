import { useState } from "react";
import type { Campaign } from "../../ipc/bindings/Campaign";
import type { LeadFilter } from "../../ipc/bindings/LeadFilter";
import type { LeadBulkAction } from "../../ipc/bindings/LeadBulkAction";
import type { LeadBulkRequest } from "../../ipc/bindings/LeadBulkRequest";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Icon } from "../../components/Icon";
import { Popover } from "../../components/Popover";
import { useToast } from "../../components/toast/ToastContext";
import { useLeadBulk } from "../../hooks/leads";
import { useSuppressLeads } from "../../hooks/sending";
import { formatCount, plural } from "../../lib/format";
import type { LeadSelection } from "./useLeadSelection";

/** Actions on the selected leads, and the offer to extend the selection to every match. */
export function BulkBar({
  selection,
  filter,
  loadedCount,
  total,
  campaigns,
  currentCampaign,
}: {
  selection: LeadSelection;
  filter: LeadFilter;
  loadedCount: number;
  total: number;
  campaigns: Campaign[];
  /** The campaign the list is filtered by, which "remove" takes the leads out of first. */
  currentCampaign: Campaign | null;
}) {
  const bulk = useLeadBulk();
  const notify = useToast();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmSuppress, setConfirmSuppress] = useState(false);
  const [reason, setReason] = useState("");
  const suppress = useSuppressLeads(filter.workspace_id);
  const n = selection.count;
  // The engine suppresses leads by id; "every matching lead" is a filter, not ids.
  const suppressIds = selection.ids ?? null;
  const doSuppress = () =>
    suppressIds &&
    suppress.mutate(
      { lead_ids: suppressIds, reason: reason.trim() || null },
      {
        onSuccess: (added) => {
          notify.success(
            added === 0 ? "Every selected address was already suppressed" : `Suppressed ${plural(added, "address", "addresses")}`,
            "Campaigns never mail them; the list is in Settings → Suppression.",
          );
          selection.clear();
          setConfirmSuppress(false);
          setReason("");
        },
      },
    );

  const run = (action: LeadBulkAction, done: (affected: number) => string) => {
    const request: LeadBulkRequest = { filter, action };
    if (selection.ids) request.ids = selection.ids;
    if (selection.excludeIds) request.exclude_ids = selection.excludeIds;
    bulk.mutate(request, {
        onSuccess: (r) => {
          notify.success(done(r.affected));
          selection.clear();
          setConfirmDelete(false);
        },
      });
  };

  const add = (campaign: Campaign) =>
    run({ kind: "add_to_campaign", campaign_id: campaign.id }, (a) =>
      a === 0 ? `Every selected lead was already in “${campaign.name}”` : `Added ${plural(a, "lead")} to “${campaign.name}”`,
    );
  const remove = (campaign: Campaign) =>
    run({ kind: "remove_from_campaign", campaign_id: campaign.id }, (a) =>
      a === 0 ? `No selected lead was in “${campaign.name}”` : `Removed ${plural(a, "lead")} from “${campaign.name}”`,
    );
  const active = campaigns.filter((c) => !c.archived);
  // Taking leads out of a campaign works for archived ones too; the one on screen comes first.
  const removable = currentCampaign ? [currentCampaign, ...campaigns.filter((c) => c.id !== currentCampaign.id)] : campaigns;

  return (
    <div className="bulk-bar" role="region" aria-label="Selected leads" data-testid="bulk-bar">
      <span className="bulk-bar__count" data-testid="selection-count">
        {plural(n, "lead")} selected
      </span>
      {!selection.allMatching && selection.allLoadedSelected && total > loadedCount && (
        <button type="button" className="link-button" onClick={selection.selectAllMatching} data-testid="select-all-matching">
          Select all {formatCount(total)} matching
        </button>
      )}
      <div className="bulk-bar__actions">
        <Popover
          triggerClassName="btn btn--sm"
          testId="bulk-add"
          panelClassName="menu"
          align="end"
          trigger={
            <>
              <Icon name="target" size={14} />
              Add to campaign
              <Icon name="chevron-down" size={14} />
            </>
          }
        >
          {(close) => (
            <>
              <div className="menu__label">Add {plural(n, "lead")} to</div>
              {active.map((c) => (
                <button key={c.id} type="button" className="menu__item" onClick={() => { close(); add(c); }} data-testid={`bulk-add-${c.id}`}>
                  <span className="menu__text">{c.name}</span>
                </button>
              ))}
              {active.length === 0 && <div className="menu__empty">No active campaigns yet</div>}
            </>
          )}
        </Popover>
        {campaigns.length > 0 && (
          <Popover
            triggerClassName="btn btn--sm"
            testId="bulk-remove"
            panelClassName="menu"
            align="end"
            trigger={
              <>
                Remove from campaign
                <Icon name="chevron-down" size={14} />
              </>
            }
          >
            {(close) => (
              <>
                <div className="menu__label">Take {plural(n, "lead")} out of</div>
                {removable.map((c) => (
                  <button key={c.id} type="button" className="menu__item" onClick={() => { close(); remove(c); }} data-testid={`bulk-remove-${c.id}`}>
                    <span className="menu__text">
                      {c.name}
                      {c.archived ? " (archived)" : ""}
                    </span>
                  </button>
                ))}
              </>
            )}
          </Popover>
        )}
        <button
          type="button"
          className="btn btn--sm"
          onClick={() => setConfirmSuppress(true)}
          disabled={!suppressIds}
          title={suppressIds ? "Never mail these addresses again" : "Tick the leads to suppress one by one; suppressing every match is not offered"}
          data-testid="bulk-suppress"
        >
          <Icon name="stop" size={14} />
          Suppress
        </button>
        <button type="button" className="btn btn--sm btn--danger-ghost" onClick={() => setConfirmDelete(true)} data-testid="bulk-delete">
          <Icon name="trash" size={14} />
          Delete
        </button>
        <button type="button" className="btn btn--sm btn--ghost" onClick={selection.clear}>
          Clear selection
        </button>
      </div>
      <ConfirmDialog
        open={confirmSuppress}
        tone="primary"
        title={`Suppress ${plural(n, "lead")}?`}
        confirmLabel="Suppress"
        busy={suppress.isPending}
        onConfirm={doSuppress}
        onCancel={() => setConfirmSuppress(false)}
        testId="bulk-suppress-dialog"
      >
        <p>Their addresses go on the workspace's suppression list: no campaign mails them again, including mail already queued. Leads without an address are skipped.</p>
        <label className="field bulk-bar__reason">
          <span className="field__label">Reason (optional)</span>
          <input className="input" value={reason} placeholder="Asked not to be contacted" onChange={(e) => setReason(e.target.value)} data-testid="bulk-suppress-reason" />
        </label>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${plural(n, "lead")}?`}
        confirmLabel={`Delete ${plural(n, "lead")}`}
        busy={bulk.isPending}
        onConfirm={() => run({ kind: "delete" }, (a) => `Deleted ${plural(a, "lead")}`)}
        onCancel={() => setConfirmDelete(false)}
        testId="bulk-delete-dialog"
      >
        <p>
          {!selection.allMatching
            ? `The ${plural(n, "selected lead")}`
            : selection.excludeIds
              ? `${plural(n, "lead")} matching the current filters (all but the ${plural(selection.excludeIds.length, "unticked lead")})`
              : `All ${plural(n, "lead")} matching the current filters`}{" "}
          will be removed from this workspace. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
