import { useCallback, useState } from "react";
import type { ImportPreview } from "../../ipc/bindings/ImportPreview";
import type { InspectRequest } from "../../ipc/bindings/InspectRequest";
import { describeError } from "../../ipc/errors";
import { useToast } from "../../components/toast/ToastContext";
import { useInspectFile, useStartImport } from "../../hooks/imports";
import { useCurrentWorkspace } from "../../state/currentWorkspace";
import { useNavigation } from "../../state/navigation";
import { StepMapping, type ImportChoice } from "./StepMapping";
import { StepPickFile } from "./StepPickFile";
import { StepReport } from "./StepReport";
import { StepRun } from "./StepRun";
import { Stepper } from "./Stepper";
import "./import.css";

type Step =
  | { kind: "pick" }
  | { kind: "map"; preview: ImportPreview }
  | { kind: "run"; importId: number; jobId: number; fileName: string }
  | { kind: "report"; importId: number };

const STEP_INDEX: Record<Step["kind"], number> = { pick: 0, map: 1, run: 2, report: 3 };

export function ImportWizard() {
  const workspace = useCurrentWorkspace();
  const { navigate } = useNavigation();
  const notify = useToast();
  const [step, setStep] = useState<Step>({ kind: "pick" });
  const [inspectError, setInspectError] = useState<string | null>(null);
  const [lastPath, setLastPath] = useState("");
  const inspect = useInspectFile();
  const start = useStartImport();

  const runInspect = (request: InspectRequest) => {
    setInspectError(null);
    inspect.mutate(request, {
      onSuccess: (preview) => setStep({ kind: "map", preview }),
      onError: (error) => {
        if (step.kind === "map") notify.error(error, "The file could not be read again");
        else setInspectError(describeError(error));
      },
    });
  };

  const reinspect = (preview: ImportPreview, change: { sheet?: string; header_row?: number }) =>
    runInspect({
      path: preview.path,
      sheet: change.sheet ?? preview.sheet ?? undefined,
      // A new sheet has its own layout: let the engine find its header row again.
      header_row: change.sheet !== undefined ? undefined : (change.header_row ?? preview.header_row),
    });

  const startImport = (preview: ImportPreview, choice: ImportChoice) =>
    start.mutate(
      {
        workspace_id: workspace.id,
        path: preview.path,
        sheet: preview.sheet ?? undefined,
        header_row: preview.header_row,
        mapping: choice.mapping,
        campaign_id: choice.campaignId ?? undefined,
      },
      { onSuccess: (s) => setStep({ kind: "run", importId: s.import_id, jobId: s.job_id, fileName: preview.file_name }) },
    );

  const importId = step.kind === "run" ? step.importId : null;
  const onFinished = useCallback(() => {
    if (importId !== null) setStep({ kind: "report", importId });
  }, [importId]);

  return (
    <div className="screen screen--narrow" data-testid="import-wizard">
      <header className="screen__header">
        <div>
          <h1 className="screen__title">Import leads</h1>
          <p className="screen__subtitle">Into {workspace.name}</p>
        </div>
        <Stepper current={STEP_INDEX[step.kind]} />
      </header>
      {step.kind === "pick" && (
        <StepPickFile
          initialPath={lastPath}
          busy={inspect.isPending}
          error={inspectError}
          onInspect={(path) => {
            setLastPath(path);
            runInspect({ path });
          }}
        />
      )}
      {step.kind === "map" && (
        <StepMapping
          workspaceId={workspace.id}
          preview={step.preview}
          reinspecting={inspect.isPending}
          starting={start.isPending}
          onReinspect={(change) => reinspect(step.preview, change)}
          onBack={() => setStep({ kind: "pick" })}
          onStart={(choice) => startImport(step.preview, choice)}
        />
      )}
      {step.kind === "run" && <StepRun jobId={step.jobId} fileName={step.fileName} onFinished={onFinished} />}
      {step.kind === "report" && (
        <StepReport
          importId={step.importId}
          onViewLeads={() => navigate({ screen: "leads", importId: step.importId })}
          onAnother={() => {
            setInspectError(null);
            setLastPath("");
            setStep({ kind: "pick" });
          }}
        />
      )}
    </div>
  );
}
