import { useEnrichment } from "../../hooks/drafting";
import { SkeletonRows } from "../../components/Spinner";
import { ProgressBar } from "../../components/ProgressBar";
import { describeError } from "../../ipc/errors";
import { formatDateTime } from "../../lib/format";

function List({ items }: { items: string[] }) {
  if (items.length === 0) return <span className="text-subtle">—</span>;
  return (
    <ul className="enrichment__list">
      {items.map((i) => (
        <li key={i}>{i}</li>
      ))}
    </ul>
  );
}

/** What enrichment made of the lead (persona, size, industry, pains, triggers) and how sure it is. */
export function EnrichmentSection({ leadId }: { leadId: number }) {
  const enrichment = useEnrichment(leadId);
  const e = enrichment.data;
  return (
    <section className="lead-section" data-testid="lead-enrichment">
      <h3 className="lead-section__title">Enrichment</h3>
      {enrichment.isPending ? (
        <SkeletonRows rows={3} label="Loading the enrichment" />
      ) : enrichment.isError ? (
        <p className="text-muted">{describeError(enrichment.error)}</p>
      ) : !e ? (
        <p className="text-muted" data-testid="lead-enrichment-empty">
          Not enriched yet. Open one of the lead's campaigns and use “Enrich (offline)” on its Leads tab (no network needed) or “Enrich with AI”;
          drafting enriches offline any lead that has none.
        </p>
      ) : (
        <dl className="kv">
          <div className="kv__row">
            <dt>Persona</dt>
            <dd>{e.persona || <span className="text-subtle">—</span>}</dd>
          </div>
          <div className="kv__row">
            <dt>Company size</dt>
            <dd>{e.company_size || <span className="text-subtle">—</span>}</dd>
          </div>
          <div className="kv__row">
            <dt>Industry</dt>
            <dd>{e.industry || <span className="text-subtle">—</span>}</dd>
          </div>
          <div className="kv__row">
            <dt>Pain points</dt>
            <dd>
              <List items={e.pain_points} />
            </dd>
          </div>
          <div className="kv__row">
            <dt>Buying triggers</dt>
            <dd>
              <List items={e.buying_triggers} />
            </dd>
          </div>
          <div className="kv__row">
            <dt>Confidence</dt>
            <dd className="enrichment__confidence">
              <ProgressBar value={Math.round(e.confidence * 100)} max={100} label="Confidence" testId="lead-enrichment-confidence" />
              <span>{Math.round(e.confidence * 100)}%</span>
            </dd>
          </div>
          <div className="kv__row">
            <dt>Made by</dt>
            <dd data-testid="lead-enrichment-mode">
              {e.mode === "ai" ? `AI${e.model ? ` (${e.model})` : ""}` : "Offline rules"} · {formatDateTime(e.updated_at)}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
