import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { engineError } from "../../../test/engine";
import { provider, workspace } from "../../../test/fixtures";
import { renderApp } from "../../../test/render";
import { settingsEngine } from "../../../test/settingsEngine";
import { SettingsScreen } from "../SettingsScreen";

function setup(options: Parameters<typeof settingsEngine>[0] = {}) {
  const engine = settingsEngine(options);
  renderApp(<SettingsScreen tab="providers" />, { workspace: workspace({ id: 1 }) });
  return engine;
}

async function openAdd() {
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("provider-add"));
  return { user, dialog: await screen.findByTestId("provider-dialog") };
}

describe("provider dialog", () => {
  it("fills the protocol, address and usual model from the preset, and says whether a key is needed", async () => {
    setup();
    const { user, dialog } = await openAdd();
    const preset = within(dialog).getByTestId("provider-preset");
    expect(preset).toHaveValue("openai");

    await user.selectOptions(preset, "groq");
    expect(within(dialog).getByTestId("provider-base-url")).toHaveValue("https://api.groq.com/openai/v1");
    expect(within(dialog).getByTestId("provider-model")).toHaveValue("llama-3.1-8b-instant");
    expect(within(dialog).getByTestId("provider-name")).toHaveValue("Groq");
    expect(dialog).toHaveTextContent("Needs an API key.");

    await user.selectOptions(preset, "ollama");
    expect(within(dialog).getByTestId("provider-base-url")).toHaveValue("http://localhost:11434/v1");
    expect(dialog).toHaveTextContent("No API key needed.");

    await user.selectOptions(preset, "custom");
    expect(within(dialog).getByTestId("provider-base-url")).toHaveValue("");
    expect(within(dialog).getByTestId("provider-name")).toHaveValue("");
    expect(within(dialog).getByTestId("provider-kind")).toBeInTheDocument();
  });

  it("keeps a name the user typed when the preset changes", async () => {
    setup();
    const { user, dialog } = await openAdd();
    await user.clear(within(dialog).getByTestId("provider-name"));
    await user.type(within(dialog).getByTestId("provider-name"), "Team account");
    await user.selectOptions(within(dialog).getByTestId("provider-preset"), "anthropic");
    expect(within(dialog).getByTestId("provider-name")).toHaveValue("Team account");
  });

  it("sends a typed key with the new provider and never shows it back", async () => {
    const engine = setup({ providers: [] });
    const { user, dialog } = await openAdd();
    const key = within(dialog).getByTestId("provider-key-input");
    expect(key).toHaveAttribute("type", "password");
    await user.type(key, "sk-live-secret-9876");
    await user.type(within(dialog).getByTestId("provider-rpm"), "60");
    await user.click(screen.getByTestId("provider-save"));

    await waitFor(() => expect(engine.argsOf("provider_add")).toHaveLength(1));
    expect(engine.argsOf("provider_add")[0]).toEqual({
      input: { name: "OpenAI", preset: "openai", kind: "openai", base_url: "https://api.openai.com/v1", model: "gpt-4o-mini", enabled: true, rpm_limit: 60 },
      api_key: "sk-live-secret-9876",
    });
    expect(await screen.findByTestId("provider-key-1")).toHaveTextContent("set, ends in …9876");
    expect(document.body.textContent).not.toContain("sk-live-secret-9876");

    await user.click(screen.getByTestId("provider-edit-1"));
    expect(within(await screen.findByTestId("provider-dialog")).getByTestId("provider-key-input")).toHaveValue("");
    expect(document.body.innerHTML).not.toContain("sk-live-secret-9876");
  });

  it("keeps the current key when the key field is left empty on edit", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("provider-edit-1"));
    const dialog = await screen.findByTestId("provider-dialog");
    expect(dialog).toHaveTextContent("Leave empty to keep the current key (set, ends in …abcd).");
    const model = within(dialog).getByTestId("provider-model");
    await user.clear(model);
    await user.type(model, "gpt-4o");
    await user.click(screen.getByTestId("provider-save"));

    await waitFor(() => expect(engine.argsOf("provider_update")).toHaveLength(1));
    const args = engine.argsOf("provider_update")[0]!;
    expect(args).toMatchObject({ id: 1, input: { model: "gpt-4o", name: "OpenAI", timeout_secs: 60, max_concurrency: 4 } });
    expect(args).not.toHaveProperty("api_key");
    expect(args).not.toHaveProperty("remove_key");
    expect(await screen.findByTestId("provider-key-1")).toHaveTextContent("set, ends in …abcd");
  });

  it("removes the key on request, sending remove_key and no key", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("provider-edit-1"));
    const dialog = await screen.findByTestId("provider-dialog");
    await user.type(within(dialog).getByTestId("provider-key-input"), "typed-then-dropped");
    await user.click(within(dialog).getByTestId("provider-remove-key"));
    expect(within(dialog).getByTestId("provider-key-input")).toBeDisabled();
    expect(within(dialog).getByTestId("provider-key-input")).toHaveValue("");
    expect(within(dialog).getByTestId("provider-key-removal")).toBeInTheDocument();
    await user.click(screen.getByTestId("provider-save"));

    await waitFor(() => expect(engine.argsOf("provider_update")).toHaveLength(1));
    const args = engine.argsOf("provider_update")[0]!;
    expect(args.remove_key).toBe(true);
    expect(args).not.toHaveProperty("api_key");
    expect(await screen.findByTestId("provider-key-1")).toHaveTextContent("not set");
  });

  it("checks the fields before asking the engine", async () => {
    const engine = setup();
    const { user, dialog } = await openAdd();
    await user.clear(within(dialog).getByTestId("provider-model"));
    await user.type(within(dialog).getByTestId("provider-timeout"), "0");
    await user.click(screen.getByTestId("provider-save"));
    expect(within(dialog).getByText("Give the model to use, e.g. gpt-4o-mini.")).toBeInTheDocument();
    expect(within(dialog).getByText("A whole number of 1 or more, or empty.")).toBeInTheDocument();
    expect(engine.argsOf("provider_add")).toHaveLength(0);
  });

  it("explains a locked keychain inside the dialog and keeps it open", async () => {
    setup({
      handlers: {
        provider_add: () => {
          throw engineError("keychain_unavailable", "the system keychain (Secret Service) could not be reached: locked");
        },
      },
    });
    const { user, dialog } = await openAdd();
    await user.type(within(dialog).getByTestId("provider-key-input"), "sk-1234");
    await user.click(screen.getByTestId("provider-save"));
    const error = await within(dialog).findByTestId("provider-form-error");
    expect(error).toHaveTextContent("Reach keeps API keys in your computer's keychain and could not open it");
    expect(screen.getByTestId("provider-dialog")).toBeInTheDocument();
    expect(screen.queryByTestId("toast-error")).not.toBeInTheDocument();
  });

  it("shows key status, breaker state and limits on each card, and removes after confirmation", async () => {
    const engine = setup({
      providers: [
        provider({ id: 1, rpm_limit: 500, tpm_limit: 200000 }),
        provider({
          id: 2,
          name: "Local Llama",
          preset: "ollama",
          key: { state: "not_needed", hint: null, label: "not needed" },
          circuit: { state: "open", consecutive_failures: 3, retry_in_secs: 27.4, last_error: "could not connect to Local Llama" },
        }),
      ],
    });
    const user = userEvent.setup();
    expect(await screen.findByTestId("provider-limits-1")).toHaveTextContent("500 requests/min · 200,000 tokens/min");
    expect(screen.getByTestId("provider-circuit-1")).toHaveTextContent("Available");
    expect(screen.getByTestId("provider-key-2")).toHaveTextContent("not needed");
    expect(screen.getByTestId("provider-circuit-2")).toHaveTextContent("Paused, retry in 28 s");
    expect(screen.getByTestId("provider-last-error-2")).toHaveTextContent("could not connect to Local Llama");

    await user.click(screen.getByTestId("provider-remove-2"));
    await user.click(within(screen.getByTestId("provider-remove-dialog")).getByTestId("provider-remove-dialog-confirm"));
    await waitFor(() => expect(engine.argsOf("provider_remove")).toEqual([{ id: 2 }]));
    await waitFor(() => expect(screen.queryByTestId("provider-2")).not.toBeInTheDocument());
  });

  it("switches a provider off through provider_update without touching its key", async () => {
    const engine = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("provider-enabled-1"));
    await waitFor(() => expect(engine.argsOf("provider_update")).toHaveLength(1));
    const args = engine.argsOf("provider_update")[0]!;
    expect(args).toMatchObject({ id: 1, input: { enabled: false, name: "OpenAI", model: "gpt-4o-mini" } });
    expect(args).not.toHaveProperty("api_key");
    expect(args).not.toHaveProperty("remove_key");
  });
});
