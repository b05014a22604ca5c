import type { Campaign } from "../../ipc/bindings/Campaign";
import { Icon } from "../../components/Icon";
import { Popover } from "../../components/Popover";
import { plural } from "../../lib/format";
import { SendingBadge } from "../campaign/sending/SendingBadge";
import { KIND_LABEL } from "./CampaignForm";

export function CampaignCard({
  campaign,
  onOpen,
  onEdit,
  onArchive,
  onDelete,
  onViewLeads,
}: {
  campaign: Campaign;
  onOpen: () => void;
  onEdit: () => void;
  onArchive: (archived: boolean) => void;
  onDelete: () => void;
  onViewLeads: () => void;
}) {
  const c = campaign;
  return (
    <article className={`campaign card${c.archived ? " is-archived" : ""}`} data-testid={`campaign-${c.id}`}>
      <header className="campaign__head">
        <div className="min-w-0">
          <h2 className="campaign__name truncate">
            <button type="button" className="link-button link-button--plain" onClick={onOpen} data-testid={`campaign-open-${c.id}`}>
              {c.name}
            </button>
          </h2>
          <div className="campaign__meta">
            <span className={`badge badge--kind-${c.kind}`}>{KIND_LABEL[c.kind]}</span>
            {c.archived && <span className="badge">Archived</span>}
            <SendingBadge campaign={c} testId={`campaign-sending-${c.id}`} />
            <button type="button" className="link-button" onClick={onViewLeads} data-testid={`campaign-leads-${c.id}`}>
              {plural(c.lead_count, "lead")}
            </button>
          </div>
        </div>
        <Popover
          triggerClassName="icon-button"
          label={`Actions for ${c.name}`}
          align="end"
          panelClassName="menu"
          testId={`campaign-actions-${c.id}`}
          trigger={<Icon name="more" />}
        >
          {(close) => (
            <>
              <button type="button" className="menu__item" onClick={() => { close(); onEdit(); }}>
                <span className="menu__check"><Icon name="pencil" size={14} /></span>Edit details
              </button>
              <button type="button" className="menu__item" onClick={() => { close(); onArchive(!c.archived); }} data-testid={`campaign-archive-${c.id}`}>
                <span className="menu__check"><Icon name={c.archived ? "unarchive" : "archive"} size={14} /></span>
                {c.archived ? "Unarchive" : "Archive"}
              </button>
              <div className="menu__separator" role="separator" />
              <button type="button" className="menu__item menu__item--danger" onClick={() => { close(); onDelete(); }} data-testid={`campaign-delete-${c.id}`}>
                <span className="menu__check"><Icon name="trash" size={14} /></span>Delete…
              </button>
            </>
          )}
        </Popover>
      </header>
      {c.sending === "paused" && c.sending_note && (
        <p className="campaign__paused" data-testid={`campaign-paused-${c.id}`}>
          Paused: {c.sending_note}
        </p>
      )}
      {c.description && <p className="campaign__description">{c.description}</p>}
      {c.context.core_offer && (
        <p className="campaign__offer">
          <span className="text-muted">Offer · </span>
          {c.context.core_offer}
        </p>
      )}
      {c.keywords.length > 0 && (
        <ul className="chip-list" aria-label="Keywords">
          {c.keywords.map((k) => (
            <li key={k} className="chip chip--static">
              {k}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
