import { useMemo, useState } from "react";
import type { Campaign } from "../../ipc/bindings/Campaign";
import type { Job } from "../../ipc/bindings/Job";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows, Spinner } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { useStartDraft, useStartEnrich } from "../../hooks/drafting";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";
import { describeError } from "../../ipc/errors";
import { plural } from "../../lib/format";
import { useCurrentWorkspace } from "../../state/currentWorkspace";
import { useNavigation } from "../../state/navigation";
import { RunningJob } from "../jobs/RunningJob";
import { COLUMNS, DEFAULT_VISIBLE } from "../leads/columns";
import { LeadDrawer } from "../leads/LeadDrawer";
import { LeadListTable, useLeadList } from "../leads/useLeadList";
import { BulkBar } from "../leads/BulkBar";
import { useCampaigns } from "../../hooks/campaigns";
import "../leads/leads.css";
import "../jobs/jobs.css";

type Started = { jobId: number; label: string };

const AT_START: Job = {
  id: 0, workspace_id: null, kind: "", status: "queued", total: 0, done: 0, failed: 0, waiting_retry: 0, message: null,
  pause_requested: false, run_after: null, every_secs: null, created_at: "", started_at: null, finished_at: null, updated_at: "",
};

/** The campaign's enrolled leads, and the jobs that enrich and draft them, with their progress in place. */
export function CampaignLeadsTab({ campaign }: { campaign: Campaign }) {
  const workspace = useCurrentWorkspace();
  const { navigate } = useNavigation();
  const notify = useToast();
  const [search, setSearch] = useState("");
  const [openLeadId, setOpenLeadId] = useState<number | null>(null);
  const [started, setStarted] = useState<Started[]>([]);
  const words = useDebouncedValue(search.trim(), 250);
  const filter = useMemo(() => ({ workspace_id: workspace.id, campaign_id: campaign.id, ...(words ? { search: words } : {}) }), [workspace.id, campaign.id, words]);
  const list = useLeadList(filter);
  const { pages, leads, total, selection } = list;
  const campaigns = useCampaigns(workspace.id, true);
  const columns = useMemo(() => COLUMNS.filter((c) => DEFAULT_VISIBLE.includes(c.id) || c.id === "email"), []);
  const ctx = useMemo(() => ({ inCampaign: true }), []);
  const enrich = useStartEnrich();
  const draft = useStartDraft();

  const track = (label: string) => (s: { job_id: number }) => {
    setStarted((list) => [{ jobId: s.job_id, label }, ...list.filter((x) => x.jobId !== s.job_id)]);
    notify.info(`${label} started`, "It goes on in the background and appears under Imports & jobs.");
  };
  const busy = enrich.isPending || draft.isPending;
  const noLeads = pages.isSuccess && total === 0 && !words;

  return (
    <div className="campaign-leads" data-testid="campaign-leads">
      <div className="toolbar">
        <div className="search-box">
          <Icon name="search" className="search-box__icon" />
          <input className="input search-box__input" type="search" placeholder="Search enrolled leads" aria-label="Search enrolled leads" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <span className="text-muted" data-testid="campaign-leads-total">
          {pages.isPending ? "Counting…" : plural(total, "lead")}
        </span>
        <div className="toolbar__actions">
          <button type="button" className="btn" disabled={busy || noLeads} onClick={() => enrich.mutate({ campaign_id: campaign.id, mode: "offline", all: false }, { onSuccess: track("Enrichment (offline)") })} data-testid="enrich-offline">
            <Icon name="layers" />
            Enrich (offline)
          </button>
          <button type="button" className="btn" disabled={busy || noLeads} onClick={() => enrich.mutate({ campaign_id: campaign.id, mode: "ai", all: false }, { onSuccess: track("Enrichment with AI") })} data-testid="enrich-ai">
            <Icon name="sparkles" />
            Enrich with AI
          </button>
          <button type="button" className="btn" disabled={busy || noLeads} onClick={() => draft.mutate({ campaign_id: campaign.id, offline: true }, { onSuccess: track("Drafting offline") })} data-testid="draft-offline">
            <Icon name="file" />
            Draft offline
          </button>
          <button type="button" className="btn btn--primary" disabled={busy || noLeads} onClick={() => draft.mutate({ campaign_id: campaign.id, offline: false }, { onSuccess: track("Drafting") })} data-testid="draft-ai">
            {busy ? <Spinner size={14} label="Starting" /> : <Icon name="sparkles" />}
            Draft
          </button>
        </div>
      </div>
      <p className="field__hint">
        Offline modes need no network and no keys. With AI, leads go to the providers in Settings, within the monthly budget. Drafts wait in Review; nothing is sent.
      </p>

      {started.length > 0 && (
        <ul className="job-list campaign-jobs" aria-label="Jobs started here">
          {started.map((s) => (
            <RunningJob key={s.jobId} job={{ ...AT_START, id: s.jobId }} label={s.label} />
          ))}
        </ul>
      )}

      {selection.count > 0 && (
        <BulkBar selection={selection} filter={filter} loadedCount={leads.length} total={total} campaigns={campaigns.data ?? []} currentCampaign={campaign} />
      )}

      {pages.isPending ? (
        <div className="panel">
          <SkeletonRows rows={8} label="Loading the campaign's leads" />
        </div>
      ) : pages.isError ? (
        <EmptyState icon="alert-triangle" title="Leads could not be loaded">
          {describeError(pages.error)}
        </EmptyState>
      ) : noLeads ? (
        <EmptyState
          icon="users"
          title="No leads in this campaign yet"
          testId="campaign-leads-empty"
          actions={
            <>
              <button type="button" className="btn btn--primary" onClick={() => navigate({ screen: "import" })}>
                <Icon name="upload" />
                Import leads
              </button>
              <button type="button" className="btn" onClick={() => navigate({ screen: "leads" })}>
                Add from the workspace
              </button>
            </>
          }
        >
          Import a file into this campaign, or tick leads under Leads and add them here.
        </EmptyState>
      ) : (
        <LeadListTable list={list} columns={columns} ctx={ctx} onOpen={(lead) => setOpenLeadId(lead.id)} />
      )}
      <LeadDrawer leadId={openLeadId} onClose={() => setOpenLeadId(null)} importName={() => null} />
    </div>
  );
}
