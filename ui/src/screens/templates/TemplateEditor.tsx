import { useLayoutEffect, useRef, useState } from "react";
import type { Template } from "../../ipc/bindings/Template";
import type { TemplateInput } from "../../ipc/bindings/TemplateInput";
import type { TemplateProblem } from "../../ipc/bindings/TemplateProblem";
import type { AppError } from "../../ipc/errors";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { useCreateTemplate, useTemplateCheck, useTemplateVariables, useUpdateTemplate } from "../../hooks/templates";
import { CheckView } from "./CheckView";
import { SpintaxHelp } from "./SpintaxHelp";
import { TemplatePreviewPanel } from "./TemplatePreviewPanel";
import { VariablePicker, variableTag } from "./VariablePicker";

type Part = "subject" | "body";

/** Where line `line`, column `column` (both from 1) sits in `text`. */
export function offsetOf(text: string, line: number, column: number | null): number {
  const lines = text.split("\n");
  let at = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) at += lines[i]!.length + 1;
  return Math.min(text.length, at + Math.max(0, (column ?? 1) - 1));
}

export function TemplateEditor({
  workspaceId,
  template,
  categories,
  onSaved,
  onCancel,
}: {
  workspaceId: number;
  template: Template | null;
  categories: string[];
  onSaved: (t: Template) => void;
  onCancel: () => void;
}) {
  const [input, setInput] = useState<TemplateInput>(() => ({
    name: template?.name ?? "",
    category: template?.category ?? "",
    subject: template?.subject ?? "",
    body: template?.body ?? "",
  }));
  const [errors, setErrors] = useState<{ name?: string; form?: string }>({});
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const lastPart = useRef<Part>("body");
  // Where the caret goes once an insertion is on screen: right after the inserted variable.
  const pendingCaret = useRef<{ part: Part; at: number } | null>(null);
  useLayoutEffect(() => {
    const pending = pendingCaret.current;
    if (!pending) return;
    pendingCaret.current = null;
    const el = pending.part === "subject" ? subjectRef.current : bodyRef.current;
    el?.focus();
    el?.setSelectionRange(pending.at, pending.at);
  });
  const variables = useTemplateVariables(workspaceId);
  const check = useTemplateCheck(workspaceId, input.subject, input.body);
  const create = useCreateTemplate(workspaceId);
  const update = useUpdateTemplate();
  const notify = useToast();
  const busy = create.isPending || update.isPending;
  const problem = check.data?.problem ?? null;
  const dirty = !template || input.name !== template.name || input.category !== template.category || input.subject !== template.subject || input.body !== template.body;

  const set = (patch: Partial<TemplateInput>) => {
    setInput((i) => ({ ...i, ...patch }));
    if (errors.name || errors.form) setErrors({});
  };
  const element = (part: Part) => (part === "subject" ? subjectRef.current : bodyRef.current);

  const insert = (name: string) => {
    const part = lastPart.current;
    const el = element(part);
    const text = input[part];
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const tag = variableTag(name);
    pendingCaret.current = { part, at: start + tag.length };
    set({ [part]: text.slice(0, start) + tag + text.slice(end) });
  };

  const goTo = (p: TemplateProblem) => {
    const part: Part = p.part === "subject" ? "subject" : "body";
    const el = element(part);
    if (!el) return;
    const at = p.line === null ? 0 : offsetOf(input[part], p.line, p.column);
    el.focus();
    el.setSelectionRange(at, Math.min(input[part].length, at + 1));
  };

  const onError = (e: AppError) => {
    if (e.code === "conflict") setErrors({ name: e.message });
    else if (e.code === "validation") setErrors({ form: e.message });
  };
  const save = () => {
    const handlers = {
      onSuccess: (t: Template) => {
        notify.success(template ? `Saved “${t.name}”` : `Template “${t.name}” created`);
        onSaved(t);
      },
      onError,
    };
    if (template) update.mutate({ id: template.id, input }, handlers);
    else create.mutate(input, handlers);
  };

  return (
    <div className="tpl-editor" data-testid="template-editor">
      <div className="tpl-editor__main">
        <form
          className="card tpl-form"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              save();
            }
          }}
        >
          <header className="tpl-form__head">
            <h2 className="card__title">{template ? `Edit “${template.name}”` : "New template"}</h2>
            <div className="screen__actions">
              <button type="button" className="btn" onClick={onCancel} disabled={busy}>
                {dirty ? "Discard" : "Close"}
              </button>
              <button type="submit" className="btn btn--primary" disabled={busy || !dirty} data-testid="template-save">
                {busy && <Spinner size={14} label="Saving" />}
                {template ? "Save changes" : "Create template"}
              </button>
            </div>
          </header>
          {errors.form && <p className="callout callout--danger" role="alert">{errors.form}</p>}
          <div className="tpl-form__row">
            <Field label="Name" error={errors.name} className="tpl-form__name">
              {(p) => <input {...p} className="input" value={input.name} onChange={(e) => set({ name: e.target.value })} required data-testid="template-name" />}
            </Field>
            <Field label="Category" hint="Groups the library, e.g. First touch or Follow-up.">
              {(p) => (
                <>
                  <input {...p} className="input" list="template-categories" value={input.category} onChange={(e) => set({ category: e.target.value })} data-testid="template-category" />
                  <datalist id="template-categories">
                    {categories.map((c) => (
                      <option key={c} value={c} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
          </div>
          <Field label="Subject">
            {(p) => (
              <input
                {...p}
                ref={subjectRef}
                className="input input--mono"
                aria-invalid={problem?.part === "subject"}
                value={input.subject}
                onFocus={() => (lastPart.current = "subject")}
                onChange={(e) => set({ subject: e.target.value })}
                data-testid="template-subject"
              />
            )}
          </Field>
          <Field label="Body" hint="Plain text. Ctrl+Enter saves.">
            {(p) => (
              <textarea
                {...p}
                ref={bodyRef}
                className="input input--mono textarea tpl-body"
                aria-invalid={problem?.part === "body"}
                rows={14}
                spellCheck
                value={input.body}
                onFocus={() => (lastPart.current = "body")}
                onChange={(e) => set({ body: e.target.value })}
                data-testid="template-body"
              />
            )}
          </Field>
          <CheckView check={check.data} checking={check.isFetching} subject={input.subject} body={input.body} onGoTo={goTo} />
        </form>
        <TemplatePreviewPanel workspaceId={workspaceId} subject={input.subject} body={input.body} disabled={problem !== null} />
      </div>
      <div className="tpl-editor__side">
        <VariablePicker variables={variables.data ?? []} onInsert={insert} />
        <SpintaxHelp />
      </div>
    </div>
  );
}
