import type { ReactNode } from "react";
import type { Enrollment } from "../../ipc/bindings/Enrollment";
import type { Lead } from "../../ipc/bindings/Lead";
import { Drawer } from "../../components/Drawer";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { StageBadge, personFacts } from "../../components/StageBadge";
import { useLead, useLeadEnrollments } from "../../hooks/leads";
import { EnrichmentSection } from "./EnrichmentSection";
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

/** The campaigns the lead is in: its stage and sequence step in each. */
function Enrollments({ enrollments }: { enrollments: Enrollment[] | undefined }) {
  return (
    <section className="lead-section">
      <h3 className="lead-section__title">Campaigns</h3>
      {enrollments === undefined ? (
        <SkeletonRows rows={2} label="Loading the lead's campaigns" />
      ) : enrollments.length ? (
        <dl className="kv" data-testid="lead-enrollments">
          {enrollments.map((e) => (
            <div key={e.campaign_id} className="kv__row">
              <dt>{e.campaign_name}</dt>
              <dd>
                <StageBadge stage={e.stage} stopReason={e.stop_reason} /> <span className="text-muted">step {e.step + 1}</span>
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="text-muted">In no campaign.</p>
      )}
    </section>
  );
}

function LeadDetails({ lead, enrollments, importName }: { lead: Lead; enrollments: Enrollment[] | undefined; importName: string | null }) {
  const facts = personFacts(lead);
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
          ["Company domain", lead.domain],
          ["Email domain", lead.email_domain],
          ["Website domain", lead.website_domain],
          ["LinkedIn", <ExternalLink value={lead.linkedin_url} />],
        ]}
      />
      <Facts title="Location" rows={[["Country", lead.country], ["Time zone", lead.timezone]]} />
      <Enrollments enrollments={enrollments} />
      <EnrichmentSection leadId={lead.id} />
      <Facts
        title="The person"
        rows={
          facts.length
            ? facts.map((f): [string, ReactNode] => [f.label, <span data-testid={`lead-fact-${f.tone}`}>{formatDateTime(f.at)}</span>])
            : [["In every campaign", <span className="text-muted">Not bounced, unsubscribed, suppressed or replied</span>]]
        }
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
  importName,
}: {
  leadId: number | null;
  onClose: () => void;
  importName: (id: number | null) => string | null;
}) {
  const lead = useLead(leadId);
  const enrollments = useLeadEnrollments(leadId);
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
      {data && <LeadDetails lead={data} enrollments={enrollments.data} importName={importName(data.import_id)} />}
    </Drawer>
  );
}
