import type { ProviderView } from "../../../ipc/bindings/ProviderView";
import type { Purpose } from "../../../ipc/bindings/Purpose";
import type { RouteView } from "../../../ipc/bindings/RouteView";
import { SkeletonRows } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useRoutes, useSetRoute } from "../../../hooks/providers";
import { describeError } from "../../../ipc/errors";
import { PURPOSE_LABEL } from "../labels";
import { RouteEditor } from "./RouteEditor";

/** Saved chains come back from the engine; a new key starts the editor afresh from them. */
function routeKey(r: RouteView): string {
  return `${r.purpose}:${r.is_default}:${r.steps.map((s) => `${s.provider_id}/${s.model}`).join(",")}`;
}

export function RoutesSection({ providers }: { providers: ProviderView[] }) {
  const routes = useRoutes();
  const setRoute = useSetRoute();
  const notify = useToast();
  const savingPurpose: Purpose | undefined = setRoute.isPending ? setRoute.variables?.purpose : undefined;

  return (
    <section className="settings-section" aria-labelledby="routes-title">
      <div className="section-head">
        <div>
          <h2 id="routes-title" className="section-title">
            Fallback order
          </h2>
          <p className="text-muted">For each kind of work, which provider is asked first, and who is asked next when it fails or is paused.</p>
        </div>
      </div>
      {routes.isPending ? (
        <SkeletonRows rows={4} label="Loading fallback orders" />
      ) : routes.isError ? (
        <p className="callout callout--danger">{describeError(routes.error)}</p>
      ) : (
        <div className="route-grid">
          {routes.data.map((r) => (
            <RouteEditor
              key={routeKey(r)}
              route={r}
              providers={providers}
              saving={savingPurpose === r.purpose}
              onSave={(steps) =>
                setRoute.mutate(
                  { purpose: r.purpose, steps },
                  { onSuccess: (saved) => notify.success(saved.is_default ? `${PURPOSE_LABEL[r.purpose]} uses the default order` : `Saved the ${PURPOSE_LABEL[r.purpose].toLowerCase()} order`) },
                )
              }
            />
          ))}
        </div>
      )}
    </section>
  );
}
