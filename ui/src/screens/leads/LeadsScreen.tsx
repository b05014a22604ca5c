import { useCallback, useMemo, useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { useCampaigns } from "../../hooks/campaigns";
import { useImports } from "../../hooks/imports";
import { useLeadCountries } from "../../hooks/leads";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";
import { useStoredState } from "../../hooks/useStoredState";
import { describeError } from "../../ipc/errors";
import { plural } from "../../lib/format";
import { useCurrentWorkspace } from "../../state/currentWorkspace";
import { useNavigation } from "../../state/navigation";
import { BulkBar } from "./BulkBar";
import { ColumnChooser } from "./ColumnChooser";
import { COLUMNS, DEFAULT_VISIBLE, isColumnList } from "./columns";
import { LeadDrawer } from "./LeadDrawer";
import { LeadFilters } from "./LeadFilters";
import { NO_FILTERS, isFiltered, toLeadFilter, type LeadFilterState } from "./filterState";
import { LeadListTable, useLeadList } from "./useLeadList";
import "./leads.css";

export function LeadsScreen({ importId, campaignId, leadId }: { importId?: number; campaignId?: number; leadId?: number }) {
  const workspace = useCurrentWorkspace();
  const { navigate } = useNavigation();
  const [filters, setFilters] = useState<LeadFilterState>({ ...NO_FILTERS, importId: importId ?? null, campaign: campaignId ?? null });
  const [openLeadId, setOpenLeadId] = useState<number | null>(leadId ?? null);
  const [visible, setVisible] = useStoredState("reach.leads.columns", DEFAULT_VISIBLE, isColumnList);

  const search = useDebouncedValue(filters.search, 250);
  const filter = useMemo(() => toLeadFilter(workspace.id, { ...filters, search }), [workspace.id, filters, search]);
  const list = useLeadList(filter);
  const { pages, leads, total, selection } = list;
  const campaigns = useCampaigns(workspace.id, true);
  const imports = useImports(workspace.id);
  const countries = useLeadCountries(workspace.id);

  const columns = useMemo(() => COLUMNS.filter((c) => visible.includes(c.id) || c.id === "email"), [visible]);

  const importName = useCallback(
    (id: number | null) => (id === null ? null : (imports.data?.find((i) => i.id === id)?.file_name ?? null)),
    [imports.data],
  );
  const inCampaign = typeof filters.campaign === "number";
  const ctx = useMemo(() => ({ inCampaign }), [inCampaign]);

  const changeFilters = (next: LeadFilterState) => {
    setFilters(next);
    selection.clear();
  };

  const emptyWorkspace = !isFiltered(filters) && pages.isSuccess && leads.length === 0;

  return (
    <div className="screen screen--full" data-testid="leads-screen">
      <header className="screen__header">
        <div>
          <h1 className="screen__title">Leads</h1>
          <p className="screen__subtitle" data-testid="leads-total">
            {pages.isPending ? "Counting…" : plural(total, "lead")}
            {isFiltered(filters) && " match these filters"}
          </p>
        </div>
        <div className="screen__actions">
          <ColumnChooser visible={visible} onChange={setVisible} />
          <button type="button" className="btn btn--primary" onClick={() => navigate({ screen: "import" })}>
            <Icon name="upload" />
            Import leads
          </button>
        </div>
      </header>

      {!emptyWorkspace && (
        <LeadFilters
          state={filters}
          onChange={changeFilters}
          campaigns={campaigns.data ?? []}
          imports={imports.data ?? []}
          countries={countries.data ?? []}
        />
      )}

      {selection.count > 0 && (
        <BulkBar
          selection={selection}
          filter={filter}
          loadedCount={leads.length}
          total={total}
          campaigns={campaigns.data ?? []}
          currentCampaign={inCampaign ? (campaigns.data?.find((c) => c.id === filters.campaign) ?? null) : null}
        />
      )}

      {pages.isPending ? (
        <div className="panel">
          <SkeletonRows rows={10} label="Loading leads" />
        </div>
      ) : pages.isError ? (
        <EmptyState
          icon="alert-triangle"
          title="Leads could not be loaded"
          actions={<button type="button" className="btn" onClick={() => void pages.refetch()}>Try again</button>}
        >
          {describeError(pages.error)}
        </EmptyState>
      ) : leads.length === 0 ? (
        emptyWorkspace ? (
          <EmptyState
            icon="inbox"
            title="No leads in this workspace yet"
            testId="leads-empty"
            actions={
              <button type="button" className="btn btn--primary" onClick={() => navigate({ screen: "import" })} data-testid="leads-empty-import">
                <Icon name="upload" />
                Import leads
              </button>
            }
          >
            Bring in a CSV or spreadsheet export from your CRM, LinkedIn tool or list provider. You choose which column is which.
          </EmptyState>
        ) : (
          <EmptyState
            icon="search"
            title="No leads match these filters"
            testId="leads-no-match"
            actions={<button type="button" className="btn" onClick={() => changeFilters(NO_FILTERS)}>Clear filters</button>}
          >
            Try fewer words in the search, or another stage, campaign or country.
          </EmptyState>
        )
      ) : (
        <LeadListTable list={list} columns={columns} ctx={ctx} onOpen={(lead) => setOpenLeadId(lead.id)} />
      )}

      <LeadDrawer leadId={openLeadId} onClose={() => setOpenLeadId(null)} importName={importName} />
    </div>
  );
}
