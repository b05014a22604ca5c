import { useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import type { Workspace } from "../../ipc/bindings/Workspace";
import { useCreateDemoWorkspace, useCreateWorkspace } from "../../hooks/workspaces";
import "./welcome.css";

export function WelcomeScreen({ onCreated }: { onCreated: (ws: Workspace) => void }) {
  const [name, setName] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const create = useCreateWorkspace();
  const demo = useCreateDemoWorkspace();
  const notify = useToast();
  const busy = create.isPending || demo.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setFieldError("Give the workspace a name.");
      return;
    }
    create.mutate(trimmed, {
      onSuccess: (ws) => {
        notify.success(`Workspace “${ws.name}” created`);
        onCreated(ws);
      },
      onError: (error) => {
        if (error.code === "conflict" || error.code === "validation") setFieldError(error.message);
      },
    });
  };

  const startDemo = () =>
    demo.mutate(undefined, {
      onSuccess: (ws) => {
        notify.success("Demo workspace ready", `“${ws.name}” has ${ws.lead_count} sample leads to explore.`);
        onCreated(ws);
      },
    });

  return (
    <div className="welcome" data-testid="welcome">
      <div className="welcome__inner">
        <span className="brand-mark brand-mark--lg" aria-hidden="true">
          <Icon name="mail" size={22} />
        </span>
        <h1 className="welcome__title">Welcome to Reach</h1>
        <p className="welcome__lead">
          Import your leads, group them into campaigns and keep every client’s outreach in its own workspace. Everything stays on
          this computer.
        </p>
        <div className="welcome__cards">
          <form className="card welcome__card" onSubmit={submit} noValidate>
            <h2 className="card__title">Create a workspace</h2>
            <p className="text-muted">One per client or project. You can add more later.</p>
            <Field label="Workspace name" error={fieldError}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  value={name}
                  placeholder="e.g. Northwind outreach"
                  maxLength={120}
                  onChange={(e) => {
                    setName(e.target.value);
                    setFieldError(null);
                  }}
                  data-testid="welcome-name"
                />
              )}
            </Field>
            <button type="submit" className="btn btn--primary btn--block" disabled={busy} data-testid="welcome-create">
              {create.isPending ? <Spinner size={14} label="Creating" /> : <Icon name="plus" />}
              Create workspace
            </button>
          </form>
          <div className="card welcome__card welcome__card--demo">
            <h2 className="card__title">
              <Icon name="sparkles" /> Try the demo workspace
            </h2>
            <p className="text-muted">
              About 300 sample leads and two campaigns, so you can explore search, filters and bulk actions before importing your
              own list.
            </p>
            <button type="button" className="btn btn--block" onClick={startDemo} disabled={busy} data-testid="welcome-demo">
              {demo.isPending ? <Spinner size={14} label="Creating the demo" /> : <Icon name="sparkles" />}
              Try the demo workspace
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
