import type { ReactNode } from "react";
import type { Lead } from "../../ipc/bindings/Lead";
import { Drawer } from "../../components/Drawer";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { StatusBadge } from "../../components/StatusBadge";
import { useLead } from "../../hooks/leads";
import { useEngineMutation } from "../../hooks/useEngineMutation";
import { describeError } from "../../ipc/errors";
import { formatDateTime } from "../../lib/format";
import { safeHttpUrl } from "../../lib/urls";
import { openInBrowser } from "../../ipc/opener";
import { fullName } from "./columns";

function ExternalLink({ value }: { value: string | null }) {
  const open = useEngineMutation(openInBrowser, { errorTitle: "The link could not be opened" });
  if (!value) return null;
  const href = safeHttpUrl(value);
  if (!href) return <>{value}</>;
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className="link"
      onClick={(event) => {
        // The webview does not navigate away; the system browser opens the page.
        event.preventDefault();
        open.mutate(href);
      }}
    >
      {value}
      <Icon name="external-link" size={12} />
    </a>
  );
}

function Facts({ title, rows }: { title: string; rows: [string, ReactNode][] }) {
  return (
    <section className="lead-section">
      <h3 className="lead-section__title">{title}</h3>
      <dl className="kv">
        {rows.map(([label, value]) => (
          <div key={label} className="kv__row">
            <dt>{label}</dt>
            <dd>{value === null || value === undefined || value === "" ? <span className="text-subtle">—</span> : value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function LeadDetails({ lead, campaignName, importName }: { lead: Lead; campaignName: string | null; importName: string | null }) {
  const custom = Object.entries(lead.custom)
    .map(([k, v]) => [k, v ?? ""] as [string, string])
    .sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="lead-details" data-testid="lead-details">
      <Facts
        title="Contact"
        rows={[
          ["Email", lead.email],
          ["First name", lead.first_name],
          ["Last name", lead.last_name],
          ["Title", lead.title],
          ["Company", lead.company],
        ]}
      />
      <Facts
        title="Online"
        rows={[
          ["Website", <ExternalLink value={lead.website} />],
          ["Domain", lead.domain],
          ["LinkedIn", <ExternalLink value={lead.linkedin_url} />],
        ]}
      />
      <Facts title="Location" rows={[["Country", lead.country], ["Time zone", lead.timezone]]} />
      <Facts
        title="Outreach"
        rows={[
          ["Status", <StatusBadge status={lead.status} />],
          ["Campaign", campaignName],
          ["Fit score", lead.fit_score],
          ["Intent score", lead.intent_score],
        ]}
      />
      <section className="lead-section">
        <h3 className="lead-section__title">Custom fields</h3>
        {custom.length ? (
          <dl className="kv" data-testid="lead-custom-fields">
            {custom.map(([k, v]) => (
              <div key={k} className="kv__row">
                <dt>{k}</dt>
                <dd className="kv__long">{v || <span className="text-subtle">—</span>}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="text-muted">No custom fields.</p>
        )}
      </section>
      <Facts
        title="Record"
        rows={[
          ["Imported from", importName],
          ["Added", formatDateTime(lead.created_at)],
          ["Updated", formatDateTime(lead.updated_at)],
        ]}
      />
    </div>
  );
}

export function LeadDrawer({
  leadId,
  onClose,
  campaignName,
  importName,
}: {
  leadId: number | null;
  onClose: () => void;
  campaignName: (id: number | null) => string | null;
  importName: (id: number | null) => string | null;
}) {
  const lead = useLead(leadId);
  const data = lead.data;
  const title = data ? fullName(data) || data.email || `Lead ${data.id}` : "Lead";
  return (
    <Drawer
      open={leadId !== null}
      onClose={onClose}
      title={title}
      subtitle={data && fullName(data) && data.email ? data.email : data?.company}
      testId="lead-drawer"
    >
      {lead.isPending && <SkeletonRows rows={8} label="Loading the lead" />}
      {lead.isError && (
        <EmptyState icon="alert-triangle" title="This lead could not be loaded">
          {describeError(lead.error)}
        </EmptyState>
      )}
      {data && <LeadDetails lead={data} campaignName={campaignName(data.campaign_id)} importName={importName(data.import_id)} />}
    </Drawer>
  );
}
