import { useState } from "react";
import type { Campaign } from "../../ipc/bindings/Campaign";
import type { CampaignInput } from "../../ipc/bindings/CampaignInput";
import type { AppError } from "../../ipc/errors";
import { Drawer } from "../../components/Drawer";
import { Spinner } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { useCreateCampaign, useUpdateCampaign } from "../../hooks/campaigns";
import { CampaignForm, toInput, type FormErrors } from "./CampaignForm";

const FORM_ID = "campaign-editor-form";

/** The create / edit drawer. A taken name shows under the name field; other rejections above the form. */
export function CampaignEditor({
  workspaceId,
  campaign,
  open,
  onClose,
}: {
  workspaceId: number;
  campaign: Campaign | null;
  open: boolean;
  onClose: () => void;
}) {
  const create = useCreateCampaign(workspaceId);
  const update = useUpdateCampaign();
  const notify = useToast();
  const [errors, setErrors] = useState<FormErrors>({});
  const busy = create.isPending || update.isPending;

  const onError = (error: AppError) => {
    if (error.code === "conflict") setErrors({ name: error.message });
    else if (error.code === "validation") setErrors({ form: error.message });
  };

  const submit = (input: CampaignInput) => {
    setErrors({});
    if (campaign) {
      update.mutate({ id: campaign.id, input }, { onSuccess: (c) => { notify.success(`Saved “${c.name}”`); onClose(); }, onError });
    } else {
      create.mutate(input, { onSuccess: (c) => { notify.success(`Campaign “${c.name}” created`); onClose(); }, onError });
    }
  };

  return (
    <Drawer
      open={open}
      onClose={() => !busy && onClose()}
      title={campaign ? `Edit “${campaign.name}”` : "New campaign"}
      subtitle={campaign ? undefined : "Name it, say who it is for and what you offer."}
      testId="campaign-editor"
      width={560}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form={FORM_ID} className="btn btn--primary" disabled={busy} data-testid="campaign-save">
            {busy && <Spinner size={14} label="Saving" />}
            {campaign ? "Save changes" : "Create campaign"}
          </button>
        </>
      }
    >
      {open && (
        <CampaignForm
          key={campaign?.id ?? "new"}
          formId={FORM_ID}
          initial={toInput(campaign ?? undefined)}
          errors={errors}
          onSubmit={submit}
          onEdit={() => (errors.name || errors.form) && setErrors({})}
        />
      )}
    </Drawer>
  );
}
