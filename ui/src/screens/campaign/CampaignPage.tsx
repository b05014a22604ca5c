import { useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { useCampaigns } from "../../hooks/campaigns";
import { useReviewCounts } from "../../hooks/review";
import { describeError } from "../../ipc/errors";
import { formatCount, plural } from "../../lib/format";
import { useCurrentWorkspace } from "../../state/currentWorkspace";
import { useNavigation, type CampaignTab } from "../../state/navigation";
import { CampaignEditor } from "../campaigns/CampaignEditor";
import { KIND_LABEL } from "../campaigns/CampaignForm";
import { ReviewTab } from "../review/ReviewTab";
import { SequenceTab } from "../sequence/SequenceTab";
import { CampaignLeadsTab } from "./CampaignLeadsTab";
import { ActivityTab } from "./sending/ActivityTab";
import { ScheduleTab } from "./sending/ScheduleTab";
import { SendingBadge } from "./sending/SendingBadge";
import "./campaign.css";

const TABS: { tab: CampaignTab; label: string }[] = [
  { tab: "leads", label: "Leads" },
  { tab: "sequence", label: "Sequence" },
  { tab: "review", label: "Review" },
  { tab: "schedule", label: "Schedule" },
  { tab: "activity", label: "Activity" },
];

/** A campaign's page: its header and the tabs that work today, in the product's order. */
export function CampaignPage({ campaignId, tab }: { campaignId: number; tab: CampaignTab }) {
  const workspace = useCurrentWorkspace();
  const { navigate } = useNavigation();
  const campaigns = useCampaigns(workspace.id, true);
  const counts = useReviewCounts(campaignId);
  const [editing, setEditing] = useState(false);
  const campaign = campaigns.data?.find((c) => c.id === campaignId);
  const waiting = counts.data ? counts.data.pending + counts.data.regenerated : 0;

  const back = (
    <button type="button" className="btn btn--ghost btn--sm campaign-page__back" onClick={() => navigate({ screen: "campaigns" })} data-testid="campaign-back">
      <Icon name="chevron-left" size={14} />
      Campaigns
    </button>
  );

  if (campaigns.isPending) {
    return (
      <div className="screen">
        <SkeletonRows rows={6} label="Loading the campaign" />
      </div>
    );
  }
  if (!campaign) {
    return (
      <div className="screen">
        {back}
        <EmptyState icon="alert-triangle" title="This campaign could not be found">
          {campaigns.error ? describeError(campaigns.error) : "It may have been deleted. Go back to the campaigns and pick another."}
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="screen screen--wide campaign-page" data-testid="campaign-page">
      <header className="campaign-page__header">
        {back}
        <div className="screen__header">
          <div className="min-w-0">
            <h1 className="screen__title truncate" data-testid="campaign-title">
              {campaign.name}
            </h1>
            <p className="screen__subtitle campaign-page__meta">
              <span className={`badge badge--kind-${campaign.kind}`}>{KIND_LABEL[campaign.kind]}</span>
              {campaign.archived && <span className="badge">Archived</span>}
              <SendingBadge campaign={campaign} withNote compact testId="campaign-sending" />
              <span>{plural(campaign.lead_count, "lead")} enrolled</span>
            </p>
          </div>
          <div className="screen__actions">
            <button type="button" className="btn" onClick={() => setEditing(true)} data-testid="campaign-edit-details">
              <Icon name="pencil" />
              Edit details
            </button>
          </div>
        </div>
        <nav className="tabs" role="tablist" aria-label="Campaign">
          {TABS.map((t) => (
            <button
              key={t.tab}
              type="button"
              role="tab"
              className="tabs__tab"
              aria-selected={tab === t.tab}
              onClick={() => navigate({ screen: "campaign", campaignId, tab: t.tab })}
              data-testid={`campaign-tab-${t.tab}`}
            >
              {t.label}
              {t.tab === "review" && waiting > 0 && (
                <span className="count-pill" title={`${waiting} waiting for review`} data-testid="review-tab-count">
                  {formatCount(waiting)}
                </span>
              )}
            </button>
          ))}
        </nav>
      </header>
      <div role="tabpanel" className="campaign-page__panel">
        {tab === "leads" && <CampaignLeadsTab campaign={campaign} />}
        {tab === "sequence" && <SequenceTab campaign={campaign} />}
        {tab === "review" && <ReviewTab campaign={campaign} />}
        {tab === "schedule" && <ScheduleTab campaign={campaign} />}
        {tab === "activity" && <ActivityTab campaign={campaign} />}
      </div>
      <CampaignEditor workspaceId={workspace.id} campaign={campaign} open={editing} onClose={() => setEditing(false)} />
    </div>
  );
}
